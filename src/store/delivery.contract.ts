/**
 * The delivery engine's storage operations (src/delivery/delivery-store.ts), part of the storage
 * contract every dialect must pass. Clock values are passed explicitly, so nothing here waits.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { FinishSend, RuleSelector, SendOutcome } from "../delivery/delivery-store.ts";
import type { DingTalkMessage } from "../dingtalk/message.ts";
import { isDingpipeError } from "../errors.ts";
import { eventOf, ruleFor } from "./store.contract.ts";
import type { DeliveryAttempt, Store } from "./store.ts";

/** A stand-in for notify's selectRules: status in rule.events. */
const select: RuleSelector = (event, rules) => rules.filter((r) => r.events.includes(event.task.status));

const attempt = (errcode: number, errmsg: string): DeliveryAttempt => ({
  at: new Date().toISOString(),
  durationMs: 12,
  errcode,
  errmsg,
});

const markdown = (text: string) => ({ msgtype: "markdown" as const, markdown: { title: "t", text } });

/** One rule for `credential`, `n` failure events, expanded: returns the delivery ids in lane order. */
async function lane(store: Store, credential: string, n: number, now: number): Promise<string[]> {
  await store.createNotification(ruleFor(credential));
  for (let i = 0; i < n; i++) await store.insertEvent({ source: "api", event: eventOf(`task-${i}`) });
  await store.expandEvents({ limit: 1000, now, select });
  const due = await store.dueDeliveries(credential, now, 1000);
  return due.items.map((d) => d.id);
}

/** The lane "ops"'s request `slot`, answered at `at` with `outcome`. */
const finishOn = (slot: string, at: number, outcome: SendOutcome): FinishSend => ({
  lane: "ops",
  slot,
  answeredAt: at,
  outcome,
});

/** The lane "ops"'s request `slot`, answered at `at`: sent, carrying `message` (default one named by the carrier). */
const sentOn = (
  carrierId: string,
  slot: string,
  at: number,
  message: object | string = markdown(carrierId),
) => ({
  lane: "ops",
  slot,
  answeredAt: at,
  outcome: { kind: "sent" as const, carrierId, mergedIds: [], message, attempt: attempt(0, "ok") },
});

/** A due delivery's retryable failures so far (undefined when it is not due at `at`). */
async function triesOf(store: Store, id: string, at: number): Promise<number | undefined> {
  return (await store.dueDeliveries("ops", at, 100)).items.find((d) => d.id === id)?.tries;
}

export function runDeliveryContract(fresh: () => Promise<Store>): void {
  it("expands events into one delivery per matching rule, once", async () => {
    const store = await fresh();
    const now = Date.now();
    const ops = await store.createNotification(ruleFor("ops"));
    await store.createNotification(ruleFor("other", { events: ["started"] }));
    const e1 = await store.insertEvent({ source: "api", event: eventOf("build", "failure") });
    await store.insertEvent({ source: "api", event: eventOf("deploy", "success") });
    await store.insertEvent({ source: "api", event: eventOf("lint", "started") });
    assert.deepEqual(await store.expandEvents({ limit: 2, now, select }), { events: 2, deliveries: 2 });
    assert.deepEqual(await store.expandEvents({ limit: 10, now, select }), { events: 1, deliveries: 1 });
    assert.deepEqual(await store.expandEvents({ limit: 10, now, select }), { events: 0, deliveries: 0 });
    assert.equal(await store.hasUnexpanded(), false);

    const all = await store.listDeliveries({});
    assert.equal(all.items.length, 3);
    assert.equal(all.next, undefined);
    const last = all.items[2]!;
    assert.equal(last.eventId, e1.id);
    assert.equal(last.notificationId, ops.id);
    assert.equal(last.credential, "ops");
    assert.equal(last.pipeline, "web-release");
    assert.equal(last.task, "build");
    assert.equal(last.eventStatus, "failure");
    assert.equal(last.state, "pending");
    assert.deepEqual(last.attempts, []);
    assert.deepEqual(await store.getDelivery(last.id), last);
    assert.equal(await store.getDelivery("31337"), undefined);

    assert.equal((await store.listDeliveries({ credential: "ops" })).items.length, 2);
    assert.equal((await store.listDeliveries({ credential: "other", state: "pending" })).items.length, 1);
    assert.equal((await store.listDeliveries({ state: "dead" })).items.length, 0);
    assert.equal((await store.listDeliveries({ pipeline: "web-release" })).items.length, 3);
    assert.equal(
      (await store.listDeliveries({ pipeline: "web-*" })).items.length,
      3,
      "a glob like the rules'",
    );
    assert.equal((await store.listDeliveries({ pipeline: "WEB-*" })).items.length, 0, "case-sensitive");
    assert.equal((await store.listDeliveries({ pipeline: "web_release" })).items.length, 0, "_ is literal");
    assert.equal((await store.listDeliveries({ pipeline: "*-releas?" })).items.length, 3);
    assert.deepEqual(
      (await store.listDeliveries({ eventId: e1.id })).items.map((d) => d.id),
      [last.id],
      "the deliveries one event made",
    );
    assert.equal((await store.listDeliveries({ eventId: "999999" })).items.length, 0);
    assert.equal((await store.listDeliveries({ eventId: "x'1" })).items.length, 0);
    assert.equal((await store.getEvent(e1.id))?.expanded, true);
    const p1 = await store.listDeliveries({ limit: 2 });
    assert.equal(p1.items.length, 2);
    assert.ok(p1.next);
    const p2 = await store.listDeliveries({ limit: 2, cursor: p1.next });
    assert.deepEqual(
      p2.items.map((d) => d.id),
      [last.id],
    );
    assert.equal(p2.next, undefined);
    await assert.rejects(store.listDeliveries({ cursor: "garbage!" }), (e) =>
      isDingpipeError(e, "bad_cursor"),
    );

    const stats = await store.deliveryStats();
    assert.deepEqual(stats.byState, { pending: 3, sending: 0, sent: 0, merged: 0, dead: 0 });
    assert.deepEqual(stats.backlogByCredential, { ops: 2, other: 1 });
    const timeline = await store.deliveryTimeline(new Date(Date.now() - 120_000).toISOString(), 60);
    assert.ok(timeline.length >= 2);
    assert.equal(
      timeline.reduce((sum, b) => sum + b.counts.pending, 0),
      3,
    );
    // The chart follows the list's filters.
    const since = new Date(Date.now() - 120_000).toISOString();
    const pending = async (filter: Parameters<typeof store.deliveryTimeline>[2]) =>
      (await store.deliveryTimeline(since, 60, filter)).reduce((sum, b) => sum + b.counts.pending, 0);
    assert.equal(await pending({ credential: "ops" }), 2);
    assert.equal(await pending({ credential: "ops", pipeline: "web-*" }), 2);
    assert.equal(await pending({ pipeline: "api-*" }), 0);
    assert.equal(await pending({ state: "dead" }), 0);
    assert.equal(await pending({ state: "pending", credential: "other" }), 1);
  });

  it("gives a lane to one worker at a time and sends in order", async () => {
    const store = await fresh();
    const now = Date.now();
    const ids = await lane(store, "ops", 3, now);
    assert.equal(ids.length, 3);
    const claims = await Promise.all([
      store.claimLane({ owner: "a", now, leaseMs: 30_000 }),
      store.claimLane({ owner: "b", now, leaseMs: 30_000 }),
    ]);
    assert.deepEqual(claims.filter(Boolean), ["ops"]);
    const owner = claims[0] === "ops" ? "a" : "b";
    const thief = owner === "a" ? "b" : "a";

    const due = await store.dueDeliveries("ops", now, 2);
    assert.equal(due.total, 3);
    assert.deepEqual(
      due.items.map((d) => d.id),
      ids.slice(0, 2),
    );
    assert.equal(due.items[0]?.event.task.name, "task-0");
    assert.deepEqual(due.items[0]?.rule, ruleFor("ops"));
    assert.equal(due.items[0]?.tries, 0);

    const [first, second, third] = ids as [string, string, string];
    assert.equal(
      await store.beginSend({ lane: "ops", owner: thief, ids: [first], now, leaseMs: 30_000 }),
      undefined,
    );
    const begun = await store.beginSend({
      lane: "ops",
      owner,
      ids: [first, second],
      now,
      leaseMs: 30_000,
    });
    assert.ok(begun);
    assert.equal((await store.getDelivery(first))?.state, "sending");
    assert.deepEqual(await store.laneSends("ops", now - 1000), [now]);
    const message = markdown("digest of 2");
    await store.finishSend({
      lane: "ops",
      slot: begun.slot,
      answeredAt: now + 40,
      outcome: { kind: "sent", carrierId: first, mergedIds: [second], message, attempt: attempt(0, "ok") },
    });
    const sent = await store.getDelivery(first);
    assert.equal(sent?.state, "sent");
    assert.deepEqual(sent?.message, message);
    assert.equal(sent?.attempts.length, 1);
    assert.equal(sent?.attempts[0]?.errcode, 0);
    assert.ok(sent?.sentAt);
    const merged = await store.getDelivery(second);
    assert.equal(merged?.state, "merged");
    assert.equal(merged?.mergedInto, first);
    assert.deepEqual(
      (await store.listDeliveries({ mergedInto: first })).items.map((d) => d.id),
      [second],
      "the deliveries a digest carried",
    );
    assert.deepEqual((await store.listDeliveries({ mergedInto: second })).items, []);
    assert.deepEqual((await store.listDeliveries({ mergedInto: "x" })).items, []);
    assert.deepEqual(await store.laneSends("ops", now), [now + 40]);
    assert.equal(await store.renewLane("ops", owner, now + 60_000), true);
    assert.equal(await store.renewLane("ops", thief, now + 60_000), false);
    // Until when a worker holds the lane: a delivery "sending" past it was left by one that stopped.
    assert.equal((await store.laneStates(["ops"])).get("ops")?.leaseUntil, now + 60_000);

    await store.releaseLane("ops", owner, now + 5000);
    assert.equal(await store.claimLane({ owner: thief, now: now + 100, leaseMs: 30_000 }), undefined);
    assert.equal(await store.nextWakeAt(now + 100), now + 5000);
    assert.equal(
      (await store.idleLook(now + 100)).next,
      now + 5000,
      "the idle poll's question, no card waiting",
    );
    assert.equal(await store.claimLane({ owner: thief, now: now + 5000, leaseMs: 30_000 }), "ops");
    assert.deepEqual(
      (await store.dueDeliveries("ops", now + 5000, 10)).items.map((d) => d.id),
      [third],
    );
    await store.pruneSendLog(now + 41);
    assert.deepEqual(await store.laneSends("ops", 0), []);
  });

  it("keeps the sent message as sent: its JSON text's key order and every character, NUL included", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first, second] = (await lane(store, "ops", 2, now)) as [string, string];
    assert.equal(await store.claimLane({ owner: "w", now, leaseMs: 30_000 }), "ops");
    // Keys in the order the client wrote them (not sorted), characters a store might normalise.
    const sent = JSON.stringify({
      msgtype: "markdown",
      markdown: { title: "nul \u0000 title", text: '### t\n\n> \u2028 line \ud83d\ude80 \u00e9 \\ "q"' },
      at: { isAtAll: false, atMobiles: ["13800000000"] },
    });
    const one = await store.beginSend({ lane: "ops", owner: "w", ids: [first], now, leaseMs: 30_000 });
    assert.ok(one);
    await store.finishSend({
      lane: "ops",
      slot: one.slot,
      answeredAt: now + 10,
      outcome: { kind: "sent", carrierId: first, mergedIds: [], message: sent, attempt: attempt(0, "ok") },
    });
    assert.equal(JSON.stringify((await store.getDelivery(first))?.message), sent);
    // A message DingTalk refused is kept as it was sent too.
    const two = await store.beginSend({ lane: "ops", owner: "w", ids: [second], now, leaseMs: 30_000 });
    assert.ok(two);
    const refused = { text: { content: "\u0000 x" }, msgtype: "text" } as unknown as DingTalkMessage;
    await store.finishSend({
      lane: "ops",
      slot: two.slot,
      answeredAt: now + 20,
      outcome: {
        kind: "dead",
        carrierId: second,
        ids: [second],
        attempt: attempt(310000, "keywords not in content"),
        lastError: "keywords_missing: keywords not in content",
        fix: "add a keyword",
        message: refused,
      },
    });
    assert.equal(JSON.stringify((await store.getDelivery(second))?.message), JSON.stringify(refused));
  });

  it("records one request's outcome and begins the next in one step, the outcome even without the lease", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first, second, third, fourth] = (await lane(store, "ops", 4, now)) as [
      string,
      string,
      string,
      string,
    ];
    assert.equal(await store.claimLane({ owner: "w", now, leaseMs: 30_000 }), "ops");
    const one = await store.beginSend({ lane: "ops", owner: "w", ids: [first], now, leaseMs: 30_000 });
    assert.ok(one);
    // The message as sent, as JSON text: stored as is.
    const sentText = JSON.stringify(markdown("first"));
    const two = await store.finishAndBegin(sentOn(first, one.slot, now + 20, sentText), {
      lane: "ops",
      owner: "w",
      ids: [second],
      now: now + 30,
      leaseMs: 30_000,
    });
    assert.ok(two);
    const sent = await store.getDelivery(first);
    assert.equal(sent?.state, "sent");
    assert.deepEqual(sent?.message, markdown("first"));
    assert.equal(sent?.attempts.length, 1);
    assert.equal((await store.getDelivery(second))?.state, "sending");
    assert.deepEqual(await store.laneSends("ops", now), [now + 20, now + 30]);

    // A permanent failure, then the next request of the lane.
    const three = await store.finishAndBegin(
      {
        lane: "ops",
        slot: two.slot,
        answeredAt: now + 50,
        outcome: {
          kind: "dead",
          carrierId: second,
          ids: [second],
          attempt: attempt(300001, "token is not exist"),
          lastError: "unknown_token: token is not exist",
          fix: "copy the webhook again",
        },
      },
      { lane: "ops", owner: "w", ids: [third], now: now + 60, leaseMs: 30_000 },
    );
    assert.ok(three);
    const dead = await store.getDelivery(second);
    assert.equal(dead?.state, "dead");
    assert.equal(dead?.fix, "copy the webhook again");
    assert.equal(dead?.attempts[0]?.errcode, 300001);
    assert.equal((await store.getDelivery(third))?.state, "sending");

    // The lease went to another worker: the outcome is recorded, the next request is not begun.
    assert.equal(await store.claimLane({ owner: "x", now: now + 31_000, leaseMs: 30_000 }), "ops");
    assert.equal((await store.getDelivery(third))?.state, "sending", "in flight, for the new holder");
    assert.deepEqual(
      (await store.inFlightDeliveries("ops")).map((d) => d.id),
      [third],
    );
    const lost = await store.finishAndBegin(
      {
        lane: "ops",
        slot: three.slot,
        answeredAt: now + 31_001,
        outcome: {
          kind: "sent",
          carrierId: third,
          mergedIds: [],
          message: markdown("third"),
          attempt: attempt(0, "ok"),
        },
      },
      { lane: "ops", owner: "w", ids: [fourth], now: now + 31_002, leaseMs: 30_000 },
    );
    assert.equal(lost, undefined);
    assert.equal((await store.getDelivery(third))?.state, "sent");
    assert.deepEqual(await store.inFlightDeliveries("ops"), [], "answered after all: nothing to send again");
    assert.equal((await store.getDelivery(fourth))?.state, "pending");
    assert.deepEqual(await store.laneSends("ops", now), [now + 20, now + 50, now + 31_001]);
  });

  it("records a retry or a throttle and begins the next request in one step: the robot's state, its wait and the lease", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first, second, third] = (await lane(store, "ops", 3, now)) as [string, string, string];
    assert.equal(await store.claimLane({ owner: "w", now, leaseMs: 30_000 }), "ops");
    const one = await store.beginSend({ lane: "ops", owner: "w", ids: [first], now, leaseMs: 30_000 });
    assert.ok(one);
    const two = await store.finishAndBegin(
      finishOn(one.slot, now + 20, {
        kind: "retry",
        carrierId: first,
        ids: [first],
        attempt: attempt(-1, "busy"),
        runAt: now + 7000,
        lastError: "robot_busy: busy",
      }),
      { lane: "ops", owner: "w", ids: [second], now: now + 30, leaseMs: 40_000 },
    );
    assert.ok(two);
    const retried = await store.getDelivery(first);
    assert.equal(retried?.state, "pending");
    assert.equal(retried?.runAt, new Date(now + 7000).toISOString());
    assert.equal(await triesOf(store, first, now + 7000), 1);
    assert.equal(retried?.lastError, "robot_busy: busy");
    assert.equal(retried?.attempts.length, 1);
    assert.equal((await store.getDelivery(second))?.state, "sending");
    let state = (await store.laneStates(["ops"])).get("ops");
    assert.equal(state?.notBefore, now + 7000, "the lane waits for the retry");
    assert.equal(state?.lastError, "robot_busy: busy");
    assert.equal(state?.lastErrorAt, now + 20);
    assert.equal(state?.leaseUntil, now + 30 + 40_000, "the lease renewed by the next request");

    const three = await store.finishAndBegin(
      finishOn(two.slot, now + 50, {
        kind: "throttled",
        carrierId: second,
        ids: [second],
        attempt: attempt(130101, "send too fast"),
        until: now + 60_000,
        lastError: "throttled: send too fast",
      }),
      { lane: "ops", owner: "w", ids: [third], now: now + 60, leaseMs: 50_000 },
    );
    assert.ok(three);
    assert.equal((await store.getDelivery(second))?.state, "pending");
    assert.equal(await triesOf(store, second, now + 7000), 0, "a throttle is not a try");
    assert.equal((await store.getDelivery(third))?.state, "sending");
    state = (await store.laneStates(["ops"])).get("ops");
    assert.equal(state?.pausedUntil, now + 60_000);
    assert.equal(state?.pauseReason, "throttled: send too fast");
    assert.equal(state?.notBefore, now + 7000, "the retry's wait is kept");
    assert.equal(state?.leaseUntil, now + 60 + 50_000);
    assert.deepEqual(await store.laneSends("ops", now), [now + 20, now + 50, now + 60]);
  });

  it("records the lane's last outcome and gives the lane back in one step; a lane taken over stays its new holder's", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first, second, third] = (await lane(store, "ops", 3, now)) as [string, string, string];
    const lease = { lane: "ops", leaseMs: 30_000 };

    // Sent: recorded, the lane free, waiting for its rate window.
    assert.equal(await store.claimLane({ owner: "w", now, leaseMs: 30_000 }), "ops");
    const one = await store.beginSend({ ...lease, owner: "w", ids: [first], now });
    assert.ok(one);
    const sentText = JSON.stringify(markdown("first"));
    await store.finishAndRelease(sentOn(first, one.slot, now + 20, sentText), "w", now + 5000);
    const sent = await store.getDelivery(first);
    assert.equal(sent?.state, "sent");
    assert.deepEqual(sent?.message, markdown("first"));
    let state = (await store.laneStates(["ops"])).get("ops");
    assert.equal(state?.lastSentAt, now + 20);
    assert.equal(state?.leaseUntil, undefined, "given back");
    assert.equal(state?.notBefore, now + 5000);
    assert.deepEqual(await store.laneSends("ops", now), [now + 20]);
    assert.equal(await store.claimLane({ owner: "x", now: now + 100, leaseMs: 30_000 }), undefined);
    assert.equal(await store.nextWakeAt(now + 100), now + 5000);

    // A retry: the deliveries wait, so does the lane (the later of the retry and the window).
    assert.equal(await store.claimLane({ owner: "x", now: now + 5000, leaseMs: 30_000 }), "ops");
    const two = await store.beginSend({ ...lease, owner: "x", ids: [second, third], now: now + 5000 });
    assert.ok(two);
    await store.finishAndRelease(
      finishOn(two.slot, now + 5020, {
        kind: "retry",
        carrierId: second,
        ids: [second, third],
        attempt: attempt(-1, "timeout"),
        runAt: now + 9000,
        lastError: "timeout: no answer",
      }),
      "x",
      now + 6000,
    );
    assert.equal((await store.getDelivery(second))?.state, "pending");
    assert.equal(await triesOf(store, second, now + 9000), 1, "the carrier's try");
    assert.equal(await triesOf(store, third, now + 9000), 0);
    state = (await store.laneStates(["ops"])).get("ops");
    assert.equal(state?.leaseUntil, undefined);
    assert.equal(state?.notBefore, now + 9000);
    assert.equal(state?.lastError, "timeout: no answer");
    assert.equal(state?.lastSentAt, now + 20, "the last success is kept");
    assert.equal(await store.claimLane({ owner: "y", now: now + 8999, leaseMs: 30_000 }), undefined);

    // Throttled: the robot pauses; the wait asked for at release applies too.
    assert.equal(await store.claimLane({ owner: "y", now: now + 9000, leaseMs: 30_000 }), "ops");
    const three = await store.beginSend({ ...lease, owner: "y", ids: [second], now: now + 9000 });
    assert.ok(three);
    await store.finishAndRelease(
      finishOn(three.slot, now + 9010, {
        kind: "throttled",
        carrierId: second,
        ids: [second],
        attempt: attempt(130101, "send too fast"),
        until: now + 20_000,
        lastError: "throttled: send too fast",
      }),
      "y",
      now + 12_000,
    );
    state = (await store.laneStates(["ops"])).get("ops");
    assert.equal(state?.pausedUntil, now + 20_000);
    assert.equal(state?.pauseReason, "throttled: send too fast");
    assert.equal(state?.notBefore, now + 12_000);
    assert.equal(state?.leaseUntil, undefined);
    assert.equal((await store.getDelivery(second))?.state, "pending");

    // The lease ran out and another worker took the lane: the late outcome is recorded, the lane and
    // its wait stay the new holder's.
    assert.equal(await store.claimLane({ owner: "z", now: now + 20_000, leaseMs: 30_000 }), "ops");
    const four = await store.beginSend({ ...lease, owner: "z", ids: [second], now: now + 20_000 });
    assert.ok(four);
    assert.equal(await store.claimLane({ owner: "t", now: now + 50_001, leaseMs: 30_000 }), "ops");
    await store.finishAndRelease(
      finishOn(four.slot, now + 50_002, {
        kind: "dead",
        carrierId: second,
        ids: [second],
        attempt: attempt(300001, "token is not exist"),
        lastError: "unknown_token: token is not exist",
        fix: "copy the webhook again",
      }),
      "z",
      now + 900_000,
    );
    assert.equal((await store.getDelivery(second))?.state, "dead");
    state = (await store.laneStates(["ops"])).get("ops");
    assert.equal(state?.leaseUntil, now + 50_001 + 30_000, "still t's");
    assert.equal(state?.notBefore, now + 12_000, "z's wait is not t's");
    assert.equal(state?.lastError, "unknown_token: token is not exist", "the robot's state is recorded");
    await store.releaseLane("ops", "t");
    assert.equal(await store.claimLane({ owner: "u", now: now + 50_003, leaseMs: 30_000 }), "ops");
  });

  it("records an answer kept while the store was down, only while the lane is still the worker's, once", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first, second] = (await lane(store, "ops", 2, now)) as [string, string];
    assert.equal(await store.claimLane({ owner: "w", now, leaseMs: 1000 }), "ops");
    const one = await store.beginSend({ lane: "ops", owner: "w", ids: [first], now, leaseMs: 1000 });
    assert.ok(one);
    // The robot answered; the store was down until after the lease ran out, and nobody claimed the lane.
    assert.equal(await store.finishOwed(sentOn(first, one.slot, now + 10), "w"), "recorded");
    assert.equal((await store.getDelivery(first))?.state, "sent");
    assert.deepEqual(await store.inFlightDeliveries("ops"), [], "nothing left to send again");
    assert.deepEqual(await store.laneSends("ops", now), [now + 10]);
    // The same answer again (the first try was committed after all): nothing changes.
    assert.equal(await store.finishOwed(sentOn(first, one.slot, now + 20), "w"), "done");
    assert.equal((await store.getDelivery(first))?.attempts.length, 1);
    await store.releaseLane("ops", "w");

    // This time another worker claimed the lane meanwhile: it sends the batch again, nothing is recorded.
    assert.equal(await store.claimLane({ owner: "w", now: now + 100, leaseMs: 1000 }), "ops");
    const two = await store.beginSend({
      lane: "ops",
      owner: "w",
      ids: [second],
      now: now + 100,
      leaseMs: 1000,
    });
    assert.ok(two);
    assert.equal(await store.claimLane({ owner: "other", now: now + 1101, leaseMs: 1000 }), "ops");
    assert.equal(await store.finishOwed(sentOn(second, two.slot, now + 1200), "w"), "lost");
    assert.equal((await store.getDelivery(second))?.state, "sending");
    assert.deepEqual(
      (await store.inFlightDeliveries("ops")).map((d) => d.id),
      [second],
      "for the new holder to send again",
    );
  });

  it("finds an answer recorded when finishAndRelease committed but its answer was lost, even once the lane is gone", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first] = (await lane(store, "ops", 1, now)) as [string];
    assert.equal(await store.claimLane({ owner: "w", now, leaseMs: 1000 }), "ops");
    const one = await store.beginSend({ lane: "ops", owner: "w", ids: [first], now, leaseMs: 1000 });
    assert.ok(one);
    const finish = sentOn(first, one.slot, now + 10);
    // Committed: the outcome recorded and the lane given back; the worker never heard, so it owes it.
    await store.finishAndRelease(finish, "w");
    assert.equal(await store.finishOwed(finish, "w"), "done", "the carrier holds this very attempt");
    // Another worker holds the lane by the time the owed answer is tried: still recorded, not lost.
    await store.insertEvent({ source: "api", event: eventOf("task-later") });
    await store.expandEvents({ limit: 1000, now: now + 20, select });
    // Claimed at once, before the lease "w" was given would have run out: the release was committed.
    assert.equal(await store.claimLane({ owner: "other", now: now + 30, leaseMs: 1000 }), "ops");
    assert.equal(await store.finishOwed(finish, "w"), "done");
    const delivery = await store.getDelivery(first);
    assert.equal(delivery?.state, "sent");
    assert.equal(delivery?.attempts.length, 1, "recorded once");
    // An answer this store never recorded, on a lane that is someone else's: lost, nothing changed.
    assert.equal(await store.finishOwed(sentOn(first, one.slot, now + 40), "w"), "lost");
    assert.equal((await store.getDelivery(first))?.attempts.length, 1);
  });

  it("hands a dead worker's lane and its in-flight deliveries to another worker after the lease", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first] = (await lane(store, "ops", 2, now)) as [string];
    assert.equal(await store.claimLane({ owner: "dead", now, leaseMs: 1000 }), "ops");
    assert.ok(await store.beginSend({ lane: "ops", owner: "dead", ids: [first], now, leaseMs: 1000 }));
    assert.equal(await store.claimLane({ owner: "alive", now: now + 999, leaseMs: 1000 }), undefined);
    assert.equal(await store.claimLane({ owner: "alive", now: now + 1001, leaseMs: 1000 }), "ops");
    assert.equal((await store.getDelivery(first))?.state, "sending");
    assert.deepEqual(
      (await store.inFlightDeliveries("ops")).map((d) => d.id),
      [first],
      "what the dead worker had in flight, for the new holder to send again",
    );
    assert.deepEqual(
      await store.laneSends("ops", now),
      [now + 1001],
      "the dead worker's request may have reached the robot at any time until now: it counts as sent at the takeover",
    );
    assert.equal((await store.dueDeliveries("ops", now + 1001, 10)).total, 1, "the newer one only");
    assert.equal(
      await store.beginSend({
        lane: "ops",
        owner: "dead",
        ids: [first],
        now: now + 1002,
        leaseMs: 1000,
      }),
      undefined,
    );
  });

  it("keeps a dead worker's in-flight digest as that one batch, apart from newer deliveries", async () => {
    const store = await fresh();
    const now = Date.now();
    const [a, b, c] = (await lane(store, "ops", 3, now)) as [string, string, string];
    assert.equal(await store.claimLane({ owner: "dead", now, leaseMs: 1000 }), "ops");
    assert.ok(await store.beginSend({ lane: "ops", owner: "dead", ids: [a, b, c], now, leaseMs: 1000 }));
    // Events keep coming while the worker is dead.
    for (let i = 0; i < 2; i++) await store.insertEvent({ source: "api", event: eventOf(`late-${i}`) });
    await store.expandEvents({ limit: 1000, now: now + 500, select });
    const newer = (await store.dueDeliveries("ops", now + 500, 10)).items.map((d) => d.id);
    assert.equal(newer.length, 2);

    assert.equal(await store.claimLane({ owner: "next", now: now + 1001, leaseMs: 30_000 }), "ops");
    const inFlight = await store.inFlightDeliveries("ops");
    assert.deepEqual(
      inFlight.map((d) => d.id),
      [a, b, c],
      "the digest as it was, in order",
    );
    assert.deepEqual(
      inFlight.map((d) => d.event.task.name),
      ["task-0", "task-1", "task-2"],
    );
    assert.deepEqual(inFlight[0]?.rule, ruleFor("ops"));
    assert.deepEqual(
      (await store.dueDeliveries("ops", now + 1001, 200)).items.map((d) => d.id),
      newer,
      "the newer deliveries are due apart: nothing merges them into the re-sent digest",
    );
    assert.deepEqual(await store.laneSends("ops", 0), [now + 1001]);

    // Given back before re-sending (its window was full): still in flight, and the send log is
    // restamped once per takeover only (a lane given back is no crash).
    await store.releaseLane("ops", "next");
    assert.equal(await store.claimLane({ owner: "next", now: now + 2000, leaseMs: 30_000 }), "ops");
    assert.deepEqual(
      (await store.inFlightDeliveries("ops")).map((d) => d.id),
      [a, b, c],
    );
    assert.deepEqual(await store.laneSends("ops", 0), [now + 1001]);

    // Sent again as one digest: recorded like any, then nothing is in flight.
    const again = await store.beginSend({
      lane: "ops",
      owner: "next",
      ids: [a, b, c],
      now: now + 2000,
      leaseMs: 30_000,
    });
    assert.ok(again);
    await store.finishSend({
      lane: "ops",
      slot: again.slot,
      answeredAt: now + 2010,
      outcome: {
        kind: "sent",
        carrierId: a,
        mergedIds: [b, c],
        message: markdown("digest of 3"),
        attempt: attempt(0, "ok"),
      },
    });
    assert.deepEqual(await store.inFlightDeliveries("ops"), []);
    assert.deepEqual(
      (await store.listDeliveries({ mergedInto: a })).items.map((d) => d.id).sort(),
      [b, c].sort(),
    );
    assert.deepEqual(
      (await store.dueDeliveries("ops", now + 2010, 200)).items.map((d) => d.id),
      newer,
    );
  });

  it("keeps retryable failures pending with backoff, and blocks the lane until then", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first, second] = (await lane(store, "ops", 2, now)) as [string, string];
    await store.claimLane({ owner: "w", now, leaseMs: 30_000 });
    const begun = await store.beginSend({
      lane: "ops",
      owner: "w",
      ids: [first],
      now,
      leaseMs: 30_000,
    });
    await store.finishSend({
      lane: "ops",
      slot: begun!.slot,
      answeredAt: now + 10,
      outcome: {
        kind: "retry",
        carrierId: first,
        ids: [first],
        attempt: attempt(-1, "system busy"),
        runAt: now + 5000,
        lastError: "system_busy: DingTalk is busy",
      },
    });
    await store.releaseLane("ops", "w");
    const row = await store.getDelivery(first);
    assert.equal(row?.state, "pending");
    assert.equal(row?.lastError, "system_busy: DingTalk is busy");
    assert.equal(row?.attempts.length, 1);
    assert.equal(row?.runAt, new Date(now + 5000).toISOString());
    assert.deepEqual(
      (await store.dueDeliveries("ops", now + 100, 10)).items.map((d) => d.id),
      [second],
    );
    assert.equal(await store.claimLane({ owner: "w", now: now + 100, leaseMs: 30_000 }), undefined);
    assert.equal(await store.claimLane({ owner: "w", now: now + 5000, leaseMs: 30_000 }), "ops");
    const due = await store.dueDeliveries("ops", now + 5000, 10);
    assert.deepEqual(
      due.items.map((d) => [d.id, d.tries]),
      [
        [first, 1],
        [second, 0],
      ],
    );
  });

  it("turns permanent failures into dead letters with the fix, and retries them on request", async () => {
    const store = await fresh();
    const now = Date.now();
    const [first, second] = (await lane(store, "ops", 3, now)) as [string, string];
    await store.claimLane({ owner: "w", now, leaseMs: 30_000 });
    const begun = await store.beginSend({
      lane: "ops",
      owner: "w",
      ids: [first, second],
      now,
      leaseMs: 30_000,
    });
    // While the attempt is in flight, a retry changes nothing: the attempt's outcome decides the state.
    const inFlight = await store.getDelivery(first);
    assert.equal(inFlight?.state, "sending");
    assert.equal(await store.retryDelivery(first), "sending");
    assert.deepEqual(await store.getDelivery(first), inFlight);
    await store.finishSend({
      lane: "ops",
      slot: begun!.slot,
      answeredAt: now + 10,
      outcome: {
        kind: "dead",
        carrierId: first,
        ids: [first, second],
        attempt: attempt(310000, "sign not match"),
        lastError: "signature_mismatch: sign not match",
        fix: "set the robot's SEC… secret",
        message: markdown("x"),
      },
    });
    for (const id of [first, second]) {
      const dead = await store.getDelivery(id);
      assert.equal(dead?.state, "dead");
      assert.equal(dead?.fix, "set the robot's SEC… secret");
      assert.equal(dead?.lastError, "signature_mismatch: sign not match");
    }
    assert.deepEqual((await store.getDelivery(first))?.message, markdown("x"));
    assert.equal((await store.deliveryStats()).byState.dead, 2);
    assert.equal(await store.killCredential("ops", now, "credential_missing: gone", "create it again"), 1);
    assert.equal((await store.deliveryStats()).byState.dead, 3);
    assert.equal((await store.deliveryStats()).backlogByCredential["ops"], undefined);

    await store.releaseLane("ops", "w");
    assert.equal(await store.retryDelivery(first), "retried");
    assert.equal(await store.retryDelivery("777777"), "unknown");
    assert.equal(await store.retryDelivery("not-an-id"), "unknown");
    const again = await store.getDelivery(first);
    assert.equal(again?.state, "pending");
    assert.equal(again?.fix, undefined);
    const later = Date.now() + 1;
    assert.equal(await store.claimLane({ owner: "w", now: later, leaseMs: 30_000 }), "ops");
    assert.deepEqual(
      (await store.dueDeliveries("ops", later, 10)).items.map((d) => [d.id, d.tries]),
      [[first, 0]],
    );
  });

  it("pauses a throttled lane and keeps every delivery", async () => {
    const store = await fresh();
    const now = Date.now();
    const ids = await lane(store, "ops", 3, now);
    await store.claimLane({ owner: "w", now, leaseMs: 30_000 });
    const begun = await store.beginSend({ lane: "ops", owner: "w", ids, now, leaseMs: 30_000 });
    await store.finishSend({
      lane: "ops",
      slot: begun!.slot,
      answeredAt: now + 10,
      outcome: {
        kind: "throttled",
        carrierId: ids[0]!,
        ids,
        attempt: attempt(130101, "send too fast"),
        until: now + 600_000,
        lastError: "throttled: send too fast",
      },
    });
    await store.releaseLane("ops", "w");
    assert.equal(await store.claimLane({ owner: "w", now: now + 1000, leaseMs: 30_000 }), undefined);
    assert.equal(await store.nextWakeAt(now + 1000), now + 600_000);
    assert.equal((await store.dueDeliveries("ops", now + 1000, 10)).total, 3);
    await store.pauseLane("ops", now + 700_000, "manual");
    assert.equal(await store.claimLane({ owner: "w", now: now + 600_001, leaseMs: 30_000 }), undefined);
    assert.equal(await store.claimLane({ owner: "w", now: now + 700_000, leaseMs: 30_000 }), "ops");
    const states = await Promise.all(ids.map(async (id) => (await store.getDelivery(id))?.state));
    assert.deepEqual(states, ["pending", "pending", "pending"]);
    assert.equal(await store.nextWakeAt(now), now + 700_000 + 30_000);
  });
}
