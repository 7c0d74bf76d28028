import assert from "node:assert/strict";
import { test } from "node:test";
import { credentialSecrets, isSecretName, maskSecrets, secretEnvValues, withoutSecrets } from "./secrets.ts";

test("secret-looking names", () => {
  for (const name of [
    "DINGTALK_SECRET",
    "NPM_TOKEN",
    "DB_PASSWORD",
    "SSH_PRIVATE_KEY",
    "DINGTALK_WEBHOOK",
    "AWS_CREDENTIALS",
    "MY_PASS",
  ])
    assert.ok(isSecretName(name), name);
  for (const name of ["GITEE_COMMIT_MESSAGE", "PATH", "HOME", "CI_JOB_STAGE", "PASSAGE", "COMPASS_DIR"])
    assert.ok(!isSecretName(name), name);
});

test("masks env secrets and credential values, longest first, then DingTalk patterns", () => {
  const env = { API_TOKEN: "tok-123456", SHORT_KEY: "abc", HOME: "/root" };
  const values = [
    ...secretEnvValues(env),
    ...credentialSecrets({
      file: "x",
      notifications: [],
      credentials: {
        a: {
          name: "a",
          webhook: "https://oapi.dingtalk.com/robot/send?access_token=abcdef987654",
          secret: "SECzzzzzz",
        },
      },
    }),
  ];
  const text =
    "curl -H tok-123456 https://oapi.dingtalk.com/robot/send?access_token=abcdef987654 token abcdef987654 SECzzzzzz abc";
  assert.equal(maskSecrets(text, values), "curl -H *** *** token *** *** abc");
  assert.equal(maskSecrets("x access_token=0123456789", []), "x access_token=0123…");
});

test("withoutSecrets leaves the step's ordinary variables", () => {
  assert.deepEqual(withoutSecrets({ DEPLOYER: "lin", DINGTALK_SECRET: "SECx", GITHUB_TOKEN: "t" }), {
    DEPLOYER: "lin",
  });
});

test("a WeCom key and a Feishu hook token are masked alone too, and by pattern when not known", () => {
  const values = credentialSecrets({
    file: "x",
    notifications: [],
    credentials: {
      w: {
        name: "w",
        kind: "wecom",
        webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wk-0123456789",
      },
      f: {
        name: "f",
        kind: "feishu",
        webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/fh-0123456789",
        secret: "feishu-secret",
      },
    },
  });
  assert.equal(
    maskSecrets("key wk-0123456789 hook fh-0123456789 sign feishu-secret", values),
    "key *** hook *** sign ***",
  );
  assert.equal(
    maskSecrets(
      "POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd1234efgh and /open-apis/bot/v2/hook/abcd1234efgh",
      [],
    ),
    "POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd… and /open-apis/bot/v2/hook/abcd…",
  );
});
