/** The console's pure pieces: routes, ${VAR} completion, content ordering, the size counter, chart geometry. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CONTENT_ITEMS } from "../src/notify/rule.ts";
import { HOOK_SOURCES } from "../src/server/context.ts";
import { layoutBars, niceMax, zoneLabel } from "../web/src/chart.ts";
import { applyCompletion, completionContext, matchVariables } from "../web/src/complete.ts";
import { initialContent, move, selectedContent, toggle } from "../web/src/content-order.ts";
import { fieldOfPath } from "../web/src/field-errors.ts";
import { localizeError } from "../web/src/i18n/server-text.ts";
import { hashQuery, hashWithQuery, parseHash, routeHash } from "../web/src/router.ts";
import { sampleEvent } from "../web/src/sample.ts";
import { formatBytes, sizeLevel } from "../web/src/size.ts";
import { relativeTime } from "../web/src/time.ts";
import { EVENT_SOURCES } from "../web/src/views/events.ts";
import { webhookUrl } from "../web/src/views/robots.ts";
import { matchRecent } from "../web/src/views/would-match.ts";

describe("routes", () => {
  test("parses sections and arguments, decoding them", () => {
    assert.deepEqual(parseHash("#/robots"), { section: "robots", rest: [] });
    assert.deepEqual(parseHash("#/robots/ci%20group"), { section: "robots", rest: ["ci group"] });
    assert.deepEqual(parseHash(""), { section: "", rest: [] });
    assert.deepEqual(parseHash("#/deliveries/42?x=1"), { section: "deliveries", rest: ["42"] });
  });
  test("routeHash round-trips through parseHash", () => {
    const hash = routeHash("notifications", "a/b c");
    assert.equal(hash, "#/notifications/a%2Fb%20c");
    assert.deepEqual(parseHash(hash), { section: "notifications", rest: ["a/b c"] });
  });
});

describe("filters in the URL", () => {
  test("reads a route's query, dropping empty values", () => {
    assert.deepEqual(hashQuery("#/events?status=failure&pipeline=web-*&source="), {
      status: "failure",
      pipeline: "web-*",
    });
    assert.deepEqual(hashQuery("#/events"), {});
  });
  test("writes the filters sorted, empty ones left out, replacing the previous query", () => {
    assert.equal(
      hashWithQuery("#/events?old=1", { status: "failure", pipeline: "web-*", source: "" }),
      "#/events?pipeline=web-*&status=failure",
    );
    assert.equal(hashWithQuery("#/deliveries?state=dead", { state: "" }), "#/deliveries");
    const hash = hashWithQuery("#/events", { pipeline: "a b&c=d" });
    assert.deepEqual(hashQuery(hash), { pipeline: "a b&c=d" });
    assert.deepEqual(parseHash(hash), { section: "events", rest: [] });
  });
});

describe("relative times", () => {
  const now = Date.parse("2026-11-23T08:00:00Z");
  test("minutes, hours, days ago in the console's languages; just now; the future", () => {
    assert.equal(relativeTime("2026-11-23T07:57:00Z", now, "en"), "3 min. ago");
    assert.equal(relativeTime("2026-11-23T07:57:00Z", now, "zh-CN"), "3分钟前");
    assert.equal(relativeTime("2026-11-23T07:59:55Z", now, "en"), "now");
    assert.equal(relativeTime("2026-11-23T05:00:00Z", now, "en"), "3 hr. ago");
    assert.equal(relativeTime("2026-11-22T07:00:00Z", now, "en"), "yesterday");
    assert.equal(relativeTime("2026-11-23T08:02:00Z", now, "en"), "in 2 min.");
    assert.equal(relativeTime("not a time", now, "en"), "not a time");
  });
});

describe("event sources", () => {
  test("the console lists the API and every webhook receiver the service has", () => {
    assert.deepEqual([...EVENT_SOURCES], ["api", ...HOOK_SOURCES]);
  });
});

describe(`\${VAR} completion`, () => {
  const vars = [
    { name: "GITEE_PIPELINE_NAME", description: "" },
    { name: "GITEE_SHORT_COMMIT", description: "" },
    { name: "CI_PIPELINE_NAME", description: "" },
  ];
  test("opens only right after ${ and a partial name", () => {
    assert.deepEqual(completionContext("hi ${GIT", 8), { start: 5, prefix: "GIT" });
    assert.deepEqual(completionContext("${", 2), { start: 2, prefix: "" });
    assert.equal(completionContext("hi $GIT", 7), undefined);
    assert.equal(completionContext(`\${A} b`, 6), undefined);
  });
  test("matches prefixes first, then names containing the text, case-insensitively", () => {
    assert.deepEqual(
      matchVariables(vars, "pipe").map((v) => v.name),
      ["GITEE_PIPELINE_NAME", "CI_PIPELINE_NAME"],
    );
    assert.deepEqual(
      matchVariables(vars, "ci").map((v) => v.name),
      ["CI_PIPELINE_NAME"],
    );
    assert.equal(matchVariables(vars, "", 2).length, 2);
  });
  test("inserts the name and the closing brace, without doubling one already there", () => {
    const text = "**${GIT** done";
    const ctx = completionContext(text, 7)!;
    assert.deepEqual(applyCompletion(text, 7, ctx, "GITEE_PIPELINE_NAME"), {
      text: `**\${GITEE_PIPELINE_NAME}** done`,
      caret: 24,
    });
    const closed = `\${GIT}!`;
    const c2 = completionContext(closed, 5)!;
    assert.deepEqual(applyCompletion(closed, 5, c2, "GITEE_SHORT_COMMIT"), {
      text: `\${GITEE_SHORT_COMMIT}!`,
      caret: 21,
    });
  });
});

describe("content items", () => {
  test("ticked items come first in the rule's order; moving reorders; untick removes", () => {
    const state = initialContent(["commit", "pipeline"]);
    assert.deepEqual(state.order.slice(0, 2), ["commit", "pipeline"]);
    assert.equal(state.order.length, CONTENT_ITEMS.length);
    assert.deepEqual(selectedContent(state), ["commit", "pipeline"]);
    assert.equal(move(state, "pipeline", -1), 0);
    assert.deepEqual(selectedContent(state), ["pipeline", "commit"]);
    assert.equal(move(state, "pipeline", -1), 0, "the first item cannot move up");
    assert.equal(toggle(state, "branch", true), 2, "a ticked item joins the end of the ticked group");
    assert.deepEqual(selectedContent(state), ["pipeline", "commit", "branch"]);
    assert.equal(move(state, "branch", -1), 1);
    assert.deepEqual(selectedContent(state), ["pipeline", "branch", "commit"]);
    assert.equal(toggle(state, "pipeline", false), 2, "an unticked item goes just below the ticked group");
    assert.deepEqual(state.order.slice(0, 3), ["branch", "commit", "pipeline"]);
    assert.deepEqual(selectedContent(state), ["branch", "commit"]);
    assert.equal(new Set(state.order).size, CONTENT_ITEMS.length);
  });
});

describe("body size counter", () => {
  test("warns from 80 % and flags past the limit", () => {
    assert.equal(sizeLevel(100, 20_000), "ok");
    assert.equal(sizeLevel(16_000, 20_000), "warn");
    assert.equal(sizeLevel(20_000, 20_000), "warn");
    assert.equal(sizeLevel(20_001, 20_000), "over");
    assert.equal(formatBytes(1234, 20_000), "1,234 / 20,000 bytes");
  });
});

describe("deliveries chart", () => {
  test("nice axis maxima", () => {
    assert.deepEqual([0, 1, 3, 7, 12, 20, 51].map(niceMax), [1, 1, 5, 10, 20, 20, 100]);
  });
  test("stacks each bucket's outcomes bottom-up within the plot", () => {
    const zero = { pending: 0, sending: 0, sent: 0, merged: 0, dead: 0 };
    const { bars, max } = layoutBars(
      [
        { start: "2026-11-23T08:00:00Z", counts: { ...zero, sent: 6, dead: 4 } },
        { start: "2026-11-23T09:00:00Z", counts: { ...zero } },
      ],
      { width: 220, height: 120, left: 20, bottom: 20 },
    );
    assert.equal(max, 10);
    assert.equal(bars.length, 2);
    const [first, second] = bars;
    assert.deepEqual(
      first!.segments.map((s) => [s.state, s.count, s.y, s.height]),
      [
        ["sent", 6, 40, 60],
        ["dead", 4, 0, 40],
      ],
    );
    assert.equal(first!.total, 10);
    assert.deepEqual(second!.segments, []);
    assert.ok(first!.x >= 20 && second!.x + second!.width <= 220);
  });
});

describe("robot webhook field", () => {
  test("a bare access_token becomes DingTalk's webhook; a URL stays as pasted", () => {
    const token = "0123456789abcdef0123456789abcdef";
    assert.equal(webhookUrl(` ${token} `), `https://oapi.dingtalk.com/robot/send?access_token=${token}`);
    assert.equal(
      webhookUrl("http://127.0.0.1:4000/robot/send?access_token=t1"),
      "http://127.0.0.1:4000/robot/send?access_token=t1",
    );
  });
});

describe("preview sample event", () => {
  test("takes the rule's plain pipeline and task names, not patterns", () => {
    const e = sampleEvent("failure", "deploy", "web-*");
    assert.equal(e.pipeline.name, "deploy");
    assert.equal(e.task.name, "unit-tests");
    assert.equal(e.task.status, "failure");
    assert.equal(e.variables?.["GITEE_PIPELINE_NAME"], "deploy");
    assert.ok(e.task.finishedAt);
    assert.equal(sampleEvent("started").task.finishedAt, undefined);
  });
});

describe("the shared-robot note in Chinese", () => {
  test("names the other robot entry and the limit the service gave, for every kind", () => {
    const say = (message: string) =>
      localizeError({ status: 200, code: "shared_robot", message, fix: "…" }, "zh-CN").message;
    assert.equal(
      say(
        "this webhook is the robot of credential 'ci' too: they share the robot's limit of 20 messages a minute, so their deliveries wait for each other",
      ),
      "这个 Webhook 也是机器人“ci”的：它们共用这个机器人每分钟 20 条的限额。",
    );
    assert.match(
      say(
        "this webhook is the robot of credential 'fs' too: they share the robot's limit of 100 messages per 3600 s",
      ),
      /“fs”.*每 3600 秒 100 条的限额/,
    );
  });
});

describe("cockpit pieces", () => {
  test("an error path names its field: notification. prefix and list index dropped, nested kept", () => {
    assert.equal(fieldOfPath("notification.at[1]"), "at");
    assert.equal(fieldOfPath("events[0]"), "events");
    assert.equal(fieldOfPath("rateLimit.messages"), "rateLimit.messages");
    assert.equal(fieldOfPath("name"), "name");
  });

  test("the chart's time zone: UTC alone, else the zone and its offset", () => {
    const winter = new Date("2026-01-15T12:00:00Z");
    assert.equal(zoneLabel(winter, "UTC").startsWith("UTC"), true);
    // The offset is the runtime's own (getTimezoneOffset); the zone name is as given.
    assert.match(zoneLabel(winter, "Asia/Shanghai"), /^(Asia\/Shanghai, UTC[+-]\d+(:\d\d)?|UTC)$/);
  });

  test("which recent events a rule would match, switched off or not, and the misses by their first failing check", () => {
    const ev = (id: string, pipeline: string, task: string, status: "failure" | "success") => ({
      id,
      source: "api",
      event: { pipeline: { name: pipeline }, task: { name: task, status } },
      receivedAt: "2026-11-23T08:00:00Z",
      expanded: true,
    });
    const events = [
      ev("1", "web-a", "build", "failure"),
      ev("2", "web-b", "test", "failure"),
      ev("3", "api", "build", "failure"),
      ev("4", "web-a", "build", "success"),
    ];
    const rule = {
      credential: "ops",
      events: ["failure" as const],
      content: [],
      pipelines: ["web-*"],
      tasks: ["build"],
    };
    const r = matchRecent(rule, events);
    assert.deepEqual(
      r.hits.map((e) => e.id),
      ["1"],
    );
    assert.deepEqual(r.misses, { status: 1, pipeline: 1, task: 1 });
    assert.deepEqual(
      matchRecent({ ...rule, enabled: false }, events).hits.map((e) => e.id),
      ["1"],
      "a switched-off rule is judged as if on",
    );
  });
});

describe("the robot-fit note in Chinese", () => {
  test("says which @ entry is not mentioned and why, from the words the service and config check share", async () => {
    const { robotFit } = await import("../src/contract/rules.ts");
    const [openId, mobile] = [
      robotFit({ credential: "ci", at: ["ou_0123456789abcdef0123456789abcdef"] }, "dingtalk")[0]!,
      robotFit({ credential: "fs", at: ["13800000000"] }, "feishu")[0]!,
    ];
    const say = (f: { message: string; fix: string }) =>
      localizeError({ status: 200, code: "robot_fit", message: f.message, fix: f.fix }, "zh-CN");
    assert.equal(
      say(openId).message,
      "“ou_0123456789abcdef0123456789abcdef”不会被 @：机器人“ci”不能按 open_id @ 人。",
    );
    assert.equal(say(openId).fix, "写成员的手机号或 all。");
    assert.equal(say(mobile).message, "“13800000000”不会被 @：机器人“fs”不能按手机号 @ 人。");
  });
});
