/**
 * The DingTalk emulator over real HTTP with raw fetch (not dingpipe's client), so it stays an
 * independent oracle of DingTalk's behaviour.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { type Emulator, type EmulatorOptions, startEmulator } from "../src/emulator/index.ts";

const T0 = Date.parse("2026-11-23T08:00:00Z");
const SECRET = "SECtest0123456789";
const text = (content: string) => ({ msgtype: "text", text: { content } });

/**
 * DingTalk's signature written here from its documentation — base64(HMAC-SHA256(secret,
 * `${timestamp}\n${secret}`)), UTF-8 — not dingpipe's sign(): the emulator is checked on its own.
 */
const sign = (secret: string, timestamp: number) =>
  createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(Buffer.from(`${timestamp}\n${secret}`, "utf8"))
    .digest("base64");

interface Answer {
  status: number;
  errcode?: number;
  errmsg?: string;
  body: string;
}

async function post(
  url: string,
  body: unknown,
  options: { contentType?: string; raw?: boolean; method?: string } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: options.method ?? "POST",
    headers: { "content-type": options.contentType ?? "application/json" },
    body: options.method === "GET" ? null : options.raw ? String(body) : JSON.stringify(body),
  });
  const raw = await res.text();
  let parsed: { errcode?: number; errmsg?: string } = {};
  try {
    parsed = JSON.parse(raw);
  } catch {}
  return { status: res.status, errcode: parsed.errcode, errmsg: parsed.errmsg, body: raw };
}

/** Starts an emulator for one describe block, with a clock the tests move. */
function withEmulator(options: Omit<EmulatorOptions, "now">) {
  const ctx = { em: undefined as unknown as Emulator, clock: T0 };
  before(async () => {
    ctx.em = await startEmulator({ ...options, now: () => ctx.clock });
  });
  after(() => ctx.em.close());
  return ctx;
}

describe("emulator: request checks and errcodes", () => {
  const ctx = withEmulator({ robots: [{ token: "plain", name: "plain-group" }] });
  const hook = () => ctx.em.webhookUrl("plain");

  it("accepts a valid text message with HTTP 200 and errcode 0, and keeps it", async () => {
    ctx.em.clear();
    const answer = await post(hook(), text("hello"));
    assert.deepEqual([answer.status, answer.errcode, answer.errmsg], [200, 0, "ok"]);
    const [message] = ctx.em.messages("plain");
    assert.equal(message?.robot, "plain-group");
    assert.deepEqual(message?.body, text("hello"));
    assert.equal(message?.receivedAt, new Date(T0).toISOString());
    assert.equal(message?.bytes, Buffer.byteLength(JSON.stringify(text("hello"))));
  });

  it("answers every rejection with HTTP 200 and DingTalk's errcode", async () => {
    const base = ctx.em.url + "/robot/send";
    const cases: Array<[string, Promise<Answer>, number, RegExp]> = [
      ["no access_token", post(base, text("x")), 40035, /access_token/],
      ["empty access_token", post(`${base}?access_token=`, text("x")), 40035, /access_token/],
      ["unknown token", post(ctx.em.webhookUrl("nope"), text("x")), 300001, /^token is not exist$/],
      ["text/plain", post(hook(), text("x"), { contentType: "text/plain" }), 43004, /Content-Type/],
      [
        "form",
        post(hook(), text("x"), { contentType: "application/x-www-form-urlencoded" }),
        43004,
        /Content-Type/,
      ],
      ["not JSON", post(hook(), "{nope", { raw: true }), 40035, /json/],
      ["JSON array", post(hook(), [text("x")]), 40035, /json/],
      ["no msgtype", post(hook(), { text: { content: "x" } }), 40035, /msgtype/],
      ["unknown msgtype", post(hook(), { msgtype: "image", image: {} }), 400105, /image/],
      [
        "msgtype case",
        post(hook(), { msgtype: "Markdown", Markdown: { title: "t", text: "x" } }),
        400105,
        /Markdown/,
      ],
      ["GET", post(hook(), "", { method: "GET" }), 43002, /POST/],
    ];
    for (const [name, pending, errcode, errmsg] of cases) {
      const answer = await pending;
      assert.equal(answer.status, 200, name);
      assert.equal(answer.errcode, errcode, name);
      assert.match(answer.errmsg ?? "", errmsg, name);
    }
  });

  it("validates each message type's fields, case-sensitively, naming the missing one", async () => {
    const cases: Array<[unknown, string]> = [
      [{ msgtype: "text", text: {} }, "text.content"],
      [{ msgtype: "text", text: { Content: "x" } }, "text.content"],
      [{ msgtype: "text" }, "text"],
      [{ msgtype: "markdown", markdown: { text: "x" } }, "markdown.title"],
      [{ msgtype: "markdown", markdown: { title: "t" } }, "markdown.text"],
      [
        { msgtype: "link", link: { title: "t", text: "x", messageURL: "https://a.example" } },
        "link.messageUrl",
      ],
      [
        { msgtype: "actionCard", actionCard: { title: "t", text: "x" } },
        "actionCard.singleTitle or actionCard.btns",
      ],
      [
        { msgtype: "actionCard", actionCard: { title: "t", text: "x", singleTitle: "Go" } },
        "actionCard.singleURL",
      ],
      [
        {
          msgtype: "actionCard",
          actionCard: { title: "t", text: "x", btns: [{ title: "a", actionUrl: "https://a.example" }] },
        },
        "actionCard.btns[0].actionURL",
      ],
      [{ msgtype: "feedCard", feedCard: { links: [] } }, "feedCard.links"],
      [
        {
          msgtype: "feedCard",
          feedCard: { links: [{ title: "a", messageUrl: "https://a.example", picURL: "" }] },
        },
        "feedCard.links[0].messageURL",
      ],
      [
        { msgtype: "feedCard", feedCard: { links: [{ title: "a", messageURL: "https://a.example" }] } },
        "feedCard.links[0].picURL",
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await post(hook(), body);
      assert.equal(answer.errcode, 40035, field);
      assert.equal(answer.errmsg, `missing parameter: ${field}`);
    }
  });

  it("accepts every well-formed message type", async () => {
    const bodies = [
      { msgtype: "markdown", markdown: { title: "t", text: "**x**" }, at: { atMobiles: ["13800000000"] } },
      { msgtype: "link", link: { title: "t", text: "x", messageUrl: "https://a.example" } },
      {
        msgtype: "actionCard",
        actionCard: { title: "t", text: "x", singleTitle: "Go", singleURL: "https://a.example" },
      },
      {
        msgtype: "actionCard",
        actionCard: {
          title: "t",
          text: "x",
          btnOrientation: "1",
          btns: [{ title: "a", actionURL: "https://a.example" }],
        },
      },
      {
        msgtype: "feedCard",
        feedCard: { links: [{ title: "a", messageURL: "https://a.example", picURL: "" }] },
      },
    ];
    for (const body of bodies) assert.equal((await post(hook(), body)).errcode, 0, JSON.stringify(body));
  });

  it("refuses a body over 20,000 bytes with 460101 and takes one of exactly 20,000", async () => {
    const overhead = Buffer.byteLength(JSON.stringify(text("")));
    const exact = text("a".repeat(20_000 - overhead));
    assert.equal(Buffer.byteLength(JSON.stringify(exact)), 20_000);
    assert.equal((await post(hook(), exact)).errcode, 0);
    const over = text(`${"a".repeat(20_000 - overhead - 2)}字`); // 19,999 characters but 20,001 bytes
    const answer = await post(hook(), over);
    assert.deepEqual([answer.errcode, answer.errmsg], [460101, "message too long"]);
  });
});

describe("emulator: signing", () => {
  const ctx = withEmulator({ robots: [{ token: "signed", secret: SECRET }], timestampWindowMs: 3_600_000 });
  const signed = (ts: number, signature: string) =>
    `${ctx.em.webhookUrl("signed")}&timestamp=${ts}&sign=${signature}`;

  it("accepts a correctly signed request and refuses a wrong or missing signature", async () => {
    assert.equal((await post(signed(T0, encodeURIComponent(sign(SECRET, T0))), text("x"))).errcode, 0);
    const wrong = await post(signed(T0, encodeURIComponent(sign("SECother", T0))), text("x"));
    assert.deepEqual([wrong.errcode, wrong.errmsg], [310000, "sign not match"]);
    const unsigned = await post(ctx.em.webhookUrl("signed"), text("x"));
    assert.deepEqual([unsigned.errcode, unsigned.errmsg], [310000, "sign not match"]);
    const noSign = await post(`${ctx.em.webhookUrl("signed")}&timestamp=${T0}`, text("x"));
    assert.deepEqual([noSign.errcode, noSign.errmsg], [310000, "sign not match"]);
  });

  it("refuses a '+' left unencoded (it arrives as a space), accepts it encoded once", async () => {
    // The first timestamp whose signature has a '+' (bounded: one in a few timestamps has one).
    const ts = Array.from({ length: 1000 }, (_, i) => T0 + i).find((t) => sign(SECRET, t).includes("+"));
    assert.ok(ts !== undefined, "a signature with '+' within 1000 timestamps");
    const raw = sign(SECRET, ts);
    const unencoded = await post(signed(ts, raw), text("x"));
    assert.deepEqual([unencoded.errcode, unencoded.errmsg], [310000, "sign not match"]);
    const doubly = await post(signed(ts, encodeURIComponent(encodeURIComponent(raw))), text("x"));
    assert.equal(doubly.errcode, 310000);
    assert.equal((await post(signed(ts, encodeURIComponent(raw)), text("x"))).errcode, 0);
  });

  it("checks the timestamp against its clock before the signature", async () => {
    const hour = 3_600_000;
    for (const ts of [T0 - hour, T0 + hour]) {
      assert.equal((await post(signed(ts, encodeURIComponent(sign(SECRET, ts))), text("x"))).errcode, 0);
    }
    for (const ts of [T0 - hour - 1, T0 + hour + 1]) {
      const answer = await post(signed(ts, encodeURIComponent(sign(SECRET, ts))), text("x"));
      assert.deepEqual([answer.errcode, answer.errmsg], [310000, "invalid timestamp"]);
    }
    const stale = await post(signed(T0 - 2 * hour, "wrong"), text("x"));
    assert.equal(stale.errmsg, "invalid timestamp");
    for (const bad of ["soon", "1.5e12", ""]) {
      const answer = await post(`${ctx.em.webhookUrl("signed")}&timestamp=${bad}&sign=x`, text("x"));
      assert.deepEqual([answer.errcode, answer.errmsg], [310000, "invalid timestamp"], bad);
    }
    // Signing once at start-up fails once the clock has moved on.
    const early = T0;
    ctx.clock = T0 + 2 * hour;
    const late = await post(signed(early, encodeURIComponent(sign(SECRET, early))), text("x"));
    ctx.clock = T0;
    assert.equal(late.errmsg, "invalid timestamp");
  });
});

describe("emulator: keywords and IP allowlist", () => {
  const ctx = withEmulator({
    robots: [
      { token: "kw", keywords: ["CI", "部署"] },
      { token: "local", ipAllowlist: ["203.0.113.7", "127.0.0.0/8"] },
      { token: "remote", ipAllowlist: ["10.0.0.0/8", "203.0.113.7"] },
    ],
  });

  it("needs one of the robot's keywords in the message's text fields", async () => {
    const kw = ctx.em.webhookUrl("kw");
    const miss = await post(kw, text("build failed"));
    assert.deepEqual([miss.errcode, miss.errmsg], [310000, "keywords not in content"]);
    assert.equal((await post(kw, text("ci build failed"))).errcode, 310000, "keywords are case-sensitive");
    assert.equal((await post(kw, text("CI build failed"))).errcode, 0);
    assert.equal(
      (await post(kw, { msgtype: "markdown", markdown: { title: "部署", text: "x" } })).errcode,
      0,
    );
    const card = { title: "t", text: "x", btns: [{ title: "CI logs", actionURL: "https://a.example" }] };
    assert.equal((await post(kw, { msgtype: "actionCard", actionCard: card })).errcode, 0);
    const feed = { links: [{ title: "no keyword", messageURL: "https://CI.example", picURL: "" }] };
    assert.equal((await post(kw, { msgtype: "feedCard", feedCard: feed })).errcode, 310000);
  });

  it("compares the request's address (IPv4-mapped loopback) with the allowlist", async () => {
    assert.equal((await post(ctx.em.webhookUrl("local"), text("x"))).errcode, 0);
    const refused = await post(ctx.em.webhookUrl("remote"), text("x"));
    assert.deepEqual([refused.errcode, refused.errmsg], [310000, "ip 127.0.0.1 not in whitelist"]);
  });

  it("refuses robots with a malformed allowlist entry", async () => {
    assert.throws(() => ctx.em.addRobot({ token: "bad", ipAllowlist: ["10.0.0.0/33"] }), {
      code: "EMULATOR_CONFIG",
    });
    assert.throws(() => ctx.em.addRobot({ token: "kw" }), { code: "EMULATOR_CONFIG" });
  });
});

describe("emulator: rate limit and throttle", () => {
  const ctx = withEmulator({
    robots: [{ token: "busy" }, { token: "calm" }],
    rateLimit: { messages: 3, windowMs: 60_000, throttleMs: 600_000 },
  });

  it("throttles a robot that exceeds its limit for the whole throttle window", async () => {
    const hook = ctx.em.webhookUrl("busy");
    for (let i = 0; i < 3; i++) {
      assert.equal((await post(hook, text(`m${i}`))).errcode, 0);
      ctx.clock += 1_000;
    }
    const fourth = await post(hook, text("m3"));
    assert.deepEqual([fourth.errcode, fourth.errmsg], [130101, "send too fast, exceed 20 times per minute"]);
    assert.equal((await post(ctx.em.webhookUrl("calm"), text("other robot"))).errcode, 0);
    ctx.clock += 120_000; // the minute has passed, the penalty has not
    assert.equal((await post(hook, text("m4"))).errcode, 130101);
    assert.equal((await post(hook, "{broken", { raw: true })).errcode, 130101, "every request is refused");
    ctx.clock += 600_000 - 120_000 - 1;
    assert.equal((await post(hook, text("m5"))).errcode, 130101);
    ctx.clock += 1;
    assert.equal((await post(hook, text("m6"))).errcode, 0);
    assert.deepEqual(
      ctx.em.messages("busy").map((m) => (m.body as { text: { content: string } }).text.content),
      ["m0", "m1", "m2", "m6"],
    );
  });

  it("counts within a sliding window", async () => {
    ctx.em.clear();
    const hook = ctx.em.webhookUrl("calm");
    for (let i = 0; i < 3; i++) assert.equal((await post(hook, text("x"))).errcode, 0);
    ctx.clock += 60_000;
    for (let i = 0; i < 3; i++) assert.equal((await post(hook, text("y"))).errcode, 0);
    assert.equal((await post(hook, text("z"))).errcode, 130101);
  });
});

describe("emulator: injected faults", () => {
  const ctx = withEmulator({ robots: [{ token: "f" }] });

  it("latency delays a normal answer", async () => {
    ctx.em.clear();
    ctx.em.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 20 });
    assert.equal((await post(ctx.em.webhookUrl("f"), text("slow"))).errcode, 0);
    assert.equal(ctx.em.messages("f").length, 1);
  });

  it("http500 answers HTTP 500 with an HTML body", async () => {
    ctx.em.setFaults({ rate: 1, kinds: ["http500"] });
    const answer = await post(ctx.em.webhookUrl("f"), text("x"));
    assert.equal(answer.status, 500);
    assert.match(answer.body, /<html>/);
    assert.equal(answer.errcode, undefined);
  });

  it("busy answers errcode -1", async () => {
    ctx.em.setFaults({ rate: 1, kinds: ["busy"] });
    const answer = await post(ctx.em.webhookUrl("f"), text("x"));
    assert.deepEqual([answer.status, answer.errcode, answer.errmsg], [200, -1, "系统繁忙"]);
  });

  it("drop closes the connection without an answer", async () => {
    ctx.em.setFaults({ rate: 1, kinds: ["drop"] });
    await assert.rejects(post(ctx.em.webhookUrl("f"), text("x")));
  });

  it("records every fault, accepts nothing faulted, and stops when faults are removed", async () => {
    ctx.em.setFaults(undefined);
    assert.equal((await post(ctx.em.webhookUrl("f"), text("after"))).errcode, 0);
    assert.deepEqual(
      ctx.em.answers("f").map((a) => [a.http, a.errcode]),
      [
        [200, 0],
        [500, -1],
        [200, -1],
        [0, -1],
        [200, 0],
      ],
    );
    assert.equal(ctx.em.messages("f").length, 2);
  });

  it("picks faults reproducibly from the seed", async () => {
    const outcomes = async (seed: number) => {
      ctx.em.clear();
      ctx.em.setFaults({ rate: 0.5, kinds: ["busy", "http500"], seed });
      for (let i = 0; i < 16; i++) await post(ctx.em.webhookUrl("f"), text("x"));
      ctx.em.setFaults(undefined);
      return ctx.em.answers().map((a) => `${a.http}/${a.errcode}`);
    };
    const first = await outcomes(7);
    assert.deepEqual(await outcomes(7), first);
    assert.ok(first.includes("200/0") && first.some((o) => o !== "200/0"), first.join(" "));
    assert.throws(() => ctx.em.setFaults({ rate: 2, kinds: ["busy"] }), { code: "EMULATOR_CONFIG" });
  });
});

describe("emulator: JSON endpoints and the page", () => {
  const ctx = withEmulator({
    robots: [
      { token: "alpha-token", name: "alpha", secret: SECRET },
      { token: "beta-token", name: "beta" },
    ],
  });
  const getJson = async (path: string) => (await fetch(ctx.em.url + path)).json();

  it("lists messages by token and since, answers, and robots without secrets", async () => {
    await post(
      `${ctx.em.webhookUrl("alpha-token")}&timestamp=${T0}&sign=${encodeURIComponent(sign(SECRET, T0))}`,
      text("a1"),
    );
    await post(ctx.em.webhookUrl("beta-token"), text("b1"));
    await post(ctx.em.webhookUrl("beta-token"), text("b2"));
    await post(ctx.em.webhookUrl("alpha-token"), text("unsigned"));

    const all = await getJson("/api/messages");
    assert.deepEqual(
      all.map((m: { id: number; token: string }) => [m.id, m.token]),
      [
        [1, "alpha-token"],
        [2, "beta-token"],
        [3, "beta-token"],
      ],
    );
    assert.deepEqual(all, JSON.parse(JSON.stringify(ctx.em.messages())));
    const beta = await getJson("/api/messages?token=beta-token&since=2");
    assert.deepEqual(
      beta.map((m: { id: number }) => m.id),
      [3],
    );
    const answers = await getJson("/api/answers?token=alpha-token");
    assert.deepEqual(
      answers.map((a: { errcode: number; errmsg: string }) => [a.errcode, a.errmsg]),
      [
        [0, "ok"],
        [310000, "sign not match"],
      ],
    );
    const robots = await getJson("/api/robots");
    assert.deepEqual(robots[0], {
      token: "alpha-token",
      name: "alpha",
      signs: true,
      keywords: [],
      ipAllowlist: [],
    });
    assert.doesNotMatch(JSON.stringify(robots), /SEC/);
  });

  it("serves the page with each group's rendered messages, rejections and no secret", async () => {
    await post(ctx.em.webhookUrl("beta-token"), {
      msgtype: "markdown",
      markdown: {
        title: "Build",
        text: "### web-release <font color=#d00>failed</font>\n\n<script>alert(1)</script>",
      },
    });
    const res = await fetch(`${ctx.em.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    const page = await res.text();
    assert.match(page, /<h3>web-release <span style="color:#d00">failed<\/span><\/h3>/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /errcode 310000 sign not match/);
    assert.match(page, />alpha</);
    assert.doesNotMatch(page, /SECtest|https?:\/\/(?!www\.w3)[^"'\s]*(cdn|googleapis)/);
    assert.doesNotMatch(page, /<(script|link)[^>]+src=/, "no external assets");
  });

  it("feeds the page incrementally and clears with DELETE /api/messages", async () => {
    const first = await getJson("/api/chat?since=0");
    assert.ok(first.entries.length > 0);
    await post(ctx.em.webhookUrl("beta-token"), text("fresh"));
    const next = await getJson(`/api/chat?since=${first.seq}`);
    assert.equal(next.entries.length, 1);
    assert.match(next.entries[0].html, /fresh/);
    assert.equal(next.entries[0].group, "beta-token");

    const cleared = await fetch(`${ctx.em.url}/api/messages`, { method: "DELETE" });
    assert.equal(cleared.status, 200);
    assert.deepEqual(await getJson("/api/messages"), []);
    assert.deepEqual(await getJson("/api/answers"), []);
    assert.notEqual((await getJson("/api/chat?since=0")).epoch, first.epoch);
    assert.equal((await fetch(`${ctx.em.url}/api/nothing`)).status, 404);
  });

  it("shows robots added later", async () => {
    ctx.em.addRobot({ token: "gamma-token", name: "gamma" });
    assert.equal((await post(ctx.em.webhookUrl("gamma-token"), text("hi"))).errcode, 0);
    assert.equal((await getJson("/api/robots")).length, 3);
  });
});
