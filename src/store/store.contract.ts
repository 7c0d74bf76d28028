/**
 * The storage contract: one suite every dialect must pass (hono's runTest pattern). Called from
 * test/store.sqlite.test.ts and test/store.postgres.test.ts with a function opening a FRESH store.
 * The delivery engine's operations are covered by delivery.contract.ts, run from here too.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { isDingpipeError } from "../errors.ts";
import type { NotificationRule } from "../notify/rule.ts";
import { selectRules } from "../notify/rules.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { runCardContract } from "./cards.contract.ts";
import { runDeliveryContract } from "./delivery.contract.ts";
import { runLanesContract } from "./lanes.contract.ts";
import { runRunStateContract } from "./runs.contract.ts";
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

    it("keeps a notification's name and switch; a switched-off one makes no delivery", async () => {
      const store = await fresh();
      const off = await store.createNotification(ruleFor("ops", { name: "发布 · ops", enabled: false }));
      const on = await store.createNotification(ruleFor("ops", { name: "on" }));
      assert.deepEqual(
        (await store.listNotifications()).map((n) => [n.name, n.enabled]),
        [
          ["发布 · ops", false],
          ["on", undefined],
        ],
      );
      assert.equal(
        (await store.updateNotification(off.id, ruleFor("ops", { enabled: false })))?.name,
        undefined,
      );
      const { id } = await store.insertEvent({
        source: "api",
        event: { pipeline: { name: "p" }, task: { name: "t", status: "failure" } },
      });
      await store.expandEvents({
        limit: 10,
        now: Date.now(),
        select: (e, rules, f) => selectRules(rules, e, f),
      });
      assert.deepEqual(
        (await store.listDeliveries({ eventId: id })).items.map((d) => d.notificationId),
        [on.id],
      );
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

    it("deduplicates a webhook body by its hash within a window only; the delivery key for good", async () => {
      const store = await fresh();
      const body = { source: "gitee", bodyHash: "h1#0", bodyWindowMs: 60_000 };
      const first = await store.insertEvent({ ...body, event: eventOf("build") });
      assert.equal(first.duplicate, false);
      assert.deepEqual(await store.insertEvent({ ...body, event: eventOf("build") }), {
        id: first.id,
        duplicate: true,
      });
      assert.equal(
        (await store.insertEvent({ ...body, source: "yunxiao", event: eventOf("build") })).duplicate,
        false,
        "another source's identical body is its own event",
      );
      assert.equal(
        (await store.insertEvent({ ...body, bodyHash: "h2#0", event: eventOf("build") })).duplicate,
        false,
      );
      // The same body after the window — a retried task failing again — is a new event.
      await new Promise((r) => setTimeout(r, 25));
      const later = await store.insertEvent({ ...body, bodyWindowMs: 10, event: eventOf("build") });
      assert.equal(later.duplicate, false);
      assert.notEqual(later.id, first.id);
      assert.equal(
        (await store.insertEvent({ ...body, bodyWindowMs: 0, event: eventOf("build") })).duplicate,
        false,
        "window 0: no body deduplication",
      );
      // A delivery id seen before stays a duplicate whatever its body, and a replay within the window with a
      // new delivery id is caught by the body hash.
      const gh = { source: "github", bodyHash: "g#0", bodyWindowMs: 60_000 };
      const d1 = await store.insertEvent({ ...gh, dedupKey: "d-1", event: eventOf("x") });
      assert.deepEqual(
        await store.insertEvent({ ...gh, dedupKey: "d-1", bodyHash: "other#0", event: eventOf("x") }),
        {
          id: d1.id,
          duplicate: true,
        },
      );
      assert.deepEqual(await store.insertEvent({ ...gh, dedupKey: "d-2", event: eventOf("x") }), {
        id: d1.id,
        duplicate: true,
      });
      // Concurrent identical bodies are stored once.
      const racing = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.insertEvent({
            source: "gitee",
            bodyHash: "race#0",
            bodyWindowMs: 60_000,
            event: eventOf("r"),
          }),
        ),
      );
      assert.equal(racing.filter((r) => !r.duplicate).length, 1);
      assert.equal(new Set(racing.map((r) => r.id)).size, 1);
    });

    it("lists events newest first by source, pipeline, status and time, page by page", async () => {
      const store = await fresh();
      const put = (source: string, pipeline: string, status: PipelineEvent["task"]["status"]) =>
        store.insertEvent({ source, event: { pipeline: { name: pipeline }, task: { name: "t", status } } });
      const a = await put("github", "web", "failure");
      const b = await put("gitlab", "web", "success");
      const c = await put("github", "api", "success");
      const d = await put("github", "web", "success");
      const ids = async (filter: Parameters<Store["listEvents"]>[0]) =>
        (await store.listEvents(filter)).items.map((e) => e.id);
      assert.deepEqual(await ids({}), [d.id, c.id, b.id, a.id]);
      assert.deepEqual(await ids({ source: "github" }), [d.id, c.id, a.id]);
      assert.deepEqual(await ids({ pipeline: "web" }), [d.id, b.id, a.id]);
      assert.deepEqual(await ids({ status: "success", source: "github" }), [d.id, c.id]);
      assert.deepEqual(await ids({ pipeline: "nope" }), []);
      const record = (await store.listEvents({ source: "gitlab" })).items[0]!;
      assert.equal(record.source, "gitlab");
      assert.equal(record.expanded, false);
      assert.deepEqual(record.event.pipeline, { name: "web" });
      const received = Date.parse(record.receivedAt);
      assert.deepEqual(await ids({ since: new Date(received + 60_000).toISOString() }), []);
      assert.deepEqual(await ids({ until: new Date(received - 60_000).toISOString() }), []);
      assert.equal(
        (
          await ids({
            since: new Date(received - 60_000).toISOString(),
            until: new Date(received + 60_000).toISOString(),
          })
        ).length,
        4,
      );
      const page1 = await store.listEvents({ limit: 3 });
      assert.deepEqual(
        page1.items.map((e) => e.id),
        [d.id, c.id, b.id],
      );
      assert.ok(page1.next);
      const page2 = await store.listEvents({ limit: 3, cursor: page1.next });
      assert.deepEqual(
        page2.items.map((e) => e.id),
        [a.id],
      );
      assert.equal(page2.next, undefined);
      // A glob like the rules': `*` any run, `?` one character, the whole name, case-sensitive; the SQL
      // wildcards of either dialect are literal.
      const e = await put("github", "Web-50%_[x]", "failure");
      assert.deepEqual(await ids({ pipeline: "w*" }), [d.id, b.id, a.id]);
      assert.deepEqual(await ids({ pipeline: "?pi" }), [c.id]);
      assert.deepEqual(await ids({ pipeline: "W*" }), [e.id]);
      assert.deepEqual(await ids({ pipeline: "*50%_[x]" }), [e.id]);
      assert.deepEqual(await ids({ pipeline: "*%" }), []);
      assert.deepEqual(await ids({ pipeline: "Web-50*x?" }), [e.id]);
      assert.deepEqual(await ids({ pipeline: "Web-50__*" }), []);
      assert.deepEqual(await ids({ pipeline: "we" }), []);
      assert.deepEqual(await ids({ pipeline: "Web-50%_[x]" }), [e.id]);
      await assert.rejects(store.listEvents({ cursor: "bogus" }), (e) => isDingpipeError(e, "bad_cursor"));
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

    it("keeps an event with NUL characters whole; the copies in text columns show U+FFFD, never an error", async () => {
      const store = await fresh();
      const now = Date.now();
      // What a webhook with NUL bytes in its names and commit message becomes.
      const event: PipelineEvent = {
        pipeline: { name: "web\u0000release" },
        run: { id: "r\u00001", number: 7 },
        task: { name: "build\u0000x", status: "failure" },
        source: { branch: "main\u0000", commit: { sha: "a1b2c3d", message: "fix\u0000 nul \u0000" } },
        variables: { NUL: "\u0000" },
      };
      const { id } = await store.insertEvent({ source: "github", dedupKey: "nul\u00001", event });
      assert.deepEqual((await store.getEvent(id))?.event, event);
      await store.createNotification(ruleFor("ops", { custom: "a\u0000b" }));
      assert.deepEqual(await store.expandEvents({ limit: 10, now, select: (_e, rules) => rules }), {
        events: 1,
        deliveries: 1,
      });
      const [delivery] = (await store.listDeliveries({})).items;
      assert.equal(delivery?.pipeline, "web\ufffdrelease");
      assert.equal(delivery?.task, "build\ufffdx");
      assert.equal((await store.listDeliveries({ pipeline: "web\u0000release" })).items.length, 1);
      const due = await store.dueDeliveries("ops", now, 10);
      assert.deepEqual(due.items[0]?.event, event, "the engine gets the event whole");
      assert.equal(due.items[0]?.rule.custom, "a\u0000b");
      await store.recordRejectedHook({
        source: "gitlab",
        reason: "bad\u0000token",
        httpStatus: 401,
        excerpt: '{"a":"\u0000"}',
      });
      const [hook] = await store.listRejectedHooks(1);
      assert.equal(hook?.reason, "bad\ufffdtoken");
      assert.equal(hook?.excerpt, '{"a":"\ufffd"}');
    });

    it("finds a record by its id written with up to 18 digits, and answers 'none' for any other id", async () => {
      const store = await fresh();
      const { id } = await store.insertEvent({ source: "api", event: eventOf("build") });
      const rule = await store.createNotification(ruleFor("ops"));
      for (const given of [id, rule.id]) assert.match(given, /^\d{1,18}$/);
      for (const width of [16, 18]) {
        assert.equal((await store.getEvent(id.padStart(width, "0")))?.event.task.name, "build", `${width}`);
        assert.equal((await store.getNotification(rule.id.padStart(width, "0")))?.id, rule.id, `${width}`);
      }
      const none = [id.padStart(19, "0"), "9".repeat(19), "9".repeat(30), "-1", "1e3", ` ${id}`, "0x1", ""];
      for (const bad of none) {
        assert.equal(await store.getEvent(bad), undefined, bad);
        assert.equal(await store.getNotification(bad), undefined, bad);
        assert.equal(await store.getDelivery(bad), undefined, bad);
        assert.equal(await store.updateNotification(bad, ruleFor("x")), undefined, bad);
        assert.equal(await store.deleteNotification(bad), false, bad);
        assert.equal(await store.retryDelivery(bad), "unknown", bad);
      }
      assert.equal(await store.getEvent("999999999999999999"), undefined, "18 digits, no such row");
    });

    it("finishes a credential test message in one transaction: a slot that is not the robot's changes nothing", async () => {
      const store = await fresh();
      await store.createCredential(credentialInput("ci"));
      await store.createCredential(credentialInput("other"));
      const t0 = 1_000_000;
      const window = { leaseMs: 30_000, windowMs: 60_000, limit: 5 };
      // Racing reservations: one takes the lane, the others find it busy.
      const raced = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          store.reserveTestSend({ ...window, lane: "ci", owner: `test-${i}`, now: t0 }),
        ),
      );
      const winners = raced.flatMap((r, i) => (r.ok ? [{ owner: `test-${i}`, slot: r.slot }] : []));
      assert.equal(winners.length, 1, JSON.stringify(raced));
      const [{ owner, slot }] = winners as [{ owner: string; slot: string }];
      const elsewhere = await store.reserveTestSend({ ...window, lane: "other", owner: "x", now: t0 });
      assert.ok(elsewhere.ok);
      for (const wrong of ["999999", elsewhere.slot, "not-a-slot"]) {
        await assert.rejects(
          store.finishTestSend({ lane: "ci", owner, slot: wrong, answeredAt: t0 + 40 }),
          (e) => isDingpipeError(e, "unknown_slot"),
          wrong,
        );
        // Nothing was changed: the lane is still held, the slot still stamped with the reservation.
        assert.deepEqual(
          await store.reserveTestSend({ ...window, lane: "ci", owner: "someone", now: t0 + 50 }),
          { ok: false, reason: "busy", retryAt: t0 + 30_000 },
        );
        assert.deepEqual(await store.laneSends("ci", 0), [t0]);
      }
      await store.finishTestSend({ lane: "ci", owner, slot, answeredAt: t0 + 40 });
      assert.deepEqual(await store.laneSends("ci", 0), [t0 + 40]);
      assert.equal(
        (await store.reserveTestSend({ ...window, lane: "ci", owner: "next", now: t0 + 60 })).ok,
        true,
      );
    });

    runDeliveryContract(fresh);
    runLanesContract(fresh);
    runTokensContract(fresh);
    runRunStateContract(fresh);
    runCardContract(fresh);
  });
}
