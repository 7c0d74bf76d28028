// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are dingpipe ${VAR} templates, not JavaScript ones
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compose, composeDetailed } from "../channels/dingtalk/compose.ts";
import type { DingTalkMessage } from "../dingtalk/message.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { CONTENT_ITEMS, type ContentItem, type NotificationRule } from "./rule.ts";
import { sampleEvent } from "./sample.ts";

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "ci",
  // The English wording and China Standard Time these tests pin (zh-CN, the default, has its own tests).
  locale: "en",
  timezone: "Asia/Shanghai",
  events: ["failure", "success"],
  content: ["pipeline", "build_number", "task", "status", "branch", "commit", "duration", "link"],
  ...over,
});

function textOf(m: DingTalkMessage): string {
  if (m.msgtype === "markdown") return m.markdown.text;
  if (m.msgtype === "actionCard") return m.actionCard.text;
  throw new Error(`unexpected ${m.msgtype}`);
}
function titleOf(m: DingTalkMessage): string {
  if (m.msgtype === "markdown") return m.markdown.title;
  if (m.msgtype === "actionCard") return m.actionCard.title;
  throw new Error(`unexpected ${m.msgtype}`);
}
const bytes = (m: DingTalkMessage) => new TextEncoder().encode(JSON.stringify(m)).length;

const minimal: PipelineEvent = {
  pipeline: { name: "web-release" },
  task: { name: "build", status: "success" },
};

describe("compose: title and heading", () => {
  it("names pipeline, task and status with a mark, in the title and the first line", () => {
    const m = compose(rule(), sampleEvent("failure"));
    assert.equal(m.msgtype, "markdown");
    assert.equal(titleOf(m), "❌ Web release · unit-tests failed");
    assert.equal(textOf(m).split("\n")[0], "### ❌ Web release · unit-tests failed");
  });

  it("names a pipeline-level run once: ❌ CI failed, not ❌ CI · CI failed", () => {
    const run: PipelineEvent = { pipeline: { name: "CI" }, task: { name: "CI", status: "failure" } };
    const m = compose(rule(), run);
    assert.equal(titleOf(m), "❌ CI failed");
    assert.equal(textOf(m).split("\n")[0], "### ❌ CI failed");
    const display = compose(rule(), {
      pipeline: { name: "ci.yml", displayName: "CI" },
      task: { name: "CI", status: "success" },
    });
    assert.equal(titleOf(display), "✅ CI succeeded");
    assert.equal(titleOf(compose(rule(), minimal)), "✅ web-release · build succeeded");
  });

  it("has a distinct mark for every status", () => {
    const marks = new Set<string>();
    for (const [status, mark] of [
      ["success", "✅"],
      ["failure", "❌"],
      ["cancelled", "⏹"],
      ["skipped", "⏭"],
      ["waiting", "⏳"],
      ["started", "▶"],
    ] as const) {
      const title = titleOf(compose(rule(), sampleEvent(status)));
      assert.ok(title.startsWith(`${mark} `), title);
      marks.add(title.split(" ")[0]!);
    }
    assert.equal(marks.size, 6);
  });
});

describe("compose: run number and duration as users read them", () => {
  it("shows the number users see; a run id alone is never shown as a number", () => {
    const withId: PipelineEvent = {
      ...minimal,
      run: { id: "2202229078", url: "https://github.com/o/r/actions/runs/2202229078" },
    };
    const text = textOf(compose(rule(), withId));
    assert.doesNotMatch(text, /#2202229078/);
    assert.doesNotMatch(text, /\*\*Run\*\*/);
    assert.match(text, /\[View run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/2202229078\)/);
    const numbered = textOf(compose(rule(), { ...minimal, run: { ...withId.run, number: 163 } }));
    assert.match(numbered, /\*\*Run\*\* \[#163\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/2202229078\)/);
  });

  it("writes a sub-second duration as < 1s, never 0ms", () => {
    const instant: PipelineEvent = {
      ...minimal,
      task: { ...minimal.task, startedAt: "2020-10-05T16:33:49Z", finishedAt: "2020-10-05T16:33:49Z" },
    };
    const text = textOf(compose(rule(), instant));
    assert.match(text, /\*\*Duration\*\* < 1s/);
    assert.doesNotMatch(text, /0ms/);
  });
});

describe("compose: content items", () => {
  const full = sampleEvent("failure");
  const expected: Record<ContentItem, string> = {
    pipeline: "- **Pipeline** [Web release](https://ci.example.com/p/7)",
    build_number: "- **Run** [#42](https://ci.example.com/p/7/runs/42)",
    stage: "- **Stage** build",
    task: "- **Task** [unit-tests](https://ci.example.com/p/7/runs/42/tasks/3)",
    status: "- **Status** ❌ failure",
    trigger_user: "- **Triggered by** lin",
    trigger_event: "- **Trigger** push",
    repo: "- **Repository** acme/web",
    branch: "- **Branch** main",
    commit:
      "- **Commit** [a1b2c3d](https://gitee.com/acme/web/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678)",
    commit_message: "- **Message** fix(login): keep the session after a token refresh",
    author: "- **Author** lin",
    pull_request: "- **Pull request** [#12 Keep the session on refresh](https://gitee.com/acme/web/pulls/12)",
    duration: "- **Duration** 3m 05s",
    started_at: "- **Started** 2026-11-23 16:00:00 (UTC+8)",
    finished_at: "- **Finished** 2026-11-23 16:03:05 (UTC+8)",
    link: "- [View run](https://ci.example.com/p/7/runs/42)",
  };

  for (const item of CONTENT_ITEMS) {
    it(`shows ${item} when the event has it`, () => {
      const text = textOf(compose(rule({ content: [item] }), full));
      assert.ok(text.split("\n").includes(expected[item]), text);
    });
  }

  it("leaves out every item a minimal event lacks, with no undefined or empty bullets", () => {
    const text = textOf(compose(rule({ content: [...CONTENT_ITEMS] }), minimal));
    assert.deepEqual(text.split("\n"), [
      "### ✅ web-release · build succeeded",
      "",
      "- **Pipeline** web-release",
      "- **Task** build",
      "- **Status** ✅ success",
    ]);
    assert.doesNotMatch(text, /undefined|null|NaN|\*\* *$/m);
  });

  it("keeps the order the user chose", () => {
    const order: ContentItem[] = ["link", "duration", "branch", "commit", "pipeline", "trigger_user"];
    const text = textOf(compose(rule({ content: order }), full));
    const lines = text.split("\n").filter((l) => l.startsWith("- "));
    assert.deepEqual(
      lines.map((l) => l.replace(/^- (\*\*[^*]+\*\*|\[View run\]).*$/, "$1")),
      ["[View run]", "**Duration**", "**Branch**", "**Commit**", "**Pipeline**", "**Triggered by**"],
    );
  });

  it("computes the duration from startedAt/finishedAt, and prefers durationMs", () => {
    const a = textOf(compose(rule({ content: ["duration"] }), full));
    assert.match(a, /\*\*Duration\*\* 3m 05s/);
    const withMs: PipelineEvent = { ...minimal, task: { ...minimal.task, durationMs: 3_723_000 } };
    assert.match(textOf(compose(rule({ content: ["duration"] }), withMs)), /\*\*Duration\*\* 1h 02m 03s/);
  });

  it("shows times in the notification's zone, else the context's, else TZ's, each with its offset", () => {
    const started = (r: NotificationRule, ctx = {}) => textOf(compose(r, full, ctx));
    assert.match(
      started(rule({ content: ["started_at"] }), { timeZone: "UTC" }),
      /\*\*Started\*\* 2026-11-23 16:00:00 \(UTC\+8\)$/m,
    );
    const zoneless = rule({ content: ["started_at"], timezone: undefined });
    assert.match(started(zoneless, { timeZone: "UTC" }), /\*\*Started\*\* 2026-11-23 08:00:00 \(UTC\)$/m);
    assert.match(
      started(zoneless, { timeZone: "America/New_York" }),
      /\*\*Started\*\* 2026-11-23 03:00:00 \(UTC-5\)$/m,
    );
    assert.match(
      started({ ...zoneless, timezone: "Asia/Kolkata" }),
      /\*\*Started\*\* 2026-11-23 13:30:00 \(UTC\+5:30\)$/m,
    );
  });

  it("the link item falls back to the task, then pipeline URL, and is left out without any", () => {
    const e: PipelineEvent = {
      pipeline: { name: "p", url: "https://ci/p" },
      task: { name: "t", status: "success", url: "https://ci/t" },
    };
    assert.match(textOf(compose(rule({ content: ["link"] }), e)), /\[View run\]\(https:\/\/ci\/t\)/);
    assert.doesNotMatch(textOf(compose(rule({ content: ["link"] }), minimal)), /View run/);
  });

  it("shows exit code and log tail as a quote for a failure only", () => {
    const text = textOf(compose(rule({ content: [] }), full));
    assert.match(text, /\*\*Exit code\*\* 1/);
    assert.match(text, /^> Tests: 1 failed, 86 passed, 87 total$/m);
    assert.match(text, /AssertionError: expected 'anonymous' to equal 'lin' {2}\n/);
    const ok = sampleEvent("success");
    ok.task.exitCode = 0;
    ok.task.logTail = "all good";
    const okText = textOf(compose(rule({ content: [] }), ok));
    assert.doesNotMatch(okText, /Exit code|all good/);
  });
});

describe("compose: custom content", () => {
  it("renders builtin, event and env variables, defaults and reports unknown ones", () => {
    const r = composeDetailed(
      rule({
        content: [],
        custom:
          "**${GITEE_PIPELINE_NAME}** built `${DINGPIPE_SHORT_COMMIT}` on ${DINGPIPE_BRANCH}\n\nenv ${TEAM} ${REGION:-cn} ${MISSING}",
      }),
      sampleEvent("success"),
      { env: { TEAM: "**web team**" } },
    );
    const text = textOf(r.message);
    assert.match(text, /\*\*web-release\*\* built `a1b2c3d` on main\n\nenv \*\*web team\*\* cn$/m);
    assert.deepEqual(r.unknownVariables, ["MISSING"]);
  });

  it("comes after the items and before the mentions", () => {
    const text = textOf(
      compose(rule({ content: ["branch"], custom: "CUSTOM", at: ["13800000000"] }), sampleEvent("success")),
    );
    assert.ok(text.indexOf("**Branch**") < text.indexOf("CUSTOM"));
    assert.ok(text.indexOf("CUSTOM") < text.indexOf("@13800000000"));
  });

  it("variables resolve builtin first, then the event's, then the environment", () => {
    const e: PipelineEvent = { ...minimal, variables: { X: "from-event", DINGPIPE_TASK: "spoofed" } };
    const text = textOf(
      compose(rule({ content: [], custom: "${X} ${DINGPIPE_TASK} ${Y}" }), e, { env: { X: "env", Y: "y" } }),
    );
    assert.match(text, /from-event build y$/);
  });
});

describe("compose: mentions", () => {
  it("puts mobiles in at.atMobiles and writes them into the text", () => {
    const m = compose(rule({ at: ["13800000000", "13900000000"] }), sampleEvent());
    assert.deepEqual(m.msgtype === "markdown" && m.at, { atMobiles: ["13800000000", "13900000000"] });
    assert.match(textOf(m), /\n\n@13800000000 @13900000000$/);
  });

  it("resolves ${VAR} from the event's variables and the environment, splitting lists, dropping junk", () => {
    const e: PipelineEvent = { ...sampleEvent(), variables: { COMMITTER_MOBILE: "13700000000" } };
    const r = composeDetailed(
      rule({ at: ["${COMMITTER_MOBILE}", "${ONCALL}", "${UNSET}", "12345", "", "@13600000000"] }),
      e,
      {
        env: { ONCALL: "13800000000,13900000000; 13800000000" },
      },
    );
    const m = r.message;
    assert.deepEqual(m.msgtype === "markdown" && m.at?.atMobiles, [
      "13700000000",
      "13800000000",
      "13900000000",
      "13600000000",
    ]);
    assert.deepEqual(r.droppedMentions, ["12345"]);
  });

  it("a reference with text around it is resolved in place; what then mentions no one is dropped and said", () => {
    const e: PipelineEvent = {
      ...sampleEvent(),
      variables: { OWNER: "13700000000", HK: "12345678", Y: "13800000000" },
    };
    const r = composeDetailed(rule({ at: ["@${OWNER}", "+852-${HK}", "x${Y}z"] }), e);
    const m = r.message;
    assert.deepEqual(m.msgtype === "markdown" && m.at?.atMobiles, ["13700000000", "+852-12345678"]);
    assert.deepEqual(r.droppedMentions, ["x13800000000z"]);
  });

  it("`all` sets isAtAll; no at field without mentions", () => {
    const m = compose(rule({ at: ["all"] }), sampleEvent());
    assert.deepEqual(m.msgtype === "markdown" && m.at, { isAtAll: true });
    const none = compose(rule({ at: ["${UNSET}"] }), sampleEvent());
    assert.equal("at" in none, false);
  });

  it("a variable whose value is `all` does not mention everyone (it may come from a webhook)", () => {
    const e: PipelineEvent = { ...sampleEvent(), variables: { M: "all" } };
    const m = compose(rule({ at: ["${M}"] }), e);
    assert.equal("at" in m, false);
  });

  it("does not repeat a mobile the custom content already writes out", () => {
    const text = textOf(
      compose(rule({ content: [], custom: "@13800000000 please look", at: ["13800000000"] }), minimal),
    );
    assert.equal(text.split("@13800000000").length, 2);
  });
});

describe("compose: keywords", () => {
  it("adds the first keyword to the title and heading when the message has none", () => {
    const m = compose(rule(), sampleEvent(), { keywords: ["CI通知", "部署"] });
    assert.equal(titleOf(m), "❌ Web release · unit-tests failed 【CI通知】");
    assert.match(textOf(m), /^### .*【CI通知】$/m);
  });

  it("adds nothing when the message already contains one", () => {
    const m = compose(rule(), sampleEvent(), { keywords: ["nope", "unit-tests"] });
    assert.equal(titleOf(m), "❌ Web release · unit-tests failed");
  });
});

describe("compose: action_card", () => {
  it("is an actionCard with a View run button when a URL exists", () => {
    const m = compose(rule({ style: "action_card", at: ["13800000000"] }), sampleEvent());
    assert.equal(m.msgtype, "actionCard");
    if (m.msgtype !== "actionCard") return;
    assert.equal(m.actionCard.title, "❌ Web release · unit-tests failed");
    assert.equal(m.actionCard.singleTitle, "View run");
    assert.equal(m.actionCard.singleURL, "https://ci.example.com/p/7/runs/42");
    assert.match(m.actionCard.text, /\*\*Branch\*\* main/);
    assert.match(m.actionCard.text, /@13800000000$/);
    assert.deepEqual(m.at, { atMobiles: ["13800000000"] });
  });

  it("falls back to markdown without a URL", () => {
    assert.equal(compose(rule({ style: "action_card" }), minimal).msgtype, "markdown");
  });
});

describe("compose: fitting under 20,000 bytes", () => {
  const huge = (): PipelineEvent => {
    const e = sampleEvent("failure");
    e.source!.commit!.message = "修复登录会话在令牌刷新后丢失的问题。".repeat(2000); // ~108 KB
    e.task.logTail = Array.from(
      { length: 400 },
      (_, i) => `第${i}行 错误：无法连接数据库 ${"x".repeat(80)}`,
    ).join("\n");
    return e;
  };
  const big = rule({
    content: [...CONTENT_ITEMS],
    custom: Array.from({ length: 500 }, (_, i) => `自定义内容第 ${i} 行 **${"${DINGPIPE_BRANCH}"}**`).join(
      "\n",
    ),
    at: ["13800000000", "all"],
  });

  it("stays within the limit and keeps title, status, link and mentions", () => {
    const r = composeDetailed(big, huge(), { keywords: ["CI"] });
    const m = r.message;
    assert.ok(bytes(m) <= 20_000, `${bytes(m)} bytes`);
    assert.equal(r.bytes, bytes(m));
    assert.equal(r.truncated, true);
    const text = textOf(m);
    assert.equal(titleOf(m), "❌ Web release · unit-tests failed 【CI】");
    assert.match(text, /^### ❌ Web release · unit-tests failed 【CI】$/m);
    assert.match(text, /^- \*\*Status\*\* ❌ failure$/m);
    assert.match(text, /^- \[View run\]\(https:\/\/ci\.example\.com\/p\/7\/runs\/42\)$/m);
    assert.match(text, /@13800000000$/);
    assert.deepEqual(m.msgtype === "markdown" && m.at, { atMobiles: ["13800000000"], isAtAll: true });
    assert.match(text, /- \*\*Message\*\* 修复登录.*…truncated$/m);
    assert.match(text, /^> …truncated/m);
    // the end of the log tail is what survives
    assert.match(text, /^> 第399行 错误/m);
    assert.match(text, /^…truncated$/m);
  });

  it("uses the space: the result is close to the limit, not emptied", () => {
    const m = compose(big, huge());
    assert.ok(bytes(m) > 19_000, `${bytes(m)} bytes`);
  });

  it("honours a smaller maxBytes", () => {
    const m = compose(big, huge(), { maxBytes: 4000 });
    assert.ok(bytes(m) <= 4000, `${bytes(m)} bytes`);
    assert.match(textOf(m), /View run/);
  });

  it("shrinks the largest part first and leaves small messages alone", () => {
    const e = sampleEvent("failure");
    e.source!.commit!.message = "长".repeat(30_000);
    const r = composeDetailed(rule({ content: ["commit_message", "link"], custom: "short custom" }), e);
    const text = textOf(r.message);
    assert.ok(bytes(r.message) <= 20_000);
    assert.match(text, /short custom/);
    assert.match(text, /Tests: 1 failed/);
    const small = composeDetailed(rule(), sampleEvent("failure"));
    assert.equal(small.truncated, false);
    assert.doesNotMatch(textOf(small.message), /truncated/);
  });

  it("an action card fits too and keeps its button", () => {
    const m = compose({ ...big, style: "action_card" }, huge());
    assert.equal(m.msgtype, "actionCard");
    assert.ok(bytes(m) <= 20_000);
    assert.equal(m.msgtype === "actionCard" && m.actionCard.singleURL, "https://ci.example.com/p/7/runs/42");
  });

  it("a huge single-line log tail and giant names still fit", () => {
    const e = sampleEvent("failure");
    e.task.logTail = "日志".repeat(50_000);
    e.pipeline.displayName = "管道".repeat(10_000);
    e.task.name = "任务".repeat(10_000);
    e.source!.branch = "分支".repeat(10_000);
    e.source!.pullRequest!.title = "标题".repeat(10_000);
    const m = compose(rule({ content: [...CONTENT_ITEMS], at: ["13800000000"] }), e);
    assert.ok(bytes(m) <= 20_000, `${bytes(m)} bytes`);
    assert.ok(titleOf(m).length < 200);
    assert.match(textOf(m), /@13800000000$/);
    assert.match(textOf(m), /^> …truncated [日志]+$/m);
  });
});
