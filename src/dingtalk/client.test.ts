import assert from "node:assert/strict";
import { test } from "node:test";
import { text } from "./builders.ts";
import { createRobot, resolveEndpoint } from "./client.ts";
import { isDingTalkError } from "./errors.ts";
import { sign } from "./sign.ts";

/** Answers from a script, recording each requested URL (the transport is injected, as in the service). */
function scripted(answers: { status?: number; body: string }[]) {
  const urls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    urls.push(String(input));
    const next = answers.shift() ?? { body: '{"errcode":0,"errmsg":"ok"}' };
    return new Response(next.body, { status: next.status ?? 200 });
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

const SECRET = "SECfakeUnitSecret0005";

test("every attempt is signed with a fresh timestamp", async () => {
  const { fetch, urls } = scripted([
    { body: '{"errcode":-1,"errmsg":"busy"}' },
    { body: '{"errcode":0,"errmsg":"ok"}' },
  ]);
  let t = 1_735_689_600_000;
  const sleeps: number[] = [];
  const robot = createRobot({
    token: "tok-unit-0005",
    secret: SECRET,
    fetch,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0,
    retry: { limit: 3, baseDelayMs: 200, maxDelayMs: 1000 },
    rateLimit: false,
  });
  const result = await robot.send(text("x"));
  assert.equal(result.attempts, 2);
  assert.deepEqual(sleeps, [100]);
  const stamps = urls.map((u) => new URL(u).searchParams.get("timestamp"));
  assert.deepEqual(stamps, ["1735689600000", "1735689600100"]);
  const second = new URL(urls[1]!);
  assert.equal(second.searchParams.get("sign"), sign(SECRET, 1_735_689_600_100));
  assert.equal(second.origin + second.pathname, "https://oapi.dingtalk.com/robot/send");
});

test("HTTP 200 with a non-zero errcode is a failure; 200 without DingTalk's answer too", async () => {
  const robot = (body: string) =>
    createRobot({
      token: "tok-unit-0005",
      fetch: scripted([{ body }]).fetch,
      retry: false,
      rateLimit: false,
    });
  await assert.rejects(robot('{"errcode":130101,"errmsg":"send too fast"}').send(text("x")), (e: unknown) =>
    isDingTalkError(e, "throttled"),
  );
  await assert.rejects(robot("<html>captive portal</html>").send(text("x")), (e: unknown) =>
    isDingTalkError(e, "http_error"),
  );
});

test("a stale timestamp/sign copied into the webhook is dropped; baseUrl redirects a webhook's token", () => {
  assert.equal(
    resolveEndpoint({
      webhook: "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=x",
    }).url,
    "https://oapi.dingtalk.com/robot/send?access_token=abc123",
  );
  assert.deepEqual(
    resolveEndpoint({
      webhook: "https://oapi.dingtalk.com/robot/send?access_token=abc123",
      baseUrl: "http://127.0.0.1:9/",
    }),
    { url: "http://127.0.0.1:9/robot/send?access_token=abc123", token: "abc123" },
  );
});

test("the endpoint shown is redacted", () => {
  const robot = createRobot({
    webhook: "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789",
  });
  assert.equal(robot.endpoint, "https://oapi.dingtalk.com/robot/send?access_token=abcd…");
});

test("a wrong webhook gets an error naming what is wrong, never the token", () => {
  const token = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
  const cases: [string, RegExp][] = [
    [token, /^the webhook is an access_token alone, not a URL$/],
    [
      `oapi.dingtalk.com/robot/send?access_token=${token}`,
      /^the webhook 'oapi\.dingtalk\.com\/robot\/send\?access_token=0a1b…' lacks its https:\/\/$/,
    ],
    [`127.0.0.1:8090/robot/send?access_token=${token}`, /lacks its https:\/\//],
    [
      `ftp://oapi.dingtalk.com/robot/send?access_token=${token}`,
      /^the webhook is a ftp: URL, not http\(s\)$/,
    ],
    [`webhook ${token}`, /^the webhook is not a URL: 'webhook 0a1b…'$/],
    ["https://oapi.dingtalk.com/robot/send", /carries no access_token/],
  ];
  for (const [webhook, message] of cases) {
    assert.throws(
      () => resolveEndpoint({ webhook }),
      (e: unknown) => {
        const error = e as { code: string; message: string; fix: string };
        assert.equal(error.code, "invalid_robot", webhook);
        assert.match(error.message, message);
        assert.match(error.fix, /https:\/\/oapi\.dingtalk\.com\/robot\/send\?access_token=…|access_token=…/);
        assert.ok(!`${error.message} ${error.fix}`.includes(token.slice(4)), error.message);
        return true;
      },
    );
  }
});

test("a placeholder access_token (the docs' …, <token>) is refused before anything is sent", () => {
  for (const options of [
    { webhook: "https://oapi.dingtalk.com/robot/send?access_token=…" },
    { webhook: "https://oapi.dingtalk.com/robot/send?access_token=%3Ctoken%3E" },
    { token: "your token" },
  ]) {
    assert.throws(
      () => resolveEndpoint(options),
      (e: unknown) => {
        const error = e as { code: string; message: string; fix: string };
        assert.equal(error.code, "invalid_robot");
        assert.match(error.message, /holds characters no DingTalk token has/);
        assert.match(error.fix, /copy the real webhook URL/);
        return true;
      },
    );
  }
  assert.equal(resolveEndpoint({ token: "tok-demo_1" }).token, "tok-demo_1");
});
