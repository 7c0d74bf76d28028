/**
 * Robot lanes, part of the storage contract every dialect must pass: every credential holding one
 * robot's webhook (one robot key) puts its deliveries in that robot's lane — one rate window, one
 * pause — and a credential moves lanes when its robot changes or when it gets its key.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { RuleSelector } from "../delivery/delivery-store.ts";
import { credentialInput, eventOf, ruleFor } from "./store.contract.ts";
import type { DeliveryAttempt, Store } from "./store.ts";

const select: RuleSelector = (event, rules) => rules.filter((r) => r.events.includes(event.task.status));
const attempt = (errcode: number, errmsg: string): DeliveryAttempt => ({
  at: new Date().toISOString(),
  durationMs: 5,
  errcode,
  errmsg,
});
const R1 = "dingtalk:robot-one";
const R2 = "dingtalk:robot-two";

/** Credentials a and b on robot R1, c stored without a key; one rule each; `n` failure events. */
async function setUp(store: Store, n: number, now: number): Promise<void> {
  await store.createCredential(credentialInput("a", { robotKey: R1 }));
  await store.createCredential(credentialInput("b", { robotKey: R1 }));
  await store.createCredential(credentialInput("c"));
  for (const name of ["a", "b", "c"]) await store.createNotification(ruleFor(name));
  for (let i = 0; i < n; i++) await store.insertEvent({ source: "api", event: eventOf(`task-${i}`) });
  await store.expandEvents({ limit: 100, now, select });
}

/** Claims every ready lane (one owner each): lane → owner. */
async function claimAll(store: Store, now: number): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (let i = 0; i < 5; i++) {
    const lane = await store.claimLane({ owner: `w${i}`, now, leaseMs: 30_000 });
    if (lane !== undefined) holders.set(lane, `w${i}`);
  }
  return holders;
}

export function runLanesContract(fresh: () => Promise<Store>): void {
  it("puts the credentials of one robot in one lane: one claim, one send log, one pause", async () => {
    const store = await fresh();
    const now = Date.now();
    await setUp(store, 2, now);
    assert.equal((await store.getCredential("a"))?.robotKey, R1);
    assert.equal((await store.getCredential("c"))?.robotKey, undefined);
    const due = await store.dueDeliveries(R1, now, 10);
    assert.equal(due.total, 4);
    assert.deepEqual(due.items.map((d) => d.credential).sort(), ["a", "a", "b", "b"]);
    assert.equal(
      (await store.dueDeliveries("c", now, 10)).total,
      2,
      "a credential without a key is its own lane",
    );

    const holders = await claimAll(store, now);
    assert.deepEqual([...holders.keys()].sort(), ["c", R1].sort(), "two lanes, not three");

    const ids = due.items.map((d) => d.id);
    const begun = await store.beginSend({
      lane: R1,
      owner: holders.get(R1)!,
      ids: [ids[0]!],
      now,
      leaseMs: 30_000,
    });
    assert.ok(begun);
    await store.finishSend({
      lane: R1,
      slot: begun.slot,
      answeredAt: now + 10,
      outcome: {
        kind: "throttled",
        carrierId: ids[0]!,
        ids: [ids[0]!],
        attempt: attempt(130101, "send too fast"),
        until: now + 600_000,
        lastError: "throttled: send too fast",
      },
    });
    assert.deepEqual(await store.laneSends(R1, now), [now + 10]);
    const state = (await store.laneStates([R1, "c", "never-used"])).get(R1);
    assert.equal(state?.pausedUntil, now + 600_000);
    assert.equal(state?.pauseReason, "throttled: send too fast");
    assert.equal(state?.lastError, "throttled: send too fast");
    assert.equal((await store.laneStates(["never-used"])).size, 0);
  });

  it("records the robot's last success and last error with each outcome", async () => {
    const store = await fresh();
    const now = Date.now();
    await setUp(store, 3, now);
    const lane = await store.claimLane({ owner: "w", now, leaseMs: 30_000 });
    assert.ok(lane);
    const [d1, d2, d3] = (await store.dueDeliveries(lane, now, 10)).items.map((d) => d.id) as [
      string,
      string,
      string,
    ];
    const one = await store.beginSend({ lane, owner: "w", ids: [d1], now, leaseMs: 30_000 });
    const two = await store.finishAndBegin(
      {
        lane,
        slot: one!.slot,
        answeredAt: now + 10,
        outcome: { kind: "sent", carrierId: d1, mergedIds: [], message: "{}", attempt: attempt(0, "ok") },
      },
      { lane, owner: "w", ids: [d2], now: now + 20, leaseMs: 30_000 },
    );
    assert.equal((await store.laneStates([lane])).get(lane)?.lastSentAt, now + 10);
    const three = await store.finishAndBegin(
      {
        lane,
        slot: two!.slot,
        answeredAt: now + 30,
        outcome: {
          kind: "dead",
          carrierId: d2,
          ids: [d2],
          attempt: attempt(310000, "keywords not in content"),
          lastError: "keyword_missing: keywords not in content",
          fix: "add the keyword",
        },
      },
      { lane, owner: "w", ids: [d3], now: now + 40, leaseMs: 30_000 },
    );
    let state = (await store.laneStates([lane])).get(lane);
    assert.equal(state?.lastError, "keyword_missing: keywords not in content");
    assert.equal(state?.lastErrorAt, now + 30);
    assert.equal(state?.lastSentAt, now + 10);
    // A failure that never reached the robot (local) leaves the robot's state alone.
    await store.finishSend({
      lane,
      slot: three!.slot,
      answeredAt: now + 50,
      outcome: {
        kind: "dead",
        local: true,
        carrierId: d3,
        ids: [d3],
        attempt: { at: new Date().toISOString(), durationMs: 0, error: "compose failed" },
        lastError: "compose_failed: boom",
        fix: "check the template",
      },
    });
    state = (await store.laneStates([lane])).get(lane);
    assert.equal(state?.lastError, "keyword_missing: keywords not in content");
    const four = await store.beginSend({ lane, owner: "w", ids: [d3], now: now + 60, leaseMs: 30_000 });
    await store.finishSend({
      lane,
      slot: four!.slot,
      answeredAt: now + 70,
      outcome: { kind: "sent", carrierId: d3, mergedIds: [], message: "{}", attempt: attempt(0, "ok") },
    });
    state = (await store.laneStates([lane])).get(lane);
    assert.equal(state?.lastSentAt, now + 70);
    assert.equal(state?.lastError, undefined, "a success clears the last error");
  });

  it("moves a credential's pending deliveries when its webhook names another robot", async () => {
    const store = await fresh();
    const now = Date.now();
    await setUp(store, 2, now);
    const updated = await store.updateCredential("b", credentialInput("b", { robotKey: R2 }));
    assert.equal(updated?.robotKey, R2);
    assert.deepEqual(
      (await store.dueDeliveries(R1, now, 10)).items.map((d) => d.credential),
      ["a", "a"],
    );
    assert.deepEqual(
      (await store.dueDeliveries(R2, now, 10)).items.map((d) => d.credential),
      ["b", "b"],
    );
    assert.equal((await store.claimLane({ owner: "w", now, leaseMs: 1000 })) !== undefined, true);
    // A retried delivery goes back to the lane of its credential's robot as it is now.
    const [first] = (await store.dueDeliveries(R2, now, 10)).items;
    await store.updateCredential("b", credentialInput("b", { robotKey: R1 }));
    assert.equal(await store.retryDelivery(first!.id), "retried");
    assert.ok((await store.dueDeliveries(R1, Date.now() + 1, 10)).items.some((d) => d.id === first!.id));
  });

  it("gives a credential stored without a key its robot's lane, with its send log and pause", async () => {
    const store = await fresh();
    const now = Date.now();
    await setUp(store, 2, now);
    const owner = (await claimAll(store, now)).get("c")!;
    await store.pauseLane("c", now + 60_000, "throttled: send too fast");
    const ids = (await store.dueDeliveries("c", now, 10)).items.map((d) => d.id);
    const slot = await store.beginSend({ lane: "c", owner, ids: [ids[0]!], now, leaseMs: 30_000 });
    assert.ok(slot);
    await store.finishSend({
      lane: "c",
      slot: slot.slot,
      answeredAt: now + 5,
      outcome: { kind: "sent", carrierId: ids[0]!, mergedIds: [], message: "{}", attempt: attempt(0, "ok") },
    });
    await store.assignRobotKey("c", R1);
    await store.assignRobotKey("c", R2); // has a key now: nothing changes
    assert.equal((await store.getCredential("c"))?.robotKey, R1);
    assert.equal((await store.dueDeliveries("c", now, 10)).total, 0);
    const onRobot = (await store.dueDeliveries(R1, now, 10)).items.map((d) => d.credential);
    assert.equal(onRobot.filter((c) => c === "c").length, 1);
    assert.deepEqual(await store.laneSends(R1, now), [now + 5], "the window carries over");
    assert.equal((await store.laneStates([R1])).get(R1)?.pausedUntil, now + 60_000, "and the pause");
    await store.assignRobotKey("nobody", R1); // no such credential: nothing
  });
}
