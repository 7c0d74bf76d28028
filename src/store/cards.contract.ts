/**
 * Run cards, part of the storage contract every dialect must pass: a run_card rule keeps ONE card row
 * per run (no delivery per event), upserted in the expansion's transaction so the row always wants the
 * run's newest version; a claim leases one due row with the run state as it is; finishing records what
 * the card shows without lowering what it must show; a dead row gets another chance with the run's next
 * event; an event without a run is an ordinary delivery.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { RuleSelector } from "../delivery/delivery-store.ts";
import { selectRules } from "../notify/rules.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { cardBizIdFor } from "../runs/card.ts";
import { runKeyOf } from "../runs/state.ts";
import { credentialInput, ruleFor } from "./store.contract.ts";
import type { Store } from "./store.ts";

const select: RuleSelector = (event, rules, facts) => selectRules(rules, event, facts);
const T0 = Date.parse("2026-12-01T08:00:00Z");
const LEASE = 30_000;

/** An event of run `run` (null: an event that names no run at all). */
const taskEvent = (task: string, status: Status, run: number | null = 7): PipelineEvent => ({
  pipeline: { name: "web-release" },
  ...(run === null ? {} : { run: { id: `run-${run}`, number: run } }),
  task: { name: task, status },
  source: { repo: "acme/web", branch: "main", commit: { sha: "a1b2c3d4e5f6" } },
});

async function setUp(store: Store): Promise<{ cardRule: string; plainRule: string }> {
  await store.createCredential(
    credentialInput("app", { kind: "dingtalk_app", hint: "api.dingtalk.com robot r → cid" }),
  );
  const cardRule = await store.createNotification(
    ruleFor("app", { events: ["started", "success", "failure"], style: "run_card" }),
  );
  const plainRule = await store.createNotification(ruleFor("app", { events: ["failure"] }));
  return { cardRule: cardRule.id, plainRule: plainRule.id };
}

async function accept(store: Store, events: PipelineEvent[], now = T0): Promise<void> {
  for (const event of events) await store.insertEvent({ source: "github", event });
  await store.expandEvents({ limit: 100, now, select });
}

const keyOf = (e: PipelineEvent) => runKeyOf("github", e)!;

export function runCardContract(fresh: () => Promise<Store>): void {
  it("keeps one card row per run for a run_card rule, wanting the run's newest version, and no delivery per event", async () => {
    const store = await fresh();
    const { cardRule } = await setUp(store);
    await accept(store, [taskEvent("build", "started"), taskEvent("build", "success")]);
    await accept(store, [taskEvent("test", "started")]);
    const key = keyOf(taskEvent("build", "started"));
    const cards = await store.runCards(key);
    assert.equal(cards.length, 1);
    const card = cards[0]!;
    // No robot key yet: the credential's name scopes it.
    assert.equal(card.cardBizId, cardBizIdFor(key, "app"));
    assert.equal(card.notificationId, cardRule);
    assert.equal(card.credential, "app");
    assert.equal(card.wanted, (await store.getRun(key))?.state.version);
    assert.equal(card.wanted, 3);
    assert.deepEqual(
      [card.shown, card.created, card.sendUncertain, card.state],
      [0, false, false, "pending"],
    );
    // Only the plain [failure] rule makes deliveries; none matched.
    assert.equal((await store.listDeliveries({})).items.length, 0);
    // Another run gets its own card.
    await accept(store, [taskEvent("build", "started", 8)]);
    assert.equal((await store.runCards(keyOf(taskEvent("build", "started", 8)))).length, 1);
  });

  it("raises a card's wanted version with every event of its run, even one the run_card rule does not match", async () => {
    const store = await fresh();
    await setUp(store);
    await store.createNotification(ruleFor("app", { events: ["skipped"] }));
    await accept(store, [taskEvent("build", "started")]);
    const key = keyOf(taskEvent("build", "started"));
    assert.equal((await store.runCards(key))[0]?.wanted, 1);
    // "skipped" is not among the run_card rule's events: the card still has to show it.
    await accept(store, [taskEvent("lint", "skipped")]);
    assert.equal((await store.runCards(key))[0]?.wanted, 2);
  });

  it("sends an event without a run as an ordinary delivery (the fallback message)", async () => {
    const store = await fresh();
    const { cardRule, plainRule } = await setUp(store);
    await accept(store, [taskEvent("build", "failure", null)]);
    const items = (await store.listDeliveries({})).items;
    // The run_card rule and the plain failure rule: two messages, no card.
    assert.equal(items.length, 2);
    assert.deepEqual(items.map((d) => d.notificationId).sort(), [cardRule, plainRule].sort());
    assert.equal(await store.claimCard({ owner: "w", now: T0, leaseMs: LEASE }), undefined);
  });

  it("claims one due card at a time with the run as it is, and finishing never lowers what it must show", async () => {
    const store = await fresh();
    await setUp(store);
    await accept(store, [taskEvent("build", "started")]);
    const key = keyOf(taskEvent("build", "started"));
    const claimed = await store.claimCard({ owner: "w1", now: T0 + 10, leaseMs: LEASE });
    assert.ok(claimed);
    assert.equal(claimed.runKey, key);
    assert.equal(claimed.run?.version, 1);
    assert.equal(claimed.run?.tasks[0]?.name, "build");
    assert.equal(claimed.locale, undefined, "the notification sets no locale: the default");
    // Leased: nobody else gets it.
    assert.equal(await store.claimCard({ owner: "w2", now: T0 + 20, leaseMs: LEASE }), undefined);
    assert.equal(await store.beginCardSend(claimed.cardBizId, "w2", T0 + 20, LEASE), false);
    assert.equal(await store.beginCardSend(claimed.cardBizId, "w1", T0 + 20, LEASE), true);
    assert.equal((await store.getCard(claimed.cardBizId))?.sendUncertain, true);
    // The run moves on while the send is in flight…
    await accept(store, [taskEvent("build", "success")], T0 + 30);
    await store.finishCard({
      cardBizId: claimed.cardBizId,
      owner: "w1",
      now: T0 + 40,
      row: { created: true, sendUncertain: false, shown: 1 },
      state: "pending",
      tries: 0,
      runAt: T0 + 40,
      sentAt: T0 + 40,
    });
    const after = await store.getCard(claimed.cardBizId);
    assert.deepEqual(
      [after?.shown, after?.wanted, after?.created, after?.sendUncertain],
      [1, 2, true, false],
    );
    assert.equal(after?.sentAt, T0 + 40);
    // …so it is due again at once, with the newer run.
    assert.equal(await store.nextCardAt(T0 + 40), T0 + 40);
    const again = await store.claimCard({ owner: "w2", now: T0 + 50, leaseMs: LEASE });
    assert.equal(again?.run?.version, 2);
    await store.finishCard({
      cardBizId: claimed.cardBizId,
      owner: "w2",
      now: T0 + 60,
      row: { created: true, sendUncertain: false, shown: 2 },
      state: "pending",
      tries: 0,
      runAt: T0 + 60,
    });
    // Shown = wanted: nothing is due and nothing waits.
    assert.equal(await store.claimCard({ owner: "w3", now: T0 + 70, leaseMs: LEASE }), undefined);
    assert.equal(await store.nextCardAt(T0 + 70), undefined);
  });

  it("answers the idle poll in one question: events waiting, and the earlier of the next lane and the next card", async () => {
    const store = await fresh();
    await setUp(store);
    assert.deepEqual(await store.idleLook(T0), { waiting: false, next: undefined }, "nothing waits");
    await store.insertEvent({ source: "github", event: taskEvent("build", "started") });
    assert.deepEqual(await store.idleLook(T0), { waiting: true, next: undefined }, "an event to expand");
    await store.expandEvents({ limit: 100, now: T0, select });
    // A card due already, no delivery: the card's time, never before now.
    assert.equal(await store.nextWakeAt(T0 + 5), undefined);
    assert.equal((await store.idleLook(T0 + 5)).next, T0 + 5);
    const c = await store.claimCard({ owner: "w", now: T0 + 5, leaseMs: LEASE });
    assert.ok(c);
    assert.equal((await store.idleLook(T0 + 6)).next, T0 + 5 + LEASE, "the lease of the worker on it");
    await store.finishCard({
      cardBizId: c.cardBizId,
      owner: "w",
      now: T0 + 7,
      row: { created: false, sendUncertain: false, shown: 0 },
      state: "pending",
      tries: 1,
      runAt: T0 + 5_000,
      lastError: "server_error: busy",
    });
    assert.equal((await store.idleLook(T0 + 10)).next, T0 + 5_000, "the card's retry");
    // A failure: a delivery too (the plain rule), due before the card's retry.
    await accept(store, [taskEvent("build", "failure")], T0 + 20);
    const wake = await store.nextWakeAt(T0 + 30);
    const card = await store.nextCardAt(T0 + 30);
    assert.ok(wake !== undefined && card !== undefined && wake < card, `a lane due first: ${wake}, ${card}`);
    assert.deepEqual(await store.idleLook(T0 + 30), { waiting: false, next: wake });
  });

  it("gives a dead worker's card to the next claimer after its lease, and ignores the late finish", async () => {
    const store = await fresh();
    await setUp(store);
    await accept(store, [taskEvent("build", "started")]);
    const first = await store.claimCard({ owner: "dead", now: T0, leaseMs: LEASE });
    assert.ok(first);
    assert.equal(await store.beginCardSend(first.cardBizId, "dead", T0, LEASE), true);
    assert.equal(await store.nextCardAt(T0 + 1), T0 + LEASE);
    const second = await store.claimCard({ owner: "next", now: T0 + LEASE + 1, leaseMs: LEASE });
    assert.equal(second?.cardBizId, first.cardBizId);
    // The send was never answered: the next attempt knows it.
    assert.equal(second?.sendUncertain, true);
    await store.finishCard({
      cardBizId: first.cardBizId,
      owner: "dead",
      now: T0 + LEASE + 2,
      row: { created: true, sendUncertain: false, shown: 1 },
      state: "pending",
      tries: 0,
      runAt: T0,
    });
    assert.equal((await store.getCard(first.cardBizId))?.shown, 0);
  });

  it("keeps a retry's time and tries, and a dead card waits for the run's next event", async () => {
    const store = await fresh();
    await setUp(store);
    await accept(store, [taskEvent("build", "started")]);
    const c = await store.claimCard({ owner: "w", now: T0, leaseMs: LEASE });
    assert.ok(c);
    await store.finishCard({
      cardBizId: c.cardBizId,
      owner: "w",
      now: T0 + 1,
      row: { created: false, sendUncertain: false, shown: 0 },
      state: "pending",
      tries: 1,
      runAt: T0 + 5_000,
      lastError: "server_error: busy",
    });
    assert.equal(await store.claimCard({ owner: "w", now: T0 + 4_999, leaseMs: LEASE }), undefined);
    assert.equal(await store.nextCardAt(T0 + 10), T0 + 5_000);
    const d = await store.claimCard({ owner: "w", now: T0 + 5_000, leaseMs: LEASE });
    assert.equal(d?.tries, 1);
    await store.finishCard({
      cardBizId: c.cardBizId,
      owner: "w",
      now: T0 + 5_001,
      row: { created: false, sendUncertain: false, shown: 0 },
      state: "dead",
      tries: 2,
      runAt: T0 + 5_001,
      lastError: "invalid_app_credentials: wrong secret",
      fix: "copy the AppSecret again",
    });
    const dead = await store.getCard(c.cardBizId);
    assert.deepEqual(
      [dead?.state, dead?.lastError, dead?.fix],
      ["dead", "invalid_app_credentials: wrong secret", "copy the AppSecret again"],
    );
    assert.equal(await store.claimCard({ owner: "w", now: T0 + 60_000, leaseMs: LEASE }), undefined);
    await accept(store, [taskEvent("build", "success")], T0 + 70_000);
    const revived = await store.getCard(c.cardBizId);
    assert.deepEqual([revived?.state, revived?.tries, revived?.wanted], ["pending", 0, 2]);
    assert.ok(await store.claimCard({ owner: "w", now: T0 + 70_000, leaseMs: LEASE }));
  });

  it("scopes a card by its credential's robot, and keeps a run's card when the credential moves mid-run", async () => {
    const store = await fresh();
    await setUp(store);
    await store.assignRobotKey("app", "dingtalk_app:group-1");
    await accept(store, [taskEvent("build", "started")]);
    const key = keyOf(taskEvent("build", "started"));
    const [card] = await store.runCards(key);
    assert.equal(card?.cardBizId, cardBizIdFor(key, "dingtalk_app:group-1"));
    await store.updateCredential(
      "app",
      credentialInput("app", { hint: "api.dingtalk.com robot r → cid2", robotKey: "dingtalk_app:group-2" }),
    );
    await accept(store, [taskEvent("build", "success")]);
    const cards = await store.runCards(key);
    assert.equal(cards.length, 1, "one card for the run");
    assert.equal(cards[0]?.wanted, 2);
    // A new run is scoped by the robot the credential names now.
    await accept(store, [taskEvent("build", "started", 8)]);
    const next = keyOf(taskEvent("build", "started", 8));
    assert.equal((await store.runCards(next))[0]?.cardBizId, cardBizIdFor(next, "dingtalk_app:group-2"));
  });

  it("stops raising a card whose notification was deleted", async () => {
    const store = await fresh();
    const { cardRule } = await setUp(store);
    await accept(store, [taskEvent("build", "started")]);
    const key = keyOf(taskEvent("build", "started"));
    assert.equal((await store.runCards(key))[0]?.wanted, 1);
    assert.equal(await store.deleteNotification(cardRule), true);
    await accept(store, [taskEvent("build", "success")]);
    assert.equal((await store.runCards(key))[0]?.wanted, 1, "the card is left as it was");
  });

  it("stops raising a card whose notification is switched off, and raises it again once switched on", async () => {
    const store = await fresh();
    const { cardRule } = await setUp(store);
    const rule = { events: ["started", "success", "failure"] as Status[], style: "run_card" as const };
    await accept(store, [taskEvent("build", "started")]);
    const key = keyOf(taskEvent("build", "started"));
    assert.equal((await store.runCards(key))[0]?.wanted, 1);
    assert.ok(await store.updateNotification(cardRule, ruleFor("app", { ...rule, enabled: false })));
    await accept(store, [taskEvent("build", "success")], T0 + 10);
    assert.equal((await store.getRun(key))?.state.version, 2, "the run moved on");
    assert.equal((await store.runCards(key))[0]?.wanted, 1, "the card is left as it was");
    assert.ok(await store.updateNotification(cardRule, ruleFor("app", { ...rule, enabled: true })));
    await accept(store, [taskEvent("test", "started")], T0 + 20);
    assert.equal((await store.runCards(key))[0]?.wanted, 3, "switched on: the card catches up with the run");
  });

  it("claims a card with its notification's locale, as the notification says it now", async () => {
    const store = await fresh();
    const { cardRule } = await setUp(store);
    await accept(store, [taskEvent("build", "started")]);
    const rule = { events: ["started", "success", "failure"] as Status[], style: "run_card" as const };
    assert.ok(await store.updateNotification(cardRule, ruleFor("app", { ...rule, locale: "en" })));
    const claimed = await store.claimCard({ owner: "w", now: T0 + 10, leaseMs: LEASE });
    assert.equal(claimed?.locale, "en");
  });

  it("lists cards by state and credential, and tries a dead one again on request", async () => {
    const store = await fresh();
    await setUp(store);
    await accept(store, [taskEvent("build", "started", 1), taskEvent("build", "started", 2)]);
    const c = await store.claimCard({ owner: "w", now: T0, leaseMs: LEASE });
    assert.ok(c);
    assert.equal(await store.retryCard(c.cardBizId, T0), false, "only a dead card is retried");
    await store.finishCard({
      cardBizId: c.cardBizId,
      owner: "w",
      now: T0 + 1,
      row: { created: false, sendUncertain: false, shown: 0 },
      state: "dead",
      tries: 1,
      runAt: T0 + 1,
      lastError: "robot_not_found: not in the group",
      fix: "add the robot to the group",
    });
    assert.deepEqual(
      (await store.listCards({ state: "dead" })).map((x) => [x.cardBizId, x.fix]),
      [[c.cardBizId, "add the robot to the group"]],
    );
    assert.equal((await store.listCards({})).length, 2);
    assert.equal((await store.listCards({ credential: "other" })).length, 0);
    assert.equal((await store.listCards({ state: "pending", limit: 1 })).length, 1);
    assert.equal(await store.retryCard(c.cardBizId, T0 + 2), true);
    const retried = await store.getCard(c.cardBizId);
    assert.deepEqual([retried?.state, retried?.tries, retried?.runAt], ["pending", 0, T0 + 2]);
    const due = [
      (await store.claimCard({ owner: "w", now: T0 + 2, leaseMs: LEASE }))?.cardBizId,
      (await store.claimCard({ owner: "w", now: T0 + 2, leaseMs: LEASE }))?.cardBizId,
    ];
    assert.ok(due.includes(c.cardBizId), "the retried card is due again");
    assert.equal(await store.retryCard("dpnosuchcard", T0), false);
  });
}
