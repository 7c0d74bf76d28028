/**
 * The WeCom and Feishu emulators over real HTTP with raw fetch (not dingpipe's clients), so they
 * stay independent oracles of what each service accepts: sizes counted with TextEncoder, Feishu's
 * signature computed with WebCrypto, limits on a clock the tests move.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";

const T0 = Date.parse("2026-11-23T08:00:00Z");
const KEY = "wecom-key-0001";
const HOOK = "feishu-hook-0001";
const SIGNED = "feishu-signed-01";
const GUARDED = "feishu-guarded-1";
const SECRET = "fs-secret-9";

let em: Emulator;
let clock = T0;

before(async () => {
  em = await startEmulator({
    port: 0,
    now: () => clock,
    robots: [
      { token: KEY, kind: "wecom", name: "wecom-group" },
      { token: HOOK, kind: "feishu", name: "feishu-group" },
      { token: SIGNED, kind: "feishu", secret: SECRET, keywords: ["CI"] },
      { token: GUARDED, kind: "feishu", ipAllowlist: ["203.0.113.7"] },
    ],
  });
});
after(() => em.close());

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json };
}

const utf8 = (s: string) => new TextEncoder().encode(s).length;
/** A string of exactly `n` UTF-8 bytes, made of 3-byte characters and ASCII padding. */
const ofBytes = (n: number) => "字".repeat(Math.floor(n / 3)) + "x".repeat(n % 3);

async function feishuSign(secret: string, timestamp: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(`${timestamp}\n${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new Uint8Array(0)));
  return btoa(String.fromCharCode(...mac));
}

describe("WeCom emulator", () => {
  const url = () => em.webhookUrl(KEY);

  it("serves the robot at /cgi-bin/webhook/send?key= and answers {errcode: 0, errmsg: ok}", async () => {
    em.clear();
    assert.match(url(), /\/cgi-bin\/webhook\/send\?key=wecom-key-0001$/);
    const r = await post(url(), { msgtype: "markdown", markdown: { content: "**hi**" } });
    assert.deepEqual([r.status, r.json], [200, { errcode: 0, errmsg: "ok" }]);
    assert.equal(em.messages(KEY)[0]?.kind, "wecom");
  });

  it("an unknown key, or the whole URL pasted where the key goes, is 93000", async () => {
    const base = url().replace(/\?.*/, "");
    for (const key of ["nope-nope", encodeURIComponent(url())]) {
      const r = await post(`${base}?key=${key}`, { msgtype: "text", text: { content: "x" } });
      assert.equal(r.json["errcode"], 93000);
    }
  });

  it("counts content bytes in UTF-8: markdown 4,096 and text 2,048 pass, one more byte does not", async () => {
    em.clear();
    const md = (n: number) => ({ msgtype: "markdown", markdown: { content: ofBytes(n) } });
    const tx = (n: number) => ({ msgtype: "text", text: { content: ofBytes(n) } });
    assert.equal(utf8(ofBytes(4096)), 4096);
    assert.equal((await post(url(), md(4096))).json["errcode"], 0);
    assert.notEqual((await post(url(), md(4097))).json["errcode"], 0);
    assert.equal((await post(url(), tx(2048))).json["errcode"], 0);
    assert.notEqual((await post(url(), tx(2049))).json["errcode"], 0);
  });

  it("records text mentions (mobiles, @all) and refuses an unknown msgtype with 40008", async () => {
    em.clear();
    const r = await post(url(), {
      msgtype: "text",
      text: { content: "look", mentioned_mobile_list: ["13800000000", "@all"] },
    });
    assert.equal(r.json["errcode"], 0);
    assert.deepEqual(em.messages(KEY)[0]?.mentions, { mobiles: ["13800000000"], userIds: [], all: true });
    assert.equal((await post(url(), { msgtype: "card", card: {} })).json["errcode"], 40008);
  });

  it("20 messages a minute per robot: the 21st is 45009, the next minute has room again", async () => {
    em.clear();
    clock = T0 + 600_000;
    const send = () => post(url(), { msgtype: "text", text: { content: "burst" } });
    for (let i = 0; i < 20; i++) assert.equal((await send()).json["errcode"], 0, `message ${i + 1}`);
    assert.deepEqual((await send()).json, { errcode: 45009, errmsg: "api freq out of limit" });
    clock += 60_001;
    assert.equal((await send()).json["errcode"], 0);
  });
});

describe("Feishu emulator", () => {
  const url = (token = HOOK) => em.webhookUrl(token);
  const text = (t: string) => ({ msg_type: "text", content: { text: t } });

  it("serves the bot at /open-apis/bot/v2/hook/TOKEN and answers Feishu's success", async () => {
    em.clear();
    clock = T0 + 3_600_000;
    assert.match(url(), /\/open-apis\/bot\/v2\/hook\/feishu-hook-0001$/);
    const r = await post(url(), text("hi"));
    assert.deepEqual(
      [r.status, r.json],
      [200, { StatusCode: 0, StatusMessage: "success", code: 0, data: {}, msg: "success" }],
    );
  });

  it("a signed bot takes timestamp (seconds) and sign in the body; anything else is 19021", async () => {
    em.clear();
    clock = T0 + 7_200_000;
    const ts = Math.floor(clock / 1000);
    const good = await feishuSign(SECRET, ts);
    const ok = await post(url(SIGNED), { timestamp: String(ts), sign: good, ...text("CI ok") });
    assert.equal(ok.json["code"], 0);
    assert.deepEqual(em.messages(SIGNED)[0]?.body, text("CI ok"), "kept without timestamp and sign");
    const cases: Array<[string, object]> = [
      ["unsigned", text("CI")],
      ["wrong secret", { timestamp: String(ts), sign: await feishuSign("other", ts), ...text("CI") }],
      ["milliseconds", { timestamp: String(clock), sign: await feishuSign(SECRET, clock), ...text("CI") }],
      [
        "an hour and a second old",
        { timestamp: String(ts - 3601), sign: await feishuSign(SECRET, ts - 3601), ...text("CI") },
      ],
    ];
    for (const [name, body] of cases) {
      const r = await post(url(SIGNED), body);
      assert.deepEqual(
        [r.json["code"], r.json["msg"]],
        [19021, "sign match fail or timestamp is not within one hour from current time"],
        name,
      );
    }
  });

  it("keywords count in text, not in links: 19024 Key Words Not Found", async () => {
    const ts = Math.floor(clock / 1000);
    const sign = await feishuSign(SECRET, ts);
    const card = (header: string, md: string) => ({
      timestamp: String(ts),
      sign,
      msg_type: "interactive",
      card: {
        header: { template: "red", title: { tag: "plain_text", content: header } },
        elements: [
          { tag: "div", text: { tag: "lark_md", content: md } },
          {
            tag: "action",
            actions: [
              {
                tag: "button",
                text: { tag: "plain_text", content: "open" },
                type: "primary",
                url: "https://ci.example/CI",
              },
            ],
          },
        ],
      },
    });
    const inLink = await post(url(SIGNED), card("build", "[run](https://ci.example/CI/1)"));
    assert.deepEqual([inLink.json["code"], inLink.json["msg"]], [19024, "Key Words Not Found"]);
    assert.equal((await post(url(SIGNED), card("build 【CI】", "done"))).json["code"], 0);
  });

  it("an IP not in the bot's allowlist is 19022", async () => {
    const r = await post(url(GUARDED), text("x"));
    assert.deepEqual([r.json["code"], r.json["msg"]], [19022, "Ip Not Allowed"]);
  });

  it("a body over 20 KB, malformed JSON or an unknown msg_type is 9499 Bad Request (HTTP 400)", async () => {
    const big = text(ofBytes(20 * 1024));
    for (const body of [big, "{not json", { msg_type: "sticker", content: {} }]) {
      const r = await post(url(), body);
      assert.deepEqual([r.status, r.json["code"], r.json["msg"]], [400, 9499, "Bad Request"]);
    }
  });

  it("records card mentions: <at id=all> and open_ids", async () => {
    em.clear();
    const r = await post(url(), {
      msg_type: "interactive",
      card: {
        elements: [
          {
            tag: "div",
            text: { tag: "lark_md", content: "<at id=all></at> <at id=ou_abc123def456></at> @13800000000" },
          },
        ],
      },
    });
    assert.equal(r.json["code"], 0);
    assert.deepEqual(em.messages(HOOK)[0]?.mentions, {
      mobiles: [],
      userIds: ["ou_abc123def456"],
      all: true,
    });
  });

  it("5 a second and 100 a minute per bot: over either is 11232", async () => {
    em.clear();
    clock = T0 + 86_400_000;
    const send = () => post(url(), text("burst"));
    for (let i = 0; i < 5; i++) assert.equal((await send()).json["code"], 0);
    assert.equal((await send()).json["code"], 11232, "the 6th in one second");
    for (let second = 1; second < 20; second++) {
      clock += 1000;
      for (let i = 0; i < 5; i++) assert.equal((await send()).json["code"], 0, `second ${second}`);
    }
    clock += 1000;
    assert.equal((await send()).json["code"], 11232, "the 101st in one minute");
  });
});
