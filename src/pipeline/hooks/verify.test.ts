import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { verifyGithubSignature, verifySharedToken } from "./verify.ts";

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
