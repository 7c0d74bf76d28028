/**
 * The checks across fields are worded once (src/contract/rules.ts) and said by both paths: `.dingpipe.yml`
 * (parseConfig) and the service's API over real HTTP on a real SQLite file — a run card on a robot that
 * cannot keep one, and an @ entry the robot kind cannot mention.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseConfig } from "../src/config/index.ts";
import { startService, type TestService } from "./helpers/service.ts";

const TOKEN = "faketoken0123456789abcdef0123456789abcdef0123456789abcdef01234567";
const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;
const OPEN_ID = "ou_0123456789abcdef0123456789abcdef";

let s: TestService;
before(async () => {
  s = await startService({});
  const created = await s.api("/api/credentials", { body: { name: "robot", webhook: WEBHOOK } });
  assert.equal(created.status, 201);
});
after(async () => {
  await s.close();
});

function file(notification: string) {
  const text = [
    "credentials:",
    "  robot:",
    "    webhook: $" + "{DINGTALK_WEBHOOK}",
    "notifications:",
    `  - ${notification}`,
  ].join("\n");
  return parseConfig(text, ".dingpipe.yml", { DINGTALK_WEBHOOK: WEBHOOK }).diagnostics;
}

describe("cross-field rules, one wording for the file and the API", () => {
  test("style run_card on a DingTalk webhook robot: an error in the file, 422 at style in the API", async () => {
    const d = file("{credential: robot, events: [failure], style: run_card}").find(
      (x) => x.severity === "error",
    );
    assert.ok(d, "the file accepts a run card on a webhook robot");
    assert.equal(
      d.message,
      "style run_card of notification #1 needs a DingTalk app robot, and credential 'robot' is a DingTalk robot",
    );
    const r = await s.api("/api/notifications", {
      body: { credential: "robot", events: ["failure"], style: "run_card" },
    });
    assert.equal(r.status, 422);
    assert.equal(
      r.body.error.message,
      "style run_card needs a DingTalk app robot, and credential 'robot' is a DingTalk robot",
    );
    assert.equal(r.body.error.fix, d.fix);
    assert.deepEqual(
      r.body.error.details.map((x: { path: string }) => x.path),
      ["style"],
    );
  });

  test("an open_id on a DingTalk robot: a warning in the file, a warning in the API's answer, stored as given", async () => {
    const d = file(`{credential: robot, events: [failure], at: [${OPEN_ID}]}`).find(
      (x) => x.severity === "warning",
    );
    assert.ok(d, "the file says nothing about an open_id on DingTalk");
    assert.match(
      d.message,
      /^'ou_0123456789abcdef0123456789abcdef' in at of notification #1 cannot be mentioned/,
    );
    const r = await s.api("/api/notifications", {
      body: { credential: "robot", events: ["failure"], at: [OPEN_ID, "13800000000"] },
    });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.at, [OPEN_ID, "13800000000"]);
    assert.deepEqual(r.body.warnings, [
      {
        code: "robot_fit",
        path: "at[0]",
        message: d.message.replace(" of notification #1", ""),
        fix: d.fix,
      },
    ]);
    const again = await s.api(`/api/notifications/${r.body.id}`);
    assert.equal(again.body.warnings, undefined, "warnings are said when the change is made, not stored");
  });

  test("a credential that does not exist: 422 naming the defined ones", async () => {
    const r = await s.api("/api/notifications", { body: { credential: "ghost", events: ["failure"] } });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.message, "credential 'ghost' does not exist (defined: robot)");
  });
});
