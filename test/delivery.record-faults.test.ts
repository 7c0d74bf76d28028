/**
 * The delivery engine when the store fails to record a robot's answer, on a real SQLite file and the
 * DingTalk emulator over HTTP. The store is the real one; only the recording calls are made to fail
 * (once, or while a test says the database is down), the way a file gone read-only or a PostgreSQL
 * restart fails them. What each case pins:
 *
 * - a failure that is not the database being unavailable gives the lane back at once (not after the
 *   lease), logs the error, and the batch goes again, as after a crash;
 * - a finish that committed although the store answered with an error is not recorded a second time;
 * - an answer owed while the database is down, whose lane another worker took meanwhile, is not
 *   recorded over that worker's: a warning says the message may have been sent twice;
 * - an engine stopped while it owes an answer records it on the way out, or says it could not.
 *
 * The lease is a minute: every wait here is far shorter, so a lane kept instead of given back fails.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FinishSend, OwedResult } from "../src/delivery/delivery-store.ts";
import { type DeliveryEngine, startDeliveryEngine } from "../src/delivery/index.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { DingpipeError } from "../src/errors.ts";
import { openStore } from "../src/store/index.ts";
import type { Store } from "../src/store/store.ts";
import { addLane, burstEvent, settled, texts, waitFor } from "./helpers/delivery.ts";

const LEASE_MS = 60_000;
const RATE = { messages: 20, perSeconds: 60 };

let root = "";
let emulator: Emulator;
let count = 0;
const cleanups: Array<() => Promise<void>> = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-record-faults-"));
  emulator = await startEmulator({
    port: 0,
    robots: ["unforeseen", "committed", "released-too", "released", "lost", "stop-up", "stop-down"].map(
      (token) => ({
        token,
        kind: "dingtalk" as const,
      }),
    ),
  });
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await emulator.close();
  await rm(root, { recursive: true, force: true });
});

const unavailable = () =>
  new DingpipeError("database_unavailable", "the database is unavailable (test)", { fix: "bring it back" });

/** What the test makes the recording calls do, and what they were asked. */
interface Faults {
  /**
   * Called instead of the store's finishAndRelease (the lane's last answer recorded as the lane is
   * given back) while set; may throw. Cleared after one call.
   */
  finishOnce?: (...args: Parameters<Store["finishAndRelease"]>) => Promise<void>;
  /** When set, finishAndBegin commits and then throws this (a connection dropped after COMMIT). Once. */
  afterCommitOnce?: Error;
  /** When true, the next releaseLane throws database_unavailable (then false). */
  releaseDownOnce?: boolean;
  /** While true, finishOwed throws database_unavailable. */
  owedDown: boolean;
  owedCalls: number;
  owedResults: OwedResult[];
}

/** The real store, its recording calls and the lane's release made to fail as `faults` says. */
function faulty(store: Store, faults: Faults): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "finishAndRelease")
        return async (...args: Parameters<Store["finishAndRelease"]>) => {
          const once = faults.finishOnce;
          faults.finishOnce = undefined;
          if (once !== undefined) return once(...args);
          return target.finishAndRelease(...args);
        };
      if (prop === "finishAndBegin")
        return async (...args: Parameters<Store["finishAndBegin"]>) => {
          const result = await target.finishAndBegin(...args);
          const error = faults.afterCommitOnce;
          faults.afterCommitOnce = undefined;
          if (error !== undefined) throw error;
          return result;
        };
      if (prop === "releaseLane")
        return async (...args: Parameters<Store["releaseLane"]>) => {
          if (faults.releaseDownOnce) {
            faults.releaseDownOnce = false;
            throw unavailable();
          }
          return target.releaseLane(...args);
        };
      if (prop === "finishOwed")
        return async (finish: FinishSend, owner: string) => {
          faults.owedCalls++;
          if (faults.owedDown) throw unavailable();
          const result = await target.finishOwed(finish, owner);
          faults.owedResults.push(result);
          return result;
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

interface Logged {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

async function setUp(
  token: string,
): Promise<{ store: Store; faults: Faults; logs: Logged[]; start: () => DeliveryEngine }> {
  const store = await openStore(undefined, { dataDir: join(root, `db-${++count}`) });
  cleanups.push(() => store.close());
  await addLane(store, token, RATE);
  const faults: Faults = { owedDown: false, owedCalls: 0, owedResults: [] };
  const logs: Logged[] = [];
  const log = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    logs.push({ level, msg, ...(fields === undefined ? {} : { fields }) });
  const start = () => {
    const engine = startDeliveryEngine({
      store: faulty(store, faults),
      resolveCredential: async (name) =>
        name === token ? { webhook: emulator.webhookUrl(token), keywords: [], rateLimit: RATE } : undefined,
      concurrency: 1,
      pollMs: 100,
      leaseMs: LEASE_MS,
      retry: { baseMs: 50, maxMs: 300, maxAttempts: 30 },
      logger: { debug: () => {}, info: log("info"), warn: log("warn"), error: log("error") },
    });
    cleanups.push(() => engine.stop());
    return engine;
  };
  return { store, faults, logs, start };
}

/**
 * An engine sending one event whose answer the store could not record, and still cannot: it has tried
 * the owed answer again at least once. The database stays down until the test says `owedDown = false`.
 */
async function owingAnAnswer(token: string, n: number) {
  const { store, faults, logs, start } = await setUp(token);
  faults.owedDown = true;
  faults.finishOnce = async () => {
    throw unavailable();
  };
  await store.insertEvent({ source: "api", event: burstEvent(n, token) });
  const engine = start();
  engine.wake();
  await waitFor(
    "the worker to try the owed answer while the database is down",
    () => faults.owedCalls,
    (calls) => calls >= 2,
    20_000,
  );
  return { store, faults, logs, engine };
}

const mentions = (token: string, task: string) =>
  texts(emulator, token).filter((t) => t.includes(task)).length;

describe("delivery engine: the store fails to record a robot's answer", () => {
  it("a failure other than the database being unavailable gives the lane back at once and sends the batch again", async () => {
    const { store, faults, logs, start } = await setUp("unforeseen");
    faults.finishOnce = async () => {
      throw new Error("a value the database refuses");
    };
    await store.insertEvent({ source: "api", event: burstEvent(1, "unforeseen") });
    start().wake();
    // Sent, not recorded, the lane given back, claimed again at once and the message sent again: the
    // lease (a minute) never had to run out.
    const byState = await settled(store, 1, 20_000);
    assert.equal(byState.sent, 1);
    assert.equal(mentions("unforeseen", "task-1"), 2, "sent again, as after a crash");
    const stopped = logs.filter((l) => l.msg.startsWith("delivery stopped"));
    assert.equal(stopped.length, 1);
    assert.match(String(stopped[0]?.fields?.["error"]), /a value the database refuses/);
    await waitFor(
      "delivery resumed to be logged",
      () => logs.some((l) => l.msg === "delivery resumed"),
      (yes) => yes,
      10_000,
    );
    assert.equal(faults.owedCalls, 0, "nothing owed: the answer was not kept");
  });

  it("an answer whose record committed although the store answered with an error is recorded once", async () => {
    const { store, faults, logs, start } = await setUp("committed");
    // Two events, sent one by one: the first one's answer is recorded with the second request's start.
    faults.afterCommitOnce = new Error("connection lost after COMMIT");
    await store.insertEvent({ source: "api", event: burstEvent(5, "committed") });
    await store.insertEvent({ source: "api", event: burstEvent(6, "committed") });
    start().wake();
    const byState = await settled(store, 2, 20_000);
    assert.equal(byState.sent, 2);
    assert.equal(faults.afterCommitOnce, undefined, "the fault was met");
    assert.deepEqual(faults.owedResults, ["done"], "the store already had the first answer");
    const page = await store.listDeliveries({ limit: 10 });
    const attempts = page.items.map((d) => d.attempts.length);
    assert.deepEqual(attempts, [1, 1], "one attempt each: the first answer was not recorded twice");
    // The second request was begun by the commit but never left: it goes once, after the lane came back.
    assert.equal(mentions("committed", "task-5"), 1);
    assert.equal(mentions("committed", "task-6"), 1);
    assert.ok(logs.some((l) => l.msg.startsWith("delivery stopped")));
  });

  it("an answer recorded and its lane given back, although the store answered with an error, is found recorded: no warning", async () => {
    const { store, faults, logs, start } = await setUp("released-too");
    faults.finishOnce = async (...args) => {
      // Committed (the outcome and the lane's release), then the connection dropped before the answer.
      await store.finishAndRelease(...args);
      throw unavailable();
    };
    await store.insertEvent({ source: "api", event: burstEvent(8, "released-too") });
    start().wake();
    const byState = await settled(store, 1, 20_000);
    assert.equal(byState.sent, 1);
    await waitFor(
      "the owed answer to be tried",
      () => faults.owedResults.length,
      (n) => n >= 1,
      20_000,
    );
    assert.deepEqual(faults.owedResults, ["done"], "the store already had the answer");
    assert.equal((await store.listDeliveries({ limit: 10 })).items[0]?.attempts.length, 1, "recorded once");
    assert.equal(mentions("released-too", "task-8"), 1, "sent once");
    assert.ok(!logs.some((l) => /sent twice/.test(l.msg)), "no warning of a message sent twice");
  });

  it("an owed answer recorded, then the lane's release failing: the next try finds it recorded and gives the lane back", async () => {
    const { store, faults, logs, start } = await setUp("released");
    faults.finishOnce = async () => {
      // Down as the robot answers; back for the record, down again for the release.
      faults.releaseDownOnce = true;
      throw unavailable();
    };
    await store.insertEvent({ source: "api", event: burstEvent(7, "released") });
    start().wake();
    const byState = await settled(store, 1, 20_000);
    assert.equal(byState.sent, 1);
    await waitFor(
      "the lane given back",
      () => faults.owedResults.length,
      (n) => n >= 2,
      20_000,
    );
    assert.deepEqual(
      faults.owedResults,
      ["recorded", "done"],
      "recorded once, found recorded the second time",
    );
    assert.equal(faults.releaseDownOnce, false, "the release failed once");
    assert.equal(mentions("released", "task-7"), 1, "sent once");
    assert.ok(!logs.some((l) => /sent twice/.test(l.msg)));
  });

  it("an answer owed while the database was down, whose lane another worker took, is not recorded: a warning says it may go twice", async () => {
    const { store, faults, logs, start } = await setUp("lost");
    faults.finishOnce = async (finish) => {
      // The database goes away as the robot answers; while the worker waits for it, another worker
      // (its clock past the lease) takes the lane over and gives it back.
      const later = Date.now() + LEASE_MS + 1_000;
      const taken = await store.claimLane({ owner: "intruder", now: later, leaseMs: 1_000 });
      assert.equal(taken, finish.lane);
      await store.releaseLane(finish.lane, "intruder");
      throw unavailable();
    };
    await store.insertEvent({ source: "api", event: burstEvent(2, "lost") });
    start().wake();
    const byState = await settled(store, 1, 20_000);
    assert.equal(byState.sent, 1);
    assert.deepEqual(faults.owedResults.slice(0, 1), ["lost"]);
    const warned = logs.filter((l) => l.level === "warn" && /may have been sent twice/.test(l.msg));
    assert.equal(warned.length, 1);
    assert.ok(String(warned[0]?.fields?.["lane"]).length > 0, "the warning names the lane");
    assert.equal(mentions("lost", "task-2"), 2, "the lane's next holder sent the batch again");
  });

  it("an engine stopped while it owes an answer records it on the way out", async () => {
    const { store, faults, logs, engine } = await owingAnAnswer("stop-up", 3);
    assert.equal(mentions("stop-up", "task-3"), 1);
    faults.owedDown = false;
    await engine.stop();
    const stats = await store.deliveryStats();
    assert.equal(stats.byState.sent, 1, "the answer was recorded as the engine stopped");
    assert.equal(stats.byState.sending, 0);
    assert.equal(faults.owedResults.at(-1), "recorded");
    assert.equal(mentions("stop-up", "task-3"), 1, "sent once");
    // The lane was given back: another engine finds nothing to send and sends nothing again.
    assert.equal(await store.claimLane({ owner: "next", now: Date.now(), leaseMs: 1_000 }), undefined);
    assert.ok(!logs.some((l) => /sent twice/.test(l.msg)));
  });

  it("an engine stopped while the database is still down says the message may be sent twice", async () => {
    const { store, faults, logs, engine } = await owingAnAnswer("stop-down", 4);
    const before = faults.owedCalls;
    await engine.stop();
    assert.equal(faults.owedCalls, before + 1, "one last try on the way out");
    const warned = logs.filter((l) => l.level === "warn" && /stopped before the database took/.test(l.msg));
    assert.equal(warned.length, 1);
    assert.match(String(warned[0]?.fields?.["error"]), /unavailable/);
    assert.equal((await store.deliveryStats()).byState.sending, 1, "not recorded: still in flight");
  });
});
