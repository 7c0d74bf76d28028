import assert from "node:assert/strict";
import { test } from "node:test";
import { FailureThrottle } from "./throttle.ts";

test("an address may send a few wrong tokens, then waits 1 s, 2 s, 4 s… at most the cap", () => {
  const t = new FailureThrottle({ freeFailures: 3, baseMs: 1000, maxMs: 5000 });
  let now = 1_000_000;
  for (let i = 0; i < 3; i++) {
    assert.equal(t.waitMs("a", now), 0, "three wrong tokens are checked at once");
    t.failed("a", now);
  }
  const waits: number[] = [t.waitMs("a", now)];
  for (let i = 0; i < 4; i++) {
    now += t.waitMs("a", now);
    assert.equal(t.waitMs("a", now), 0);
    t.failed("a", now);
    waits.push(t.waitMs("a", now));
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 5000, 5000]);
  assert.equal(t.waitMs("b", now), 0, "other addresses are not slowed");
});

test("a right token starts the address over; a quiet address is forgotten", () => {
  const t = new FailureThrottle({ freeFailures: 1, baseMs: 1000, forgetMs: 60_000 });
  t.failed("a", 0);
  t.failed("a", 0);
  assert.equal(t.waitMs("a", 0), 2000);
  t.succeeded("a");
  assert.equal(t.waitMs("a", 0), 0);
  t.failed("a", 0);
  assert.equal(t.waitMs("a", 500), 500);
  assert.equal(t.waitMs("a", 61_000), 0);
  t.failed("a", 61_000);
  assert.equal(t.waitMs("a", 61_000), 1000, "counting started over: one wrong token, the first wait");
});

test("remembers a bounded number of addresses, forgetting the longest quiet first", () => {
  const t = new FailureThrottle({ freeFailures: 1, baseMs: 1000, maxAddresses: 2 });
  t.failed("a", 0);
  t.failed("b", 0);
  t.failed("c", 0);
  assert.equal(t.waitMs("a", 0), 0);
  assert.equal(t.waitMs("b", 0), 1000);
  assert.equal(t.waitMs("c", 0), 1000);
});
