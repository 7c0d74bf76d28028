/**
 * The engine across processes, for every robot kind (DingTalk, WeCom, Feishu): a worker killed with
 * SIGKILL mid-burst and restarted loses nothing (SQLite), and two worker processes on one
 * PostgreSQL database keep one robot within its limit together and send every event exactly once.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ChannelKind } from "../src/channels/kinds.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { openStore } from "../src/store/index.ts";
import {
  addLane,
  burstEvent,
  maxInWindow,
  missingTasks,
  settled,
  taskCounts,
  throttledAnswers,
  waitFor,
} from "./helpers/delivery.ts";
import { startPostgres, type TestPostgres } from "./helpers/postgres.ts";
import { type SpawnedWorker, spawnWorker } from "./helpers/spawn-worker.ts";

// The webhook kinds: the app robot (dingtalk_app) has an API of its own, covered by test/run-card.serve.test.ts.
const KINDS: ReadonlyArray<{ kind: Exclude<ChannelKind, "dingtalk_app">; throttled: number }> = [
  { kind: "dingtalk", throttled: 130101 },
  { kind: "wecom", throttled: 45009 },
  { kind: "feishu", throttled: 11232 },
];

let root = "";
let emulator: Emulator;
let pg: TestPostgres;
const workers: SpawnedWorker[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-procs-"));
  emulator = await startEmulator({
    port: 0,
    robots: KINDS.flatMap(({ kind }) => [
      { token: `${kind}-crash`, kind },
      { token: `${kind}-shared`, kind },
    ]),
    rateLimit: { messages: 5, windowMs: 2000, throttleMs: 2000 },
    wecomLimit: { windows: [{ messages: 5, windowMs: 2000 }] },
    feishuLimit: {
      windows: [
        { messages: 5, windowMs: 2000 },
        { messages: 5, windowMs: 1000 },
      ],
    },
  });
  pg = await startPostgres();
});

after(async () => {
  for (const w of workers) await w.kill9();
  await emulator.close();
  await pg.stop();
  await rm(root, { recursive: true, force: true });
});

async function worker(config: Record<string, unknown>): Promise<SpawnedWorker> {
  const w = await spawnWorker(config);
  workers.push(w);
  return w;
}

for (const { kind, throttled } of KINDS)
  describe(`delivery across processes: ${kind} robots`, () => {
    const CRASH = `${kind}-crash`;
    const SHARED = `${kind}-shared`;

    it("loses nothing when the worker is killed with SIGKILL mid-burst and restarted, and re-sends only what was in flight", async () => {
      const dataDir = join(root, `crash-${kind}`);
      const store = await openStore(undefined, { dataDir });
      try {
        const rate = { messages: 5, perSeconds: 2 };
        await addLane(store, "ops", rate);
        const config = {
          dataDir,
          webhooks: { ops: emulator.webhookUrl(CRASH) },
          kinds: { ops: kind },
          rateLimit: rate,
          leaseMs: 1500,
        };
        // Every request takes a while, so the kill lands while messages are in flight; at most 5
        // events a message, so the backlog lasts (~12 s): one digest of everything would leave nothing
        // in flight to be killed.
        emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 300, seed: 1 });
        const first = await worker({ ...config, workerId: "first", maxDigest: 5 });
        for (let i = 0; i < 150; i += 10) {
          await Promise.all(
            Array.from({ length: 10 }, (_, k) =>
              store.insertEvent({ source: "api", event: burstEvent(i + k) }),
            ),
          );
          await new Promise((r) => setTimeout(r, 60));
        }
        // A machine slow enough to look only after those ~12 s would still find nothing in flight: one
        // event more at each look that finds nothing keeps the worker sending until the kill lands
        // (inserted only while the worker runs: a frozen worker may hold the database's write lock).
        let next = 150;
        const feed = () => store.insertEvent({ source: "api", event: burstEvent(next++) });
        await waitFor(
          "a few messages",
          async () => {
            const n = emulator.messages(CRASH).length;
            if (n < 3) await feed();
            return n;
          },
          (n) => n >= 3,
          20_000,
        );
        // Killed while a request is out (most of the time the lane waits for its window). The worker is
        // frozen (SIGSTOP) before it is looked at, so the request seen in flight is still in flight when
        // SIGKILL lands; frozen between requests, it is let go on, given one event more and looked at again.
        await waitFor(
          "a request in flight",
          async () => {
            first.child.kill("SIGSTOP");
            const n = (await store.listDeliveries({ state: "sending", limit: 1 })).items.length;
            if (n === 0) {
              first.child.kill("SIGCONT");
              await feed();
            }
            return n;
          },
          (n) => n > 0,
          20_000,
        );
        await first.kill9();
        const atKill = await store.deliveryStats();
        assert.ok(atKill.byState.pending + atKill.byState.sending > 0, "the kill landed mid-burst");
        // The request in flight at the kill.
        const inFlight = (await store.listDeliveries({ state: "sending", limit: 500 })).items
          .map((d) => d.task ?? "")
          .sort();
        // Accepted while no worker runs: expanded and delivered after the restart.
        const total = next + 150;
        for (let i = next; i < total; i++) await store.insertEvent({ source: "api", event: burstEvent(i) });
        emulator.setFaults(undefined);
        // Whatever the robot was still receiving from the killed worker has arrived by now.
        await new Promise((r) => setTimeout(r, 500));
        const restartedAt = Date.now();
        await worker({ ...config, workerId: "second" });
        const byState = await settled(store, total);
        assert.equal(byState.dead, 0);
        assert.equal(byState.sent + byState.merged, total);
        assert.deepEqual(missingTasks(emulator, CRASH, total), []);
        assert.equal(throttledAnswers(emulator, CRASH, throttled), 0);
        assert.ok(maxInWindow(emulator, CRASH, 2000) <= 5);
        assert.ok(inFlight.length > 0, "a request was in flight at the kill");
        // The restarted worker's first message is the batch that was in flight, alone: a crash
        // re-sends only what was in flight, never merged with the backlog that came since.
        const resent = emulator.messages(CRASH).find((m) => Date.parse(m.receivedAt) >= restartedAt);
        const named = JSON.stringify(resent?.body).matchAll(/task-\d+/g);
        const tasks = [...new Set([...named].map((m) => m[0]))].sort();
        assert.deepEqual(tasks, inFlight);
      } finally {
        await store.close();
      }
    });

    it("keeps one robot within its limit with two worker processes on one PostgreSQL, without duplicates", async () => {
      const databaseUrl = await pg.url();
      const store = await openStore(databaseUrl);
      try {
        const rate = { messages: 5, perSeconds: 2 };
        await addLane(store, "ops", rate);
        const config = {
          databaseUrl,
          webhooks: { ops: emulator.webhookUrl(SHARED) },
          kinds: { ops: kind },
          rateLimit: rate,
          leaseMs: 5000,
        };
        const [a, b] = await Promise.all([
          worker({ ...config, workerId: "a" }),
          worker({ ...config, workerId: "b" }),
        ]);
        for (let i = 0; i < 200; i += 10) {
          await Promise.all(
            Array.from({ length: 10 }, (_, k) =>
              store.insertEvent({ source: "api", event: burstEvent(i + k) }),
            ),
          );
          await new Promise((r) => setTimeout(r, 50));
        }
        const byState = await settled(store, 200);
        assert.equal(byState.sent + byState.merged, 200);
        assert.deepEqual(
          taskCounts(emulator, SHARED, 200).flatMap((n, i) => (n === 1 ? [] : [[i, n]])),
          [],
          "every event in exactly one message",
        );
        assert.equal(throttledAnswers(emulator, SHARED, throttled), 0);
        assert.ok(maxInWindow(emulator, SHARED, 2000) <= 5);
        await Promise.all([a.stop(), b.stop()]);
        assert.equal(a.child.exitCode, 0);
        assert.equal(b.child.exitCode, 0);
      } finally {
        await store.close();
      }
    });
  });
