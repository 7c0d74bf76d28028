import assert from "node:assert/strict";
import { test } from "node:test";
import { DingpipeError } from "../errors.ts";
import { answerError, DingTalkError, httpError } from "./errors.ts";
import { DEFAULT_RETRY, decideRetry, type RetryPolicy, retryPolicy, withRetries } from "./retry.ts";

const policy: RetryPolicy = { limit: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const mid = () => 0.5;
const net = () => new DingTalkError("network_error", "down", { retryable: true });

test("network errors, timeouts, 5xx, -1 and 500100 are retried", () => {
  for (const e of [
    net(),
    new DingTalkError("timeout", "slow", { retryable: true }),
    httpError(500),
    httpError(502),
    answerError(-1, "系统繁忙"),
    answerError(500100, "server error"),
  ]) {
    const d = decideRetry(e, 1, policy, mid);
    assert.equal(d.retry, true, e.code);
  }
});

test("the attempt limit comes first", () => {
  assert.deepEqual(decideRetry(net(), 4, policy, mid), { retry: false, reason: "attempt_limit" });
  assert.equal(decideRetry(net(), 3, policy, mid).retry, true);
});

test("throttling is never retried quickly", () => {
  for (const errcode of [130101, 410100]) {
    assert.deepEqual(decideRetry(answerError(errcode, "send too fast"), 1, policy, mid), {
      retry: false,
      reason: "throttled",
    });
  }
  const generous = { ...policy, maxDelayMs: 3_600_000 };
  assert.equal(decideRetry(answerError(130101, "x"), 1, generous, mid).retry, false);
});

test("configuration failures fail at once", () => {
  for (const [errcode, errmsg] of [
    [310000, "sign not match"],
    [310000, "keywords not in content"],
    [300001, "token is not exist"],
    [460101, "message too long"],
    [40035, "missing"],
  ] as const) {
    assert.deepEqual(decideRetry(answerError(errcode, errmsg), 1, policy, mid), {
      retry: false,
      reason: "not_retryable",
    });
  }
  assert.equal(decideRetry(httpError(404), 1, policy, mid).retry, false);
});

test("unknown errors are never retried", () => {
  assert.deepEqual(decideRetry(new Error("boom"), 1, policy, mid), { retry: false, reason: "unknown_error" });
  assert.deepEqual(decideRetry(new DingpipeError("x", "y", { retryable: true }), 1, policy, mid), {
    retry: false,
    reason: "unknown_error",
  });
  assert.equal(decideRetry(answerError(999999, "new"), 1, policy, mid).retry, false);
});

test("the server's hint is followed, unless it is beyond the cap", () => {
  assert.deepEqual(decideRetry(httpError(503, 300), 1, policy, mid), { retry: true, delayMs: 300 });
  assert.deepEqual(decideRetry(httpError(503, 5000), 1, policy, mid), {
    retry: false,
    reason: "hint_too_long",
  });
});

test("backoff grows exponentially, is capped, and jitter stays within [half, full] of the step", () => {
  const at = (attempt: number, r: number) => {
    const d = decideRetry(net(), attempt, { limit: 20, baseDelayMs: 100, maxDelayMs: 1000 }, () => r);
    assert.equal(d.retry, true);
    return d.retry ? d.delayMs : -1;
  };
  assert.equal(at(1, 0), 50);
  assert.equal(at(1, 0.999999), 100);
  assert.equal(at(2, 0), 100);
  assert.equal(at(3, 0), 200);
  assert.equal(at(4, 1), 800);
  assert.equal(at(5, 1), 1000, "capped");
  assert.equal(at(12, 0), 500, "capped, then jittered");
});

test("withRetries: waits the ladder's delays, then answers with the attempts it took", async () => {
  const waits: number[] = [];
  let calls = 0;
  const result = await withRetries(
    async () => {
      calls++;
      if (calls < 3) throw net();
      return "ok";
    },
    { policy, random: mid, sleep: async (ms) => void waits.push(ms) },
  );
  assert.deepEqual(result, { value: "ok", attempts: 3 });
  assert.deepEqual(waits, [75, 150]);
});

test("withRetries: the error that ends it carries the attempts; without a policy it tries once", async () => {
  const once = await withRetries(
    async () => {
      throw net();
    },
    { policy: undefined, sleep: async () => assert.fail("no wait without a policy") },
  ).catch((e: unknown) => e);
  assert.ok(once instanceof DingTalkError);
  assert.equal(once.attempts, 1);
  const spent = await withRetries(
    async () => {
      throw net();
    },
    { policy, random: mid, sleep: async () => {} },
  ).catch((e: unknown) => e);
  assert.ok(spent instanceof DingTalkError);
  assert.equal(spent.attempts, policy.limit);
});

test("a client's ladder: the default with what its options set; an undefined field keeps the default; false is none", () => {
  assert.deepEqual(retryPolicy(undefined), DEFAULT_RETRY);
  assert.deepEqual(retryPolicy({ limit: 1, baseDelayMs: undefined }), { ...DEFAULT_RETRY, limit: 1 });
  assert.deepEqual(retryPolicy({ maxDelayMs: 50, baseDelayMs: 10 }), {
    limit: DEFAULT_RETRY.limit,
    baseDelayMs: 10,
    maxDelayMs: 50,
  });
  assert.equal(retryPolicy(false), undefined);
  assert.notEqual(retryPolicy(undefined), DEFAULT_RETRY); // a copy: a client never changes the shared default
});
