/**
 * The app robot client against the emulator over HTTP, and the emulator's app robot API on its own
 * (raw requests, no client): tokens, group messages, cards sent and updated in place, and the errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AccessTokens,
  appMarkdown,
  cardLinks,
  cardMarkdown,
  createAppRobot,
  isAppRobotError,
  standardCard,
} from "../src/dingtalk-app/index.ts";
import { type Emulator, type EmulatorApp, startEmulator } from "../src/emulator/index.ts";

const CI_APP: EmulatorApp = {
  appKey: "dingci0001",
  appSecret: "ci-app-secret-0001-abcdef",
  robotCode: "dingcirobot",
  name: "CI bot",
  conversations: ["cidBuilds==", "cidReleases=="],
};
const OTHER_APP: EmulatorApp = {
  appKey: "dingother0002",
  appSecret: "other-app-secret-0002-abc",
  robotCode: "dingotherrobot",
  conversations: ["cidOther=="],
};
const STOPPED_APP: EmulatorApp = {
  appKey: "dingstopped0003",
  appSecret: "stopped-app-secret-0003",
  robotCode: "dingstoppedrobot",
  conversations: ["cidBuilds=="],
  stopped: true,
};

let clock = Date.parse("2026-12-01T08:00:00Z");
let em: Emulator;

before(async () => {
  em = await startEmulator({
    robots: [],
    apps: [CI_APP, OTHER_APP, STOPPED_APP],
    appApi: { tokenTtlMs: 60_000, qps: 1000 },
    now: () => clock,
  });
});
after(() => em.close());

function client(
  over: Partial<Parameters<typeof createAppRobot>[0]> = {},
  tokens = new AccessTokens({ now: () => clock }),
) {
  return createAppRobot({
    appKey: CI_APP.appKey,
    appSecret: CI_APP.appSecret,
    robotCode: CI_APP.robotCode,
    conversationId: "cidBuilds==",
    baseUrl: em.appBaseUrl,
    tokens,
    retry: false,
    ...over,
  });
}

async function raw(method: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`${em.appBaseUrl}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { "x-acs-dingtalk-access-token": token }),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function tokenOf(app: EmulatorApp): Promise<string> {
  const res = await raw("POST", "/v1.0/oauth2/accessToken", { appKey: app.appKey, appSecret: app.appSecret });
  assert.equal(res.status, 200);
  return String(res.body["accessToken"]);
}

describe("app robot client through the emulator", () => {
  it("sends messages from many senders at once on one token request", async () => {
    em.clear();
    const tokens = new AccessTokens({ now: () => clock });
    const senders = [
      client({}, tokens),
      client({}, tokens),
      client({ conversationId: "cidReleases==" }, tokens),
    ];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => senders[i % 3]!.send(appMarkdown(`m${i}`, `### message ${i}`))),
    );
    assert.ok(results.every((r) => typeof r.processQueryKey === "string" && r.attempts === 1));
    assert.equal(em.tokenRequests(CI_APP.appKey), 1);
    assert.equal(em.appMessages("cidBuilds==").length, 20);
    assert.equal(em.appMessages("cidReleases==").length, 10);
    const first = em.appMessages("cidBuilds==").find((m) => m.msgParam["title"] === "m0");
    assert.deepEqual(first?.msgParam, { title: "m0", text: "### message 0" });
    assert.equal(first?.msgKey, "sampleMarkdown");
  });

  it("asks for a new token shortly before the old one expires, never after", async () => {
    em.clear();
    const robot = client();
    await robot.send(appMarkdown("a", "a"));
    clock += 50_000; // of a 60 s token: still more than the refresh margin (6 s) away
    await robot.send(appMarkdown("b", "b"));
    assert.equal(em.tokenRequests(CI_APP.appKey), 1);
    clock += 5_000; // 55 s: within the margin
    await robot.send(appMarkdown("c", "c"));
    assert.equal(em.tokenRequests(CI_APP.appKey), 2);
    assert.deepEqual(
      em.appAnswers().filter((a) => a.http !== 200),
      [],
      "no call was ever refused for an expired token",
    );
  });

  it("refreshes once when the emulator revokes every token, then delivers", async () => {
    em.clear();
    const robot = client();
    await robot.send(appMarkdown("before", "x"));
    em.expireTokens();
    const result = await robot.send(appMarkdown("after", "x"));
    assert.equal(result.attempts, 2);
    assert.equal(em.tokenRequests(CI_APP.appKey), 2);
    assert.deepEqual(
      em.appAnswers().map((a) => [a.api, a.http, a.code]),
      [
        ["POST /v1.0/oauth2/accessToken", 200, undefined],
        ["POST /v1.0/robot/groupMessages/send", 200, undefined],
        ["POST /v1.0/robot/groupMessages/send", 400, "InvalidAuthentication"],
        ["POST /v1.0/oauth2/accessToken", 200, undefined],
        ["POST /v1.0/robot/groupMessages/send", 200, undefined],
      ],
    );
  });

  it("turns a wrong AppSecret into invalid_app_credentials, without asking again for each message", async () => {
    em.clear();
    const robot = client({ appSecret: "not-the-secret-9999" });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(robot.send(appMarkdown("t", "x")), (e) => {
        assert.ok(isAppRobotError(e, "invalid_app_credentials"));
        assert.match(e.message, /invalidClientIdOrSecret/);
        assert.ok(!`${e.message} ${e.fix} ${e.stack}`.includes("not-the-secret-9999"));
        return true;
      });
    }
    assert.equal(em.tokenRequests(CI_APP.appKey), 1);
  });

  it("maps the emulator's robot errors to typed errors with fixes", async () => {
    const cases: Array<[Partial<Parameters<typeof createAppRobot>[0]>, string]> = [
      [{ robotCode: "dingnosuchrobot" }, "robot_not_found"],
      [{ robotCode: OTHER_APP.robotCode }, "robot_not_owned"],
      [{ conversationId: "cidOther==" }, "robot_not_found"],
      [
        {
          appKey: STOPPED_APP.appKey,
          appSecret: STOPPED_APP.appSecret,
          robotCode: STOPPED_APP.robotCode,
        },
        "robot_stopped",
      ],
    ];
    for (const [over, code] of cases) {
      await assert.rejects(client(over).send(appMarkdown("t", "x")), (e) => {
        assert.ok(isAppRobotError(e), String(e));
        assert.equal(e.code, code, JSON.stringify(over));
        assert.ok(e.fix);
        assert.ok(e.requestId, "DingTalk's requestid is kept");
        return true;
      });
    }
  });

  it("fits a long message into msgParam's 15,000 bytes, which the emulator takes", async () => {
    em.clear();
    const result = await client().send(appMarkdown("长", "流水线".repeat(10_000)));
    assert.equal(result.fitted, true);
    const [message] = em.appMessages();
    assert.ok(message && message.bytes <= 15_000 && message.bytes > 14_900, String(message?.bytes));
  });

  it("sends a card once and changes it in place, every version kept in order", async () => {
    em.clear();
    const robot = client();
    const card = (state: string) =>
      standardCard({
        title: `web-release #42 ${state}`,
        contents: [
          cardMarkdown("tasks", `- build ${state}`),
          cardLinks("links", [{ label: "Open run", url: "https://ci.example/42" }]),
        ],
      });
    await robot.sendCard({ cardBizId: "run-0123abcd", card: card("running") });
    await robot.updateCard({ cardBizId: "run-0123abcd", card: card("passed") });
    await robot.updateCard({ cardBizId: "run-0123abcd", card: card("failed") });
    // The cardBizId is idempotent: a second send (e.g. after a crash) adds no card and changes nothing.
    await robot.sendCard({ cardBizId: "run-0123abcd", card: card("again") });
    const cards = em.cards("cidBuilds==");
    assert.equal(cards.length, 1);
    assert.deepEqual(
      cards[0]?.versions.map((v) => [
        v.version,
        (v.data["header"] as { title: { text: string } }).title.text,
      ]),
      [
        [1, "web-release #42 running"],
        [2, "web-release #42 passed"],
        [3, "web-release #42 failed"],
      ],
    );
    await assert.rejects(robot.updateCard({ cardBizId: "run-unknown", card: card("x") }), (e) =>
      isAppRobotError(e, "card_not_found"),
    );
    // Another app cannot change this app's card.
    const other = client({
      appKey: OTHER_APP.appKey,
      appSecret: OTHER_APP.appSecret,
      robotCode: OTHER_APP.robotCode,
      conversationId: "cidOther==",
    });
    await assert.rejects(other.updateCard({ cardBizId: "run-0123abcd", card: card("hijack") }), (e) =>
      isAppRobotError(e, "card_not_found"),
    );
    assert.equal(em.card("run-0123abcd")?.versions.length, 3);
  });

  it("a lost answer leaves the card sent: the client sees no answer, the group has the card", async () => {
    em.clear();
    const robot = client();
    await robot.send(appMarkdown("token first", "x")); // the token's own answer is not the one to lose
    em.setFaults({ rate: 1, kinds: ["lost"] });
    const card = standardCard({ title: "lost answer", contents: [cardMarkdown("t", "x")] });
    await assert.rejects(
      robot.sendCard({ cardBizId: "run-lost-1", card }),
      (e) => isAppRobotError(e, "network_error") && e.retryable,
    );
    em.setFaults(undefined);
    assert.equal(em.card("run-lost-1")?.versions.length, 1, "the send arrived");
    assert.equal(em.appAnswers().at(-1)?.code, "lost");
  });

  it("retries the emulator's injected server errors and gets through", async () => {
    em.clear();
    em.setFaults({ rate: 1, kinds: ["busy"], seed: 3 });
    const robot = client({ retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    await assert.rejects(
      robot.send(appMarkdown("t", "x")),
      (e) => isAppRobotError(e, "server_error") && e.attempts === 3,
    );
    em.setFaults({ rate: 0.5, kinds: ["busy", "http500"], seed: 7 });
    let delivered = 0;
    for (let i = 0; i < 10; i++) {
      try {
        await client({ retry: { limit: 8, baseDelayMs: 1, maxDelayMs: 5 } }).send(appMarkdown(`t${i}`, "x"));
        delivered++;
      } catch (error) {
        assert.ok(isAppRobotError(error) && error.retryable, String(error));
      }
    }
    em.setFaults(undefined);
    assert.ok(delivered >= 8, `delivered ${delivered} of 10 through 50% faults`);
    assert.equal(em.appMessages().length, delivered);
  });
});

describe("the emulator's app robot API, on its own", () => {
  it("issues the same token while it is valid and refuses a wrong pair as DingTalk does", async () => {
    const a = await tokenOf(CI_APP);
    const b = await tokenOf(CI_APP);
    assert.equal(a, b);
    const wrong = await raw("POST", "/v1.0/oauth2/accessToken", { appKey: CI_APP.appKey, appSecret: "nope" });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body["code"], "invalidClientIdOrSecret");
    assert.equal(typeof wrong.body["requestid"], "string");
  });

  it("checks the token, the body, the robot, the group, msgKey and msgParam", async () => {
    const token = await tokenOf(CI_APP);
    const message = {
      robotCode: CI_APP.robotCode,
      openConversationId: "cidBuilds==",
      msgKey: "sampleMarkdown",
      msgParam: JSON.stringify({ title: "t", text: "x" }),
    };
    const path = "/v1.0/robot/groupMessages/send";
    const cases: Array<[unknown, string | undefined, number, string]> = [
      [message, undefined, 400, "InvalidAuthentication"],
      [message, "forged-token", 400, "InvalidAuthentication"],
      ["{not json", token, 400, "Invalidbody"],
      [{ ...message, robotCode: "" }, token, 400, "invalidParameter.robotCode.empty"],
      [{ ...message, robotCode: "dingghost" }, token, 400, "invalidParameter.robotCode.notExsit"],
      [{ ...message, robotCode: OTHER_APP.robotCode }, token, 400, "invalidParameter.robotCode.auth"],
      [{ ...message, openConversationId: "cidOther==" }, token, 400, "robotCode.notExsit"],
      [{ ...message, msgKey: "feedCard" }, token, 400, "invalidParameter.msgKey.invalid"],
      [{ ...message, msgParam: { title: "t", text: "x" } }, token, 400, "invalidParameter.msgParam.invalid"],
      [{ ...message, msgParam: "{title" }, token, 400, "invalidParameter.msgParam.invalid"],
      [
        { ...message, msgParam: JSON.stringify({ title: "t" }) },
        token,
        400,
        "invalidParameter.msgParam.invalid",
      ],
      [
        { ...message, msgParam: JSON.stringify({ title: "t", text: "x".repeat(15_000) }) },
        token,
        400,
        "invalidParameter.msgParam.tooLong",
      ],
    ];
    for (const [body, tok, status, code] of cases) {
      const res = await raw("POST", path, body, tok);
      assert.deepEqual([res.status, res.body["code"]], [status, code], JSON.stringify(body).slice(0, 120));
    }
    const wrongMethod = await raw("PUT", path, message, token);
    assert.deepEqual([wrongMethod.status, wrongMethod.body["code"]], [404, "InvalidAction.NotFound"]);
    const ok = await raw("POST", path, message, token);
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.body["processQueryKey"], "string");
  });

  it("takes only StandardCard with cardData as a JSON string of a card", async () => {
    const token = await tokenOf(CI_APP);
    const card = {
      cardTemplateId: "StandardCard",
      robotCode: CI_APP.robotCode,
      cardBizId: "raw-card-1",
      openConversationId: "cidBuilds==",
      cardData: JSON.stringify({ header: { title: { type: "text", text: "t" } }, contents: [] }),
    };
    const path = "/v1.0/im/v1.0/robot/interactiveCards/send";
    for (const [body, code] of [
      [{ ...card, cardTemplateId: "abc.schema" }, "invalidParameter.cardTemplateId.invalid"],
      [{ ...card, cardBizId: "" }, "invalidParameter.cardBizId.empty"],
      [{ ...card, cardData: { header: {} } }, "invalidParameter.cardData.invalid"],
      [{ ...card, cardData: JSON.stringify({ contents: [] }) }, "invalidParameter.cardData.invalid"],
    ] as const) {
      const res = await raw("POST", path, body, token);
      assert.deepEqual([res.status, res.body["code"]], [400, code]);
    }
    assert.equal((await raw("POST", path, card, token)).status, 200);
    const update = await raw(
      "PUT",
      "/v1.0/im/robots/interactiveCards",
      { cardBizId: "raw-card-1", cardData: "[]" },
      token,
    );
    assert.deepEqual([update.status, update.body["code"]], [400, "invalidParameter.cardData.invalid"]);
  });

  it("limits calls per second per app and API, and the organization's quota", async () => {
    const limited = await startEmulator({
      robots: [],
      apps: [CI_APP],
      appApi: { qps: 2, quota: 3 },
      now: () => clock,
    });
    try {
      const res = await fetch(`${limited.appBaseUrl}/v1.0/oauth2/accessToken`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ appKey: CI_APP.appKey, appSecret: CI_APP.appSecret }),
      });
      const token = String(((await res.json()) as { accessToken: string }).accessToken);
      const send = async () => {
        const r = await fetch(`${limited.appBaseUrl}/v1.0/robot/groupMessages/send`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-acs-dingtalk-access-token": token },
          body: JSON.stringify({
            robotCode: CI_APP.robotCode,
            openConversationId: "cidBuilds==",
            msgKey: "sampleText",
            msgParam: JSON.stringify({ content: "x" }),
          }),
        });
        return [r.status, ((await r.json()) as { code?: string }).code];
      };
      assert.deepEqual(await send(), [200, undefined]);
      assert.deepEqual(await send(), [200, undefined]);
      assert.deepEqual(await send(), [403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"]);
      clock += 1000;
      assert.deepEqual(await send(), [200, undefined]);
      clock += 1000;
      assert.deepEqual(await send(), [403, "Forbidden.AccessDenied.ApiCountLimitForOrg"]);
    } finally {
      await limited.close();
    }
  });

  it("loses the answer of a webhook robot's delivered message too (the lost fault)", async () => {
    const hooks = await startEmulator({
      robots: [{ token: "losttoken" }],
      faults: { rate: 1, kinds: ["lost"] },
    });
    try {
      await assert.rejects(
        fetch(hooks.webhookUrl("losttoken"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ msgtype: "text", text: { content: "arrives, answer lost" } }),
        }),
      );
      assert.equal(hooks.messages("losttoken").length, 1);
      assert.equal(hooks.answers().at(-1)?.http, 0);
    } finally {
      await hooks.close();
    }
  });

  it("lists apps without their secrets", async () => {
    const res = await fetch(`${em.url}/api/apps`);
    const text = await res.text();
    assert.ok(text.includes(CI_APP.robotCode));
    assert.ok(!text.includes(CI_APP.appSecret));
  });
});
