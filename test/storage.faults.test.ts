/**
 * A database that breaks while the service runs: events stop being accepted (503 with the reason,
 * never a 202 that could not be delivered), /readyz fails, the engine logs once when delivery stops
 * and once when it resumes, and nothing accepted before is lost. Real SQLite files damaged or made
 * immutable under the running service, a real PostgreSQL server stopped and started again, the
 * DingTalk emulator over HTTP. Every wait is bounded.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import type { Logger } from "../src/server/log.ts";
import { openStore } from "../src/store/index.ts";
import { burstEvent, missingTasks, taskCounts, waitFor } from "./helpers/delivery.ts";
import { canMakeImmutable } from "./helpers/immutable.ts";
import { startPostgres } from "./helpers/postgres.ts";
import { type Json, startService, type TestService } from "./helpers/service.ts";

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** A logger keeping what it was told. */
function recorder(): Logger & {
  lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }>;
} {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  return { lines, debug: () => {}, info: at("info"), warn: at("warn"), error: at("error") };
}

const stoppedLines = (log: ReturnType<typeof recorder>) =>
  log.lines.filter((l) => l.msg.startsWith("delivery stopped"));
const resumedLines = (log: ReturnType<typeof recorder>) =>
  log.lines.filter((l) => l.msg === "delivery resumed");

/**
 * A service delivering to one emulator robot (at most `perWindow` messages per 2 s) for pipeline "p";
 * `maxDigest` 1 sends each event as its own message, so a backlog lasts (no digest empties it at once).
 */
async function setUp(
  store?: Awaited<ReturnType<typeof openStore>>,
  perWindow = 20,
  maxDigest?: number,
  gate?: Gate,
): Promise<{ s: TestService; emulator: Emulator; log: ReturnType<typeof recorder> }> {
  const emulator = await startEmulator({ port: 0, robots: [{ token: "faults-robot-token" }] });
  cleanups.push(() => emulator.close());
  gate?.to(emulator.url);
  const webhook = new URL(emulator.webhookUrl("faults-robot-token"));
  if (gate) webhook.host = new URL(gate.url).host;
  const log = recorder();
  const s = await startService({
    deliver: true,
    logger: log,
    ...(store ? { store } : {}),
    ...(maxDigest ? { maxDigest } : {}),
    config: { allowHosts: [webhook.host] },
  });
  cleanups.push(() => s.close());
  const c = await s.api("/api/credentials", {
    body: {
      name: "robot",
      webhook: webhook.href,
      rateLimit: { messages: perWindow, perSeconds: 2 },
    },
  });
  assert.equal(c.status, 201);
  const n = await s.api("/api/notifications", {
    body: { credential: "robot", pipelines: ["p"], events: ["success", "failure"], content: ["task"] },
  });
  assert.equal(n.status, 201);
  return { s, emulator, log };
}

/**
 * Between the service and the emulator: passes each request on at once (the robot takes the message
 * when it comes) and, while holding, keeps the robot's answer until `release()`.
 */
interface Gate {
  url: string;
  to(target: string): void;
  hold(): void;
  /** Answers kept so far. */
  held(): number;
  release(): void;
}

async function startGate(): Promise<Gate> {
  let target = "";
  let holding = false;
  let kept = 0;
  const waiting: Array<() => void> = [];
  const server = createServer(async (req, res) => {
    const body = Buffer.concat(await req.toArray());
    const answer = await fetch(target + req.url, {
      method: req.method ?? "POST",
      headers: { "content-type": req.headers["content-type"] ?? "application/json" },
      body,
    });
    const text = await answer.text();
    if (holding) {
      kept++;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const gate: Gate = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    to(url) {
      target = url.replace(/\/$/, "");
    },
    hold() {
      holding = true;
    },
    held: () => kept,
    release() {
      holding = false;
      for (const go of waiting.splice(0)) go();
    },
  };
  cleanups.push(async () => {
    gate.release();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return gate;
}

/** Posts event i; its status. */
async function post(s: TestService, i: number): Promise<{ status: number; body: Json; headers: Headers }> {
  return s.api("/api/events", { body: burstEvent(i, "p") });
}

/** Every event of `accepted` reached the group (waits for it, bounded). */
async function allDelivered(emulator: Emulator, accepted: number[]): Promise<void> {
  await waitFor(
    `${accepted.length} accepted events delivered`,
    () =>
      missingTasks(emulator, "faults-robot-token", Math.max(...accepted) + 1).filter((i) =>
        accepted.includes(i),
      ),
    (missing) => missing.length === 0,
    60_000,
  );
}

async function assertRefusing(s: TestService, i: number, reason: RegExp): Promise<void> {
  const r = await post(s, i);
  assert.equal(r.status, 503, JSON.stringify(r.body));
  assert.equal(r.body.error.code, "database_unavailable");
  assert.match(r.body.error.message, reason);
  assert.match(r.body.error.fix, /nothing was stored: send it again later/);
  assert.equal(r.headers.get("retry-after"), "30");
  const ready = await s.api("/readyz", { token: null });
  assert.equal(ready.status, 503);
  assert.match(ready.body.reason, /^database unavailable: /);
}

/** Lets the engine poll a few times (it polls every second). */
const pollSeveralTimes = () => new Promise((r) => setTimeout(r, 3500));

/** Makes the service's SQLite file and its WAL immutable; returns the undo (run at cleanup too). */
function lockDatabase(s: TestService): () => void {
  const file = join(s.dataDir, "dingpipe.sqlite");
  const locked = [file, `${file}-wal`];
  execFileSync("chattr", ["+i", ...locked]);
  const unlock = () => execFileSync("chattr", ["-i", ...locked]);
  cleanups.push(async () => unlock());
  return unlock;
}

/**
 * A service whose robot takes one message per 2 s, one event each, with events 0…n-1 accepted and the
 * robot's answer to the first held until the SQLite files are made immutable — so the engine has an
 * answer to record just after the lock, however fast or slow the machine. The files stay locked until
 * `unlock()` (also run at cleanup).
 */
async function lockedWithAnswerHeld(n: number): Promise<{
  s: TestService;
  emulator: Emulator;
  log: ReturnType<typeof recorder>;
  accepted: number[];
  unlock: () => void;
}> {
  const gate = await startGate();
  const { s, emulator, log } = await setUp(undefined, 1, 1, gate);
  gate.hold();
  const accepted = Array.from({ length: n }, (_, i) => i);
  for (const i of accepted) assert.equal((await post(s, i)).status, 202);
  await waitFor(
    "the robot's answer to be held",
    () => gate.held(),
    (k) => k >= 1,
    15_000,
  );
  assert.deepEqual(taskCounts(emulator, "faults-robot-token", 1), [1], "the robot took the first message");
  const unlock = lockDatabase(s);
  gate.release();
  return { s, emulator, log, accepted, unlock };
}

/** The engine logs that delivery stopped, once: not again at every poll. */
async function stoppedOnce(log: ReturnType<typeof recorder>, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    "the engine to notice",
    () => stoppedLines(log).length,
    (n) => n >= 1,
    timeoutMs,
  );
  await pollSeveralTimes();
  assert.equal(stoppedLines(log).length, 1, JSON.stringify(stoppedLines(log)));
}

/** The engine logs that delivery resumed, once. */
async function resumedOnce(log: ReturnType<typeof recorder>, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    "the engine to resume",
    () => resumedLines(log).length,
    (n) => n >= 1,
    timeoutMs,
  );
  assert.equal(resumedLines(log).length, 1, JSON.stringify(resumedLines(log)));
}

describe("a database that breaks while the service runs", () => {
  test("SQLite damaged: 503 with the reason, /readyz fails, the engine says so once", async () => {
    const { s, emulator, log } = await setUp();
    const accepted: number[] = [];
    for (let i = 0; i < 3; i++) {
      assert.equal((await post(s, i)).status, 202);
      accepted.push(i);
    }
    await allDelivered(emulator, accepted);
    // Garbage over the database, its WAL and its shared-memory index, as a failing disk would leave them.
    const file = join(s.dataDir, "dingpipe.sqlite");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      const fd = openSync(f, "r+");
      writeSync(fd, Buffer.alloc(statSync(f).size, 0x5a), 0, statSync(f).size, 0);
      closeSync(fd);
    }
    for (let i = 3; i < 6; i++)
      await assertRefusing(s, i, /the database file is damaged|not a SQLite database/);
    await stoppedOnce(log);
    assert.equal(stoppedLines(log)[0]?.level, "error");
    assert.match(String(stoppedLines(log)[0]?.fields?.["error"]), /database_unavailable/);
  });

  test("SQLite read-only while running (immutable files): refuses, then resumes and delivers everything accepted", {
    skip: !canMakeImmutable() && "needs chattr +i (root on a file system that supports it)",
  }, async () => {
    // The engine notices the read-only file only when it writes (an idle one only reads): it has the
    // robot's held answer to record just after the lock.
    const { s, emulator, log, accepted, unlock } = await lockedWithAnswerHeld(8);
    try {
      await assertRefusing(s, 100, /disk reported an I\/O error|read-only/);
      await stoppedOnce(log);
      await assertRefusing(s, 101, /I\/O error|read-only/);
    } finally {
      unlock();
    }
    // Writable again: accepting resumes by itself, the engine says so once and delivers the backlog.
    const back = await waitFor(
      "accepting again",
      () => post(s, 8),
      (r) => r.status === 202,
      15_000,
    );
    assert.equal(back.status, 202);
    accepted.push(8);
    assert.equal((await s.api("/readyz", { token: null })).status, 200);
    await allDelivered(emulator, accepted);
    await resumedOnce(log);
    assert.equal(
      missingTasks(emulator, "faults-robot-token", 102).filter((i) => i >= 100).length,
      2,
      "nothing refused was stored",
    );
    // The message the robot took while the files were locked was recorded once they were writable:
    // not sent again (the lane stayed this worker's, well within its lease).
    assert.deepEqual(
      taskCounts(emulator, "faults-robot-token", 9),
      Array(9).fill(1),
      "every accepted event in exactly one message",
    );
  });

  test("SQLite read-only when the robot answers: the answer is recorded once writable, never sent twice", {
    skip: !canMakeImmutable() && "needs chattr +i (root on a file system that supports it)",
  }, async () => {
    // The robot takes event 0's message; its answer comes once the files are locked.
    const { s, emulator, log, accepted, unlock } = await lockedWithAnswerHeld(3);
    try {
      // The engine cannot record the answer: it says so, keeps the answer, and sends nothing more.
      await stoppedOnce(log);
      assert.equal(emulator.messages("faults-robot-token").length, 1);
    } finally {
      unlock();
    }
    await allDelivered(emulator, accepted);
    await resumedOnce(log);
    // Event 0's message was recorded as sent, not sent again after the lease.
    assert.deepEqual(taskCounts(emulator, "faults-robot-token", 3), [1, 1, 1]);
    // The robot has every message; the last answer is recorded a moment after it arrived.
    const sent = await waitFor(
      "the three deliveries recorded as sent",
      () => s.api("/api/deliveries?state=sent"),
      (r) => r.status === 200 && r.body.items.length === 3,
      15_000,
    );
    for (const d of sent.body.items) assert.equal(d.attempts.length, 1, JSON.stringify(d));
  });

  test("PostgreSQL server stopped: refuses while it is down, then resumes and delivers everything accepted", async () => {
    const pg = await startPostgres();
    cleanups.push(() => pg.stop());
    const store = await openStore(await pg.url(), { poolSize: 4 });
    cleanups.push(() => store.close());
    const { s, emulator, log } = await setUp(store, 1);
    const accepted: number[] = [];
    for (let i = 0; i < 6; i++) {
      assert.equal((await post(s, i)).status, 202);
      accepted.push(i);
    }
    await pg.halt();
    await assertRefusing(s, 100, /database server (does not answer|is unavailable)/);
    await stoppedOnce(log, 30_000);
    await assertRefusing(s, 101, /database server/);
    await pg.resume();
    const back = await waitFor(
      "accepting again",
      () => post(s, 6),
      (r) => r.status === 202,
      30_000,
    );
    assert.equal(back.status, 202);
    accepted.push(6);
    assert.equal((await s.api("/readyz", { token: null })).status, 200);
    await allDelivered(emulator, accepted);
    await resumedOnce(log);
    assert.equal(
      (await store.listDeliveries({ pipeline: "p", limit: 500 })).items.filter(
        (d) => d.task === "task-100" || d.task === "task-101",
      ).length,
      0,
      "nothing refused was stored",
    );
  });
});
