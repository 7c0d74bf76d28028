import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compose } from "../../notify/compose.ts";
import { composeDigest } from "../../notify/digest.ts";
import { CONTENT_ITEMS, type NotificationRule } from "../../notify/rule.ts";
import { sampleEvent } from "../../notify/sample.ts";
import { STATUSES } from "../../pipeline/status.ts";
import { wecomChannel } from "./index.ts";
import type { WeComMarkdown, WeComText } from "./render.ts";

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "wc",
  events: ["failure"],
  content: ["pipeline", "build_number", "task", "status", "branch", "commit", "duration", "link"],
  ...over,
});
const bytes = (s: string) => new TextEncoder().encode(s).length;
const markdownOf = (body: object) => (body as WeComMarkdown).markdown.content;
const textOf = (body: object) => (body as WeComText).text;

/** A failure whose every untrusted value is long Chinese text, with a long log and custom content. */
function huge() {
  const e = sampleEvent("failure");
  const zh = "流水线运行失败".repeat(60);
  e.pipeline.displayName = zh;
  e.task.name = zh;
  e.stage = { name: zh };
  e.run = { ...e.run!, trigger: { user: zh, event: zh } };
  e.source = {
    ...e.source!,
    repo: zh,
    branch: zh,
    commit: { ...e.source!.commit!, message: zh.repeat(20), author: zh },
  };
  e.task.logTail = Array.from({ length: 200 }, (_, i) => `第 ${i} 行 ${"错误".repeat(40)}`).join("\n");
  return compose(rule({ content: [...CONTENT_ITEMS], custom: `# 说明\n${"自定义内容 ".repeat(2000)}` }), e);
}

describe("WeCom: markdown", () => {
  it("a heading in the status colour, a line per fact, the link, exit code and log tail", () => {
    const r = wecomChannel.render(compose(rule(), sampleEvent("failure")));
    assert.equal(r.type, "markdown");
    const md = markdownOf(r.body);
    assert.equal(md.split("\n")[0], '### <font color="warning">❌ Web release · unit-tests failed</font>');
    assert.match(md, /^\*\*Branch\*\* main$/m);
    assert.match(md, /^\[View run\]\(https:\/\/ci\.example\.com\/p\/7\/runs\/42\)$/m);
    assert.match(md, /^\*\*Exit code\*\* 1$/m);
    assert.match(md, /^> \s+✗ keeps the session/m);
    assert.equal(r.bytes, bytes(md));
    assert.equal(r.maxBytes, 4096);
  });

  it("colours: warning for failures, info for successes, comment for the rest", () => {
    const colours = Object.fromEntries(
      STATUSES.map((s) => [
        s,
        /color="(\w+)"/.exec(markdownOf(wecomChannel.render(compose(rule(), sampleEvent(s))).body))?.[1],
      ]),
    );
    assert.deepEqual(colours, {
      started: "comment",
      success: "info",
      failure: "warning",
      cancelled: "comment",
      skipped: "comment",
      waiting: "comment",
    });
  });

  it("fits 4,096 bytes of content however long the run's values, keeping title, status and link", () => {
    const r = wecomChannel.render(huge());
    const md = markdownOf(r.body);
    assert.ok(bytes(md) <= 4096, `${bytes(md)} bytes`);
    assert.equal(r.truncated, true);
    assert.match(md, /^### <font color="warning">❌ /);
    assert.match(md, /\*\*Status\*\* ❌ failure/);
    assert.match(md, /\[View run\]\(https:/);
  });

  it("untrusted values cannot inject markup: no font colour, link or heading from a branch name", () => {
    const e = sampleEvent("failure");
    e.source = { ...e.source!, branch: '<font color="info">ok</font> [x](https://evil.example) # h' };
    const md = markdownOf(wecomChannel.render(compose(rule({ content: ["branch"] }), e)).body);
    assert.doesNotMatch(md.split("\n").slice(1).join("\n"), /<font|\]\(https:\/\/evil/);
  });
});

describe("WeCom: mentions go as one text message", () => {
  it("mobiles and all in mentioned_mobile_list, the notice as plain text with its links written out", () => {
    const r = wecomChannel.render(compose(rule({ at: ["13800000000", "all"] }), sampleEvent("failure")));
    assert.equal(r.type, "text");
    const t = textOf(r.body);
    assert.deepEqual(t.mentioned_mobile_list, ["13800000000", "@all"]);
    assert.equal(t.content.split("\n")[0], "❌ Web release · unit-tests failed");
    assert.match(t.content, /^Branch: main$/m);
    assert.match(t.content, /^View run: https:\/\/ci\.example\.com\/p\/7\/runs\/42$/m);
    assert.doesNotMatch(t.content, /\*\*|<font/);
    assert.equal(r.maxBytes, 2048);
  });

  it("fits 2,048 bytes; an open_id cannot be mentioned on WeCom and is reported", () => {
    const n = huge();
    n.mentions = { mobiles: ["13800000000"], userIds: ["ou_0123456789abcdef"], all: false };
    const r = wecomChannel.render(n);
    assert.ok(bytes(textOf(r.body).content) <= 2048);
    assert.deepEqual(r.unmentionable, ["ou_0123456789abcdef"]);
  });
});

describe("WeCom: digests", () => {
  const items = (n: number, at?: string[]) =>
    Array.from({ length: n }, (_, i) => ({
      rule: rule(at ? { at } : {}),
      event: {
        ...sampleEvent(i % 3 ? "success" : "failure"),
        task: { name: `task-${i}`, status: i % 3 ? ("success" as const) : ("failure" as const) },
      },
      receivedAt: new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString(),
    }));

  it("200 events in one markdown message within 4,096 bytes, every event counted", () => {
    const r = wecomChannel.renderDigest(composeDigest(items(200)));
    const md = markdownOf(r.body);
    assert.ok(bytes(md) <= 4096);
    assert.match(md, /dingpipe digest: 200 updates \(67 ❌\)/);
  });

  it("with mentions, a text message within 2,048 bytes", () => {
    const r = wecomChannel.renderDigest(composeDigest(items(200, ["13800000000"])));
    assert.equal(r.type, "text");
    assert.ok(bytes(textOf(r.body).content) <= 2048);
    assert.deepEqual(textOf(r.body).mentioned_mobile_list, ["13800000000"]);
  });
});

describe("WeCom: webhooks and robot keys", () => {
  const KEY = "693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa";
  it("a bare key becomes the full URL; the whole URL stays; either is one robot", () => {
    const url = wecomChannel.normalizeWebhook(` ${KEY} `);
    assert.equal(url, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`);
    assert.equal(wecomChannel.normalizeWebhook(url), url);
    assert.equal(
      wecomChannel.robotKey({ kind: "wecom", webhook: KEY }),
      wecomChannel.robotKey({ kind: "wecom", webhook: url }),
    );
    assert.doesNotMatch(wecomChannel.robotKey({ kind: "wecom", webhook: KEY }) ?? "", new RegExp(KEY));
    assert.equal(wecomChannel.hint(url), "qyapi.weixin.qq.com key=693a…");
  });

  it("refuses what cannot be a webhook, saying what to paste and never echoing the key", () => {
    for (const bad of [
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
      "not a url at all",
      "ftp://x/?key=abcdefgh",
      "https://q/send?key=<key>",
    ]) {
      assert.throws(
        () => wecomChannel.normalizeWebhook(bad),
        (e: Error & { fix?: string }) => /webhook/.test(e.message) && e.fix !== undefined,
        bad,
      );
    }
  });
});
