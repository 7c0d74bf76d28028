import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cardLinks, cardMarkdown, standardCard } from "./card.ts";
import { createAppRobot } from "./client.ts";
import { isAppRobotError } from "./errors.ts";
import { appMarkdown } from "./messages.ts";
import { AccessTokens } from "./tokens.ts";

const SECRET = "unit-app-secret-0002-xyz";

interface Seen {
  method: string;
  path: string;
  token: string | null;
  body: Record<string, unknown>;
}

/** api.dingtalk.com from a script: tokens are issued in order, other calls answer from `answers`. */
function dingtalk(answers: Array<{ status?: number; body: unknown; headers?: Record<string, string> }> = []) {
  const seen: Seen[] = [];
  let issued = 0;
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    if (url.pathname === "/v1.0/oauth2/accessToken") {
      return new Response(JSON.stringify({ accessToken: `tok-${++issued}-abcdefgh`, expireIn: 7200 }));
    }
    seen.push({
      method: init?.method ?? "GET",
      path: url.pathname,
      token: headers.get("x-acs-dingtalk-access-token"),
      body,
    });
    const next = answers.shift() ?? { body: { processQueryKey: `pqk-${seen.length}` } };
    return new Response(JSON.stringify(next.body), { status: next.status ?? 200, headers: next.headers });
  }) as typeof globalThis.fetch;
  return { fetch, seen, issued: () => issued };
}

function robot(api: ReturnType<typeof dingtalk>, over: Record<string, unknown> = {}) {
  const sleeps: number[] = [];
  const client = createAppRobot({
    appKey: "dingappkey0002",
    appSecret: SECRET,
    robotCode: "dingrobot0002",
    conversationId: "cidGroup0002==",
    baseUrl: "https://api.test/",
    fetch: api.fetch,
    tokens: new AccessTokens(),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
    ...over,
  });
  return { client, sleeps };
}

const CARD = standardCard({
  title: "web-release #42 running",
  contents: [
    cardMarkdown("tasks", "- build ✅"),
    cardLinks("links", [{ label: "Open run", url: "https://ci/42" }]),
  ],
});

describe("app robot client", () => {
  it("sends a group message with msgParam as a JSON string, the token in the header", async () => {
    const api = dingtalk();
    const { client } = robot(api);
    const result = await client.send(appMarkdown("Build failed", "### Build **failed**"));
    assert.equal(result.processQueryKey, "pqk-1");
    assert.equal(result.attempts, 1);
    assert.deepEqual(api.seen[0], {
      method: "POST",
      path: "/v1.0/robot/groupMessages/send",
      token: "tok-1-abcdefgh",
      body: {
        robotCode: "dingrobot0002",
        openConversationId: "cidGroup0002==",
        msgKey: "sampleMarkdown",
        msgParam: JSON.stringify({ title: "Build failed", text: "### Build **failed**" }),
      },
    });
    assert.equal(client.robotKey, "dingtalk_app:dingrobot0002:cidGroup0002==");
    assert.equal(client.endpoint, "api.test robot dingrobot0002 → cidGroup0002==");
  });

  it("sends a StandardCard and updates it in place by cardBizId", async () => {
    const api = dingtalk();
    const { client } = robot(api);
    await client.sendCard({ cardBizId: "run-abc123", card: CARD });
    await client.updateCard({ cardBizId: "run-abc123", card: { ...CARD, contents: [] } });
    assert.deepEqual(
      api.seen.map((s) => [s.method, s.path]),
      [
        ["POST", "/v1.0/im/v1.0/robot/interactiveCards/send"],
        ["PUT", "/v1.0/im/robots/interactiveCards"],
      ],
    );
    assert.deepEqual(api.seen[0]?.body, {
      cardTemplateId: "StandardCard",
      robotCode: "dingrobot0002",
      cardBizId: "run-abc123",
      openConversationId: "cidGroup0002==",
      cardData: JSON.stringify(CARD),
    });
    assert.deepEqual(api.seen[1]?.body, {
      cardBizId: "run-abc123",
      cardData: JSON.stringify({ ...CARD, contents: [] }),
    });
    assert.equal(api.issued(), 1, "one token for both calls");
    await assert.rejects(client.updateCard({ cardBizId: "has space", card: CARD }), (e) =>
      isAppRobotError(e, "invalid_card"),
    );
  });

  it("refreshes the token once on InvalidAuthentication and repeats the call", async () => {
    const api = dingtalk([
      {
        status: 400,
        body: { code: "InvalidAuthentication", message: "不合法的access_token", requestid: "r" },
      },
    ]);
    const { client } = robot(api, { retry: false });
    const result = await client.send(appMarkdown("t", "x"));
    assert.equal(result.attempts, 2);
    assert.deepEqual(
      api.seen.map((s) => s.token),
      ["tok-1-abcdefgh", "tok-2-abcdefgh"],
    );
  });

  it("gives up after the one refresh when DingTalk still refuses the token, saying what to check", async () => {
    const refusal = { status: 401, body: { code: "InvalidAuthentication", message: "不合法的access_token" } };
    const api = dingtalk([refusal, refusal, refusal]);
    const { client } = robot(api);
    await assert.rejects(client.send(appMarkdown("t", "x")), (e) => {
      assert.ok(isAppRobotError(e, "token_rejected"));
      assert.equal(e.attempts, 2);
      assert.match(e.fix ?? "", /AppKey and AppSecret belong to the app that owns the robot/);
      return true;
    });
    assert.equal(api.issued(), 2);
  });

  it("maps DingTalk's error codes to typed errors, retrying only what may succeed later", async () => {
    const cases: Array<[number, string, string, boolean]> = [
      [400, "invalidParameter.robotCode.notExsit", "robot_not_found", false],
      [400, "robotCode.notExsit", "robot_not_found", false],
      [400, "invalidParameter.robotCode.auth", "robot_not_owned", false],
      [400, "invalidParameter.msgKey.invalid", "invalid_message", false],
      [400, "invalidParameter.msgParam.invalid", "invalid_message", false],
      [400, "bot.stopped", "robot_stopped", false],
      [403, "Forbidden.AccessDenied.ApiCountLimitForOrg", "quota_exhausted", false],
      [403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "throttled", true],
      [503, "ServiceUnavailable", "server_error", true],
      [400, "somethingNew", "unknown_error", false],
    ];
    for (const [status, code, expected, retryable] of cases) {
      const api = dingtalk([{ status, body: { code, message: "m", requestid: "req-1" } }]);
      const { client } = robot(api, { retry: false });
      await assert.rejects(client.send(appMarkdown("t", "x")), (e) => {
        assert.ok(isAppRobotError(e), `${code} is an AppRobotError`);
        assert.equal(e.code, expected, code);
        assert.equal(e.retryable, retryable, code);
        assert.equal(e.dingtalkCode, code);
        assert.equal(e.requestId, "req-1");
        assert.ok(e.fix && e.fix.length > 10, `${code} has a fix`);
        return true;
      });
    }
  });

  it("retries server errors with backoff and the QPS limit after DingTalk's one second", async () => {
    const api = dingtalk([
      { status: 503, body: { code: "ServiceUnavailable", message: "busy" } },
      { status: 403, body: { code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", message: "qps" } },
    ]);
    const { client, sleeps } = robot(api, { retry: { limit: 3, baseDelayMs: 200, maxDelayMs: 5000 } });
    const result = await client.send(appMarkdown("t", "x"));
    assert.equal(result.attempts, 3);
    assert.deepEqual(sleeps, [100, 1000]);
  });

  it("names a base_url that is not DingTalk's API", async () => {
    const api = dingtalk([{ status: 404, body: "<html>not found</html>" }]);
    const { client } = robot(api);
    await assert.rejects(client.send(appMarkdown("t", "x")), (e) => {
      return isAppRobotError(e, "http_error") && /base_url/.test(e.fix ?? "") && e.retryable === false;
    });
  });

  it("refuses incomplete options, naming the field and its YAML key", () => {
    assert.throws(
      () => createAppRobot({ appKey: "k", appSecret: "", robotCode: "r", conversationId: "c" }),
      (e) => isAppRobotError(e, "invalid_app_robot") && /app_secret:/.test(e.fix ?? ""),
    );
    assert.throws(
      () =>
        createAppRobot({
          appKey: "k",
          appSecret: "s",
          robotCode: "r",
          conversationId: "c",
          baseUrl: "ftp://x",
        }),
      (e) => isAppRobotError(e, "invalid_app_robot") && /base_url/.test(e.fix ?? ""),
    );
  });

  it("never lets the token or the app secret into an error, even when DingTalk echoes them", async () => {
    const api = dingtalk([
      {
        status: 400,
        body: { code: "somethingNew", message: `bad token tok-1-abcdefgh for secret ${SECRET}` },
      },
    ]);
    const { client } = robot(api, { retry: false });
    await assert.rejects(client.send(appMarkdown("t", "x")), (e) => {
      const all = JSON.stringify({
        ...(e as object),
        message: (e as Error).message,
        stack: (e as Error).stack,
      });
      assert.ok(!all.includes("tok-1-abcdefgh"), all);
      assert.ok(!all.includes(SECRET), all);
      return true;
    });
  });
});
