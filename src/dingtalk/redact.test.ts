import assert from "node:assert/strict";
import { test } from "node:test";
import { redact } from "./redact.ts";

test("access_token keeps its first 4 characters", () => {
  const out = redact("POST https://oapi.dingtalk.com/robot/send?access_token=abcd1234efgh5678 failed");
  assert.equal(out, "POST https://oapi.dingtalk.com/robot/send?access_token=abcd… failed");
});

test("sign and timestamp values are hidden", () => {
  const out = redact("/robot/send?access_token=abcdef123456&timestamp=1735689600000&sign=ab%2Bcd%3D");
  assert.equal(out, "/robot/send?access_token=abcd…&timestamp=…&sign=…");
});

test("SEC secrets are hidden anywhere", () => {
  assert.equal(redact("secret SECfake0123456789abcdef used"), "secret SEC… used");
  assert.equal(redact('{"secret":"SECfake+/=abcdef"}'), '{"secret":"SEC…"}');
});

test("tokens in JSON-ish text and the app-robot header are masked", () => {
  assert.equal(redact('{"access_token":"zyxw98765"}'), '{"access_token":"zyxw…"}');
  assert.equal(redact("x-acs-dingtalk-access-token: qwer12345678"), "x-acs-dingtalk-access-token: qwer…");
});

test("known secret values are masked wherever they appear", () => {
  const out = redact("token tok-0123456789 is unknown", ["tok-0123456789"]);
  assert.equal(out, "token tok-… is unknown");
  assert.doesNotMatch(out, /0123456789/);
});

test("text without secrets is unchanged", () => {
  const s = "Deploy failed on main at a1b2c3d; SECTION 3 of the log";
  assert.equal(redact(s), s);
});
