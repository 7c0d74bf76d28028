import assert from "node:assert/strict";
import { test } from "node:test";
import { isDingpipeError } from "../errors.ts";
import { createAllowlist } from "./allowlist.ts";

const token = "?access_token=abcd1234";

test("by default only https://oapi.dingtalk.com", () => {
  const list = createAllowlist();
  assert.equal(list.check(`https://oapi.dingtalk.com/robot/send${token}`).host, "oapi.dingtalk.com");
  for (const url of [
    `http://oapi.dingtalk.com/robot/send${token}`,
    `https://oapi.dingtalk.com.evil.example/robot/send${token}`,
    `https://127.0.0.1/robot/send${token}`,
    `https://169.254.169.254/latest${token}`,
    `https://[::1]/robot/send${token}`,
  ]) {
    assert.throws(
      () => list.check(url),
      (e) => isDingpipeError(e, "host_not_allowed") && /--allow-host/.test(e.fix!),
      url,
    );
  }
});

test("--allow-host adds hosts; http only for those; host:port pins the port", () => {
  const list = createAllowlist(["127.0.0.1:4000", "relay.example"]);
  assert.ok(list.check(`http://127.0.0.1:4000/robot/send${token}`));
  assert.ok(list.check(`https://relay.example:8443/robot/send${token}`));
  assert.ok(list.check(`http://relay.example/robot/send${token}`));
  assert.throws(
    () => list.check(`http://127.0.0.1:4001/robot/send${token}`),
    (e) => isDingpipeError(e, "host_not_allowed"),
  );
  assert.throws(
    () => list.check(`http://oapi.dingtalk.com/robot/send${token}`),
    (e) => isDingpipeError(e, "host_not_allowed"),
  );
});

test("malformed webhooks are refused with what to fix", () => {
  const list = createAllowlist();
  for (const url of [
    "oapi.dingtalk.com/robot/send",
    "ftp://oapi.dingtalk.com/x?access_token=a",
    "https://u:p@oapi.dingtalk.com/robot/send?access_token=a",
    "https://oapi.dingtalk.com/robot/send",
  ]) {
    assert.throws(
      () => list.check(url),
      (e) => isDingpipeError(e, "bad_webhook") && e.fix !== undefined,
      url,
    );
  }
});
