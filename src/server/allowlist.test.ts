import assert from "node:assert/strict";
import { test } from "node:test";
import { isDingpipeError } from "../errors.ts";
import { createAllowlist, guardedFetch } from "./allowlist.ts";

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
    `https://[::ffff:127.0.0.1]/robot/send${token}`,
    `https://oapi.dingtalk.com:8443/robot/send${token}`,
    `https://oapi.dingtalk.com./robot/send${token}`,
    `https://evil.example\\@oapi.dingtalk.com/robot/send${token}`,
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

test("hosts are compared as the URL parser normalizes them: case, default port, userinfo tricks", () => {
  const list = createAllowlist();
  assert.equal(list.check(`https://OAPI.DingTalk.COM/robot/send${token}`).hostname, "oapi.dingtalk.com");
  assert.equal(list.check(`https://oapi.dingtalk.com:443/robot/send${token}`).host, "oapi.dingtalk.com");
  for (const url of [
    `https://oapi.dingtalk.com@evil.example/robot/send${token}`,
    `https://oapi.dingtalk.com:443@evil.example/robot/send${token}`,
    `https://evil.example#@oapi.dingtalk.com/robot/send${token}`,
  ]) {
    assert.throws(
      () => list.check(url),
      (e) => isDingpipeError(e) && ["bad_webhook", "host_not_allowed"].includes(e.code),
      url,
    );
  }
});

test("guardedFetch re-checks the allowlist and never follows a redirect", async () => {
  const list = createAllowlist(["127.0.0.1:4000"]);
  const seen: Array<{ url: string; redirect: RequestRedirect | undefined }> = [];
  const inner = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(input), redirect: init?.redirect });
    return new Response("{}", { status: 302, headers: { location: "http://169.254.169.254/" } });
  }) as typeof fetch;
  const guarded = guardedFetch(list, inner);
  const res = await guarded(`http://127.0.0.1:4000/robot/send${token}`, { method: "POST" });
  assert.equal(res.status, 302);
  assert.deepEqual(seen, [{ url: `http://127.0.0.1:4000/robot/send${token}`, redirect: "manual" }]);
  assert.throws(
    () => guarded(`http://169.254.169.254/robot/send${token}`, { method: "POST" }),
    (e) => isDingpipeError(e, "host_not_allowed"),
  );
  assert.equal(seen.length, 1);
});

test("malformed webhooks are refused with what to fix", () => {
  const list = createAllowlist();
  for (const url of [
    "oapi.dingtalk.com/robot/send",
    "ftp://oapi.dingtalk.com/x?access_token=a",
    "https://u:p@oapi.dingtalk.com/robot/send?access_token=a",
    "https://oapi.dingtalk.com/robot/send",
    "https://oapi.dingtalk.com/robot/send?access_token=…",
    "https://oapi.dingtalk.com/robot/send?access_token=%3Ctoken%3E",
  ]) {
    assert.throws(
      () => list.check(url),
      (e) => isDingpipeError(e, "bad_webhook") && e.fix !== undefined,
      url,
    );
  }
});
