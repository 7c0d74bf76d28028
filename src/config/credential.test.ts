import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ENV,
  one,
  parseLines as parse,
  parseConfig,
  WEBHOOK,
} from "../../test/helpers/config-diagnostics.ts";
import { type Diagnostic, formatDiagnostic } from "./index.ts";

/** One credential `ci-group` with the given lines (file lines 3…), used by one notification. */
function credential(lines: string[], env: Record<string, string | undefined> = ENV) {
  const text = [
    "credentials:",
    "  ci-group:",
    ...lines,
    "notifications:",
    "  - credential: ci-group",
    "    events: [failure]",
  ];
  return parseConfig(text.join("\n") + "\n", ".dingpipe.yml", env);
}

/** No diagnostic (message or fix) shows a secret value. */
function noSecrets(diagnostics: Diagnostic[], ...secrets: string[]): void {
  const all = diagnostics.map(formatDiagnostic).join("\n");
  for (const s of secrets) assert.ok(!all.includes(s), `"${s}" leaked into:\n${all}`);
}

describe(`credentials: \${ENV} references`, () => {
  test("a referenced variable that is not set is an error tied to the credential, at the reference", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`, `    secret: \${DINGTALK_SECRET}`], {
      DINGTALK_WEBHOOK: WEBHOOK,
    });
    const { where, d } = one(r.diagnostics, "DINGTALK_SECRET is referenced but not set");
    assert.equal(where, "error 4:13");
    assert.equal(d.credential, "ci-group");
    assert.match(d.fix ?? "", /set DINGTALK_SECRET in the environment/);
    // only this credential is affected: the config is there, without it
    assert.ok(r.config);
    assert.deepEqual(r.config.credentials, {});
    assert.equal(r.config.notifications.length, 1);
  });

  test("a variable set to the empty string", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`], { DINGTALK_WEBHOOK: "" });
    assert.equal(one(r.diagnostics, "DINGTALK_WEBHOOK is referenced but empty").where, "error 3:14");
  });

  test("a reference inside a longer value points at the reference", () => {
    const r = credential([`    webhook: https://oapi.dingtalk.com/robot/send?access_token=\${DT_TOKEN}`], {});
    assert.equal(one(r.diagnostics, "DT_TOKEN is referenced but not set").where, "error 3:64");
    assert.equal(r.diagnostics.length, 1, `no literal-token warning for a \${VAR} token`);
  });

  test("a default applies when unset", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK:-${WEBHOOK}}`], {});
    assert.deepEqual(r.config?.credentials["ci-group"]?.webhook, WEBHOOK);
  });

  test("$NAME without braces, and a malformed reference", () => {
    const r = credential(["    webhook: $DINGTALK_WEBHOOK", `    secret: \${1SECRET}`]);
    const bare = one(r.diagnostics, "webhook of credential 'ci-group' is '$DINGTALK_WEBHOOK'");
    assert.equal(bare.where, "error 3:14");
    assert.equal(bare.d.fix, `write \${DINGTALK_WEBHOOK}`);
    assert.equal(one(r.diagnostics, "malformed reference").where, "error 4:13");
  });
});

describe("credentials: secrets written literally", () => {
  test("secret written literally is a warning; so is one not starting with SEC — never showing it", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`, "    secret: hunter2-password"]);
    const literal = one(r.diagnostics, `secret of credential 'ci-group' is written literally: use \${ENV}`);
    assert.equal(literal.where, "warning 4:13");
    assert.equal(literal.d.credential, "ci-group");
    assert.equal(
      one(r.diagnostics, "is not a DingTalk signing secret: those start with SEC").where,
      "warning 4:13",
    );
    noSecrets(r.diagnostics, "hunter2");
    assert.equal(r.config?.credentials["ci-group"]?.secret, "hunter2-password");
  });

  test("the access token written literally in webhook, at access_token=", () => {
    const r = credential([`    webhook: ${WEBHOOK}`]);
    const { where } = one(r.diagnostics, "the access token is written literally in webhook");
    assert.equal(where, `warning 3:${"    webhook: ".length + WEBHOOK.indexOf("access_token") + 1}`);
    noSecrets(r.diagnostics, "0123456789abcdef");
  });

  test("token written literally", () => {
    const r = credential(["    token: 0123456789abcdef"]);
    assert.equal(one(r.diagnostics, "the access token is written literally in token").where, "warning 3:12");
    noSecrets(r.diagnostics, "0123456789abcdef");
  });
});

describe("credentials: webhook, token, base_url", () => {
  test("webhook and token both given", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`, `    token: \${DT_TOKEN:-x}`]);
    assert.equal(one(r.diagnostics, "has both webhook: and token:").where, "error 4:12");
  });

  test("neither webhook nor token, at the credential's name", () => {
    const r = credential([`    secret: \${DINGTALK_SECRET}`]);
    assert.equal(
      one(r.diagnostics, "webhook of credential 'ci-group' is required (or token:)").where,
      "error 2:3",
    );
  });

  test("a webhook without access_token", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`], {
      DINGTALK_WEBHOOK: "https://oapi.dingtalk.com/robot/send",
    });
    const { where, d } = one(
      r.diagnostics,
      "webhook of credential 'ci-group' (from DINGTALK_WEBHOOK): the webhook has no access_token",
    );
    assert.equal(where, "error 3:14");
    assert.match(d.fix ?? "", /oapi\.dingtalk\.com\/robot\/send\?access_token=/);
  });

  test("a webhook that is not a URL never shows its value", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`], { DINGTALK_WEBHOOK: "0123456789abcdef" });
    assert.equal(one(r.diagnostics, "is not a URL").where, "error 3:14");
    noSecrets(r.diagnostics, "0123456789abcdef");
  });

  test("a webhook that is not a DingTalk robot URL is a warning suggesting token + base_url", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`], {
      DINGTALK_WEBHOOK: "https://hooks.example.com/robot/send?access_token=0123456789abcdef",
    });
    const { where, d } = one(
      r.diagnostics,
      "is not a DingTalk robot URL (https://hooks.example.com/robot/send)",
    );
    assert.equal(where, "warning 3:14");
    assert.match(d.fix ?? "", /token: with base_url:/);
    noSecrets(r.diagnostics, "0123456789abcdef");
  });

  test("a webhook that already carries timestamp and sign", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`], {
      DINGTALK_WEBHOOK: `${WEBHOOK}&timestamp=1&sign=abc`,
    });
    assert.equal(one(r.diagnostics, "already carries timestamp/sign").where, "warning 3:14");
  });

  test("a token holding a URL", () => {
    const r = credential([`    token: \${DT_TOKEN}`], { DT_TOKEN: WEBHOOK });
    assert.equal(one(r.diagnostics, "token of credential 'ci-group' holds a URL").where, "error 3:12");
    noSecrets(r.diagnostics, "0123456789abcdef");
  });

  test("base_url with webhook, and a base_url that is not a URL", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`, "    base_url: http://127.0.0.1:8080"]);
    assert.equal(
      one(r.diagnostics, "base_url of credential 'ci-group' goes with token:").where,
      "error 4:15",
    );
    const r2 = credential([`    token: \${DT:-x}`, "    base_url: localhost:8080"]);
    assert.equal(
      one(r2.diagnostics, "base_url of credential 'ci-group' is not an http(s) URL").where,
      "error 4:15",
    );
  });
});

describe("credentials: keywords, rate_limit", () => {
  test("keywords as a string or a list", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`, "    keywords: CI"]);
    assert.deepEqual(r.config?.credentials["ci-group"]?.keywords, ["CI"]);
  });

  test("more than 10 keywords", () => {
    const r = credential([
      `    webhook: \${DINGTALK_WEBHOOK}`,
      "    keywords: [a, b, c, d, e, f, g, h, i, j, k]",
    ]);
    assert.equal(
      one(r.diagnostics, "keywords of credential 'ci-group' are 11: a DingTalk robot takes at most 10").where,
      "warning 4:15",
    );
  });

  test("a rate above DingTalk's 20 a minute", () => {
    const r = credential([`    webhook: \${DINGTALK_WEBHOOK}`, "    rate_limit: {messages: 30}"]);
    assert.equal(
      one(r.diagnostics, "allows more than DingTalk's 20 messages a minute").where,
      "warning 4:17",
    );
    assert.deepEqual(r.config?.credentials["ci-group"]?.rateLimit, { messages: 30, perSeconds: 60 });
  });
});

describe("credentials: one robot, two credentials", () => {
  test("a second credential on the same robot is a warning at its name, never showing the token", () => {
    const r = parse(
      [
        "credentials:",
        "  ci-group:",
        `    webhook: \${DINGTALK_WEBHOOK}`,
        "  ci-copy:",
        `    token: \${DINGTALK_TOKEN}`,
        "  other:",
        `    token: \${OTHER_TOKEN}`,
        "notifications:",
        "  - credential: ci-group",
        "    events: [failure]",
        "  - credential: ci-copy",
        "    events: [success]",
        "  - credential: other",
        "    events: [success]",
      ],
      { DINGTALK_WEBHOOK: WEBHOOK, DINGTALK_TOKEN: "0123456789abcdef", OTHER_TOKEN: "fedcba9876543210" },
    );
    const { where, d } = one(r.diagnostics, "sends to the same robot as credential 'ci-group'");
    assert.equal(where, "warning 4:3");
    assert.equal(d.credential, "ci-copy");
    assert.match(d.message, /share the DingTalk robot's limit of 20 messages a minute/);
    assert.match(d.fix ?? "", /use credential 'ci-group'/);
    noSecrets(r.diagnostics, "0123456789abcdef");
    assert.equal(r.diagnostics.filter((x) => x.message.includes("same robot")).length, 1);
    assert.ok(r.config?.credentials["ci-copy"], "a warning: the credential stays usable");
  });

  test("WeCom and Feishu robots too: a bare key and its URL, or one hook token on two credentials, are one robot", () => {
    const KEY = "693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa";
    const HOOK = "0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f";
    const r = parse(
      [
        "credentials:",
        "  wecom-a:",
        "    type: wecom",
        `    webhook: '${KEY}'`,
        "  wecom-b:",
        "    type: wecom",
        `    webhook: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`,
        "  feishu-a:",
        "    type: feishu",
        `    webhook: https://open.feishu.cn/open-apis/bot/v2/hook/${HOOK}`,
        "  feishu-b:",
        "    type: feishu",
        `    webhook: https://open.feishu.cn/open-apis/bot/v2/hook/${HOOK}`,
        "  dingtalk:",
        `    token: ${HOOK.replaceAll("-", "")}`,
        "notifications:",
        ...["wecom-a", "wecom-b", "feishu-a", "feishu-b", "dingtalk"].flatMap((c) => [
          `  - credential: ${c}`,
          "    events: [failure]",
          `    tasks: [${c}]`,
        ]),
      ],
      {},
    );
    const wecom = one(r.diagnostics, "sends to the same robot as credential 'wecom-a'");
    assert.equal(wecom.d.credential, "wecom-b");
    assert.match(wecom.d.message, /share the WeCom robot's limit of 20 messages a minute/);
    const feishu = one(r.diagnostics, "sends to the same robot as credential 'feishu-a'");
    assert.equal(feishu.d.credential, "feishu-b");
    assert.match(feishu.d.message, /Feishu/);
    assert.equal(r.diagnostics.filter((x) => x.message.includes("same robot")).length, 2);
    noSecrets(r.diagnostics, KEY);
    noSecrets(r.diagnostics, HOOK);
  });
});

describe("credentials: one misshapen credential", () => {
  test("is left out alone: the other credentials and their notifications stay usable, their rules read as usual", () => {
    const good = [
      "credentials:",
      "  ci-group:",
      `    webhook: \${DINGTALK_WEBHOOK}`,
      `    secret: \${DINGTALK_SECRET}`,
    ];
    const notifications = [
      "notifications:",
      "  - credential: ci-group",
      "    events: [failure, Fixed]",
      "    tasks: [build, build]",
      "    content: [stage]",
    ];
    const r = parse([
      ...good,
      "  broken:",
      `    webhook: \${DINGTALK_WEBHOOK}`,
      "    rate_limt: 5",
      ...notifications,
    ]);
    const { where, d } = one(r.diagnostics, "unknown key 'rate_limt'");
    assert.equal(where, "error 7:5");
    assert.equal(d.credential, "broken", "the problem belongs to that credential alone");
    assert.ok(r.config, r.diagnostics.map(formatDiagnostic).join("\n"));
    assert.deepEqual(Object.keys(r.config.credentials), ["ci-group"]);
    // The whole file did not pass its declaration, so each notification was read alone: the same rule.
    const clean = parse([...good, ...notifications]);
    assert.equal(r.config.notifications.length, 1);
    assert.deepEqual(r.config.notifications, clean.config?.notifications);
    assert.deepEqual(r.config.notifications[0]?.events, ["failure", "fixed"]);
  });
});
