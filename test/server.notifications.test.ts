/**
 * A notification's name, its on/off switch and its test message, over real HTTP with the real delivery
 * engine in-process and the DingTalk emulator: a switched-off notification makes no delivery (and the
 * event trail says why), the test sends the notification's own message through its robot (marked as a
 * test, mentioning no one) and counts against the robot's rate window; bad input is a 4xx with the field.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { type Json, startService, type TestService } from "./helpers/service.ts";

const ROBOT = { token: "notiftest0001", secret: "SECnotiftest0001", keywords: ["CI"] };
/** A robot allowed one message an hour: the second test must wait for the window. */
const ONCE = { token: "notiftest0002" };

let emulator: Emulator;
let s: TestService;

before(async () => {
  emulator = await startEmulator({ port: 0, robots: [ROBOT, ONCE] });
  s = await startService({ deliver: true, config: { allowHosts: [new URL(emulator.url).host] } });
  const made = await s.api("/api/credentials", {
    body: {
      name: "group",
      webhook: emulator.webhookUrl(ROBOT.token),
      secret: ROBOT.secret,
      keywords: ["CI"],
    },
  });
  assert.equal(made.status, 201);
  const once = await s.api("/api/credentials", {
    body: {
      name: "once",
      webhook: emulator.webhookUrl(ONCE.token),
      rateLimit: { messages: 1, perSeconds: 3600 },
    },
  });
  assert.equal(once.status, 201);
});

after(async () => {
  await s?.close();
  await emulator?.close();
});

async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("name and switch", () => {
  test("a name is kept; enabled is always answered; a switched-off notification sends nothing and says why", async () => {
    const on = await s.api("/api/notifications", {
      body: { name: "  Releases to ops  ", credential: "group", pipelines: ["sw-*"], events: ["failure"] },
    });
    assert.equal(on.status, 201);
    assert.equal(on.body.name, "Releases to ops");
    assert.equal(on.body.enabled, true);
    const off = await s.api("/api/notifications", {
      body: { name: "Muted", enabled: false, credential: "group", pipelines: ["sw-*"], events: ["failure"] },
    });
    assert.equal(off.status, 201);
    assert.equal(off.body.enabled, false);
    const listed = (await s.api("/api/notifications")).body as Json[];
    assert.deepEqual(
      listed.filter((n) => n.pipelines?.[0] === "sw-*").map((n) => [n.name, n.enabled]),
      [
        ["Releases to ops", true],
        ["Muted", false],
      ],
    );

    const posted = await s.api("/api/events", {
      body: { pipeline: { name: "sw-web" }, run: { number: 7 }, task: { name: "build", status: "failure" } },
    });
    assert.equal(posted.status, 202);
    const detail = await eventually("the event to be matched", async () => {
      const r = await s.api(`/api/events/${posted.body.id}`);
      return r.body.expanded ? r.body : undefined;
    });
    const verdict = (id: string) => detail.notifications.find((v: Json) => v.id === id);
    assert.equal(verdict(on.body.id).matched, true);
    assert.equal(verdict(off.body.id).matched, false);
    assert.deepEqual(verdict(off.body.id).why, ["the notification is switched off"]);
    assert.deepEqual(
      detail.deliveries.map((d: Json) => d.notificationId),
      [on.body.id],
      "only the notification that is on made a delivery",
    );

    // Switched back on, it matches the next event.
    const back = await s.api(`/api/notifications/${off.body.id}`, {
      method: "PUT",
      body: { ...off.body, enabled: true },
    });
    assert.equal(back.status, 200);
    assert.equal(back.body.enabled, true);
    assert.equal(back.body.name, "Muted");
  });

  test("bad names and switches are refused with the field and what to send", async () => {
    const r = await s.api("/api/notifications", {
      body: { name: "x".repeat(101), enabled: "yes", credential: "group", events: ["failure"] },
    });
    assert.equal(r.status, 400);
    const details = r.body.error.details as Array<{ path: string; message: string }>;
    assert.deepEqual(details.map((d) => d.path).sort(), ["enabled", "name"]);
    assert.match(details.find((d) => d.path === "enabled")!.message, /true or false/);
    assert.match(details.find((d) => d.path === "name")!.message, /at most 100/);
  });
});

describe("send a test", () => {
  test("the notification's own message goes through its robot, marked as a test and mentioning no one", async () => {
    const n = await s.api("/api/notifications", {
      body: {
        name: "Tested",
        enabled: false,
        credential: "group",
        events: ["success"],
        custom: "Owner: the release crew",
        at: ["all"],
      },
    });
    assert.equal(n.status, 201);
    // The events of the tests above are delivered first: while the robot's lane is sending, a test is
    // refused as busy (429), which is its own case.
    await eventually("the robot's earlier deliveries to go out", async () => {
      for (const state of ["pending", "sending"]) {
        const left = await s.api(`/api/deliveries?credential=group&state=${state}`);
        if (left.body.items.length > 0) return undefined;
      }
      return true;
    });
    const before = emulator.messages(ROBOT.token).length;
    // The last delivery's outcome is recorded as the worker gives the lane back (one transaction): once
    // nothing is left to send, the lane is free and the test goes out at once.
    const r = await s.api(`/api/notifications/${n.body.id}/test`, {
      method: "POST",
      body: { status: "failure" },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.ok, true);
    assert.equal(r.body.errcode, 0);
    const got = emulator.messages(ROBOT.token).slice(before);
    assert.equal(got.length, 1, "exactly one message");
    const text = JSON.stringify(got[0]!.body);
    // Marked as a test in the notification's language: Chinese by default.
    assert.match(text, /【测试】Web release · unit-tests/);
    assert.doesNotMatch(text, /\[test\]/);
    assert.match(text, /Owner: the release crew/);
    assert.match(text, /Web release · unit-tests/, "composed for the sample event");
    assert.match(text, /failed/i, "for the status asked for");
    const at = (got[0]!.body as Json).at;
    assert.ok(at === undefined || (at.isAtAll !== true && (at.atMobiles ?? []).length === 0), "no mention");

    // Without a body: the notification's first event.
    const plain = await s.api(`/api/notifications/${n.body.id}/test`, { method: "POST" });
    assert.equal(plain.status, 200);
    // In the notification's language: Chinese by default.
    assert.match(JSON.stringify(emulator.messages(ROBOT.token).at(-1)!.body), /运行成功/);
  });

  test("a notification in English is marked [test]", async () => {
    const n = await s.api("/api/notifications", {
      body: { name: "Tested in English", locale: "en", credential: "group", events: ["failure"] },
    });
    assert.equal(n.status, 201, JSON.stringify(n.body));
    const before = emulator.messages(ROBOT.token).length;
    const r = await s.api(`/api/notifications/${n.body.id}/test`, { method: "POST" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const got = emulator.messages(ROBOT.token).slice(before);
    assert.equal(got.length, 1, "exactly one message");
    const text = JSON.stringify(got[0]!.body);
    assert.match(text, /\[test\] Web release · unit-tests failed/);
    assert.doesNotMatch(text, /【测试】/);
  });

  test("the test counts against the robot's rate window: the second in the hour waits (429, Retry-After)", async () => {
    const n = await s.api("/api/notifications", { body: { credential: "once", events: ["failure"] } });
    const first = await s.api(`/api/notifications/${n.body.id}/test`, { method: "POST" });
    assert.equal(first.status, 200);
    assert.equal(first.body.ok, true);
    const second = await s.api(`/api/notifications/${n.body.id}/test`, { method: "POST" });
    assert.equal(second.status, 429);
    assert.equal(second.body.error.code, "rate_limited");
    assert.ok(Number(second.headers.get("retry-after")) > 0);
    assert.equal(emulator.messages(ONCE.token).length, 1, "nothing more was sent");
  });

  test("bad input: unknown notification 404, unknown status or field 400, not JSON 415", async () => {
    const n = await s.api("/api/notifications", { body: { credential: "group", events: ["failure"] } });
    assert.equal((await s.api("/api/notifications/999999/test", { method: "POST" })).status, 404);
    const bad = await s.api(`/api/notifications/${n.body.id}/test`, {
      method: "POST",
      body: { status: "exploded", colour: "red" },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.body.error.details as Json[]).map((d) => d.path).sort(), ["colour", "status"]);
    assert.ok(bad.body.error.fix);
    const notJson = await s.api(`/api/notifications/${n.body.id}/test`, {
      method: "POST",
      body: "failure",
      headers: { "content-type": "text/plain" },
    });
    assert.equal(notJson.status, 415);
  });
});

describe("variables", () => {
  test("the catalogue holds each CI's variables, and the preview knows them (GITEE_SHORT_COMMIT is no unknown)", async () => {
    const r = await s.api("/api/variables");
    assert.equal(r.status, 200);
    const byName = new Map((r.body as Json[]).map((v) => [v.name, v]));
    assert.ok(byName.get("DINGPIPE_BRANCH")?.description);
    assert.deepEqual(byName.get("GITEE_SHORT_COMMIT")?.ci, ["gitee"]);
    assert.deepEqual(byName.get("GITHUB_RUN_ID")?.ci, ["github"]);
    assert.deepEqual(byName.get("CI_PIPELINE_ID")?.ci.includes("gitlab"), true);
    assert.equal(
      new Set((r.body as Json[]).map((v) => v.name)).size,
      (r.body as Json[]).length,
      "one entry a name",
    );
    const preview = await s.api("/api/preview", {
      body: {
        notification: {
          credential: "group",
          events: ["failure"],
          custom: "$" + "{GITEE_SHORT_COMMIT} $" + "{CI_COMMIT_SHORT_SHA} $" + "{NOT_A_THING}",
        },
      },
    });
    assert.equal(preview.status, 200);
    assert.deepEqual(preview.body.unknownVariables, ["NOT_A_THING"]);
  });
});

describe("which notifications an event would match", () => {
  test("a pasted event is checked against every notification, nothing stored; bad input is a 400 with the path", async () => {
    const before = (await s.api("/api/events?limit=500")).body.items.length;
    const r = await s.api("/api/events/match", {
      body: { event: { pipeline: { name: "sw-web" }, task: { name: "build", status: "FAIL" } } },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.event.task.status, "failure", "normalized as ingest would");
    const named = (name: string) => {
      const n = (r.body.notifications as Json[]).find((v) => v.id === ids.get(name));
      assert.ok(n, name);
      return n;
    };
    const ids = new Map(
      ((await s.api("/api/notifications")).body as Json[]).filter((n) => n.name).map((n) => [n.name, n.id]),
    );
    assert.equal(named("Releases to ops").matched, true);
    assert.deepEqual(
      named("Tested").why.length > 0,
      true,
      "a success-only notification does not match a failure",
    );
    assert.equal((await s.api("/api/events?limit=500")).body.items.length, before, "nothing stored");

    const bad = await s.api("/api/events/match", { body: { event: { pipeline: { name: "x" } } } });
    assert.equal(bad.status, 400);
    assert.ok((bad.body.error.details as Json[]).every((d) => String(d.path).startsWith("event.")));
    assert.equal((await s.api("/api/events/match", { body: { pipeline: {} } })).status, 400);
    assert.equal((await s.api("/api/events/match", { body: { event: {}, extra: 1 } })).status, 400);
  });
});

describe("PATCH: the switch and the name alone", () => {
  test("switches and renames without undoing an edit made meanwhile; bad input is a 400 naming the field", async () => {
    const n = await s.api("/api/notifications", {
      body: { name: "Patched", credential: "group", events: ["failure"], pipelines: ["a-*"] },
    });
    // Someone edits it meanwhile (the pipelines), then the switch is flipped from a list loaded before.
    await s.api(`/api/notifications/${n.body.id}`, {
      method: "PUT",
      body: { name: "Patched", credential: "group", events: ["failure"], pipelines: ["b-*"] },
    });
    const off = await s.api(`/api/notifications/${n.body.id}`, { method: "PATCH", body: { enabled: false } });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.enabled, false);
    assert.deepEqual(off.body.pipelines, ["b-*"], "the edit made meanwhile is kept");
    assert.equal(off.body.name, "Patched");
    const renamed = await s.api(`/api/notifications/${n.body.id}`, {
      method: "PATCH",
      body: { enabled: true, name: "  Renamed  " },
    });
    assert.deepEqual([renamed.body.enabled, renamed.body.name], [true, "Renamed"]);
    const unnamed = await s.api(`/api/notifications/${n.body.id}`, { method: "PATCH", body: { name: null } });
    assert.equal(unnamed.body.name, undefined);

    const bad = await s.api(`/api/notifications/${n.body.id}`, {
      method: "PATCH",
      body: { enabled: "no", events: ["success"] },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.body.error.details as Json[]).map((d) => d.path).sort(), ["enabled", "events"]);
    assert.match(bad.body.error.details.find((d: Json) => d.path === "events").message, /PUT/);
    const empty = await s.api(`/api/notifications/${n.body.id}`, { method: "PATCH", body: {} });
    assert.equal(empty.status, 400);
    assert.equal(
      (await s.api("/api/notifications/999999", { method: "PATCH", body: { enabled: false } })).status,
      404,
    );
  });
});
