import assert from "node:assert/strict";
import { test } from "node:test";
import { CI_VARIABLES } from "../pipeline/ci.ts";
import { isSecretName } from "./secret-names.ts";

test("secrets by name: tokens, secrets, passwords, keys, auth as a whole word", () => {
  for (const name of [
    "DINGTALK_SECRET",
    "DINGTALK_WEBHOOK",
    "NPM_TOKEN",
    "NPMTOKEN",
    "GITHUB_TOKEN",
    "CI_JOB_TOKEN",
    "CI_REGISTRY_PASSWORD",
    "CI_DEPENDENCY_PROXY_PASSWORD",
    "DB_PASSWORD",
    "MYSQL_PWD",
    "GPG_PASSPHRASE",
    "SSH_PRIVATE_KEY",
    "SSH_KEY",
    "API_KEY",
    "APIKEY",
    "ALIYUN_ACCESSKEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "SIGNING_KEYS",
    "BASIC_AUTH",
    "GIT_AUTH",
    "AUTH_HEADER",
    "NPM_CONFIG__AUTH",
    "HTTP_AUTHORIZATION",
    "AWS_CREDENTIALS",
    "DOCKER_CREDS",
    "GH_PAT",
    "MY_PASS",
    "SENTRY_DSN",
    "SESSION_COOKIE",
    "REQUEST_SIGNATURE",
    "lower_case_token",
  ])
    assert.ok(isSecretName(name), `${name} is a secret`);
});

test("not secrets: authors, author names and e-mails, paths, keywords, sessions", () => {
  for (const name of [
    "DRONE_COMMIT_AUTHOR",
    "DRONE_COMMIT_AUTHOR_NAME",
    "DRONE_COMMIT_AUTHOR_EMAIL",
    "CI_COMMIT_AUTHOR",
    "CI_PIPELINE_AUTHOR",
    "CI_PREV_COMMIT_AUTHOR",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "CHANGE_AUTHOR",
    "CHANGE_AUTHOR_DISPLAY_NAME",
    "CHANGE_AUTHOR_EMAIL",
    "AUTHOR",
    "AUTHORS_FILE",
    "DINGTALK_KEYWORDS",
    "MONKEY_PATCH",
    "KEYBOARD_LAYOUT",
    "XDG_SESSION_TYPE",
    "DBUS_SESSION_BUS_ADDRESS",
    "PWD",
    "OLDPWD",
    "PATH",
    "PATCH_LEVEL",
    "HOME",
    "PASSAGE",
    "COMPASS_DIR",
    "PRIVATELY_OWNED",
    "GITEE_COMMIT_MESSAGE",
    "CI_JOB_STAGE",
  ])
    assert.ok(!isSecretName(name), `${name} is not a secret`);
});

test("no variable a CI reader reports is taken for a secret (their values reach messages unmasked)", () => {
  assert.ok(CI_VARIABLES.size > 150);
  const secret = [...CI_VARIABLES].filter(isSecretName);
  assert.deepEqual(secret, []);
});
