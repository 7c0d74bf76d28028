import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { FaultPicker, seededRandom } from "./faults.ts";
import { RateLimiter } from "./rate.ts";
import {
  checkIp,
  checkKeywords,
  checkSignature,
  describeSecurity,
  expectedSignature,
  normalizeRemoteAddress,
  parseAllowEntry,
  parseIpv4,
} from "./security.ts";

describe("IP allowlist", () => {
  it("parses dotted-quad IPv4 only", () => {
    assert.equal(parseIpv4("127.0.0.1"), 0x7f000001);
    assert.equal(parseIpv4("255.255.255.255"), 0xffffffff);
    for (const bad of ["256.0.0.1", "1.2.3", "1.2.3.4.5", "::1", "1.2.3.x", ""])
      assert.equal(parseIpv4(bad), undefined, bad);
  });

  it("matches addresses and CIDR blocks", () => {
    const block = parseAllowEntry("10.1.0.0/16");
    assert.ok(block);
    assert.equal(block(parseIpv4("10.1.255.255")!), true);
    assert.equal(block(parseIpv4("10.2.0.0")!), false);
    assert.equal(parseAllowEntry("0.0.0.0/0")?.(parseIpv4("8.8.8.8")!), true);
    assert.equal(parseAllowEntry("203.0.113.7")?.(parseIpv4("203.0.113.8")!), false);
    for (const bad of ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/8", "example.com", "::1/128"]) {
      assert.equal(parseAllowEntry(bad), undefined, bad);
    }
  });

  it("sees IPv4-mapped IPv6 as IPv4 and refuses IPv6", () => {
    assert.equal(normalizeRemoteAddress("::ffff:127.0.0.1"), "127.0.0.1");
    assert.equal(normalizeRemoteAddress("::1"), "::1");
    assert.equal(checkIp(["127.0.0.1"], "127.0.0.1"), null);
    assert.equal(checkIp(["127.0.0.1"], "::1"), "ip ::1 not in whitelist");
    assert.equal(checkIp([], "::1"), null);
  });
});

describe("rate limiter", () => {
  it("throttles after the limit for the throttle window, counting a sliding window", () => {
    const limiter = new RateLimiter({ messages: 2, windowMs: 100, throttleMs: 1000 });
    assert.deepEqual(
      [limiter.admit("a", 0), limiter.admit("a", 50), limiter.admit("b", 50)],
      [true, true, true],
    );
    assert.equal(limiter.admit("a", 120), true, "the message at 0 has left the window");
    assert.equal(limiter.admit("a", 130), false);
    assert.equal(limiter.throttled("a", 1129), true);
    assert.equal(limiter.throttled("a", 1130), false);
    assert.equal(limiter.admit("a", 1130), true);
    limiter.reset();
    assert.equal(limiter.throttled("a", 0), false);
  });
});

describe("faults", () => {
  it("draw the same sequence from the same seed, at about the asked rate", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, a);
    assert.deepEqual(xs, Array.from({ length: 5 }, b));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const picker = new FaultPicker({ rate: 0.25, kinds: ["busy", "drop"], seed: 3 });
    const picks = Array.from({ length: 1000 }, () => picker.next());
    const faulted = picks.filter(Boolean).length;
    assert.ok(faulted > 150 && faulted < 350, String(faulted));
    assert.ok(picks.includes("busy") && picks.includes("drop"));
    assert.equal(new FaultPicker({ rate: 0, kinds: ["busy"] }).next(), undefined);
    assert.equal(new FaultPicker({ rate: 1, kinds: ["latency"] }).next(), "latency");
  });
});

describe("describeSecurity", () => {
  it("names each setting, never the secret itself", () => {
    const robot = {
      token: "t",
      secret: "SECfakeSecret0001",
      keywords: ["CI", "部署"],
      ipAllowlist: ["10.0.0.0/8"],
    };
    assert.equal(describeSecurity(robot), "signing; keywords: CI, 部署; IP allowlist: 10.0.0.0/8");
    assert.equal(describeSecurity(robot, " · "), "signing · keywords: CI, 部署 · IP allowlist: 10.0.0.0/8");
    assert.equal(describeSecurity({ token: "t", keywords: [] }), "no security setting");
  });
});

/*
 * Signatures computed once by DingTalk's own Python sample (hmac.new(secret.encode(),
 * f"{ts}\n{secret}".encode(), hashlib.sha256), base64): the emulator must agree with DingTalk, not
 * with dingpipe's client. The secrets are fake; one is not ASCII, so a latin1 HMAC cannot match.
 */
const DINGTALK_VECTORS = [
  {
    secret: "SECfakeSigningSecretForTestsOnly",
    ts: 1735689600004,
    b64: "ICZwxjgxdennomtWI5u/wH6+IHzEZ6lz7bMz2Uj5OeA=",
  },
  {
    secret: "SECfake-secret-not-real",
    ts: 1735689600001,
    b64: "6cbONIdSdXAg8ct7CQtBSFUA5ZXkywnlL+SR/Okg4AI=",
  },
  { secret: "SECfake密钥", ts: 1735689600000, b64: "pnoOUo4yopNyoZxCJFx1w6nCzWa4/euh7Wxv3bo+f1s=" },
];

describe("signature check", () => {
  const window = 3_600_000;
  it("accepts the signatures DingTalk's Python sample computed, refuses any other", () => {
    for (const v of DINGTALK_VECTORS) {
      assert.equal(expectedSignature(v.secret, String(v.ts)), v.b64, v.secret);
      assert.equal(checkSignature(v.secret, String(v.ts), v.b64, v.ts, window), null, v.secret);
      assert.equal(checkSignature(v.secret, String(v.ts + 1), v.b64, v.ts, window), "sign not match");
      assert.equal(checkSignature(`${v.secret}x`, String(v.ts), v.b64, v.ts, window), "sign not match");
    }
  });

  it("refuses an HMAC of the secret's latin1 bytes instead of its UTF-8 bytes", () => {
    const v = DINGTALK_VECTORS[2]!;
    const latin1 = createHmac("sha256", Buffer.from(v.secret, "latin1"))
      .update(Buffer.from(`${v.ts}\n${v.secret}`, "latin1"))
      .digest("base64");
    assert.notEqual(latin1, v.b64);
    assert.equal(checkSignature(v.secret, String(v.ts), latin1, v.ts, window), "sign not match");
  });

  it("checks the timestamp (one hour either way) before the signature, and needs both", () => {
    const v = DINGTALK_VECTORS[0]!;
    assert.equal(checkSignature(v.secret, String(v.ts), v.b64, v.ts + window, window), null);
    assert.equal(checkSignature(v.secret, String(v.ts), v.b64, v.ts - window, window), null);
    assert.equal(
      checkSignature(v.secret, String(v.ts), v.b64, v.ts + window + 1, window),
      "invalid timestamp",
    );
    assert.equal(
      checkSignature(v.secret, String(v.ts), v.b64, v.ts - window - 1, window),
      "invalid timestamp",
    );
    assert.equal(checkSignature(v.secret, "12345678901234567", v.b64, v.ts, window), "invalid timestamp");
    assert.equal(checkSignature(v.secret, "17356896000a4", v.b64, v.ts, window), "invalid timestamp");
    assert.equal(checkSignature(v.secret, null, null, v.ts, window), "sign not match");
    assert.equal(checkSignature(v.secret, null, v.b64, v.ts, window), "invalid timestamp");
    assert.equal(checkSignature(v.secret, String(v.ts), null, v.ts, window), "sign not match");
    assert.equal(checkSignature(undefined, null, null, v.ts, window), null, "no secret: no signing");
    assert.equal(checkSignature("", null, null, v.ts, window), null, "no secret: no signing");
  });
});

describe("independence from the client it checks", () => {
  it("runs none of dingpipe's DingTalk client code: signing, limits and shapes are its own", async () => {
    const dir = new URL("./", import.meta.url);
    for (const file of await readdir(dir)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const source = await readFile(new URL(file, dir), "utf8");
      for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"(\.\.\/[^"]+)";/gms)) {
        const [, typeOnly, from] = m;
        // Type-only imports vanish at run time; the page draws messages with the shared renderers
        // (DingTalk's, and every kind's drawing in channels/draw.ts: HTML only, no checks).
        const drawing = ["../dingtalk/render.ts", "../channels/draw.ts"];
        if (typeOnly || drawing.includes(from ?? "") || from === "../errors.ts") continue;
        assert.fail(`${file} imports ${from} from outside the emulator`);
      }
    }
  });
});

describe("keywords", () => {
  it("passes a message with any one keyword, refuses one with none; no keywords, no check", () => {
    assert.equal(checkKeywords(["CI", "部署"], "部署 finished"), null);
    assert.equal(checkKeywords(["CI", "部署"], "[CI] ok"), null);
    assert.equal(checkKeywords(["CI", "部署"], "build ok"), "keywords not in content");
    assert.equal(
      checkKeywords(["", "CI"], "anything"),
      "keywords not in content",
      "an empty keyword matches nothing",
    );
    assert.equal(checkKeywords([], "anything"), null);
    assert.equal(checkKeywords(undefined, "anything"), null);
  });
});

describe("IP allowlist, strictly parsed", () => {
  it("takes whole dotted quads and prefix lengths only", () => {
    for (const bad of ["1.2.3.4x", "x1.2.3.4", "1.2.3.1234", "01.2.3.4a"])
      assert.equal(parseIpv4(bad), undefined, bad);
    for (const bad of ["10.0.0.0/8x", "10.0.0.0/x8", "10.0.0.0/123", "10.0.0.0/-1"])
      assert.equal(parseAllowEntry(bad), undefined, bad);
    assert.equal(parseAllowEntry(" 10.0.0.0/8 ")?.(parseIpv4("10.9.9.9")!), true, "spaces around are fine");
    const single = parseAllowEntry("203.0.113.7")!;
    assert.equal(single(parseIpv4("203.0.113.7")!), true);
    assert.equal(single(parseIpv4("203.0.113.6")!), false);
    const block = parseAllowEntry("10.1.0.0/16")!;
    assert.equal(block(parseIpv4("10.0.255.255")!), false, "just below the block");
    assert.equal(block(parseIpv4("10.1.0.0")!), true, "its first address");
  });

  it("checks the remote address against every entry; no list, no check; IPv6 and unknown never pass a list", () => {
    assert.equal(checkIp(["10.0.0.0/8", "203.0.113.7"], "203.0.113.7"), null);
    assert.equal(checkIp(["10.0.0.0/8", "203.0.113.7"], "10.2.3.4"), null);
    assert.equal(checkIp(["10.0.0.0/8"], "11.0.0.1"), "ip 11.0.0.1 not in whitelist");
    assert.equal(checkIp(["not-an-ip", "10.0.0.0/8"], "10.0.0.1"), null, "a bad entry is skipped");
    assert.equal(checkIp(["0.0.0.0/0"], "::1"), "ip ::1 not in whitelist");
    assert.equal(checkIp(undefined, "::1"), null);
    assert.equal(checkIp([], "::1"), null);
    assert.equal(normalizeRemoteAddress(undefined), "unknown");
    assert.equal(normalizeRemoteAddress(""), "unknown");
    assert.equal(normalizeRemoteAddress("::ffff:not-v4"), "::ffff:not-v4");
    assert.equal(normalizeRemoteAddress("1.2.3.4"), "1.2.3.4");
  });

  it("describes a robot's security settings in words", () => {
    assert.equal(
      describeSecurity({ token: "t", secret: "SECx", keywords: ["CI", "部署"], ipAllowlist: ["10.0.0.0/8"] }),
      "signing; keywords: CI, 部署; IP allowlist: 10.0.0.0/8",
    );
    assert.equal(describeSecurity({ token: "t" }), "no security setting");
    assert.equal(describeSecurity({ token: "t", keywords: [] }, " · "), "no security setting");
  });
});
