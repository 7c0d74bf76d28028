import assert from "node:assert/strict";
import { test } from "node:test";
import { sign, signedQuery } from "./sign.ts";

/*
 * Vectors computed once by DingTalk's own Python sample, an independent implementation:
 *
 *   import hmac, hashlib, base64, urllib.parse
 *   d = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
 *   b = base64.b64encode(d).decode()
 *   q = urllib.parse.quote_plus(b)
 *
 * Chosen so that the base64 contains `+`, `/` and `=` (the usual encoding bugs), plus a
 * non-ASCII secret. The secrets are fake.
 */
const VECTORS = [
  {
    secret: "SECfakeSigningSecretForTestsOnly",
    ts: 1735689600004,
    b64: "ICZwxjgxdennomtWI5u/wH6+IHzEZ6lz7bMz2Uj5OeA=",
    quoted: "ICZwxjgxdennomtWI5u%2FwH6%2BIHzEZ6lz7bMz2Uj5OeA%3D",
  },
  {
    secret: "SECfake-secret-not-real",
    ts: 1735689600001,
    b64: "6cbONIdSdXAg8ct7CQtBSFUA5ZXkywnlL+SR/Okg4AI=",
    quoted: "6cbONIdSdXAg8ct7CQtBSFUA5ZXkywnlL%2BSR%2FOkg4AI%3D",
  },
  {
    secret: "SECfake密钥",
    ts: 1735689600000,
    b64: "pnoOUo4yopNyoZxCJFx1w6nCzWa4/euh7Wxv3bo+f1s=",
    quoted: "pnoOUo4yopNyoZxCJFx1w6nCzWa4%2Feuh7Wxv3bo%2Bf1s%3D",
  },
  {
    secret: "SECfakeSigningSecretForTestsOnly",
    ts: 1735689600000,
    b64: "4cFRn8TUwNppILzA+RCJbLWXefSJSoLtNfUvhgdnwJg=",
    quoted: "4cFRn8TUwNppILzA%2BRCJbLWXefSJSoLtNfUvhgdnwJg%3D",
  },
  {
    secret: "SECfake-secret-not-real",
    ts: 1577836800000,
    b64: "tluyXU8i4y50HlSH1FDt9kVsrGLj/Yqv25Kg71lK8Xo=",
    quoted: "tluyXU8i4y50HlSH1FDt9kVsrGLj%2FYqv25Kg71lK8Xo%3D",
  },
];

test("sign matches DingTalk's Python sample", () => {
  for (const v of VECTORS) assert.equal(sign(v.secret, v.ts), v.b64, `${v.secret} @ ${v.ts}`);
});

test("signedQuery encodes the signature exactly once, like quote_plus", () => {
  for (const v of VECTORS) {
    const q = signedQuery(v.secret, v.ts);
    assert.equal(q, `timestamp=${v.ts}&sign=${v.quoted}`);
    assert.doesNotMatch(q, /[+/]|%25/, "no raw + or /, no double encoding");
    assert.equal(
      new URLSearchParams(q).get("sign"),
      v.b64,
      "a server decoding the query gets the base64 back",
    );
  }
});

test("the signature changes with the timestamp (sign per request)", () => {
  const v = VECTORS[0]!;
  assert.notEqual(sign(v.secret, v.ts), sign(v.secret, v.ts + 1));
});
