/**
 * `dingpipe serve` as real processes: a `kill -9` in the middle of a burst and a restart lose no accepted
 * event; two service processes on one PostgreSQL database keep one robot within its limit together; SIGTERM
 * shuts down gracefully. Events go in over HTTP; the emulator is the DingTalk group.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { maxInWindow, missingTasks, throttledAnswers, waitFor } from "./helpers/delivery.ts";
import { startPostgres, type TestPostgres } from "./helpers/postgres.ts";
import { type ServiceProcess, spawnService } from "./helpers/serve-process.ts";

const ADMIN = `dp_test_${randomBytes(12).toString("hex")}`;
const KEY = randomBytes(32).toString("base64");
const ENV = { DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_SECRET_KEY: KEY, DINGPIPE_LOG_LEVEL: "info" };

let root = "";
let emulator: Emulator;
const running: ServiceProcess[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-serve-process-"));
  emulator = await startEmulator({
    port: 0,
    robots: [{ token: "crash" }, { token: "shared" }, { token: "graceful" }, { token: "split" }],
    rateLimit: { messages: 5, windowMs: 2000, throttleMs: 10_000 },
  });
});

after(async () => {
  for (const p of running) p.kill("SIGKILL");
  await Promise.all(running.map((p) => p.exited));
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

async function serve(args: string[]): Promise<ServiceProcess & { url: string }> {
  const host = new URL(emulator.url).host;
  const p = await spawnService(
    "serve",
    ["--port", "0", "--allow-host", host, "--lease-ms", "2000", ...args],
    {
      cwd: root,
      env: ENV,
    },
  );
  running.push(p);
  assert.ok(p.url);
  return p as ServiceProcess & { url: string };
}

async function call(url: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

async function robot(
  url: string,
  name: string,
  token: string,
  rateLimit: { messages: number; perSeconds: number },
) {
  const c = await call(url, "/api/credentials", { name, webhook: emulator.webhookUrl(token), rateLimit });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const n = await call(url, "/api/notifications", {
    credential: name,
    pipelines: [name],
    events: ["failure", "success"],
  });
  assert.equal(n.status, 201, JSON.stringify(n.body));
}

function event(pipeline: string, i: number) {
  return {
    pipeline: { name: pipeline },
    run: { number: i },
    task: { name: `task-${i}`, status: i % 5 === 0 ? "failure" : "success" },
  };
}

describe("crash safety (SQLite)", () => {
  test("kill -9 in the middle of a burst, then a restart: every accepted event reaches the group", async () => {
    const dataDir = join(root, "crash");
    const first = await serve(["--data-dir", dataDir]);
    await robot(first.url, "crash", "crash", { messages: 5, perSeconds: 2 });
    const accepted = new Set<number>();
    let next = 0;
    let killed = false;
    // Eight clients post events until the process is killed after 120 accepted ones.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (!killed && next < 400) {
          const i = next++;
          try {
            const r = await call(first.url, "/api/events", event("crash", i));
            if (r.status === 202) accepted.add(i);
          } catch {
            // the process died under this request: not accepted
          }
          if (accepted.size >= 120 && !killed) {
            killed = true;
            first.kill("SIGKILL");
          }
        }
      }),
    );
    assert.equal(await first.exited, "SIGKILL");
    assert.ok(accepted.size >= 120);

    await serve(["--data-dir", dataDir]);
    const count = Math.max(...accepted) + 1;
    await waitFor(
      "every accepted event in the group",
      () => missingTasks(emulator, "crash", count).filter((i) => accepted.has(i)),
      (missing) => missing.length === 0,
      90_000,
    );
    assert.equal(throttledAnswers(emulator, "crash"), 0);
  });
});

describe("two service processes on one PostgreSQL database", () => {
  let pg: TestPostgres | undefined;
  after(async () => {
    await pg?.stop();
  });

  test("keep one robot within its limit together and deliver every event", async () => {
    pg = await startPostgres();
    const url = await pg.url();
    const a = await serve(["--database-url", url, "--data-dir", join(root, "pg-a")]);
    const b = await serve(["--database-url", url, "--data-dir", join(root, "pg-b")]);
    await robot(a.url, "shared", "shared", { messages: 5, perSeconds: 2 });
    const total = 60;
    for (let i = 0; i < total; i++) {
      const r = await call(i % 2 === 0 ? a.url : b.url, "/api/events", event("shared", i));
      assert.equal(r.status, 202);
    }
    await waitFor(
      "every event in the group",
      () => missingTasks(emulator, "shared", total),
      (missing) => missing.length === 0,
      90_000,
    );
    assert.equal(throttledAnswers(emulator, "shared"), 0, "DingTalk never throttled the robot");
    assert.ok(maxInWindow(emulator, "shared", 2000) <= 5, "at most 5 messages in any 2 s window");
  });

  test("an API-only service and a separate `dingpipe worker` deliver together", async () => {
    assert.ok(pg, "PostgreSQL was started by the previous test");
    const url = await pg.url();
    const api = await serve(["--database-url", url, "--no-worker", "--data-dir", join(root, "pg-api")]);
    const host = new URL(emulator.url).host;
    const worker = await spawnService(
      "worker",
      ["--database-url", url, "--allow-host", host, "--data-dir", join(root, "pg-w")],
      {
        cwd: root,
        env: ENV,
      },
    );
    running.push(worker);
    assert.equal(worker.url, undefined);
    await robot(api.url, "split", "split", { messages: 5, perSeconds: 2 });
    for (let i = 0; i < 6; i++)
      assert.equal((await call(api.url, "/api/events", event("split", i))).status, 202);
    await waitFor(
      "every event in the group",
      () => missingTasks(emulator, "split", 6),
      (m) => m.length === 0,
      60_000,
    );
    worker.kill("SIGTERM");
    assert.equal(await worker.exited, 0);
  });
});

describe("graceful shutdown", () => {
  test("SIGTERM stops accepting, finishes and exits 0", async () => {
    const p = await serve(["--data-dir", join(root, "graceful")]);
    await robot(p.url, "graceful", "graceful", { messages: 5, perSeconds: 2 });
    assert.equal((await call(p.url, "/api/events", event("graceful", 1))).status, 202);
    await waitFor(
      "the message",
      () => missingTasks(emulator, "graceful", 2),
      (m) => m.length === 1 && m[0] === 0,
      30_000,
    );
    p.kill("SIGTERM");
    assert.equal(await p.exited, 0);
    assert.ok(p.output.some((line) => line.includes('"msg":"stopped"')));
    const logs = p.output.join("\n");
    assert.ok(!logs.includes(ADMIN), "the admin token is never logged");
    assert.ok(!logs.includes("access_token=graceful"), "the robot's access token is never logged");
    await assert.rejects(fetch(`${p.url}/healthz`));
  });
});
