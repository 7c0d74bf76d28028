import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger, redactText } from "./log.ts";

test("one JSON object per line (the default), level filtering, injected clock", () => {
  const lines: string[] = [];
  const log = createLogger({
    level: "info",
    write: (l) => lines.push(l),
    now: () => 0,
    base: { service: "t" },
  });
  log.debug("hidden");
  log.info("hello", { n: 1 });
  assert.equal(lines.length, 1);
  assert.ok(lines[0]!.endsWith("\n"));
  assert.deepEqual(JSON.parse(lines[0]!), {
    time: "1970-01-01T00:00:00.000Z",
    level: "info",
    msg: "hello",
    service: "t",
    n: 1,
  });
});

test("secrets never reach a log line: secret-named fields and secrets inside text are masked", () => {
  const lines: string[] = [];
  const log = createLogger({ write: (l) => lines.push(l) });
  log.error(
    "send failed https://oapi.dingtalk.com/robot/send?access_token=abcdef123456&timestamp=1700000000000&sign=xyz%2B",
    {
      secret: "SECabcdef0123456789",
      webhook: "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456",
      authorization: "Bearer dp_abcdefghijklmnop",
      nested: { note: "used SEC0123456789abcdef and dp_zyxwvutsrqponmlk", hasSecret: true },
      error: new Error("token access_token=abcdef123456 refused"),
    },
  );
  const line = lines.join("");
  for (const leak of [
    "abcdef123456",
    "SECabcdef",
    "SEC0123456789abcdef",
    "xyz%2B",
    "1700000000000",
    "dp_abcdefghijklmnop",
    "dp_zyxwvutsrqponmlk",
  ]) {
    assert.ok(!line.includes(leak), `${leak} leaked: ${line}`);
  }
  assert.match(line, /access_token=abcd…/);
  assert.equal(JSON.parse(line).nested.hasSecret, true);
});

test("redactText masks each kind of secret when it is the only one in the text", () => {
  // Each alone: text with none of them is returned untouched without the replacements, so every kind
  // must be recognised on its own.
  const cases: Array<[string, string]> = [
    ["POST /robot/send?access_token=abcdef123456 failed", "abcdef123456"],
    ["POST /robot/send?access_token=ab failed", "=ab "],
    ["GET /cgi-bin/webhook/send?key=693a91f6-7xxx failed", "693a91f6"],
    ["POST /open-apis/bot/v2/hook/0f1e2d3c-aaaa failed", "0f1e2d3c"],
    ["url ...&sign=xyz%2B&x=1", "xyz%2B"],
    ["url ...?timestamp=1700000000000", "1700000000000"],
    ["secret SECabcdef0123456789 given", "SECabcdef0123456789"],
    ["Authorization: bearer eyJhbGciOi.x.y", "eyJhbGciOi"],
    ["token dp_abcdefghijklmnop used", "dp_abcdefghijklmnop"],
    ['{"signature": "c2lnbmF0dXJl"}', "c2lnbmF0dXJl"],
  ];
  for (const [text, secret] of cases)
    assert.ok(!redactText(text).includes(secret), `${secret} kept in ${redactText(text)}`);
});

test("redactText keeps what is not secret", () => {
  assert.equal(redactText("pipeline web failed on main"), "pipeline web failed on main");
});

test("redactText masks JSON fields that carry a hook's shared secret (a rejected hook's excerpt)", () => {
  const body =
    '{"hook_name":"push_hooks","password":"gitee-hook-pw","sign":"c2lnbg==","token": "t\\"ok","repo":"acme/web"}';
  const out = redactText(body);
  assert.doesNotMatch(out, /gitee-hook-pw|c2lnbg|t\\"ok/);
  assert.match(out, /"password":"…"/);
  assert.match(out, /"hook_name":"push_hooks"/);
  assert.match(out, /"repo":"acme\/web"/);
});

test("pretty: one line a person reads — local time, level, message, fields; secrets still masked", () => {
  const lines: string[] = [];
  const at = new Date(2026, 10, 23, 8, 0, 1, 234).getTime();
  const log = createLogger({
    format: "pretty",
    write: (l) => lines.push(l),
    now: () => at,
    base: { service: "s" },
  });
  log.warn("retry scheduled", {
    credential: "ci group",
    attempt: 2,
    url: "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456",
    secret: "SECabcdef0123456789",
    error: new Error("timed out"),
    detail: { code: "E", ok: false },
    gone: undefined,
  });
  assert.equal(lines.length, 1);
  assert.equal(
    lines[0],
    `08:00:01.234 WARN  retry scheduled credential="ci group" attempt=2 url="https://oapi.dingtalk.com/robot/send?access_token=abcd…" secret="[redacted]" error="Error: timed out" detail={"code":"E","ok":false}\n`,
  );
  assert.doesNotMatch(lines[0]!, /\u001b/, "no colour unless asked");
});

test("pretty: colour only when asked; control characters from the outside cannot forge lines or drive the terminal", () => {
  const lines: string[] = [];
  const log = createLogger({ format: "pretty", color: true, write: (l) => lines.push(l), now: () => 0 });
  log.error("hook refused\nFAKE 00:00:00 INFO all good\u001b[2J", { title: "a\u009bb\nc" });
  assert.equal(lines.length, 1);
  const line = lines[0]!;
  assert.equal(line.split("\n").length, 2, "one line");
  assert.match(line, /\u001b\[31mERROR\u001b\[0m/);
  assert.match(line, /hook refused\\u000aFAKE 00:00:00 INFO all good\\u001b\[2J/);
  assert.match(line, /title=.*"a\\u009bb\\nc"/);
  // Every escape sequence in the line is one the logger wrote (a colour), none from the message.
  assert.deepEqual(
    line.match(/\u001b\[[0-9;]*[A-Za-z]/g)?.filter((s) => !/^\u001b\[(0|2|31)m$/.test(s)),
    [],
  );
});
