/**
 * Messages for a Chinese team, as its people type their names: full-width punctuation, emoji (with
 * skin tones, ZWJ families and flags), Chinese pipelines, branches and commit messages — worded in
 * Chinese by default, within every robot's byte limit (UTF-8: 3 bytes a character, 4 an emoji), cut
 * only between graphemes and marked "…已截断", with mentions and keywords kept.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hugeChinese } from "../../test/helpers/huge-event.ts";
import { compose } from "../notify/compose.ts";
import { composeDigest } from "../notify/digest.ts";
import { CONTENT_ITEMS, type NotificationRule } from "../notify/rule.ts";
import { sampleEvent } from "../notify/sample.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { channelFor } from "./index.ts";
import type { ChannelKind } from "./kinds.ts";

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "群机器人",
  timezone: "Asia/Shanghai",
  events: ["failure", "success"],
  content: [
    "pipeline",
    "build_number",
    "task",
    "status",
    "trigger_user",
    "branch",
    "commit",
    "commit_message",
    "duration",
    "started_at",
    "link",
  ],
  ...over,
});

/** A failure as a Chinese team's CI reports it. */
function typed(): PipelineEvent {
  const e = sampleEvent("failure");
  e.pipeline = {
    name: "web-release",
    displayName: "前端发布流水线（生产）",
    url: "https://ci.example.com/p/7",
  };
  e.task = {
    ...e.task,
    name: "部署：华东 1 区 🚀",
    startedAt: "2026-11-23T00:03:00Z",
    finishedAt: "2026-11-23T00:06:05Z",
  };
  e.run = { ...e.run!, trigger: { user: "张三👨‍💻", event: "push" } };
  e.source = {
    ...e.source!,
    branch: "feature/登录页优化",
    commit: {
      ...e.source!.commit!,
      message: "修复：登录页在 Safari 下白屏的问题！（#123）👍🏻\n\n详细说明：token 刷新后会话丢失……",
    },
  };
  return e;
}

const KINDS: ChannelKind[] = ["dingtalk", "wecom", "feishu"];
const json = (body: unknown) => JSON.stringify(body);

describe("Chinese by default, through every channel", () => {
  it("DingTalk: title, labels, statuses, duration, times with their zone, the run link, the exit code", () => {
    const n = compose(rule({ at: ["13800000000"] }), typed());
    assert.equal(n.locale, "zh-CN");
    const r = channelFor("dingtalk").render(n, { keywords: ["发布通知"] });
    const m = r.body as { markdown: { title: string; text: string }; at: { atMobiles: string[] } };
    assert.equal(m.markdown.title, "❌ 前端发布流水线（生产） · 部署：华东 1 区 🚀 运行失败 【发布通知】");
    const text = m.markdown.text;
    for (const line of [
      "### ❌ 前端发布流水线（生产） · 部署：华东 1 区 🚀 运行失败 【发布通知】",
      "- **流水线** [前端发布流水线（生产）](https://ci.example.com/p/7)",
      "- **运行状态** ❌ 运行失败",
      "- **触发人** 张三👨‍💻",
      "- **分支** feature/登录页优化",
      "- **提交信息** 修复：登录页在 Safari 下白屏的问题！（#123）👍🏻 详细说明：token 刷新后会话丢失……",
      "- **耗时** 3分05秒",
      "- **开始时间** 2026-11-23 08:03:00 (UTC+8)",
      "- [查看详情](https://ci.example.com/p/7/runs/42)",
      "**退出码** 1",
      "**输出的最后几行**\n\n> ",
    ])
      assert.ok(text.includes(line), `${line}\nin\n${text}`);
    assert.ok(text.endsWith("\n\n@13800000000"), "the mention line");
    assert.deepEqual(m.at.atMobiles, ["13800000000"]);
  });

  it("WeCom: markdown with Chinese labels; a mention makes it text, written with full-width colons", () => {
    const md = channelFor("wecom").render(compose(rule(), typed()));
    const content = (md.body as { markdown: { content: string } }).markdown.content;
    assert.match(
      content,
      /^### <font color="warning">❌ 前端发布流水线（生产） · 部署：华东 1 区 🚀 运行失败<\/font>$/m,
    );
    assert.match(content, /^\*\*分支\*\* feature\/登录页优化$/m);
    assert.match(content, /^\[查看详情\]\(https:\/\/ci\.example\.com\/p\/7\/runs\/42\)$/m);
    const text = channelFor("wecom").render(compose(rule({ at: ["all"] }), typed()));
    const plain = (text.body as { text: { content: string } }).text.content;
    assert.match(plain, /^分支：feature\/登录页优化$/m);
    assert.match(plain, /^耗时：3分05秒$/m);
    assert.match(plain, /^查看详情：https:\/\/ci\.example\.com\/p\/7\/runs\/42$/m);
    assert.match(plain, /^退出码：1$/m);
    assert.match(plain, /^输出的最后几行：\n {2}✓ renders the login form/m);
  });

  it("Feishu: the card's header, fields and button in Chinese", () => {
    const r = channelFor("feishu").render(compose(rule(), typed()));
    const card = r.body as { card: { header: { title: { content: string } }; elements: unknown[] } };
    assert.equal(card.card.header.title.content, "❌ 前端发布流水线（生产） · 部署：华东 1 区 🚀 运行失败");
    const body = json(card.card.elements);
    assert.ok(body.includes("**分支**\\nfeature/登录页优化"), body);
    assert.ok(body.includes('"content":"查看详情"'), body);
    assert.ok(body.includes("**退出码** 1"), body);
  });

  it("locale: en keeps every channel's English; a transition is said after the status", () => {
    for (const kind of KINDS) {
      const en = json(channelFor(kind).render(compose(rule({ locale: "en" }), typed())).body);
      assert.ok(en.includes("部署：华东 1 区 🚀 failed"), kind);
      assert.ok(!/运行失败|查看详情|分支|耗时/.test(en), `${kind}: ${en}`);
    }
    const onTransitions = rule({ events: ["still_failing", "fixed"] });
    const still = compose(onTransitions, typed(), { transition: "still_failing" });
    assert.match(json(channelFor("dingtalk").render(still).body), /运行失败（仍未修复）/);
    const en = compose({ ...onTransitions, locale: "en" }, typed(), { transition: "still_failing" });
    assert.match(json(channelFor("wecom").render(en).body), /failed \(still failing\)/);
    const plainFailure = compose(rule(), typed(), { transition: "still_failing" });
    assert.equal(plainFailure.transition, undefined, "a rule without transitions is not told");
  });
});

/** A failure whose every value is long Chinese text with emoji that must not be split. */
function huge(): PipelineEvent {
  return hugeChinese(typed());
}

/** Whole graphemes only: no lone surrogate, no family or flag or skin tone left in pieces. */
function wholeGraphemes(text: string): void {
  assert.equal(Buffer.from(text, "utf8").toString("utf8"), text, "valid UTF-8, no lone surrogate");
  const rest = text
    .replaceAll("👨‍👩‍👧", "")
    .replaceAll("👍🏻", "")
    .replaceAll("🇨🇳", "")
    .replaceAll("👨‍💻", "");
  for (const piece of [
    "\u{1F468}",
    "\u{1F469}",
    "\u{1F467}",
    "\u{1F44D}",
    "\u{1F3FB}",
    "\u{1F1E8}",
    "\u{1F1F3}",
    "\u200d",
  ])
    assert.ok(!rest.includes(piece), `a piece of a grapheme: U+${piece.codePointAt(0)?.toString(16)}`);
}

describe("Chinese text fitted within each robot's limit", () => {
  for (const kind of KINDS) {
    for (const at of [[], ["13800000000", "all"]] as const) {
      it(`${kind}${at.length ? " with mentions" : ""}: UTF-8 bytes within the limit, cut between graphemes, marked …已截断`, () => {
        const n = compose(
          rule({
            content: [...CONTENT_ITEMS],
            at: [...at],
            custom: `# 说明\n${"自定义内容！".repeat(3000)}`,
          }),
          huge(),
        );
        const r = channelFor(kind).render(n, { keywords: ["发布通知"], signed: true });
        const body = json(r.body);
        assert.ok(r.bytes <= r.maxBytes, `${r.bytes} > ${r.maxBytes}`);
        assert.equal(r.truncated, true);
        assert.ok(body.includes("…已截断"), "the cut is marked in Chinese");
        assert.ok(!body.includes("truncated"), "no English marker");
        for (const value of Object.values(flatten(r.body))) wholeGraphemes(value);
        if (kind !== "wecom") assert.ok(body.includes("发布通知"), "the keyword is kept");
        if (at.length && kind !== "feishu") assert.ok(body.includes("13800000000"), "the mention is kept");
        if (kind === "wecom") {
          const content = r.body as { markdown?: { content: string }; text?: { content: string } };
          const text = content.markdown?.content ?? content.text?.content ?? "";
          assert.ok(Buffer.byteLength(text, "utf8") <= (content.markdown ? 4096 : 2048));
        }
      });
    }
  }

  it("a digest of Chinese pipelines in Chinese, times labelled with their zone", () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 0, m)).toISOString();
    const e = (status: "failure" | "success", n: number): PipelineEvent => ({
      pipeline: { name: "前端发布" },
      run: { number: n, url: `https://ci.example.com/runs/${n}` },
      task: { name: "部署：生产", status },
      source: { branch: "主干" },
    });
    const items = [
      { rule: rule(), event: e("failure", 40), receivedAt: at(1) },
      { rule: rule(), event: e("success", 41), receivedAt: at(2) },
      { rule: rule(), event: e("failure", 42), receivedAt: at(3) },
    ];
    const r = channelFor("dingtalk").renderDigest(composeDigest(items));
    const m = r.body as { markdown: { title: string; text: string } };
    assert.equal(m.markdown.title, "dingpipe 汇总：3 条更新（1 ❌）");
    assert.ok(
      m.markdown.text.includes(
        "- ❌ **前端发布 · 部署：生产**：运行失败 2 次，运行成功 1 次 — 最近 [#42](https://ci.example.com/runs/42) 运行失败 08:03 (UTC+8)（分支 主干） · 之前：#40 ❌ 运行失败 08:01，#41 ✅ 运行成功 08:02",
      ),
      m.markdown.text,
    );
  });
});

/** Every string in a JSON value, by path. */
function flatten(value: unknown, path = "$", out: Record<string, string> = {}): Record<string, string> {
  if (typeof value === "string") out[path] = value;
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) flatten(v, `${path}[${i}]`, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) flatten(v, `${path}.${k}`, out);
  return out;
}

describe("a body the DingTalk webhook client itself has to shorten", () => {
  // A body the client is given as it is (not composed from a notice): its own cut is marked too.
  const long = {
    msgtype: "markdown",
    markdown: {
      title: "发布",
      text: `${"很长的一行日志\n".repeat(3000)}[查看详情](https://ci.example.com/runs/1)`,
    },
  };
  const credential = {
    kind: "dingtalk" as const,
    webhook: "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef",
  };

  it("marks its cut in the client's language: …已截断 by default, …truncated in en", () => {
    const zh = channelFor("dingtalk").client(credential, { rateLimit: false }).prepare(long);
    assert.ok(
      zh.text.includes("\\n\\n…已截断\\n\\n[查看详情](https://ci.example.com/runs/1)"),
      zh.text.slice(-200),
    );
    assert.ok(!zh.text.includes("truncated"), "no English marker");
    assert.ok(zh.bytes <= 20_000);
    const en = channelFor("dingtalk").client(credential, { rateLimit: false, locale: "en" }).prepare(long);
    assert.ok(en.text.includes("\\n\\n…truncated\\n\\n[查看详情]"), en.text.slice(-200));
  });
});
