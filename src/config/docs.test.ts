import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseConfig } from "../../test/helpers/config-diagnostics.ts";
import { CONTENT_ITEMS } from "../notify/rule.ts";
import { BUILTIN_VARIABLES } from "../notify/template.ts";
import {
  STATUS_ALIASES,
  STATUSES,
  TRANSITION_ALIASES,
  TRANSITIONS,
  toEventName,
  toStatus,
} from "../pipeline/status.ts";
import { formatDiagnostic } from "./index.ts";
import { CREDENTIAL_KEYS, NOTIFICATION_KEYS, TOP_KEYS } from "./keys.ts";

const doc = readFileSync(new URL("../../docs/events.md", import.meta.url), "utf8");
const table = doc.slice(doc.indexOf("## The table"));
const rows = [...table.matchAll(/^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|([^|]+)\|$/gm)].map((m) => ({
  word: m[1]!,
  status: m[2]!,
  from: m[3]!.trim(),
}));

test("docs/events.md: every alias of STATUS_ALIASES is in the table and every row is an alias", () => {
  assert.ok(rows.length > 0, "the table was found");
  const inDoc = rows.map((r) => `${r.word} → ${r.status} (${r.from})`).sort();
  const inCode = STATUS_ALIASES.map(([a, s, from]) => `${a} → ${s} (${from})`).sort();
  assert.deepEqual(inDoc, inCode);
});

test("docs/events.md: the transitions' table lists the three transitions and every alias of TRANSITION_ALIASES", () => {
  const section = doc.slice(doc.indexOf("## Transitions"), doc.indexOf("## The table"));
  for (const t of TRANSITIONS) assert.match(section, new RegExp(`^\\|\\s*\`${t}\`\\s*\\|`, "m"), t);
  const aliases = [...section.matchAll(/^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*([^|`]+?)\s*\|$/gm)].map(
    (m) => `${m[1]} → ${m[2]} (${m[3]})`,
  );
  assert.deepEqual(
    aliases.sort(),
    TRANSITION_ALIASES.map(([a, t, from]) => `${a} → ${t} (${from.split(" ")[0]})`).sort(),
  );
  for (const [alias, t] of TRANSITION_ALIASES) assert.equal(toEventName(alias), t);
  assert.equal(toEventName("Still Failing"), "still_failing");
  assert.equal(toEventName("still-failing"), "still_failing");
  for (const t of TRANSITIONS) assert.equal(toStatus(t), undefined, `${t} is no status`);
});

test("docs/events.md: lists the six canonical events", () => {
  for (const s of STATUSES) assert.match(doc, new RegExp(`^\\|\\s*\`${s}\`\\s*\\|`, "m"));
});

test("STATUS_ALIASES: one meaning per word (case-insensitive), and no row that only repeats a canonical name", () => {
  const meaning = new Map<string, string>();
  for (const [alias, status] of STATUS_ALIASES) {
    const key = alias.toLowerCase();
    assert.notEqual(alias, status, `'${alias}' is already canonical`);
    assert.equal(meaning.get(key) ?? status, status, `'${alias}' means two things`);
    meaning.set(key, status);
    assert.equal(toStatus(alias), status);
  }
});

test("the platform words of the CI docs are understood", () => {
  const words: Record<string, string> = {
    SUCC: "success",
    FAIL: "failure",
    CANCEL: "cancelled",
    SKIP: "skipped",
    wait: "waiting",
    RUNNING: "started",
    CANCELED: "cancelled",
    START: "started",
    ABORTED: "cancelled",
    NOT_BUILT: "skipped",
    timed_out: "failure",
    neutral: "success",
    action_required: "waiting",
    in_progress: "started",
    failed: "failure",
    manual: "waiting",
    created: "waiting",
    scheduled: "waiting",
    killed: "cancelled",
  };
  for (const [word, status] of Object.entries(words)) assert.equal(toStatus(word), status, word);
});

const configuration = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");

test("docs/configuration.md: the complete example is valid", () => {
  const example = /## A complete example\s+```yaml\n([\s\S]*?)```/.exec(configuration)?.[1];
  assert.ok(example, "the example was found");
  const env = {
    DINGTALK_WEBHOOK: "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef",
    DINGTALK_SECRET: "SEC0123456789abcdef",
    // Another robot than ci-group's (the same token would be one robot: a warning).
    OPS_DINGTALK_TOKEN: "fedcba9876543210",
    OPS_DINGTALK_SECRET: "SECfedcba9876543210",
    WECOM_WEBHOOK:
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-0000-4bc4-97a0-0ec2sifa5aaa",
    FEISHU_WEBHOOK: "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-0000-4b5a-9c8d-7e6f5a4b3c2d",
    FEISHU_SECRET: "fakeFeishuSecret0123",
    GITEE_PIPELINE_NAME: "web-release",
    GITEE_PIPELINE_TRIGGER_USER: "林晓",
  };
  const r = parseConfig(example, ".dingpipe.yml", env);
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), []);
  assert.equal(r.config?.notifications.length, 4);
  assert.deepEqual(
    Object.values(r.config?.credentials ?? {}).map((c) => c.kind ?? "dingtalk"),
    ["dingtalk", "dingtalk", "wecom", "feishu"],
  );
});

test("docs/configuration.md: lists every key, content item and builtin variable", () => {
  for (const key of [...CREDENTIAL_KEYS, ...NOTIFICATION_KEYS, ...TOP_KEYS])
    assert.match(configuration, new RegExp(`\`${key}\``), key);
  for (const item of CONTENT_ITEMS)
    assert.match(configuration, new RegExp(`^\\|\\s*\`${item}\`\\s*\\|`, "m"), item);
  for (const name of Object.keys(BUILTIN_VARIABLES))
    assert.match(configuration, new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, "m"), name);
});
