/**
 * The delivery engine against the robot emulator over HTTP, on real SQLite files, for every robot
 * kind (DingTalk, WeCom, Feishu): bursts within each robot's limits, faults, permanent failures and
 * throttling. Small rate windows (a few messages per 2 s) keep it quick; every wait is bounded.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ChannelKind } from "../src/channels/kinds.ts";
import { type DeliveryEngine, type DeliveryObserver, startDeliveryEngine } from "../src/delivery/index.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { selectRules } from "../src/notify/rules.ts";
import { openStore } from "../src/store/index.ts";
import type { Store } from "../src/store/store.ts";
import {
  ALL_EVENTS,
  addLane,
  burstEvent,
  maxInWindow,
  missingTasks,
  settled,
  texts,
  throttledAnswers,
  waitFor,
} from "./helpers/delivery.ts";

const SECRET = "SECfake0000000000000000000000000000000000000000000000000000000000";

/** Each robot kind, with what its service answers when it throttles. */
// The webhook kinds: the app robot (dingtalk_app) has an API of its own, covered by test/run-card.serve.test.ts.
const KINDS: ReadonlyArray<{ kind: Exclude<ChannelKind, "dingtalk_app">; throttled: number }> = [
  { kind: "dingtalk", throttled: 130101 },
  { kind: "wecom", throttled: 45009 },
  { kind: "feishu", throttled: 11232 },
];
/** The emulator's robots are named `<kind>-<role>` (WeCom keys and Feishu hook tokens alike). */
const tok = (kind: ChannelKind, role: string) => `${kind}-${role}`;

let root = "";
let emulator: Emulator;
let dbCount = 0;
const cleanups: Array<() => Promise<void>> = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-delivery-"));
  emulator = await startEmulator({
    port: 0,
    robots: KINDS.flatMap(({ kind }) => [
      { token: tok(kind, "burst"), kind },
      { token: tok(kind, "faulty"), kind },
      ...(kind === "wecom" ? [] : [{ token: tok(kind, "signed"), kind, secret: SECRET }]),
      { token: tok(kind, "strict"), kind },
    ]).concat([
      { token: tok("dingtalk", "inflight"), kind: "dingtalk" },
      { token: tok("dingtalk", "idle"), kind: "dingtalk" },
      { token: tok("dingtalk", "free"), kind: "dingtalk" },
    ]),
    rateLimit: { messages: 5, windowMs: 2000, throttleMs: 1500 },
    wecomLimit: { windows: [{ messages: 5, windowMs: 2000 }] },
    // Feishu's own 5-a-second window stays, under the small per-window limit of these tests.
    feishuLimit: {
      windows: [
        { messages: 5, windowMs: 2000 },
        { messages: 5, windowMs: 1000 },
      ],
    },
  });
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await emulator.close();
  await rm(root, { recursive: true, force: true });
});

async function freshStore(): Promise<Store> {
  const store = await openStore(undefined, { dataDir: join(root, `db-${++dbCount}`) });
  cleanups.push(() => store.close());
  return store;
}

function engineFor(
  store: Store,
  robots: Record<
    string,
    {
      token: string;
      kind?: ChannelKind;
      /** Default the emulator's webhook of `token`. */
      webhook?: string;
      secret?: string;
      rateLimit: { messages: number; perSeconds: number };
    }
  >,
  extra: Partial<Parameters<typeof startDeliveryEngine>[0]> = {},
): DeliveryEngine {
  const engine = startDeliveryEngine({
    store,
    resolveCredential: async (name) => {
      const robot = robots[name];
      if (robot === undefined) return undefined;
      return {
        ...(robot.kind === undefined ? {} : { kind: robot.kind }),
        webhook: robot.webhook ?? emulator.webhookUrl(robot.token),
        ...(robot.secret === undefined ? {} : { secret: robot.secret }),
        keywords: [],
        rateLimit: robot.rateLimit,
      };
    },
    concurrency: 2,
    pollMs: 100,
    throttleMs: 1500,
    retry: { baseMs: 50, maxMs: 300, maxAttempts: 30 },
    ...extra,
  });
  cleanups.push(() => engine.stop());
  return engine;
}

for (const { kind, throttled } of KINDS)
  describe(`delivery engine: ${kind} robots`, () => {
    const BURST = tok(kind, "burst");
    const FAULTY = tok(kind, "faulty");
    const STRICT = tok(kind, "strict");

    it(`delivers a burst of 500 events for one robot within its limit, without a single ${throttled}`, async () => {
      const store = await freshStore();
      const rate = { messages: 5, perSeconds: 2 };
      await addLane(store, "burst", rate);
      const counts = { sent: 0, digests: 0 };
      const observer: DeliveryObserver = {
        sent: (info) => {
          counts.sent += info.deliveries;
          if (info.digest) counts.digests++;
        },
      };
      const engine = engineFor(store, { burst: { token: BURST, kind, rateLimit: rate } }, { observer });
      // A stream rather than one insert: single messages first, then digests once the window is full.
      for (let i = 0; i < 500; i += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, k) =>
            store.insertEvent({ source: "api", event: burstEvent(i + k) }),
          ),
        );
        engine.wake();
        await new Promise((r) => setTimeout(r, 40));
      }
      const byState = await settled(store, 500);
      assert.equal(byState.dead, 0);
      assert.equal(byState.sent + byState.merged, 500);
      assert.deepEqual(missingTasks(emulator, BURST, 500), []);
      assert.equal(throttledAnswers(emulator, BURST, throttled), 0);
      assert.ok(maxInWindow(emulator, BURST, 2000) <= 5, `more than 5 messages in a 2 s window`);
      assert.ok(counts.digests > 0, "the backlog was merged into digests");
      assert.equal(counts.sent, 500);
      const digest = texts(emulator, BURST).find((t) => t.includes("dingpipe 汇总"));
      assert.ok(digest, "a digest message arrived");
    });

    it("recovers from injected faults (HTTP 500, busy, dropped connections, latency)", async () => {
      const store = await freshStore();
      const rate = { messages: 1000, perSeconds: 1 };
      await addLane(store, "faulty", rate);
      emulator.setFaults({
        rate: 0.4,
        kinds: ["http500", "busy", "drop", "latency"],
        latencyMs: 30,
        seed: 7,
      });
      try {
        const engine = engineFor(
          store,
          { faulty: { token: FAULTY, kind, rateLimit: rate } },
          { sendTimeoutMs: 500 },
        );
        for (let i = 0; i < 40; i++)
          await store.insertEvent({ source: "api", event: burstEvent(i, "faults") });
        engine.wake();
        const byState = await settled(store, 40);
        assert.equal(byState.dead, 0);
        assert.deepEqual(missingTasks(emulator, FAULTY, 40), []);
        const retried = (await store.listDeliveries({ limit: 500 })).items.filter(
          (d) => d.attempts.length > 1,
        );
        assert.ok(retried.length > 0, "some deliveries needed more than one attempt");
        assert.ok(retried.every((d) => d.state === "sent" || d.state === "merged"));
      } finally {
        emulator.setFaults(undefined);
      }
    });

    // DingTalk and Feishu: a wrong signing secret; WeCom (no signing): a key no robot has.
    const permanent =
      kind === "wecom"
        ? {
            what: "unknown key",
            errcode: 93000,
            code: "webhook_invalid",
            error: /does not know this webhook/,
            fix: /paste the whole webhook URL, or only its key/,
          }
        : {
            what: "wrong signing secret",
            errcode: kind === "dingtalk" ? 310000 : 19021,
            code: "signature_mismatch",
            error: /signature/,
            fix: /secret/i,
          };

    it(`makes a permanent failure (${permanent.what}) a dead letter at once, with the fix`, async () => {
      const store = await freshStore();
      const rate = { messages: 20, perSeconds: 60 };
      await addLane(store, "signed", rate);
      const dead: string[] = [];
      const signed = kind === "wecom" ? tok(kind, "unknown") : tok(kind, "signed");
      const engine = engineFor(
        store,
        kind === "wecom"
          ? {
              signed: {
                token: signed,
                kind,
                rateLimit: rate,
                webhook: `${emulator.url}/cgi-bin/webhook/send?key=${signed}`,
              },
            }
          : { signed: { token: signed, kind, secret: `${SECRET.slice(0, -4)}beef`, rateLimit: rate } },
        { observer: { dead: (info) => dead.push(info.code) } },
      );
      const { id } = await store.insertEvent({ source: "api", event: burstEvent(1, "signed") });
      engine.wake();
      await settled(store, 1);
      const [delivery] = (await store.listDeliveries({ state: "dead" })).items;
      assert.ok(delivery, "one dead letter");
      assert.equal(delivery.eventId, id);
      assert.equal(delivery.attempts.length, 1);
      assert.equal(delivery.attempts[0]?.errcode, permanent.errcode);
      assert.match(delivery.lastError ?? "", permanent.error);
      assert.match(delivery.fix ?? "", permanent.fix);
      // stored as the console and API show it: the robot's settings, not the command line's flags
      assert.match(delivery.fix ?? "", /console Robots → Edit, or PUT \/api\/credentials/);
      assert.doesNotMatch(delivery.fix ?? "", /--secret|DINGTALK_SECRET|--webhook|DINGTALK_WEBHOOK/);
      assert.deepEqual(dead, [permanent.code]);
      assert.equal(emulator.messages(signed).length, 0);
      assert.ok(!JSON.stringify(delivery).includes(SECRET.slice(3, 20)), "no secret in the record");
    });

    it(`pauses a lane the robot throttles (${throttled}) and loses nothing`, async () => {
      const store = await freshStore();
      // The credential claims more than the robot allows (5 per 2 s): the robot will throttle it.
      const rate = { messages: 50, perSeconds: 2 };
      await addLane(store, "strict", rate);
      const throttles: number[] = [];
      const engine = engineFor(
        store,
        { strict: { token: STRICT, kind, rateLimit: rate } },
        { observer: { throttled: (info) => throttles.push(info.until) } },
      );
      // All 12 in one go: the lane sends them one by one, back to back, and the robot sees its sixth
      // within its window. Inserted one at a time, a slow machine could space the sends past it.
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.insertEvent({ source: "api", event: burstEvent(i, "strict") }),
        ),
      );
      engine.wake();
      const byState = await settled(store, 12);
      assert.equal(byState.dead, 0);
      assert.ok(throttles.length > 0, "the robot throttled");
      assert.ok(throttledAnswers(emulator, STRICT, throttled) > 0);
      assert.deepEqual(missingTasks(emulator, STRICT, 12), []);
      const record = (await store.listDeliveries({ limit: 500 })).items.find((d) =>
        d.attempts.some((a) => a.errcode === throttled),
      );
      assert.ok(record, "the throttled attempt is recorded");
      assert.notEqual(record.state, "dead");
    });
  });

describe("delivery engine", () => {
  it("on SQLite, expands an accepted event in the transaction that inserts it, and stops doing so when it stops", async () => {
    const store = await freshStore();
    await store.createNotification({
      credential: "ghost",
      events: ["success", "failure"],
      content: ["task"],
    });
    // Never woken, polling rarely: only the insert's own transaction can have expanded the event.
    const engine = engineFor(store, {}, { pollMs: 60_000 });
    const { id } = await store.insertEvent({ source: "api", event: burstEvent(1, "ghost") });
    assert.equal((await store.getEvent(id))?.expanded, true);
    assert.equal((await store.listDeliveries({ eventId: id })).items.length, 1);
    await engine.stop();
    const later = await store.insertEvent({ source: "api", event: burstEvent(2, "ghost") });
    assert.equal((await store.getEvent(later.id))?.expanded, false);
  });

  it("dead-letters deliveries whose credential no longer exists, saying what to do", async () => {
    const store = await freshStore();
    await store.createNotification({
      credential: "ghost",
      events: ["success", "failure"],
      content: ["task"],
    });
    const engine = engineFor(store, {});
    await store.insertEvent({ source: "api", event: burstEvent(1, "ghost") });
    engine.wake();
    await settled(store, 1);
    const [delivery] = (await store.listDeliveries({ credential: "ghost" })).items;
    assert.equal(delivery?.state, "dead");
    assert.match(delivery?.fix ?? "", /create it/);
  });

  it("a credential that cannot send, on a robot another credential shares, is dead-lettered each time its deliveries come, while the other keeps sending", async () => {
    const store = await freshStore();
    // The emulator robot's own window: the lane keeps its robot (no throttle ends its turn).
    const rate = { messages: 5, perSeconds: 2 };
    // Two credentials on one robot (one lane); "bad" holds a DingTalk secret without SEC: it cannot send.
    for (const name of ["good", "bad"]) {
      await store.createCredential({
        name,
        sealed: "opaque",
        hint: "127.0.0.1 access_token=test…",
        hasSecret: name === "bad",
        keywords: [],
        rateLimit: rate,
        robotKey: "dingtalk:one-robot",
      });
      await store.createNotification({
        credential: name,
        pipelines: [name],
        events: [...ALL_EVENTS],
        content: ["task"],
      });
    }
    const token = tok("dingtalk", "burst");
    let again: Promise<void> | undefined;
    // The real store, its lane reads counted: a lane that meets a dead credential again reads on.
    let reads = 0;
    const counted = new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        if (key !== "dueDeliveries") return value.bind(target); // its private fields are the target's
        return (...args: unknown[]) => {
          reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    // The backlog is in before the engine starts: an engine picking events up as they trickle in
    // reads once per poll, so the count below would measure how slow the inserts were.
    await store.insertEvent({ source: "api", event: burstEvent(0, "bad") });
    for (let i = 1; i <= 60; i++) await store.insertEvent({ source: "api", event: burstEvent(i, "good") });
    const engine: DeliveryEngine = engineFor(
      counted,
      {
        good: { token, rateLimit: rate },
        bad: { token, secret: "not-a-signing-secret", rateLimit: rate },
      },
      {
        observer: {
          // When the first of "bad" dies, another of its events comes while the lane is still being
          // worked (its robot's other credential has a backlog): it must die too, not stall the lane.
          dead: (info) => {
            if (info.credential !== "bad" || again !== undefined) return;
            again = store
              .insertEvent({ source: "api", event: burstEvent(1000, "bad") })
              .then(() => engine.wake());
          },
        },
      },
    );
    emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 20, seed: 5 });
    try {
      engine.wake();
      const byState = await settled(store, 62, 30_000);
      await again;
      assert.equal(byState.dead, 2, "both of the credential that cannot send");
      assert.equal(byState.sent + byState.merged, 60, "every one of the other credential");
      const dead = (await store.listDeliveries({ credential: "bad" })).items;
      assert.deepEqual(
        dead.map((d) => d.state),
        ["dead", "dead"],
      );
      assert.match(dead[0]?.fix ?? "", /SEC/);
      // 62 deliveries, 32 read at a time, a few reads more around each death: not a lane spinning
      // on a credential it remembered as dead while its new delivery waited.
      assert.ok(reads < 100, `the lane read its deliveries ${reads} times`);
    } finally {
      emulator.setFaults(undefined);
    }
  });

  it("after a crash, sends what was in flight again first as the digest it was, not merged with newer events", async () => {
    const store = await freshStore();
    const rate = { messages: 2, perSeconds: 2 };
    await addLane(store, "ops", rate);
    const INFLIGHT = tok("dingtalk", "inflight");
    for (let i = 0; i < 3; i++) await store.insertEvent({ source: "api", event: burstEvent(i, "inflight") });
    const now = Date.now();
    await store.expandEvents({ limit: 100, now, select: (e, rules, facts) => selectRules(rules, e, facts) });
    // A worker claimed the lane, began a digest of the three, and died before the answer was recorded.
    const lane = await store.claimLane({ owner: "dead", now, leaseMs: 1 });
    assert.ok(lane);
    const inFlight = (await store.dueDeliveries(lane, now, 10)).items.map((d) => d.id);
    assert.equal(inFlight.length, 3);
    assert.ok(await store.beginSend({ lane, owner: "dead", ids: inFlight, now, leaseMs: 1 }));
    // Newer events, more than the robot's window lets out one by one: they go as a digest of their own.
    for (let i = 3; i < 13; i++) await store.insertEvent({ source: "api", event: burstEvent(i, "inflight") });
    engineFor(store, { ops: { token: INFLIGHT, rateLimit: rate } }).wake();
    const byState = await settled(store, 13, 30_000);
    assert.equal(byState.sent + byState.merged, 13);
    const tasks = texts(emulator, INFLIGHT).map((t) =>
      [...t.matchAll(/task-(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b),
    );
    assert.deepEqual(tasks[0], [0, 1, 2], "the in-flight digest again, alone, first");
    assert.deepEqual(
      tasks
        .slice(1)
        .flat()
        .sort((a, b) => a - b),
      [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      "every newer event once, none merged into the re-sent digest",
    );
  });

  it("idle, one worker polls and asks for no lane while nothing is due; the work it finds wakes the others", async () => {
    const store = await freshStore();
    const rate = { messages: 1000, perSeconds: 1 };
    const lanes = ["idle-a", "idle-b", "idle-c", "idle-d"];
    for (const lane of lanes) await addLane(store, lane, rate);
    // Who asked for a lane, and who got one; how often the next due time was asked (once a poll).
    const asked: string[] = [];
    const claimed: string[] = [];
    let polls = 0;
    // How often the engine asked to expand events (an idle poll asks nothing else: IdleLook).
    let expansions = 0;
    const counted = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (key === "claimLane")
          return async (args: Parameters<Store["claimLane"]>[0]) => {
            asked.push(args.owner);
            const lane = await target.claimLane(args);
            if (lane !== undefined) claimed.push(args.owner);
            return lane;
          };
        if (key === "idleLook")
          return async (at: number) => {
            polls++;
            return target.idleLook(at);
          };
        if (key === "expandEvents")
          return async (args: Parameters<Store["expandEvents"]>[0]) => {
            expansions++;
            return target.expandEvents(args);
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const robots = Object.fromEntries(
      lanes.map((l) => [l, { token: tok("dingtalk", "idle"), rateLimit: rate }]),
    );
    emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 200, seed: 5 });
    try {
      engineFor(counted, robots, { concurrency: 8, pollMs: 20 });
      // Start-up: one worker asks for a lane; the other seven wait until called.
      await waitFor(
        "the first look",
        () => asked.length,
        (n) => n >= 1,
        20_000,
      );
      await waitFor(
        "the first idle poll",
        () => polls,
        (n) => n >= 1,
        20_000,
      );
      const startUp = asked.length;
      assert.deepEqual(asked, [asked[0]], `at start: ${asked.join(" ")}`);
      const from = polls;
      const expandedBefore = expansions;
      await waitFor(
        "60 idle polls",
        () => polls,
        (n) => n >= from + 60,
        20_000,
      );
      // Nothing due: the polls asked for the next due time only, not for a lane (the engine before asked
      // for one at every poll, and with eight workers polling, eight).
      assert.equal(asked.length, startUp, asked.slice(startUp).join(" "));
      // …and one question a poll: no expansion asked while nothing waits.
      assert.equal(expansions, expandedBefore, "expansions asked while idle");
      // An event accepted elsewhere (no wake()), one delivery for each lane: the polling worker finds a
      // lane and wakes the others, which take the other lanes while its message is on the wire.
      await store.insertEvent({ source: "api", event: burstEvent(2000, "idle") });
      const byState = await settled(store, lanes.length, 20_000);
      assert.equal(byState.sent, lanes.length);
      assert.ok(new Set(claimed).size > 1, `every lane claimed by one worker: ${claimed.join(" ")}`);
    } finally {
      emulator.setFaults(undefined);
    }
  });

  it("gives a robot's lane back in the step that records its last delivery: nothing left to send, the lane is free", async () => {
    const store = await freshStore();
    const rate = { messages: 1000, perSeconds: 1 };
    await addLane(store, "free", rate);
    // After each recording or release the worker makes: is everything sent while the lane is still held?
    // A test message (or anyone asking for the robot) would then be refused as busy.
    const heldAfter: string[] = [];
    const recording = new Set(["finishSend", "finishAndBegin", "finishAndRelease", "releaseLane"]);
    const watched = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (!recording.has(String(prop))) return value.bind(target);
        return async (...args: unknown[]) => {
          const result = await value.apply(target, args);
          const { byState } = await target.deliveryStats();
          const lease = (await target.laneStates(["free"])).get("free")?.leaseUntil;
          if (byState.pending + byState.sending === 0 && lease !== undefined) heldAfter.push(String(prop));
          return result;
        };
      },
    });
    const engine = engineFor(watched, { free: { token: tok("dingtalk", "free"), rateLimit: rate } });
    for (const round of [0, 1]) {
      for (let i = 0; i < 3; i++)
        await store.insertEvent({ source: "api", event: burstEvent(2000 + round * 10 + i, "free") });
      engine.wake();
      await settled(store, 3 * (round + 1), 20_000);
      await waitFor(
        "the lane given back",
        async () => (await store.laneStates(["free"])).get("free")?.leaseUntil,
        (lease) => lease === undefined,
        10_000,
      );
    }
    assert.equal(texts(emulator, tok("dingtalk", "free")).length, 6);
    assert.deepEqual(heldAfter, [], "the lane was held after its last delivery was recorded");
  });

  it("stops gracefully: lanes are given back and a new engine carries on", async () => {
    const store = await freshStore();
    const rate = { messages: 1000, perSeconds: 1 };
    await addLane(store, "burst", rate);
    emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 100, seed: 3 });
    const robots = { burst: { token: tok("dingtalk", "burst"), rateLimit: rate } };
    try {
      const first = engineFor(store, robots);
      for (let i = 0; i < 20; i++)
        await store.insertEvent({ source: "api", event: burstEvent(1000 + i, "stop") });
      first.wake();
      await waitFor(
        "a first message",
        () => store.deliveryStats(),
        (s) => s.byState.sent > 0,
        10_000,
      );
      await first.stop();
      const afterStop = await store.deliveryStats();
      assert.equal(afterStop.byState.sending, 0);
      emulator.setFaults(undefined);
      const second = engineFor(store, robots, { leaseMs: 60_000 });
      second.wake();
      const byState = await settled(store, 20, 20_000);
      assert.equal(byState.sent + byState.merged, 20);
    } finally {
      emulator.setFaults(undefined);
    }
  });
});
