/**
 * `dingpipe worker --metrics-port`: an API-only `dingpipe serve --no-worker` and a separate worker process
 * share one SQLite data directory; an event posted to the API reaches the DingTalk emulator through the
 * worker, and the worker's own /metrics counts it (with /healthz and /readyz beside it, and nothing else).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { waitFor } from "./helpers/delivery.ts";
import { callApi, type ServiceProcess, spawnService } from "./helpers/serve-process.ts";

const ADMIN = `dp_test_${randomBytes(12).toString("hex")}`;
const KEY = randomBytes(32).toString("base64");
const ENV = { DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_SECRET_KEY: KEY, DINGPIPE_LOG_LEVEL: "info" };
const ROBOT = { token: `metricsrobot${randomBytes(8).toString("hex")}`, secret: "SECworkermetrics0001" };

let root = "";
let emulator: Emulator;
const running: ServiceProcess[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-worker-metrics-"));
  emulator = await startEmulator({ port: 0, robots: [ROBOT] });
});

after(async () => {
  await Promise.all(running.map((p) => p.stop("SIGKILL", 10_000).catch(() => {})));
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

const call = (url: string, path: string, body?: unknown) => callApi(url, ADMIN, path, body);

/** The value of one series in a Prometheus exposition (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

test("a worker's --metrics-port serves /metrics counting what it sent, /healthz and /readyz only", async () => {
  const dataDir = join(root, "data");
  const host = new URL(emulator.url).host;
  const api = await spawnService(
    "serve",
    ["--port", "0", "--no-worker", "--allow-host", host, "--data-dir", dataDir],
    {
      cwd: root,
      env: ENV,
    },
  );
  running.push(api);
  assert.ok(api.url);
  const worker = await spawnService(
    "worker",
    ["--data-dir", dataDir, "--allow-host", host, "--metrics-port", "0", "--host", "127.0.0.1"],
    { cwd: root, env: ENV },
  );
  running.push(worker);
  const metricsUrl = worker.url;
  assert.ok(metricsUrl, "the worker logs its metrics address");
  assert.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

  const before = await fetch(`${metricsUrl}/metrics`);
  assert.equal(before.status, 200);
  assert.match(before.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const series = 'dingpipe_deliveries_total{credential="group",outcome="sent"}';
  assert.equal(sample(await before.text(), series), 0);

  const made = await call(api.url, "/api/credentials", {
    name: "group",
    webhook: emulator.webhookUrl(ROBOT.token),
    secret: ROBOT.secret,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const rule = await call(api.url, "/api/notifications", { credential: "group", events: ["failure"] });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const posted = await call(api.url, "/api/events", {
    pipeline: { name: "metrics" },
    task: { name: "build", status: "failure" },
  });
  assert.equal(posted.status, 202, JSON.stringify(posted.body));

  await waitFor(
    "the message in the group",
    () => emulator.messages(ROBOT.token).length,
    (n) => n === 1,
    30_000,
  );
  // The worker sent it (the API process has no engine), and its own /metrics counted it.
  // The counter moves when DingTalk answers; the gauge of stored states once the outcome is recorded.
  const text = await waitFor(
    "the sent counter and the stored delivery's state",
    async () => (await fetch(`${metricsUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text(),
    (t) => sample(t, series) >= 1 && sample(t, 'dingpipe_deliveries{state="sent"}') === 1,
    30_000,
  );
  assert.equal(sample(text, series), 1);
  assert.match(text, /dingpipe_dingtalk_request_duration_seconds_count\{credential="group",ok="true"\} 1/);
  assert.match(text, /dingpipe_deliveries\{state="sent"\} 1/);
  // No secret: not the robot's access token, its SEC… secret, the admin token or the key.
  for (const secret of [ROBOT.token, ROBOT.secret, ADMIN, KEY]) assert.ok(!text.includes(secret));

  assert.deepEqual(await (await fetch(`${metricsUrl}/healthz`)).json(), { ok: true });
  assert.deepEqual(await (await fetch(`${metricsUrl}/readyz`)).json(), { ok: true });
  // Nothing else: no API, no console, no webhooks on this port.
  for (const path of ["/api/deliveries", "/api/openapi.json", "/", "/hooks/github"]) {
    const r: Response = await fetch(metricsUrl + path, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(r.status, 404, path);
    await r.body?.cancel();
  }
  assert.equal((await fetch(`${metricsUrl}/metrics`, { method: "POST" })).status, 405);

  assert.equal(await worker.stop("SIGTERM"), 0);
  assert.equal(await api.stop("SIGTERM"), 0);
});
