// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are .dingpipe.yml ${VAR} references, not JavaScript ones
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { one, parseConfig } from "../../test/helpers/config-diagnostics.ts";
import { formatDiagnostic } from "./index.ts";

const KEY = "693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa";
const WECOM = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`;
const HOOK = "0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f";
const FEISHU = `https://open.feishu.cn/open-apis/bot/v2/hook/${HOOK}`;
const ENV = { WECOM_WEBHOOK: WECOM, WECOM_KEY: KEY, FEISHU_WEBHOOK: FEISHU, FEISHU_SECRET: "fakeSecret0123" };

/** One credential `g` with the given lines (file lines 3…) and one notification (lines after). */
function config(lines: string[], notification: string[] = [], env: Record<string, string> = ENV) {
  const text = [
    "credentials:",
    "  g:",
    ...lines,
    "notifications:",
    "  - credential: g",
    "    events: [failure]",
    ...notification,
  ];
  return parseConfig(`${text.join("\n")}\n`, ".dingpipe.yml", env);
}

const errors = (r: ReturnType<typeof config>) =>
  r.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);

describe("credentials: type", () => {
  test("type: wecom with a full webhook or a bare key, both the same robot URL", () => {
    for (const webhook of ["${WECOM_WEBHOOK}", "${WECOM_KEY}"]) {
      const r = config(["    type: wecom", `    webhook: ${webhook}`]);
      assert.deepEqual(errors(r), []);
      assert.deepEqual(r.config?.credentials["g"], { name: "g", kind: "wecom", webhook: WECOM });
    }
  });

  test("type: feishu with webhook, secret and keywords", () => {
    const r = config([
      "    type: feishu",
      "    webhook: ${FEISHU_WEBHOOK}",
      "    secret: ${FEISHU_SECRET}",
      "    keywords: [CI]",
    ]);
    assert.deepEqual(r.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(r.config?.credentials["g"], {
      name: "g",
      kind: "feishu",
      webhook: FEISHU,
      secret: "fakeSecret0123",
      keywords: ["CI"],
    });
  });

  test("an unknown type is an error with did-you-mean, tied to the credential", () => {
    const r = config(["    type: wechat", "    webhook: ${WECOM_WEBHOOK}"]);
    const { where, d } = one(r.diagnostics, "type of credential 'g' is 'wechat'");
    assert.equal(where, "error 3:11");
    assert.equal(d.credential, "g");
    assert.match(d.message, /did you mean 'wecom'/);
  });

  test("a key the kind does not have is an error at the key", () => {
    const r = config(["    type: wecom", "    webhook: ${WECOM_WEBHOOK}", "    secret: ${FEISHU_SECRET}"]);
    const { where, d } = one(r.diagnostics, "secret of credential 'g' is not taken by a WeCom robot");
    assert.equal(where, "error 5:5");
    assert.match(d.fix ?? "", /remove secret:/);
    const f = config(["    type: feishu", "    token: abc", "    webhook: ${FEISHU_WEBHOOK}"]);
    assert.equal(
      one(f.diagnostics, "token of credential 'g' is not taken by a Feishu / Lark robot").where,
      "error 4:5",
    );
  });

  test("a WeCom webhook without its key, and a Feishu webhook that is not a hook URL", () => {
    const w = config(["    type: wecom", "    webhook: https://qyapi.weixin.qq.com/cgi-bin/webhook/send"]);
    const wd = one(w.diagnostics, "has no key parameter").d;
    assert.match(wd.fix ?? "", /whole webhook URL.*or only its key/);
    const f = config(["    type: feishu", "    webhook: https://open.feishu.cn/open-apis/bot/v2/"]);
    assert.match(one(f.diagnostics, "not /open-apis/bot/v2/hook/<token>").d.fix ?? "", /open\.feishu\.cn/);
    const bare = config(["    type: feishu", `    webhook: '${HOOK}'`]);
    one(bare.diagnostics, "a hook token alone, not a URL");
  });

  test("a literal WeCom key or Feishu hook token is a warning that never shows it", () => {
    const w = config(["    type: wecom", `    webhook: ${WECOM}`]);
    const wd = one(w.diagnostics, "the key is written literally").d;
    assert.equal(wd.severity, "warning");
    const f = config(["    type: feishu", `    webhook: ${FEISHU}`]);
    one(f.diagnostics, "the hook token is written literally");
    const all = [...w.diagnostics, ...f.diagnostics].map(formatDiagnostic).join("\n");
    assert.ok(!all.includes(KEY) && !all.includes(HOOK), all);
  });

  test("a webhook on another host is a warning (an emulator is fine for tests)", () => {
    const r = config([
      "    type: wecom",
      "    webhook: http://127.0.0.1:8090/cgi-bin/webhook/send?key=${WECOM_KEY}",
    ]);
    assert.equal(one(r.diagnostics, "is not a WeCom robot URL").d.severity, "warning");
    assert.deepEqual(errors(r), []);
  });

  test("rate_limit above the kind's limit warns with that kind's numbers", () => {
    const w = config(["    type: wecom", "    webhook: ${WECOM_WEBHOOK}", "    rate_limit: {messages: 30}"]);
    assert.match(one(w.diagnostics, "allows more than WeCom's 20 messages a minute").d.fix ?? "", /45009/);
    const f = config([
      "    type: feishu",
      "    webhook: ${FEISHU_WEBHOOK}",
      "    rate_limit: {messages: 100}",
    ]);
    assert.deepEqual(f.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(f.config?.credentials["g"]?.rateLimit, { messages: 100, perSeconds: 60 });
  });
});

describe("notifications: mentions the robot cannot make", () => {
  test("a mobile on a Feishu bot is a warning at the entry; an open_id is fine", () => {
    const r = config(
      ["    type: feishu", "    webhook: ${FEISHU_WEBHOOK}"],
      ["    at: [ou_0123456789abcdef0123456789abcdef, 13800000000]"],
    );
    const { where, d } = one(r.diagnostics, "'13800000000' in at of notification #1 cannot be mentioned");
    assert.equal(where, "warning 8:47");
    assert.match(d.message, /Feishu \/ Lark robot, which cannot mention by mobile number/);
    assert.match(d.fix ?? "", /open_id \(ou_…\)/);
    assert.equal(r.diagnostics.length, 1, r.diagnostics.map(formatDiagnostic).join("\n"));
  });

  test("an open_id on a DingTalk or WeCom robot is a warning", () => {
    const r = config(["    type: wecom", "    webhook: ${WECOM_WEBHOOK}"], ["    at: [ou_0123456789abcdef]"]);
    assert.match(
      one(r.diagnostics, "cannot be mentioned").d.message,
      /WeCom robot, which cannot mention by open_id/,
    );
  });
});

test("type: lark is Feishu's international name; a near miss names the kind", () => {
  const r = config(["    type: lark", "    webhook: ${FEISHU_WEBHOOK}"]);
  assert.equal(r.config?.credentials["g"]?.kind, "feishu");
  const w = config(["    type: wechat", "    webhook: ${WECOM_WEBHOOK}"]);
  assert.match(one(w.diagnostics, "type of credential 'g' is 'wechat'").d.message, /did you mean 'wecom'/);
});
