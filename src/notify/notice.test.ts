// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are dingpipe ${VAR} templates, not JavaScript ones
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../pipeline/event.ts";
import { compose } from "./compose.ts";
import { composeDigest } from "./digest.ts";
import { CONTENT_ITEMS, type NotificationRule } from "./rule.ts";
import { sampleEvent } from "./sample.ts";

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "ci",
  events: ["failure"],
  content: [...CONTENT_ITEMS],
  ...over,
});

const hostile = "**x** [a](https://evil.example) <font color=red>r</font> @13800000000";

function eventWith(value: string): PipelineEvent {
  const e = sampleEvent("failure");
  e.source = {
    ...e.source,
    branch: value,
    commit: { ...e.source!.commit!, message: value, sha: "a1b2c3d4e5f6" },
  };
  e.run = { ...e.run!, trigger: { user: value } };
  return e;
}

describe("compose: the neutral notice", () => {
  it("facts carry label KEYS in the rule's order, and values as plain text", () => {
    const n = compose(rule({ content: ["branch", "pipeline", "status", "duration", "link"] }), sampleEvent());
    assert.deepEqual(
      n.facts.map((f) => f.key),
      ["branch", "pipeline", "status", "duration", "link"],
    );
    const text = JSON.stringify(n.facts);
    assert.doesNotMatch(text, /\*\*|Branch|Pipeline|Duration/, "no markdown and no label words in the facts");
    assert.equal(n.facts[0]?.text, "main");
  });

  it("marks untrusted values and keeps them as they came (each channel neutralizes its own markup)", () => {
    const n = compose(
      rule({ content: ["branch", "trigger_user", "commit_message", "status", "duration"] }),
      eventWith(hostile),
    );
    const byKey = Object.fromEntries(n.facts.map((f) => [f.key, f]));
    assert.equal(byKey["branch"]?.text, hostile);
    assert.equal(byKey["branch"]?.untrusted, true);
    assert.equal(byKey["trigger_user"]?.untrusted, true);
    assert.equal(byKey["commit_message"]?.long, true);
    assert.equal(byKey["status"]?.untrusted, false);
    assert.equal(byKey["duration"]?.untrusted, false);
  });

  it("links are safe URLs or none: a javascript: task link is dropped, the run link kept", () => {
    const e = sampleEvent("failure");
    e.task.url = "javascript:alert(1)";
    const n = compose(rule({ content: ["task", "link"] }), e);
    assert.equal(n.facts[0]?.url, undefined);
    assert.equal(n.facts[1]?.url, "https://ci.example.com/p/7/runs/42");
    assert.equal(n.runUrl, "https://ci.example.com/p/7/runs/42");
  });

  it("title parts, status, style and locale; no robot dialect anywhere", () => {
    const n = compose(rule({ style: "action_card" }), sampleEvent("success"));
    assert.deepEqual(n.title, { pipeline: "Web release", task: "unit-tests" });
    assert.equal(n.status, "success");
    assert.equal(n.style, "action_card");
    assert.equal(n.locale, "en");
    assert.doesNotMatch(JSON.stringify(n), /msgtype|msg_type|###|<font/);
  });

  it("mentions: mobiles, Feishu open_ids and all (literal only); the rest dropped", () => {
    const e = sampleEvent();
    e.variables = { ONCALL: "13900000000, all", WHO: "ou_0123456789abcdef" };
    const n = compose(rule({ at: ["13800000000", "${ONCALL}", "${WHO}", "nobody"] }), e);
    assert.deepEqual(n.mentions, {
      mobiles: ["13800000000", "13900000000"],
      userIds: ["ou_0123456789abcdef"],
      all: false,
    });
    assert.deepEqual(n.droppedMentions, ["nobody"]);
    assert.equal(compose(rule({ at: ["all"] }), e).mentions.all, true);
  });

  it("custom content is the users' DingTalk markdown with ${VARS} substituted, untrusted ones escaped", () => {
    const e = eventWith(hostile);
    const n = compose(rule({ custom: "**Branch** ${DINGPIPE_BRANCH} ${MISSING}" }), e);
    assert.match(n.custom ?? "", /^\*\*Branch\*\* ＊＊x＊＊ ［a］/);
    assert.deepEqual(n.unknownVariables, ["MISSING"]);
  });

  it("a failure carries the exit code and the last 30 lines of output, unescaped, with the count left out", () => {
    const e = sampleEvent("failure");
    e.task.logTail = Array.from({ length: 45 }, (_, i) => `line ${i} **`).join("\r\n") + "\n\n";
    const n = compose(rule(), e);
    assert.equal(n.exitCode, 1);
    assert.equal(n.logTail?.lines.length, 30);
    assert.equal(n.logTail?.lines[0], "line 15 **");
    assert.equal(n.logTail?.omitted, 15);
    assert.equal(compose(rule(), sampleEvent("success")).logTail, undefined);
  });
});

describe("composeDigest: the neutral digest", () => {
  it("groups by task, latest state first, failures first; every event counted; mentions united", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 8, 0, s)).toISOString();
    const item = (task: string, status: "success" | "failure", s: number, atList?: string[]) => ({
      rule: rule(atList ? { at: atList } : {}),
      event: { pipeline: { name: "p" }, task: { name: task, status } },
      receivedAt: at(s),
    });
    const d = composeDigest([
      item("a", "failure", 1, ["13800000000"]),
      item("a", "success", 2),
      item("b", "failure", 3, ["all", "ou_0123456789abcdef"]),
    ]);
    assert.equal(d.total, 3);
    assert.equal(d.failing, 1);
    assert.deepEqual(
      d.groups.map((g) => [g.title.task, g.status, g.count, g.earlier.map((x) => x.status)]),
      [
        ["b", "failure", 1, []],
        ["a", "success", 2, ["failure"]],
      ],
    );
    assert.deepEqual(d.mentions, { mobiles: ["13800000000"], userIds: ["ou_0123456789abcdef"], all: true });
  });
});
