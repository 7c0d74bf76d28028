/**
 * `dingpipe serve` as real processes: a `kill -9` in the middle of a burst and a restart lose no accepted
 * event; two service processes on one PostgreSQL database keep one robot within its limit together; SIGTERM
 * shuts down gracefully. Events go in over HTTP; the emulator is the DingTalk group.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { bounded } from "./helpers/bounded.ts";
import { maxInWindow, missingTasks, throttledAnswers, waitFor } from "./helpers/delivery.ts";
import { startPostgres, type TestPostgres } from "./helpers/postgres.ts";
import { callApi, type ServiceProcess, spawnService } from "./helpers/serve-process.ts";

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
  await Promise.all(running.map((p) => p.stop("SIGKILL", 10_000).catch(() => {})));
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

/** `dingpipe serve` on the emulator; a crashed process's robots are taken over after `leaseMs`. */
async function serve(args: string[], leaseMs = 2000): Promise<ServiceProcess & { url: string }> {
  const host = new URL(emulator.url).host;
  const p = await spawnService(
    "serve",
    ["--port", "0", "--allow-host", host, "--lease-ms", String(leaseMs), ...args],
    {
      cwd: root,
      env: ENV,
    },
  );
  running.push(p);
  assert.ok(p.url);
  return p as ServiceProcess & { url: string };
}

/** One API request, answered within 30 s or failed (a service that stops answering fails the test). */
const call = (url: string, path: string, body?: unknown) => callApi(url, ADMIN, path, body);

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
    // Why a request was not accepted: its status or its error (after the kill: the connection reset).
    const refused: string[] = [];
    let next = 0;
    let killed = false;
    // Eight clients post events until the process is killed after 120 accepted ones — or until 400 were
    // sent: then the service refused too many, the test kills it anyway and fails saying why (it used to
    // wait for ever for an exit it never caused).
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (!killed && next < 400) {
          const i = next++;
          try {
            const r = await call(first.url, "/api/events", event("crash", i));
            if (r.status === 202) accepted.add(i);
            else refused.push(`#${i}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
          } catch (error) {
            const cause = (error as { cause?: unknown }).cause;
            refused.push(`#${i}: ${String(error)}${cause ? ` (${String(cause)})` : ""}`);
          }
          if (accepted.size >= 120 && !killed) {
            killed = true;
            first.kill("SIGKILL");
          }
        }
      }),
    );
    const gone = await first.stop("SIGKILL", 30_000);
    assert.ok(
      killed,
      `only ${accepted.size} of ${next} requests were accepted before the kill; the others: ${refused.slice(0, 20).join("; ")}`,
    );
    assert.equal(gone, "SIGKILL");

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
    assert.equal(await worker.stop("SIGTERM"), 0);
  });
});

describe("graceful shutdown", () => {
  test("SIGTERM with a message on its way: refuses new connections while it waits for DingTalk's answer, records the message sent, exits 0", async () => {
    // A robot endpoint that holds its answer until the test lets it go: the message is in flight for
    // as long as the test needs, whatever the machine's speed.
    const arrived: string[] = [];
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let onArrival: () => void = () => {};
    const arrival = new Promise<void>((r) => {
      onArrival = r;
    });
    const held = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        arrived.push(body);
        onArrival();
        void released.then(() => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"errcode":0,"errmsg":"ok"}');
        });
      });
    });
    await new Promise<void>((r) => held.listen(0, "127.0.0.1", r));
    const heldHost = `127.0.0.1:${(held.address() as AddressInfo).port}`;
    try {
      const dataDir = join(root, "graceful");
      // The default lease (30 s): a lease shorter than DingTalk's answer lets the outcome go unrecorded.
      const p = await serve(["--data-dir", dataDir, "--allow-host", heldHost], 30_000);
      const c = await call(p.url, "/api/credentials", {
        name: "graceful",
        webhook: `http://${heldHost}/robot/send?access_token=graceful`,
      });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      const n = await call(p.url, "/api/notifications", { credential: "graceful", events: ["success"] });
      assert.equal(n.status, 201, JSON.stringify(n.body));
      assert.equal((await call(p.url, "/api/events", event("graceful", 1))).status, 202);
      await bounded(arrival, 30_000, "the message to reach the robot endpoint");

      p.kill("SIGTERM");
      // While the process still runs, waiting for the answer: new connections are refused.
      await waitFor(
        "the service to refuse new connections",
        () =>
          fetch(`${p.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
            (r) => `accepted (${r.status})`,
            () => "refused",
          ),
        (r) => r === "refused",
        10_000,
      );
      assert.equal(p.child.exitCode, null, "the process is still running, waiting for DingTalk's answer");
      assert.equal(p.child.signalCode, null);
      // DingTalk answers: the service finishes and exits 0.
      release();
      assert.equal(await bounded(p.exited, 30_000, "the service to exit after SIGTERM"), 0);
      assert.ok(p.output.some((line) => line.includes('"msg":"stopped"')));
      const logs = p.output.join("\n");
      assert.ok(!logs.includes(ADMIN), "the admin token is never logged");
      assert.ok(!logs.includes("access_token=graceful"), "the robot's access token is never logged");

      // The answer was recorded before the exit: after a restart the delivery is sent, never sent again.
      const again = await serve(["--data-dir", dataDir, "--allow-host", heldHost, "--no-worker"], 30_000);
      const sent = (await call(again.url, "/api/deliveries?credential=graceful")).body as {
        items: Array<{ state: string }>;
      };
      assert.deepEqual(
        sent.items.map((d) => d.state),
        ["sent"],
      );
      assert.equal(arrived.length, 1);
      assert.match(arrived[0] ?? "", /task-1/);
    } finally {
      release();
      held.closeAllConnections();
      held.close();
    }
  });
});
