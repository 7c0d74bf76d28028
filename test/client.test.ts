/** The robot client against the DingTalk emulator over HTTP. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { markdown, text } from "../src/dingtalk/builders.ts";
import { createRobot } from "../src/dingtalk/client.ts";
import { isDingTalkError } from "../src/dingtalk/errors.ts";
import { TRUNCATED } from "../src/dingtalk/fit.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";

const SECRET = "SECfakeSigningSecretForTestsOnly0001";
const WRONG = "SECfakeNotThisRobotsSecret0002";
/** Not ASCII: an HMAC over anything but the UTF-8 bytes gives another signature. */
const UNICODE_SECRET = "SECfake密钥签名0003";

let emu: Emulator;

before(async () => {
  emu = await startEmulator({
    port: 0,
    robots: [
      { token: "tok-sign-0001", secret: SECRET },
      { token: "tok-sign-utf8", secret: UNICODE_SECRET },
      { token: "tok-kw-0001", keywords: ["CI"] },
      { token: "tok-burst-0001", keywords: ["CI"] },
      { token: "tok-faults-0001", keywords: ["CI"] },
      { token: "tok-once-0001", keywords: ["CI"] },
      { token: "tok-big-0001", keywords: ["CI"] },
    ],
    // A short window keeps the burst test quick; the client gets the same limit.
    rateLimit: { messages: 10, windowMs: 1000, throttleMs: 600_000 },
  });
});

after(async () => {
  await emu.close();
});

test("a signing robot gets a signed message, mentions written into the text", async () => {
  const robot = createRobot({ webhook: emu.webhookUrl("tok-sign-0001"), secret: SECRET });
  const result = await robot.send(text("deploy failed on main", { atMobiles: ["13800000000"] }));
  assert.equal(result.errcode, 0);
  assert.equal(result.attempts, 1);
  const [got] = emu.messages("tok-sign-0001");
  assert.deepEqual(got?.body, {
    msgtype: "text",
    text: { content: "deploy failed on main\n@13800000000" },
    at: { atMobiles: ["13800000000"] },
  });
  assert.equal(result.body, JSON.stringify(got?.body));
});

test("a secret with Chinese characters: the client signs its UTF-8 bytes, as the emulator (from DingTalk's docs) checks", async () => {
  const robot = createRobot({ webhook: emu.webhookUrl("tok-sign-utf8"), secret: UNICODE_SECRET });
  const result = await robot.send(text("signed with a Chinese secret"));
  assert.equal(result.errcode, 0);
  assert.deepEqual(
    emu.answers("tok-sign-utf8").map((a) => [a.errcode, a.errmsg]),
    [[0, "ok"]],
  );
});

test("token + baseUrl reach the same robot as the full webhook", async () => {
  const robot = createRobot({ token: "tok-sign-0001", baseUrl: emu.url, secret: SECRET });
  await robot.send(markdown("Build", "**ok**"));
  assert.equal(emu.messages("tok-sign-0001").at(-1)?.body.msgtype, "markdown");
});

test("a keyword robot: the missing keyword is added and the message accepted", async () => {
  const robot = createRobot({ webhook: emu.webhookUrl("tok-kw-0001"), keywords: ["CI"] });
  await robot.send(text("build passed"));
  const body = emu.messages("tok-kw-0001").at(-1)?.body;
  assert.deepEqual(body, { msgtype: "text", text: { content: "[CI] build passed" } });
});

test("without the keyword configured, DingTalk's refusal says what to fix", async () => {
  const robot = createRobot({ webhook: emu.webhookUrl("tok-kw-0001") });
  await assert.rejects(robot.send(text("build passed")), (e: unknown) => {
    assert.ok(isDingTalkError(e, "keywords_missing"));
    assert.equal(e.errcode, 310000);
    assert.match(e.fix ?? "", /--keyword/);
    return true;
  });
});

test("a wrong secret: 310000 becomes signature_mismatch, without the secret in the error", async () => {
  const robot = createRobot({ webhook: emu.webhookUrl("tok-sign-0001"), secret: WRONG });
  await assert.rejects(robot.send(text("hello")), (e: unknown) => {
    assert.ok(isDingTalkError(e, "signature_mismatch"));
    assert.equal(e.retryable, false);
    assert.equal(e.attempts, 1, "configuration errors are not retried");
    assert.match(e.fix ?? "", /SEC… secret \(--secret or DINGTALK_SECRET\)/);
    const shown = `${e.message} ${e.fix} ${e.errmsg} ${JSON.stringify(e)}`;
    assert.ok(!shown.includes(WRONG) && !shown.includes("NotThisRobots"));
    assert.ok(!shown.includes("tok-sign-0001"));
    return true;
  });
});

test("a signing robot without a secret is told to set one", async () => {
  const robot = createRobot({ webhook: emu.webhookUrl("tok-sign-0001") });
  await assert.rejects(robot.send(text("hello")), (e: unknown) => isDingTalkError(e, "signature_mismatch"));
});

test("each attempt is signed with its own timestamp: a clock an hour off is refused as such", async () => {
  const twoHoursAgo = () => Date.now() - 2 * 3_600_000;
  const robot = createRobot({ webhook: emu.webhookUrl("tok-sign-0001"), secret: SECRET, now: twoHoursAgo });
  await assert.rejects(robot.send(text("hello")), (e: unknown) => {
    assert.ok(isDingTalkError(e, "timestamp_invalid"));
    assert.match(e.fix ?? "", /more than an hour off/);
    return true;
  });
});

test("an unknown token: robot_not_found, not retried", async () => {
  const robot = createRobot({ token: "tok-nobody-0001", baseUrl: emu.url });
  await assert.rejects(robot.send(text("hello")), (e: unknown) => {
    assert.ok(isDingTalkError(e, "robot_not_found"));
    assert.equal(e.attempts, 1);
    assert.ok(!e.message.includes("tok-nobody-0001"));
    return true;
  });
});

test("a burst of 60 sends through one client reaches DingTalk with zero throttling", async () => {
  const robot = createRobot({
    webhook: emu.webhookUrl("tok-burst-0001"),
    keywords: ["CI"],
    rateLimit: { messages: 10, perSeconds: 1 },
  });
  const results = await Promise.all(Array.from({ length: 60 }, (_, i) => robot.send(text(`CI event ${i}`))));
  assert.equal(results.length, 60);
  const answers = emu.answers("tok-burst-0001");
  assert.equal(answers.filter((a) => a.errcode === 130101 || a.errcode === 410100).length, 0);
  assert.equal(answers.length, 60, "one request each: nothing was refused and retried");
  assert.equal(emu.messages("tok-burst-0001").length, 60);
});

test("injected faults (HTTP 500, busy, dropped connections, latency) are recovered by retries", async () => {
  emu.setFaults({ rate: 0.3, kinds: ["http500", "busy", "drop", "latency"], latencyMs: 50, seed: 7 });
  try {
    const robot = createRobot({
      webhook: emu.webhookUrl("tok-faults-0001"),
      keywords: ["CI"],
      rateLimit: { messages: 10, perSeconds: 1 },
      retry: { limit: 10, baseDelayMs: 5, maxDelayMs: 40 },
    });
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await robot.send(text(`CI run ${i}`)));
    const answers = emu.answers("tok-faults-0001");
    assert.ok(
      answers.some((a) => a.http === 500 || a.http === 0 || a.errcode === -1),
      "faults happened",
    );
    assert.ok(
      results.some((r) => r.attempts > 1),
      "some sends needed retries",
    );
    const delivered = emu
      .messages("tok-faults-0001")
      .map((m) => (m.body.msgtype === "text" ? m.body.text.content : ""));
    assert.deepEqual(
      delivered,
      Array.from({ length: 20 }, (_, i) => `CI run ${i}`),
    );
  } finally {
    emu.setFaults(undefined);
  }
});

test("rateLimit: false, retry: false makes exactly one request and throws a typed, classifiable error", async () => {
  const robot = createRobot({ webhook: emu.webhookUrl("tok-once-0001"), rateLimit: false, retry: false });
  emu.setFaults({ rate: 1, kinds: ["busy"] });
  const before = emu.answers("tok-once-0001").length;
  try {
    await assert.rejects(robot.send(text("CI once")), (e: unknown) => {
      assert.ok(isDingTalkError(e, "system_busy"));
      assert.equal(e.retryable, true);
      assert.equal(e.attempts, 1);
      return true;
    });
  } finally {
    emu.setFaults(undefined);
  }
  assert.equal(emu.answers("tok-once-0001").length, before + 1);
  // Past the robot's limit (10 per second here) DingTalk throttles: retryable, after the window.
  const sends = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => robot.send(text(`CI ${i}`))));
  const throttled = sends.find((s) => s.status === "rejected");
  assert.ok(throttled && throttled.status === "rejected");
  const e: unknown = throttled.reason;
  assert.ok(isDingTalkError(e, "throttled"));
  assert.equal(e.retryable, true);
  assert.equal(e.retryAfterMs, 600_000);
  assert.equal(emu.answers("tok-once-0001").length, before + 13, "no request was repeated");
});

test("a timeout is a typed, retryable error", async () => {
  emu.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 2000 });
  try {
    const robot = createRobot({
      webhook: emu.webhookUrl("tok-kw-0001"),
      rateLimit: false,
      retry: false,
      timeoutMs: 100,
    });
    await assert.rejects(robot.send(text("CI slow")), (e: unknown) => {
      assert.ok(isDingTalkError(e, "timeout"));
      assert.equal(e.retryable, true);
      return true;
    });
  } finally {
    emu.setFaults(undefined);
  }
});

test("an oversized message arrives fitted, within 20,000 bytes, links and mentions kept", async () => {
  const log = Array.from({ length: 3000 }, (_, i) => `第${i}行 test output line`).join("\n");
  const body = `## CI deploy failed\n${log}\n[Open the run](https://ci.example/runs/42)`;
  const robot = createRobot({ webhook: emu.webhookUrl("tok-big-0001") });
  const result = await robot.send(markdown("Deploy", body, { atMobiles: ["13800000000"] }));
  assert.ok(result.fitted);
  assert.ok(result.bytes <= 20_000);
  const got = emu.messages("tok-big-0001").at(-1);
  assert.ok(got && got.body.msgtype === "markdown");
  assert.ok(got.bytes <= 20_000);
  const t = got.body.markdown.text;
  assert.ok(t.startsWith("## CI deploy failed"));
  assert.ok(t.includes(TRUNCATED));
  assert.ok(t.includes("[Open the run](https://ci.example/runs/42)"));
  assert.ok(t.endsWith("@13800000000"));
});

test("bad robot settings are refused before sending", () => {
  assert.throws(() => createRobot({}), /no robot given/);
  assert.throws(() => createRobot({ webhook: "not a url" }), /not a URL/);
  assert.throws(() => createRobot({ webhook: `${emu.url}/robot/send` }), /carries no access_token/);
  assert.throws(() => createRobot({ token: "t", secret: "abc" }), /does not start with SEC/);
});
