import assert from "node:assert/strict";
import { test } from "node:test";
import { isDingpipeError } from "../errors.ts";
import {
  answerError,
  classifyAnswer,
  DingTalkError,
  fixFor,
  httpError,
  isDingTalkError,
  THROTTLE_WINDOW_MS,
} from "./errors.ts";

// Each row of the errcode table in the DingTalk robot API reference.
const TABLE: [number, string, boolean][] = [
  [-1, "system_busy", true],
  [40035, "missing_parameter", false],
  [43004, "bad_content_type", false],
  [300001, "robot_not_found", false],
  [300005, "robot_not_found", false],
  [400101, "robot_not_found", false],
  [400106, "robot_not_found", false],
  [400013, "group_dissolved", false],
  [400102, "robot_disabled", false],
  [400105, "unsupported_message_type", false],
  [410100, "throttled", true],
  [130101, "throttled", true],
  [430101, "unsafe_content", false],
  [430102, "unsafe_content", false],
  [430103, "unsafe_content", false],
  [430104, "unsafe_content", false],
  [460101, "message_too_long", false],
  [101002, "message_too_long", false],
  [500100, "server_error", true],
  [123456, "unknown_errcode", false],
];

test("every errcode of the table maps to its code and retryability", () => {
  for (const [errcode, code, retryable] of TABLE) {
    const c = classifyAnswer(errcode, "whatever the wording");
    assert.equal(c.code, code, `errcode ${errcode}`);
    assert.equal(c.retryable, retryable, `errcode ${errcode} retryable`);
    assert.ok(c.fix.length > 10, `errcode ${errcode} has a fix`);
  }
});

test("the decision is by errcode, not errmsg", () => {
  assert.equal(classifyAnswer(130101, "ok").code, "throttled");
  assert.equal(classifyAnswer(40035, "send too fast").code, "missing_parameter");
});

test("throttling says when it may be tried again", () => {
  const e = answerError(130101, "send too fast, exceed 20 times per minute");
  assert.equal(e.retryAfterMs, THROTTLE_WINDOW_MS);
  assert.match(e.fix ?? "", /10 minutes/);
});

const SECURITY: [string, string][] = [
  ["keywords not in content", "keywords_missing"],
  [
    "description:关键词不匹配;solution:请联系群管理员查看此机器人的关键词，并在发送的信息中包含此关键词",
    "keywords_missing",
  ],
  ["错误描述:消息内容中不包含任何关键词;解决方案:请在消息中包含机器人的关键词", "keywords_missing"],
  ["sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]", "signature_mismatch"],
  ["description:签名不匹配;solution:请确认签名和时间戳是否正确", "signature_mismatch"],
  ["错误描述:加签校验失败;解决方案:请检查加签密钥", "signature_mismatch"],
  ["invalid timestamp", "timestamp_invalid"],
  ["错误描述:时间戳无效;解决方案:请检查服务器时间", "timestamp_invalid"],
  ["ip 203.0.113.7 not in whitelist", "ip_not_allowed"],
  ["错误描述:IP地址不在白名单;解决方案:请在机器人安全设置中添加IP 2001:db8::1", "ip_not_allowed"],
  ["description:白名单校验失败 ip:198.51.100.9;solution:请联系管理员", "ip_not_allowed"],
  ["security check failed", "security_check_failed"],
  ["错误描述:安全校验失败", "security_check_failed"],
];

test("310000 is told apart by errmsg, English and Chinese", () => {
  for (const [errmsg, code] of SECURITY) {
    const c = classifyAnswer(310000, errmsg);
    assert.equal(c.code, code, errmsg);
    assert.equal(c.retryable, false, errmsg);
  }
});

test("the 310000 fixes say what to change", () => {
  assert.match(classifyAnswer(310000, "sign not match").fix, /SEC… secret \(--secret or DINGTALK_SECRET\)/);
  assert.match(classifyAnswer(310000, "keywords not in content").fix, /--keyword \/ keywords:/);
  assert.match(classifyAnswer(310000, "invalid timestamp").fix, /more than an hour off/);
  const ip = classifyAnswer(310000, "ip 203.0.113.7 not in whitelist").fix;
  assert.match(ip, /IP 203\.0\.113\.7: add it to the robot's IP allowlist \(IPv6 egress is a known trap\)/);
  assert.match(classifyAnswer(310000, "IP地址不在白名单 2001:db8::1").fix, /IP 2001:db8::1/);
});

test("DingTalkError is a DingpipeError with errcode, errmsg and guards", () => {
  const e = answerError(310000, "sign not match");
  assert.ok(e instanceof DingTalkError);
  assert.ok(isDingpipeError(e, "signature_mismatch"));
  assert.ok(isDingTalkError(e));
  assert.ok(isDingTalkError(e, "signature_mismatch"));
  assert.equal(isDingTalkError(e, "throttled"), false);
  assert.ok(!isDingTalkError(new Error("x")));
  assert.equal(e.errcode, 310000);
  assert.equal(e.errmsg, "sign not match");
  assert.match(e.message, /errcode 310000/);
});

test("errors never carry secrets from an errmsg", () => {
  const e = answerError(40035, "missing access_token=abcd1234567 sign=xyz SECfake0123456789");
  assert.doesNotMatch(`${e.message} ${e.errmsg}`, /1234567|xyz|0123456789/);
});

test("HTTP errors: 5xx and 429 retryable, others not", () => {
  assert.equal(httpError(500).retryable, true);
  assert.equal(httpError(503).retryable, true);
  assert.equal(httpError(429, 2000).retryAfterMs, 2000);
  assert.equal(httpError(429).retryable, true);
  assert.equal(httpError(404).retryable, false);
  assert.equal(httpError(404).code, "http_error");
});

test("fixFor: the service's wording names the console and API, never a command-line flag", () => {
  const fixes = [
    ...[-1, 40035, 43004, 300001, 400013, 400102, 400105, 430101, 460101, 500100, 130101, 999999].map(
      (c) => classifyAnswer(c, "").fix,
    ),
    ...["keywords not in content", "sign not match", "timestamp invalid", "ip not in whitelist", "?"].map(
      (m) => classifyAnswer(310000, m).fix,
    ),
    httpError(404).fix!,
    httpError(502).fix!,
  ];
  const flags = /(^|\s|\()--[a-z]|DINGTALK_[A-Z]+|keywords:$/;
  assert.ok(
    fixes.some((f) => flags.test(f)),
    "some CLI fixes name flags",
  );
  for (const fix of fixes) {
    assert.equal(fixFor(fix, "cli"), fix);
    const service = fixFor(fix, "service");
    assert.doesNotMatch(service, flags, service);
    assert.ok(service.length > 10);
    const config = fixFor(fix, "config", "ci-group");
    assert.doesNotMatch(config, /(^|\s|\()--[a-z]|DINGTALK_[A-Z]+|\{of credential\}/, config);
  }
  assert.match(
    fixFor(classifyAnswer(310000, "sign not match").fix, "config", "ci-group"),
    /SEC… secret \(secret: of credential 'ci-group' in the config, or the variable it names\)/,
  );
  assert.match(
    fixFor(classifyAnswer(310000, "sign not match").fix, "service"),
    /SEC… secret \(in the robot: console Robots → Edit, or PUT \/api\/credentials\/\{name\}\)/,
  );
});

test("each errcode's error says what happened, in words a user reads (exact summaries)", () => {
  const SUMMARIES: [number, string][] = [
    [-1, "DingTalk is busy"],
    [40035, "DingTalk says a parameter is missing"],
    [43004, "DingTalk rejected the Content-Type"],
    [300001, "no robot has this access_token"],
    [400013, "the robot's group was dissolved"],
    [400102, "the robot is disabled"],
    [400105, "DingTalk does not support this msgtype"],
    [430101, "DingTalk flagged the message as unsafe"],
    [460101, "the message is over DingTalk's 20,000-byte limit"],
    [500100, "DingTalk had a server error"],
    [130101, "DingTalk throttled the robot (more than 20 messages in a minute)"],
    [123456, "DingTalk answered an errcode dingpipe does not know"],
  ];
  for (const [errcode, summary] of SUMMARIES) {
    assert.equal(classifyAnswer(errcode, "x").summary, summary, `errcode ${errcode}`);
    assert.equal(answerError(errcode, "x").message, `${summary} (errcode ${errcode}: x)`);
  }
  const security: [string, string][] = [
    ["keywords not in content", "the message contains none of the robot's keywords"],
    ["invalid timestamp", "DingTalk rejected the signing timestamp"],
    ["sign not match", "DingTalk rejected the signature"],
    ["ip 1.2.3.4 not in whitelist", "this machine's IP is not in the robot's allowlist"],
    ["something else", "DingTalk's security check failed"],
  ];
  for (const [errmsg, summary] of security) assert.equal(classifyAnswer(310000, errmsg).summary, summary);
  const e = answerError(-1, "busy");
  assert.equal(e.name, "DingTalkError");
});

test("DingTalk pauses a throttled robot for 10 minutes: retry after 600,000 ms", () => {
  assert.equal(THROTTLE_WINDOW_MS, 600_000);
  assert.equal(classifyAnswer(130101, "x").retryAfterMs, 600_000);
  assert.equal(classifyAnswer(410100, "x").retryAfterMs, 600_000);
});

test("310000: the description part of 'description:…;solution:…' decides, in either language", () => {
  // The solution part mentions a keyword; the description is about the signature.
  assert.equal(
    classifyAnswer(310000, "description:sign not match;solution:check the keyword settings").code,
    "signature_mismatch",
  );
  assert.equal(
    classifyAnswer(310000, "错误描述:签名不匹配 ；解决方案：请检查关键词").code,
    "signature_mismatch",
  );
  assert.equal(
    classifyAnswer(310000, "错误描述:签名不匹配 解决方案 : 请检查关键词").code,
    "signature_mismatch",
  );
  assert.equal(
    classifyAnswer(310000, "sign not match; solution : add the keyword").code,
    "signature_mismatch",
  );
});

test("the IP allowlist fix names the address DingTalk saw: IPv4, IPv6 with or without '::', never a time of day", () => {
  const fix = (errmsg: string) => classifyAnswer(310000, errmsg).fix;
  assert.match(fix("ip 203.0.113.7 not in whitelist"), /saw this machine's IP 203\.0\.113\.7:/);
  assert.match(fix("ip 2001:db8::1 not in whitelist"), /saw this machine's IP 2001:db8::1:/);
  assert.match(
    fix("ip 2001:db8:0:0:0:0:0:1 not in whitelist"),
    /saw this machine's IP 2001:db8:0:0:0:0:0:1:/,
  );
  assert.match(fix("at 12:30:45 the ip was not in whitelist"), /^DingTalk did not accept this machine's IP:/);
  assert.match(fix("ip a1:b2:c3 not in whitelist"), /^DingTalk did not accept this machine's IP:/);
  assert.match(
    fix("ip not in whitelist, seen from fe80::1a2b:3c4d%eth0"),
    /saw this machine's IP fe80::1a2b:3c4d/,
  );
});

test("HTTP errors say which status came back instead of DingTalk's 200", () => {
  assert.equal(httpError(502).message, "HTTP 502 where DingTalk answers 200");
  assert.equal(httpError(404).code, "http_error");
});

test("fixFor names the credential in the config's wording, '?' when none is given", () => {
  const cli = "the robot has signing enabled: set its SEC… secret (--secret or DINGTALK_SECRET)";
  assert.equal(fixFor(cli, "cli"), cli);
  const config = fixFor(classifyAnswer(310000, "sign not match").fix, "config");
  assert.match(config, /credential '\?'/);
  assert.match(fixFor(classifyAnswer(310000, "sign not match").fix, "config", "ops"), /credential 'ops'/);
});
