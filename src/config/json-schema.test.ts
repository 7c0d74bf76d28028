/**
 * schema/dingpipe.schema.json (what editors check through yaml-language-server) is generated from the
 * declaration (npm run build:schema): the committed file must be what the declaration gives, and it must
 * agree with the validator — the same keys, events and content items, and the same verdict on sample files.
 * A tiny validator for the subset of JSON Schema the file uses stands in for a library.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../../test/helpers/config-diagnostics.ts";
import { configJsonSchema } from "../contract/json-schema.ts";
import { MESSAGE_LOCALES } from "../notify/i18n/index.ts";
import { CONTENT_ITEMS } from "../notify/rule.ts";
import { STATUS_ALIASES, STATUSES, TRANSITION_ALIASES, TRANSITIONS } from "../pipeline/status.ts";
import { formatDiagnostic } from "./index.ts";
import { CREDENTIAL_KEYS, NOTIFICATION_KEYS, RATE_LIMIT_KEYS, STYLES, TOP_KEYS } from "./keys.ts";

type Schema = Record<string, unknown>;
const root = JSON.parse(
  readFileSync(new URL("../../schema/dingpipe.schema.json", import.meta.url), "utf8"),
) as Schema;
const definitions = root["definitions"] as Record<string, Schema>;

const SUPPORTED = new Set([
  "$schema",
  "title",
  "description",
  "definitions",
  "$ref",
  "type",
  "enum",
  "properties",
  "additionalProperties",
  "required",
  "items",
  "anyOf",
  "not",
  "minLength",
  "maxLength",
  "minItems",
  "minimum",
]);

/** Errors of `value` against `schema` ([] = valid), for the keywords in SUPPORTED. */
function validate(schema: Schema, value: unknown, path = "$"): string[] {
  if (typeof schema["$ref"] === "string") {
    const name = (schema["$ref"] as string).replace("#/definitions/", "");
    return validate(definitions[name]!, value, path);
  }
  const errors: string[] = [];
  const type = schema["type"] as string | string[] | undefined;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    const actual = Array.isArray(value)
      ? "array"
      : value === null
        ? "null"
        : Number.isInteger(value)
          ? "integer"
          : typeof value;
    if (!types.includes(actual) && !(actual === "integer" && types.includes("number")))
      return [`${path}: ${actual} is not ${types.join("|")}`];
  }
  if (Array.isArray(schema["enum"]) && !(schema["enum"] as unknown[]).includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (
    typeof value === "string" &&
    typeof schema["minLength"] === "number" &&
    value.length < schema["minLength"]
  )
    errors.push(`${path}: too short`);
  if (
    typeof value === "string" &&
    typeof schema["maxLength"] === "number" &&
    value.length > schema["maxLength"]
  )
    errors.push(`${path}: too long`);
  if (typeof value === "number" && typeof schema["minimum"] === "number" && value < schema["minimum"])
    errors.push(`${path}: below minimum`);
  if (Array.isArray(value)) {
    if (typeof schema["minItems"] === "number" && value.length < schema["minItems"])
      errors.push(`${path}: too few items`);
    if (schema["items"]) {
      for (const [i, v] of value.entries())
        errors.push(...validate(schema["items"] as Schema, v, `${path}[${i}]`));
    }
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema["properties"] ?? {}) as Record<string, Schema>;
    for (const r of (schema["required"] ?? []) as string[])
      if (!(r in obj)) errors.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...validate(props[k], v, `${path}.${k}`));
      else if (schema["additionalProperties"] === false) errors.push(`${path}: unknown key ${k}`);
      else if (typeof schema["additionalProperties"] === "object")
        errors.push(...validate(schema["additionalProperties"] as Schema, v, `${path}.${k}`));
    }
  }
  if (Array.isArray(schema["anyOf"])) {
    const branches = (schema["anyOf"] as Schema[]).map((s) => validate(s, value, path));
    if (branches.every((b) => b.length > 0))
      errors.push(`${path}: matches none of anyOf (${branches.flat().join("; ")})`);
  }
  if (schema["not"] && validate(schema["not"] as Schema, value, path).length === 0)
    errors.push(`${path}: matches not`);
  return errors;
}

function keywordsUsed(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) keywordsUsed(n, out);
  else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      // names under properties/definitions are not keywords
      if (k === "properties" || k === "definitions") {
        out.add(k);
        for (const s of Object.values(v as object)) keywordsUsed(s, out);
      } else if (k !== "enum" && k !== "required") {
        out.add(k);
        keywordsUsed(v, out);
      } else out.add(k);
    }
  }
  return out;
}

const keysOf = (s: Schema) => Object.keys(s["properties"] as object).sort();

describe("schema/dingpipe.schema.json", () => {
  test("is what the declaration gives (run npm run build:schema after changing src/contract/config.ts)", () => {
    assert.deepEqual(root, configJsonSchema());
  });

  test("uses only the keywords the test validator understands (draft-07)", () => {
    assert.equal(root["$schema"], "http://json-schema.org/draft-07/schema#");
    const unsupported = [...keywordsUsed(root)].filter((k) => !SUPPORTED.has(k));
    assert.deepEqual(unsupported, []);
  });

  test("accepts the keys the validator accepts", () => {
    assert.deepEqual(keysOf(root), [...TOP_KEYS].sort());
    assert.deepEqual(keysOf(definitions["credential"]!), [...CREDENTIAL_KEYS].sort());
    const credentialProps = definitions["credential"]!["properties"] as Record<string, Schema>;
    assert.deepEqual(keysOf(credentialProps["rate_limit"]!), [...RATE_LIMIT_KEYS].sort());
    assert.deepEqual(keysOf(definitions["notification"]!), [...NOTIFICATION_KEYS].sort());
    const notificationProps = definitions["notification"]!["properties"] as Record<string, Schema>;
    assert.deepEqual(notificationProps["style"]!["enum"], [...STYLES]);
    const topProps = root["properties"] as Record<string, Schema>;
    for (const props of [topProps, notificationProps])
      assert.deepEqual(props["locale"]!["enum"], [...MESSAGE_LOCALES]);
  });

  test("events = the canonical events, the transitions and every alias word of both tables", () => {
    const words = new Set<string>([
      ...STATUSES,
      ...STATUS_ALIASES.map(([alias]) => alias),
      ...TRANSITIONS,
      ...TRANSITION_ALIASES.map(([alias]) => alias),
    ]);
    assert.deepEqual([...(definitions["event"]!["enum"] as string[])].sort(), [...words].sort());
  });

  test("content items = CONTENT_ITEMS", () => {
    assert.deepEqual(definitions["contentItem"]!["enum"], [...CONTENT_ITEMS]);
  });

  const env = {
    DINGTALK_WEBHOOK: "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef",
    DINGTALK_SECRET: "SEC0123456789abcdef",
    DT_TOKEN: "0123456789abcdef",
    WECOM_WEBHOOK:
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-0000-4bc4-97a0-0ec2sifa5aaa",
    FEISHU_WEBHOOK: "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-0000-4b5a-9c8d-7e6f5a4b3c2d",
    FEISHU_SECRET: "fakeFeishuSecret0123",
    DINGTALK_APP_SECRET: "app-secret-0123456789",
  };
  const CREDS = `credentials:\n  ci-group:\n    webhook: \${DINGTALK_WEBHOOK}\n    secret: \${DINGTALK_SECRET}\n`;

  const VALID: Record<string, string> = {
    "the design's example": `${CREDS}    keywords: [CI]
notifications:
  - credential: ci-group
    tasks: [build, deploy]
    events: [failure, success]
    content: [pipeline, build_number, task, status, trigger_user, branch, commit, duration, link]
    custom: |
      **\${DINGPIPE_PIPELINE}** built \`\${DINGPIPE_SHORT_COMMIT}\`
    at: [13800000000]
    style: markdown
`,
    "strings for lists, platform words, token + base_url": `credentials:
  relay:
    token: \${DT_TOKEN}
    base_url: http://127.0.0.1:8080
    keywords: CI
    rate_limit: {messages: 10, per_seconds: 60}
notifications:
  - credential: relay
    pipelines: web-*
    tasks: deploy-*
    events: FAIL
    at: all
  - credential: relay
    events: [SUCC, ABORTED, timed_out, canceled, wait]
    content: []
    custom: done
    style: action_card
`,
    "a WeCom robot and a Feishu bot beside a DingTalk one": `${CREDS}  wecom-group:
    type: wecom
    webhook: \${WECOM_WEBHOOK}
  feishu-group:
    type: feishu
    webhook: \${FEISHU_WEBHOOK}
    secret: \${FEISHU_SECRET}
    keywords: [CI]
    rate_limit: {messages: 100, per_seconds: 60}
notifications:
  - {credential: ci-group, events: [failure]}
  - {credential: wecom-group, events: [failure], at: [13800000000]}
  - {credential: feishu-group, events: [failure], at: [all, ou_0123456789abcdef0123456789abcdef]}
`,
    "locale and timezone at the top and per notification": `locale: zh-CN
timezone: Asia/Shanghai
${CREDS}notifications:
  - {credential: ci-group, events: [failure]}
  - {credential: ci-group, events: [success], locale: en, timezone: Europe/Berlin}
`,
    "a DingTalk app robot keeping a run card": `credentials:
  app-group:
    type: dingtalk_app
    app_key: dingapp0001
    app_secret: \${DINGTALK_APP_SECRET}
    robot_code: dingrobot0001
    conversation_id: cidAbCdEf==
    base_url: http://127.0.0.1:8090
notifications:
  - {credential: app-group, events: [started, success, failure], style: run_card}
  - {credential: app-group, events: [broken, fixed]}
`,
    "a named notification and one switched off": `${CREDS}notifications:
  - {name: 发布 · ops, credential: ci-group, events: [failure]}
  - {name: nightly, enabled: false, credential: ci-group, events: [success]}
  - {credential: ci-group, events: [started], enabled: true}
`,
  };

  const INVALID: Record<string, string> = {
    "unknown top-level key": `${CREDS}notifications: []\nnotify: []\n`,
    "missing notifications": CREDS,
    "unknown credential key": `${CREDS}    secrte: x\nnotifications: []\n`,
    "webhook and token": `${CREDS}    token: \${DT_TOKEN}\nnotifications: []\n`,
    "neither webhook nor token": `credentials:\n  a:\n    secret: \${DINGTALK_SECRET}\nnotifications: []\n`,
    "rate_limit not a whole number": `${CREDS}    rate_limit: {messages: 1.5}\nnotifications: []\n`,
    "notifications not a list": `${CREDS}notifications:\n  credential: ci-group\n`,
    "unknown event": `${CREDS}notifications:\n  - {credential: ci-group, events: [fial]}\n`,
    "empty events": `${CREDS}notifications:\n  - {credential: ci-group, events: []}\n`,
    "missing events": `${CREDS}notifications:\n  - {credential: ci-group}\n`,
    "missing credential": `${CREDS}notifications:\n  - {events: [failure]}\n`,
    "unknown content item": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], content: [brnch]}\n`,
    "unknown locale at the top": `locale: zh\n${CREDS}notifications: []\n`,
    "unknown locale of a notification": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], locale: fr}\n`,
    "an empty timezone": `timezone: ""\n${CREDS}notifications: []\n`,
    "unknown style": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], style: card}\n`,
    "custom not a string": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], custom: [a]}\n`,
    "empty tasks": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], tasks: []}\n`,
    "unknown notification key": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], evnets: [x]}\n`,
    "enabled not a boolean": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], enabled: "false"}\n`,
    "enabled written off": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], enabled: off}\n`,
    "name not a string": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], name: [a]}\n`,
    "an empty name": `${CREDS}notifications:\n  - {credential: ci-group, events: [failure], name: }\n`,
    "unknown robot type": `credentials:\n  a:\n    type: wechat\n    webhook: \${WECOM_WEBHOOK}\nnotifications: []\n`,
    "a WeCom robot with a secret": `credentials:\n  a:\n    type: wecom\n    webhook: \${WECOM_WEBHOOK}\n    secret: \${FEISHU_SECRET}\nnotifications: []\n`,
    "a WeCom robot with keywords": `credentials:\n  a:\n    type: wecom\n    webhook: \${WECOM_WEBHOOK}\n    keywords: [CI]\nnotifications: []\n`,
    "a Feishu bot with token:": `credentials:\n  a:\n    type: feishu\n    token: \${DT_TOKEN}\nnotifications: []\n`,
    "a Feishu bot without webhook": `credentials:\n  a:\n    type: feishu\n    secret: \${FEISHU_SECRET}\nnotifications: []\n`,
    "a DingTalk app robot without robot_code": `credentials:\n  a:\n    type: dingtalk_app\n    app_key: k\n    app_secret: \${DINGTALK_APP_SECRET}\n    conversation_id: cid1\nnotifications: []\n`,
    "a DingTalk app robot with a webhook": `credentials:\n  a:\n    type: dingtalk_app\n    webhook: \${DINGTALK_WEBHOOK}\n    app_key: k\n    app_secret: \${DINGTALK_APP_SECRET}\n    robot_code: r\n    conversation_id: cid1\nnotifications: []\n`,
    "app robot keys on a DingTalk webhook robot": `${CREDS}    robot_code: r\nnotifications: []\n`,
  };

  for (const [name, text] of Object.entries(VALID)) {
    test(`valid for both: ${name}`, () => {
      assert.deepEqual(validate(root, parseYaml(text)), []);
      const r = parseConfig(text, "sample.yml", env);
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic), []);
    });
  }
  for (const [name, text] of Object.entries(INVALID)) {
    test(`invalid for both: ${name}`, () => {
      assert.notDeepEqual(validate(root, parseYaml(text)), [], "the schema accepts it");
      const r = parseConfig(text, "sample.yml", env);
      assert.ok(
        r.diagnostics.some((d) => d.severity === "error"),
        "the validator accepts it",
      );
    });
  }
});
