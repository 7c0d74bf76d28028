import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { checkGiteeToken, giteeSignature, verifyGithubSignature, verifySharedToken } from "./verify.ts";

const body = new TextEncoder().encode('{"action":"completed","zen":"钉钉"}');
const sign = (secret: string, data: Uint8Array = body) =>
  `sha256=${createHmac("sha256", secret).update(data).digest("hex")}`;

test("GitHub signature: right secret accepted, any of several (rotation)", () => {
  assert.equal(verifyGithubSignature(body, sign("s3cret"), ["s3cret"]), true);
  assert.equal(verifyGithubSignature(body, sign("new"), ["old", "new"]), true);
  assert.equal(verifyGithubSignature(body, sign("old"), ["old", "new"]), true);
  assert.equal(
    verifyGithubSignature(body, sign("s3cret").toUpperCase().replace("SHA256=", "sha256="), ["s3cret"]),
    true,
  );
});

test("GitHub signature: forged, tampered, malformed or missing are refused", () => {
  assert.equal(verifyGithubSignature(body, sign("wrong"), ["s3cret"]), false);
  const tampered = new TextEncoder().encode('{"action":"completed","zen":"钉"}');
  assert.equal(verifyGithubSignature(tampered, sign("s3cret"), ["s3cret"]), false);
  assert.equal(verifyGithubSignature(body, undefined, ["s3cret"]), false);
  assert.equal(verifyGithubSignature(body, "", ["s3cret"]), false);
  assert.equal(verifyGithubSignature(body, sign("s3cret").replace("sha256=", "sha1="), ["s3cret"]), false);
  assert.equal(verifyGithubSignature(body, sign("s3cret").slice(0, -2), ["s3cret"]), false);
  assert.equal(verifyGithubSignature(body, `${sign("s3cret")}00`, ["s3cret"]), false);
  assert.equal(verifyGithubSignature(body, "sha256=zz", ["s3cret"]), false);
  assert.equal(verifyGithubSignature(body, sign("s3cret"), []), false);
  assert.equal(verifyGithubSignature(body, sign(""), [""]), false, "an empty secret never verifies");
});

test("shared token: equal to any secret, never to empty ones", () => {
  assert.equal(verifySharedToken("tok-1", ["tok-1"]), true);
  assert.equal(verifySharedToken("tok-2", ["tok-1", "tok-2"]), true);
  assert.equal(verifySharedToken("tok-1x", ["tok-1"]), false);
  assert.equal(verifySharedToken("tok", ["tok-1"]), false);
  assert.equal(verifySharedToken("TOK-1", ["tok-1"]), false);
  assert.equal(verifySharedToken(undefined, ["tok-1"]), false);
  assert.equal(verifySharedToken("", ["", "tok-1"]), false);
  assert.equal(verifySharedToken("x", [""]), false);
  assert.equal(verifySharedToken("x", []), false);
  assert.equal(verifySharedToken("令牌", ["令牌"]), true);
});

test("Gitee: the documented signature (Base64 HMAC-SHA256 keyed with the secret over timestamp\\nsecret)", () => {
  // Computed independently of giteeSignature, as Gitee's help page shows it.
  const ts = "1576754827988";
  const expected = createHmac("sha256", "this is secret").update(`${ts}\nthis is secret`).digest("base64");
  assert.equal(giteeSignature(ts, "this is secret"), expected);
  const now = 1576754827988 + 5_000;
  assert.deepEqual(checkGiteeToken(expected, ts, ["other", "this is secret"], now), {
    ok: true,
    via: "signature",
  });
  assert.deepEqual(checkGiteeToken(encodeURIComponent(expected), ts, ["this is secret"], now), {
    ok: true,
    via: "signature",
  });
});

test("Gitee: a plain password; missing, wrong, stale and malformed are told apart", () => {
  const now = Date.UTC(2026, 10, 23, 8);
  const ts = String(now);
  assert.deepEqual(checkGiteeToken("pwd", ts, ["pwd"], now), { ok: true, via: "password" });
  assert.deepEqual(checkGiteeToken("pwd", undefined, ["pwd"], now), { ok: true, via: "password" });
  assert.deepEqual(checkGiteeToken(undefined, ts, ["pwd"], now), { ok: false, problem: "missing" });
  assert.deepEqual(checkGiteeToken("", ts, ["pwd"], now), { ok: false, problem: "missing" });
  assert.deepEqual(checkGiteeToken("guess", ts, ["pwd"], now), { ok: false, problem: "mismatch" });
  assert.deepEqual(checkGiteeToken(giteeSignature(ts, "pwd"), undefined, ["pwd"], now), {
    ok: false,
    problem: "mismatch",
  });
  assert.deepEqual(checkGiteeToken(giteeSignature(ts, "pwd"), "soon", ["pwd"], now), {
    ok: false,
    problem: "bad_timestamp",
  });
  const old = String(now - 61 * 60 * 1000);
  assert.deepEqual(checkGiteeToken(giteeSignature(old, "pwd"), old, ["pwd"], now), {
    ok: false,
    problem: "stale",
    offsetMs: 61 * 60 * 1000,
  });
  const ahead = String(now + 2 * 60 * 60 * 1000);
  assert.equal(checkGiteeToken(giteeSignature(ahead, "pwd"), ahead, ["pwd"], now).ok, false);
  const within = String(now - 59 * 60 * 1000);
  assert.equal(checkGiteeToken(giteeSignature(within, "pwd"), within, ["pwd"], now).ok, true);
  assert.deepEqual(checkGiteeToken(giteeSignature(ts, ""), ts, [""], now), {
    ok: false,
    problem: "mismatch",
  });
});
