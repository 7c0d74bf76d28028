/**
 * The storage contract: one suite every dialect must pass (hono's runTest pattern). Called from
 * test/store.sqlite.test.ts and test/store.postgres.test.ts with a function opening a FRESH store.
 * The delivery engine's operations are covered by delivery.contract.ts, run from here too.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { isDingpipeError } from "../errors.ts";
import type { NotificationRule } from "../notify/rule.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { runDeliveryContract } from "./delivery.contract.ts";
import { runLanesContract } from "./lanes.contract.ts";
import type { CredentialInput, Store } from "./store.ts";
import { runTokensContract } from "./tokens.contract.ts";

export const credentialInput = (name: string, over: Partial<CredentialInput> = {}): CredentialInput => ({
  name,
  sealed: `sealed:${name}`,
  hint: "oapi.dingtalk.com access_token=ab12…",
  hasSecret: true,
  keywords: ["CI"],
  rateLimit: { messages: 20, perSeconds: 60 },
  ...over,
});

export const ruleFor = (credential: string, over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential,
  events: ["failure", "success"],
  content: ["pipeline", "task", "status"],
  ...over,
});

export const eventOf = (
  task: string,
  status: PipelineEvent["task"]["status"] = "failure",
): PipelineEvent => ({
  pipeline: { name: "web-release" },
  run: { id: "9001", number: 42 },
  task: { name: task, status },
  source: { branch: "main", commit: { sha: "a1b2c3d4e5f6", message: '修复登录 "quotes" 🚀' } },
});

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    const opened: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const store = await open();
      opened.push(store);
      return store;
    };
    after(async () => {
      for (const store of opened) await store.close();
    });

    it("migrates idempotently and answers ping", async () => {
      const store = await fresh();
      await store.migrate();
      await store.migrate();
      assert.equal(await store.ping(), true);
      assert.equal(store.dialect, name.startsWith("postgres") ? "postgres" : "sqlite");
    });

    it("creates, reads, updates, lists and deletes credentials; names are unique", async () => {
      const store = await fresh();
      const created = await store.createCredential(credentialInput("ops"));
      assert.equal(created.name, "ops");
      assert.equal(created.sealed, "sealed:ops");
      assert.equal(created.hasSecret, true);
      assert.deepEqual(created.keywords, ["CI"]);
      assert.deepEqual(created.rateLimit, { messages: 20, perSeconds: 60 });
      assert.ok(!Number.isNaN(Date.parse(created.createdAt)));
      await assert.rejects(store.createCredential(credentialInput("ops")), (e) =>
        isDingpipeError(e, "conflict"),
      );
      await store.createCredential(credentialInput("alpha", { hasSecret: false, keywords: [] }));
      assert.deepEqual(
        (await store.listCredentials()).map((c) => c.name),
        ["alpha", "ops"],
      );
      const updated = await store.updateCredential(
        "ops",
        credentialInput("ops", { sealed: "sealed:v2", rateLimit: { messages: 5, perSeconds: 2 } }),
      );
      assert.equal(updated?.sealed, "sealed:v2");
      assert.deepEqual(updated?.rateLimit, { messages: 5, perSeconds: 2 });
      assert.equal((await store.getCredential("ops"))?.sealed, "sealed:v2");
      assert.equal(await store.updateCredential("nope", credentialInput("nope")), undefined);
      assert.equal(await store.getCredential("nope"), undefined);
      assert.equal(await store.deleteCredential("alpha"), true);
      assert.equal(await store.deleteCredential("alpha"), false);
      assert.deepEqual(
        (await store.listCredentials()).map((c) => c.name),
        ["ops"],
      );
    });

    it("keeps notification rules whole and in creation order", async () => {
      const store = await fresh();
      const rule = ruleFor("ops", {
        pipelines: ["web-*"],
        tasks: ["build", "deploy"],
        custom: `**\${GITEE_PIPELINE_NAME}** built`,
        at: ["13800000000"],
        style: "action_card",
      });
      const a = await store.createNotification(rule);
      const b = await store.createNotification(ruleFor("other"));
      assert.notEqual(a.id, b.id);
      const { id: _id, createdAt: _c, updatedAt: _u, ...stored } = (await store.getNotification(a.id))!;
      assert.deepEqual(stored, rule);
      assert.deepEqual(
        (await store.listNotifications()).map((n) => n.id),
        [a.id, b.id],
      );
      const changed = await store.updateNotification(a.id, ruleFor("ops", { events: ["started"] }));
      assert.deepEqual(changed?.events, ["started"]);
      assert.equal(changed?.tasks, undefined);
      assert.equal(await store.updateNotification("999999", ruleFor("x")), undefined);
      assert.equal(await store.getNotification("not-an-id"), undefined);
      assert.equal(await store.deleteNotification(a.id), true);
      assert.equal(await store.deleteNotification(a.id), false);
      assert.equal((await store.listNotifications()).length, 1);
    });

    it("stores API tokens by hash", async () => {
      const store = await fresh();
      assert.equal(await store.countApiTokens(), 0);
      const token = await store.createApiToken("admin", "a".repeat(64));
      assert.equal(token.name, "admin");
      assert.equal(token.hash, "a".repeat(64));
      assert.equal((await store.findApiTokenByHash("a".repeat(64)))?.id, token.id);
      assert.equal(await store.findApiTokenByHash("b".repeat(64)), undefined);
      assert.equal(await store.countApiTokens(), 1);
    });

    it("inserts events durably, concurrently, and deduplicates by source + delivery id", async () => {
      const store = await fresh();
      const first = await store.insertEvent({ source: "github", dedupKey: "d-1", event: eventOf("build") });
      assert.equal(first.duplicate, false);
      const again = await store.insertEvent({ source: "github", dedupKey: "d-1", event: eventOf("other") });
      assert.deepEqual(again, { id: first.id, duplicate: true });
      const otherSource = await store.insertEvent({
        source: "gitlab",
        dedupKey: "d-1",
        event: eventOf("build"),
      });
      assert.equal(otherSource.duplicate, false);
      const record = await store.getEvent(first.id);
      assert.equal(record?.source, "github");
      assert.equal(record?.dedupKey, "d-1");
      assert.deepEqual(record?.event, eventOf("build"));
      assert.equal(await store.getEvent("424242"), undefined);

      const many = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store.insertEvent({
            source: "api",
            dedupKey: i % 50 === 0 ? "same" : undefined,
            event: eventOf(`t${i}`),
          }),
        ),
      );
      const fresh200 = many.filter((r) => !r.duplicate);
      assert.equal(fresh200.length, 197);
      assert.equal(new Set(fresh200.map((r) => r.id)).size, 197);
      for (const r of many.filter((m) => m.duplicate)) assert.equal(r.id, many[0]?.id);
      for (const r of fresh200.slice(0, 20)) assert.ok(await store.getEvent(r.id));
      assert.equal(await store.hasUnexpanded(), true);
    });

    it("keeps rejected hooks, newest first, with the excerpt cut to 2 KB", async () => {
      const store = await fresh();
      await store.recordRejectedHook({
        source: "github",
        reason: "bad signature",
        httpStatus: 401,
        excerpt: "{}",
      });
      await store.recordRejectedHook({
        source: "gitlab",
        reason: "bad payload",
        httpStatus: 400,
        excerpt: "x".repeat(5000),
      });
      const hooks = await store.listRejectedHooks(10);
      assert.equal(hooks.length, 2);
      assert.equal(hooks[0]?.source, "gitlab");
      assert.equal(hooks[0]?.excerpt.length, 2048);
      assert.equal(hooks[1]?.httpStatus, 401);
      assert.ok(hooks[1]?.id && hooks[1].receivedAt);
      assert.equal((await store.listRejectedHooks(1)).length, 1);
    });

    it("counts a credential test message in the robot's shared send log, within its limit and lease", async () => {
      const store = await fresh();
      await store.createCredential(credentialInput("ci"));
      const t0 = 1_000_000;
      const window = { lane: "ci", leaseMs: 30_000, windowMs: 60_000, limit: 2 };
      const first = await store.reserveTestSend({ ...window, owner: "test-a", now: t0 });
      assert.equal(first.ok, true);
      // While test-a holds the lane, nobody else sends on it: neither another test nor a worker.
      assert.deepEqual(await store.reserveTestSend({ ...window, owner: "test-b", now: t0 + 10 }), {
        ok: false,
        reason: "busy",
        retryAt: t0 + 30_000,
      });
      await store.createNotification(ruleFor("ci"));
      await store.insertEvent({ source: "api", event: eventOf("build") });
      await store.expandEvents({ limit: 10, now: t0 + 20, select: (_e, rules) => rules });
      assert.equal(await store.claimLane({ owner: "worker", now: t0 + 30, leaseMs: 30_000 }), undefined);
      if (!first.ok) return;
      await store.finishTestSend({
        lane: "ci",
        owner: "test-a",
        slot: first.slot,
        answeredAt: t0 + 40,
      });
      // The engine's view of the window holds the test message, stamped when DingTalk answered.
      assert.deepEqual(await store.laneSends("ci", t0 - 60_000), [t0 + 40]);
      const second = await store.reserveTestSend({ ...window, owner: "test-b", now: t0 + 50 });
      assert.equal(second.ok, true);
      if (!second.ok) return;
      await store.finishTestSend({
        lane: "ci",
        owner: "test-b",
        slot: second.slot,
        answeredAt: t0 + 60,
      });
      // Two requests in the window = the limit: the next waits until the first leaves the window.
      assert.deepEqual(await store.reserveTestSend({ ...window, owner: "test-c", now: t0 + 70 }), {
        ok: false,
        reason: "full",
        retryAt: t0 + 40 + 60_000 + 1,
      });
      assert.deepEqual(await store.laneSends("ci", t0 - 60_000), [t0 + 40, t0 + 60]);
      // The lease was given back: a worker can claim the lane again.
      assert.equal(await store.claimLane({ owner: "worker", now: t0 + 80, leaseMs: 30_000 }), "ci");
      assert.equal((await store.reserveTestSend({ ...window, owner: "test-d", now: t0 + 90 })).ok, false);
      await store.releaseLane("ci", "worker");
      // A lane DingTalk paused takes no test message either.
      await store.pauseLane("ci", t0 + 600_000, "throttled");
      assert.deepEqual(await store.reserveTestSend({ ...window, owner: "test-e", now: t0 + 200_000 }), {
        ok: false,
        reason: "paused",
        retryAt: t0 + 600_000,
      });
      // Once the window has passed, there is room again.
      const later = await store.reserveTestSend({ ...window, owner: "test-f", now: t0 + 700_000 });
      assert.equal(later.ok, true);
    });

    runDeliveryContract(fresh);
    runLanesContract(fresh);
    runTokensContract(fresh);
  });
}
