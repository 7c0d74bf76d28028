import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FaultPicker, seededRandom } from "./faults.ts";
import { RateLimiter } from "./rate.ts";
import { checkIp, describeSecurity, normalizeRemoteAddress, parseAllowEntry, parseIpv4 } from "./security.ts";

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
