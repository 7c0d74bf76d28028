import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compose } from "../../notify/compose.ts";
import { composeDigest } from "../../notify/digest.ts";
import { CONTENT_ITEMS, type NotificationRule } from "../../notify/rule.ts";
import { sampleEvent } from "../../notify/sample.ts";
import { STATUSES } from "../../pipeline/status.ts";
import { feishuChannel } from "./index.ts";
import type { FeishuCard } from "./render.ts";
import { feishuSign } from "./sign.ts";

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "fs",
  events: ["failure"],
  content: ["pipeline", "build_number", "task", "status", "branch", "commit", "duration", "link"],
  ...over,
});
const card = (body: object) => (body as FeishuCard).card;
const bytes = (body: object) => new TextEncoder().encode(JSON.stringify(body)).length;
const contents = (body: object) =>
  card(body).elements.flatMap((e) =>
    "text" in e ? [e.text.content] : "fields" in e ? e.fields.map((f) => f.text.content) : [],
  );

describe("Feishu: the interactive card", () => {
  it("header coloured by status, facts as short fields, a button to the run instead of the link fact", () => {
    const r = feishuChannel.render(compose(rule(), sampleEvent("failure")));
    assert.equal(r.type, "interactive");
    const c = card(r.body);
    assert.deepEqual(c.header, {
      template: "red",
      title: { tag: "plain_text", content: "❌ Web release · unit-tests failed" },
    });
    const fields = c.elements.find((e) => "fields" in e);
    assert.ok(fields && "fields" in fields);
    assert.deepEqual(fields.fields[4], {
      is_short: true,
      text: { tag: "lark_md", content: "**Branch**\nmain" },
    });
    assert.ok(!JSON.stringify(fields).includes("View run"), "the link fact becomes the button");
    const action = c.elements.at(-1);
    assert.deepEqual(action, {
      tag: "action",
      actions: [
        {
          tag: "button",
          text: { tag: "plain_text", content: "View run" },
          type: "danger",
          url: "https://ci.example.com/p/7/runs/42",
        },
      ],
    });
    assert.ok(contents(r.body).includes("**Exit code** 1"));
  });

  it("colours: red, green, grey, orange, blue", () => {
    const colours = Object.fromEntries(
      STATUSES.map((s) => [
        s,
        card(feishuChannel.render(compose(rule(), sampleEvent(s))).body).header.template,
      ]),
    );
    assert.deepEqual(colours, {
      started: "blue",
      success: "green",
      failure: "red",
      cancelled: "grey",
      skipped: "grey",
      waiting: "orange",
    });
  });

  it("custom content is converted to lark_md: a heading becomes a bold line", () => {
    const r = feishuChannel.render(
      compose(
        rule({ content: [], custom: "## Deploy\n**prod** [notes](https://a.example)" }),
        sampleEvent("success"),
      ),
    );
    assert.ok(contents(r.body).includes("**Deploy**\n**prod** [notes](https://a.example)"));
  });

  it("mentions all and open_ids; a mobile cannot be mentioned and is reported", () => {
    const n = compose(rule({ at: ["all", "ou_0123456789abcdef", "13800000000"] }), sampleEvent());
    const r = feishuChannel.render(n);
    assert.ok(contents(r.body).includes("<at id=all></at> <at id=ou_0123456789abcdef></at>"));
    assert.deepEqual(r.unmentionable, ["13800000000"]);
    assert.ok(!JSON.stringify(r.body).includes("13800000000"));
  });

  it("untrusted values cannot mention everyone, link or strike through", () => {
    const e = sampleEvent("failure");
    e.source = { ...e.source!, branch: "<at id=all></at> [x](https://evil.example) ~~gone~~" };
    const text = contents(feishuChannel.render(compose(rule({ content: ["branch"] }), e)).body).join("\n");
    assert.doesNotMatch(text, /<at|\]\(https:\/\/evil|~~/);
  });

  it("stays within 20,000 bytes, signature included, however long the run's values", () => {
    const e = sampleEvent("failure");
    const zh = "飞书卡片".repeat(80);
    e.pipeline.displayName = zh;
    e.source = { ...e.source!, branch: zh, commit: { ...e.source!.commit!, message: zh.repeat(40) } };
    e.task.logTail = Array.from({ length: 500 }, (_, i) => `line ${i} ${"日志".repeat(60)}`).join("\n");
    const r = feishuChannel.render(
      compose(rule({ content: [...CONTENT_ITEMS], custom: "内容 ".repeat(9000) }), e),
      {
        signed: true,
      },
    );
    assert.ok(r.bytes <= 20_000, `${r.bytes}`);
    assert.ok(bytes(r.body) + 96 <= 20_000);
    assert.equal(r.truncated, true);
    assert.equal(card(r.body).header.template, "red");
  });

  it("adds the first keyword to the header when the text lacks every keyword (a link does not count)", () => {
    const e = sampleEvent("failure");
    e.run = { ...e.run!, url: "https://ci.example.com/CI/runs/42" };
    const missing = feishuChannel.render(compose(rule({ content: ["link"] }), e), { keywords: ["CI"] });
    assert.equal(card(missing.body).header.title.content, "❌ Web release · unit-tests failed 【CI】");
    const present = feishuChannel.render(compose(rule({ content: [], custom: "CI says hi" }), e), {
      keywords: ["CI"],
    });
    assert.equal(card(present.body).header.title.content, "❌ Web release · unit-tests failed");
  });
});

describe("Feishu: digests", () => {
  it("one card for 200 events within 20,000 bytes, mentions united", () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      rule: rule(i === 3 ? { at: ["all"] } : {}),
      event: { ...sampleEvent("failure"), task: { name: `task-${i}`, status: "failure" as const } },
      receivedAt: new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString(),
    }));
    const r = feishuChannel.renderDigest(composeDigest(items), { signed: true, keywords: ["发布"] });
    assert.ok(r.bytes <= 20_000);
    const c = card(r.body);
    assert.equal(c.header.title.content, "dingpipe digest: 200 updates (200 ❌) 【发布】");
    assert.match(contents(r.body).join("\n"), /<at id=all><\/at>$/);
  });
});

describe("Feishu: signing and webhooks", () => {
  it("signs as Feishu documents it (checked against WebCrypto's HMAC)", async () => {
    const ts = 1599360473;
    const secret = "demo-secret";
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(`${ts}\n${secret}`),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new Uint8Array(0)));
    assert.equal(feishuSign(secret, ts), btoa(String.fromCharCode(...mac)));
  });

  it("takes Feishu and Lark webhooks; refuses a bare token or another path, never echoing the token", () => {
    const token = "0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f";
    for (const host of ["open.feishu.cn", "open.larksuite.com"]) {
      const url = `https://${host}/open-apis/bot/v2/hook/${token}`;
      assert.equal(feishuChannel.normalizeWebhook(url), url);
      assert.equal(feishuChannel.hint(url), `${host} hook/0f1e…`);
    }
    for (const bad of [token, `https://open.feishu.cn/open-apis/bot/v2/${token}`, "nope"]) {
      assert.throws(
        () => feishuChannel.normalizeWebhook(bad),
        (e: Error & { fix?: string }) => !e.message.includes(token) && /open\.feishu\.cn/.test(e.fix ?? ""),
        bad,
      );
    }
  });
});
