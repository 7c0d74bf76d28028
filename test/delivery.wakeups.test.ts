/**
 * How the delivery engine's workers are woken, on a real SQLite file and the DingTalk emulator over HTTP.
 * Under ingest the service wakes the engine after every batch of accepted events; most of those wake-ups
 * have nothing to send (no rule matched, or the lanes are busy). One wake-up calls one idle worker, and a
 * worker that finds work calls the next — so an idle wake-up costs one look at the store (on PostgreSQL,
 * four round trips), not one per worker, and work still spreads over every worker.
 *
 * The store is the real one, only watched: each claimLane is counted. Robot requests go to the emulator
 * through a fetch that holds them until the test has seen enough of them at once. Every wait is bounded.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDeliveryEngine } from "../src/delivery/index.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { openStore } from "../src/store/index.ts";
import type { Store } from "../src/store/store.ts";
import { addLane, burstEvent, settled, waitFor } from "./helpers/delivery.ts";

const RATE = { messages: 20, perSeconds: 60 };
const ROBOTS = ["one", "two", "three"];

let root = "";
let emulator: Emulator;
let count = 0;
const cleanups: Array<() => Promise<void>> = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-wakeups-"));
  emulator = await startEmulator({
    port: 0,
    robots: ROBOTS.map((token) => ({ token, kind: "dingtalk" as const })),
  });
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await emulator.close();
  await rm(root, { recursive: true, force: true });
});

/** The real store, its claimLane calls counted. */
function watched(store: Store): { store: Store; claims: () => number } {
  let claims = 0;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "claimLane")
        return (...args: Parameters<Store["claimLane"]>) => {
          claims++;
          return target.claimLane(...args);
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store: proxy, claims: () => claims };
}

async function openWithLanes(): Promise<Store> {
  const store = await openStore(undefined, { dataDir: join(root, `db-${++count}`) });
  cleanups.push(() => store.close());
  for (const robot of ROBOTS) await addLane(store, robot, RATE);
  return store;
}

const resolveCredential = async (name: string) =>
  ROBOTS.includes(name) ? { webhook: emulator.webhookUrl(name), keywords: [], rateLimit: RATE } : undefined;

describe("delivery engine: wake-ups", () => {
  it("a wake-up with nothing to send makes one of eight workers look for a lane, not all eight", async () => {
    const { store, claims } = watched(await openWithLanes());
    // A long poll: only wake-ups make the workers look again.
    const engine = startDeliveryEngine({ store, resolveCredential, concurrency: 8, pollMs: 60_000 });
    cleanups.push(() => engine.stop());
    // At the start one worker looks (the others wait until called).
    await waitFor("the first look", claims, (n) => n >= 1, 20_000);
    const start = claims();
    const wakes = 10;
    for (let i = 1; i <= wakes; i++) {
      engine.wake();
      await waitFor(`a worker's look after wake-up ${i}`, claims, (n) => n >= start + i, 20_000);
    }
    // Whatever else the wake-ups set off has had the time of one more look to show.
    engine.wake();
    await waitFor("the last wake-up's look", claims, (n) => n >= start + wakes + 1, 20_000);
    const looks = claims() - start;
    assert.ok(
      looks <= 2 * (wakes + 1),
      `${wakes + 1} wake-ups with nothing to send: ${looks} looks for a lane (one per wake-up expected, eight if every worker looked)`,
    );
  });

  it("a worker that finds work calls the next: three lanes are sent at once by three workers after one wake-up", async () => {
    const store = await openWithLanes();
    // Robot requests are held until three are in flight at once (or 20 s have passed: then the test fails).
    let inFlight = 0;
    let most = 0;
    const three = Promise.withResolvers<void>();
    const timer = setTimeout(() => three.resolve(), 20_000);
    cleanups.push(async () => clearTimeout(timer));
    const holding: typeof fetch = async (input, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (inFlight >= ROBOTS.length) three.resolve();
      await three.promise;
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const engine = startDeliveryEngine({
      store,
      resolveCredential,
      fetch: holding,
      concurrency: ROBOTS.length,
      pollMs: 60_000,
    });
    cleanups.push(() => engine.stop());
    // Let every worker go idle first (each looks once and finds nothing), then one event for each robot.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.insertEvent({ source: "api", event: burstEvent(1, "wakeups") });
    engine.wake();
    await settled(store, ROBOTS.length, 30_000);
    assert.equal(most, ROBOTS.length, "the three robots' requests were in flight at once");
  });

  it("an event accepted while an expansion is under way is expanded at once, not at the next poll", async () => {
    // A store without expansion on insert (as PostgreSQL's): the engine's own expansion takes every event.
    // No rule: an expansion leaves nothing to send, so no worker finds work that would make it look again.
    const real = await openStore(undefined, { dataDir: join(root, `db-${++count}`) });
    cleanups.push(() => real.close());
    const held = Promise.withResolvers<void>();
    let expansions = 0;
    let first = true;
    const store = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "expandOnInsert") return undefined;
        if (prop === "expandEvents")
          return async (...args: Parameters<Store["expandEvents"]>) => {
            const result = await target.expandEvents(...args);
            expansions++;
            // The first expansion is held once it has read: what is accepted now is not in it.
            if (first && result.events > 0) {
              first = false;
              await held.promise;
            }
            return result;
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const engine = startDeliveryEngine({ store, resolveCredential, concurrency: 2, pollMs: 60_000 });
    cleanups.push(() => engine.stop());
    await real.insertEvent({ source: "api", event: burstEvent(1, "before") });
    engine.wake();
    await waitFor(
      "the first expansion to be under way",
      () => first,
      (f) => !f,
      20_000,
    );
    const late = await real.insertEvent({ source: "api", event: burstEvent(2, "late") });
    engine.wake();
    // The wake-up found the expansion under way; let it end.
    await new Promise((resolve) => setImmediate(resolve));
    held.resolve();
    await waitFor(
      "the event accepted during the expansion to be expanded (the poll is a minute away)",
      async () => (await real.getEvent(late.id))?.expanded,
      (expanded) => expanded === true,
      20_000,
    );
    assert.ok(expansions >= 2);
  });
});

describe("delivery engine: the idle poller's wait", () => {
  it("a retry another worker schedules while the poller rests goes out when due, not at the next poll", async () => {
    const real = await openStore(undefined, { dataDir: join(root, `db-${++count}`) });
    cleanups.push(() => real.close());
    await addLane(real, "one", RATE);
    // The poller asks idleLook before it rests: counted when the answer is the lane's lease (two
    // minutes away), i.e. asked while a worker holds the lane.
    let asked = 0;
    let askedWhileLeased = 0;
    const store = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "idleLook")
          return async (...args: Parameters<Store["idleLook"]>) => {
            const look = await target.idleLook(...args);
            const at = look.next;
            asked++;
            if (at !== undefined && at > Date.now() + 60_000) askedWhileLeased++;
            return look;
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    // The first request is held until another worker has become the poller and computed its wait
    // (the lane is leased for two minutes: that worker rests the whole poll), then answered with an
    // HTTP 500: a retry 100 ms later, written by the worker that sent it.
    let requests = 0;
    let pollerAskedWhileSending = false;
    const failingFirst: typeof fetch = async (input, init) => {
      if (++requests > 1) return fetch(input, init);
      await waitFor(
        "the other worker's question for its wait",
        () => askedWhileLeased,
        (n) => n > 0,
        20_000,
      )
        .then(() => {
          pollerAskedWhileSending = true;
        })
        .catch(() => undefined);
      emulator.setFaults({ rate: 1, kinds: ["http500"] });
      try {
        return await fetch(input, init);
      } finally {
        emulator.setFaults(undefined);
      }
    };
    const engine = startDeliveryEngine({
      store,
      resolveCredential,
      fetch: failingFirst,
      concurrency: 2,
      pollMs: 60_000,
      leaseMs: 120_000,
      retry: { baseMs: 100 },
    });
    cleanups.push(() => engine.stop());
    // Every worker idle first: one of them is the poller, resting the whole minute.
    await waitFor(
      "the poller's first question",
      () => asked,
      (n) => n >= 1,
      20_000,
    );
    await real.insertEvent({ source: "api", event: burstEvent(1, "retry") });
    engine.wake();
    await waitFor(
      "the retried delivery to be sent (the poll is a minute away)",
      () => real.deliveryStats(),
      (s) => s.byState.sent === 1,
      20_000,
    );
    assert.ok(
      pollerAskedWhileSending,
      "another worker computed the poller's wait while the first request was out",
    );
    assert.equal(requests, 2, "the request failed once and was sent again");
  });
});
