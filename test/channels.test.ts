/**
 * dingpipe's WeCom and Feishu clients against the emulators over HTTP: what each service accepts,
 * and each refusal as a typed error with the fix, never with the key or hook token in it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { channelFor } from "../src/channels/index.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { isRobotError } from "../src/errors.ts";
import { compose } from "../src/notify/compose.ts";
import type { NotificationRule } from "../src/notify/rule.ts";
import { sampleEvent } from "../src/notify/sample.ts";

const KEY = "wecom-key-0002";
const HOOK = "feishu-hook-0002";
const SIGNED = "feishu-signed-02";
const SECRET = "fs-secret-2";
let em: Emulator;
let clock = Date.parse("2026-11-23T08:00:00Z");

before(async () => {
  em = await startEmulator({
    port: 0,
    now: () => clock,
    robots: [
      { token: KEY, kind: "wecom" },
      { token: HOOK, kind: "feishu" },
      { token: SIGNED, kind: "feishu", secret: SECRET, keywords: ["CI"] },
      { token: "feishu-guarded-2", kind: "feishu", ipAllowlist: ["203.0.113.7"] },
    ],
  });
});
after(() => em.close());

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "g",
  events: ["failure"],
  content: ["pipeline", "build_number", "task", "status", "branch", "commit", "link"],
  ...over,
});
const once = { retry: false, rateLimit: false } as const;

/** The error a send throws, checked to be a RobotError that does not show `secret`. */
async function refusal(send: Promise<unknown>, ...secrets: string[]) {
  const error = await send.then(
    () => assert.fail("the send was accepted"),
    (e: unknown) => e,
  );
  assert.ok(isRobotError(error), String(error));
  for (const s of secrets)
    assert.ok(!`${error.message} ${error.fix}`.includes(s), `${s} in ${error.message}`);
  return error;
}

describe("WeCom client", () => {
  const wecom = channelFor("wecom");

  it("a failure arrives as markdown; with mentions as one text message that mentions them", async () => {
    em.clear();
    const client = wecom.client({ kind: "wecom", webhook: em.webhookUrl(KEY) }, once);
    const plain = wecom.render(compose(rule(), sampleEvent("failure")));
    const sent = await client.send(plain.body);
    assert.equal(sent.errcode, 0);
    const mentioning = wecom.render(compose(rule({ at: ["13800000000", "all"] }), sampleEvent("failure")));
    await client.send(mentioning.body);
    const [first, second] = em.messages(KEY);
    const type = (m: typeof first) => (m?.body as { msgtype?: string } | undefined)?.msgtype;
    assert.equal(type(first), "markdown");
    assert.equal(type(second), "text");
    assert.deepEqual(second?.mentions, { mobiles: ["13800000000"], userIds: [], all: true });
  });

  it("93000: paste the whole webhook URL, or only its key", async () => {
    const other = em.webhookUrl(KEY).replace(KEY, "wrong-key-000");
    const client = wecom.client({ kind: "wecom", webhook: other }, once);
    const e = await refusal(client.send({ msgtype: "text", text: { content: "x" } }), "wrong-key-000");
    assert.equal(e.code, "webhook_invalid");
    assert.equal(e.errcode, 93000);
    assert.match(e.fix ?? "", /paste the whole webhook URL, or only its key/);
    assert.equal(e.retryable, false);
  });

  it("45009 is the throttle: retryable after a minute, never retried at once", async () => {
    em.clear();
    clock += 3_600_000;
    const client = wecom.client({ kind: "wecom", webhook: em.webhookUrl(KEY) }, { rateLimit: false });
    for (let i = 0; i < 20; i++) await client.send({ msgtype: "text", text: { content: `m${i}` } });
    const e = await refusal(client.send({ msgtype: "text", text: { content: "one too many" } }), KEY);
    assert.equal(e.code, "throttled");
    assert.equal(e.errcode, 45009);
    assert.equal(e.retryAfterMs, 60_000);
    assert.equal(e.attempts, 1, "a throttle is not hammered");
  });

  it("the in-process limiter keeps a burst within 20 a minute: no 45009", async () => {
    em.clear();
    clock += 3_600_000;
    let now = clock;
    const client = wecom.client(
      { kind: "wecom", webhook: em.webhookUrl(KEY) },
      {
        retry: false,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
          clock = now;
        },
      },
    );
    for (let i = 0; i < 30; i++) await client.send({ msgtype: "text", text: { content: `b${i}` } });
    assert.equal(em.messages(KEY).length, 30);
    assert.equal(em.answers(KEY).filter((a) => a.errcode === 45009).length, 0);
  });
});

describe("Feishu client", () => {
  const feishu = channelFor("feishu");
  const signed = () =>
    feishu.client(
      { kind: "feishu", webhook: em.webhookUrl(SIGNED), secret: SECRET, keywords: ["CI"] },
      {
        ...once,
        now: () => clock,
      },
    );

  it("a signed card with the keyword and mentions arrives valid", async () => {
    em.clear();
    const r = feishu.render(compose(rule({ at: ["all", "ou_0123456789abcdef"] }), sampleEvent("failure")), {
      keywords: ["CI"],
      signed: true,
    });
    assert.equal((await signed().send(r.body)).errcode, 0);
    assert.deepEqual(em.messages(SIGNED)[0]?.mentions, {
      mobiles: [],
      userIds: ["ou_0123456789abcdef"],
      all: true,
    });
  });

  it("19021 with a wrong secret or a clock an hour off: set the secret, or fix the clock", async () => {
    const wrong = feishu.client(
      { kind: "feishu", webhook: em.webhookUrl(SIGNED), secret: "not-it-at-all" },
      {
        ...once,
        now: () => clock,
      },
    );
    const e = await refusal(
      wrong.send({ msg_type: "text", content: { text: "CI" } }),
      SIGNED,
      "not-it-at-all",
    );
    assert.equal(e.code, "signature_mismatch");
    assert.match(e.fix ?? "", /secret/);
    assert.match(e.fix ?? "", /clock/);
    const late = feishu.client(
      { kind: "feishu", webhook: em.webhookUrl(SIGNED), secret: SECRET },
      {
        ...once,
        now: () => clock - 2 * 3_600_000,
      },
    );
    assert.equal((await refusal(late.send({ msg_type: "text", content: { text: "CI" } }))).errcode, 19021);
  });

  it("19024 without a keyword, 19022 from an IP not allowed: each with its fix", async () => {
    const kw = await refusal(
      signed().send({ msg_type: "text", content: { text: "no word here" } }),
      SIGNED,
      SECRET,
    );
    assert.equal(kw.code, "keywords_missing");
    assert.match(kw.fix ?? "", /keywords/);
    const guarded = feishu.client({ kind: "feishu", webhook: em.webhookUrl("feishu-guarded-2") }, once);
    const ip = await refusal(guarded.send({ msg_type: "text", content: { text: "x" } }), "feishu-guarded-2");
    assert.equal(ip.code, "ip_not_allowed");
    assert.match(ip.fix ?? "", /IP allowlist/);
  });

  it("11232 is the throttle; the in-process limiter keeps to 5 a second", async () => {
    em.clear();
    clock += 86_400_000;
    const fast = feishu.client({ kind: "feishu", webhook: em.webhookUrl(HOOK) }, once);
    for (let i = 0; i < 5; i++) await fast.send({ msg_type: "text", content: { text: `m${i}` } });
    const e = await refusal(fast.send({ msg_type: "text", content: { text: "sixth" } }), HOOK);
    assert.deepEqual([e.code, e.errcode, e.retryable], ["throttled", 11232, true]);

    em.clear();
    clock += 86_400_000;
    let now = clock;
    const paced = feishu.client(
      { kind: "feishu", webhook: em.webhookUrl(HOOK) },
      {
        retry: false,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
          clock = now;
        },
      },
    );
    for (let i = 0; i < 12; i++) await paced.send({ msg_type: "text", content: { text: `p${i}` } });
    assert.equal(em.answers(HOOK).filter((a) => a.errcode === 11232).length, 0);
  });

  it("an unknown hook token is refused with the fix, never echoing the token", async () => {
    const url = em.webhookUrl(HOOK).replace(HOOK, "gone-gone-gone");
    const e = await refusal(
      feishu
        .client({ kind: "feishu", webhook: url }, once)
        .send({ msg_type: "text", content: { text: "x" } }),
      "gone-gone-gone",
    );
    assert.equal(e.code, "robot_not_found");
  });
});
