import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_RATE_LIMIT, realSleep, SlidingWindowLimiter } from "./rate-limit.ts";

/** A manual clock: sleeping advances it, so queued callers proceed without real waiting. */
function clock(start = 1_000_000) {
  const c = {
    t: start,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

test("grants up to the limit at once, then queues until the oldest slot leaves the window", async () => {
  const c = clock();
  const limiter = new SlidingWindowLimiter({ messages: 3, perSeconds: 60, now: c.now, sleep: c.sleep });
  const grants: number[] = [];
  for (let i = 0; i < 7; i++) {
    const release = await limiter.acquire("tok");
    grants.push(c.t);
    release();
  }
  const start = 1_000_000;
  assert.deepEqual(grants.slice(0, 3), [start, start, start]);
  // Never more than 3 grants within any 60 s window.
  for (let i = 3; i < grants.length; i++) assert.ok(grants[i]! - grants[i - 3]! > 60_000, `grant ${i}`);
});

test("robots (access tokens) have separate budgets", async () => {
  const c = clock();
  const limiter = new SlidingWindowLimiter({ messages: 2, perSeconds: 60, now: c.now, sleep: c.sleep });
  for (const token of ["a", "a", "b", "b"]) (await limiter.acquire(token))();
  assert.deepEqual(c.sleeps, []);
  assert.equal(limiter.inWindow("a"), 2);
  assert.equal(limiter.inWindow("b"), 2);
});

test("a slot counts from when its request finished, not when it started", async () => {
  const c = clock();
  const limiter = new SlidingWindowLimiter({ messages: 1, perSeconds: 10, now: c.now, sleep: c.sleep });
  const release = await limiter.acquire("tok");
  c.t += 30_000; // a slow request
  release();
  const second = limiter.acquire("tok");
  (await second)();
  assert.ok(c.t - 1_030_000 > 10_000, "waited a full window after the first request finished");
});

test("callers are served in order (a queue, not a race)", async () => {
  const c = clock();
  const limiter = new SlidingWindowLimiter({ messages: 2, perSeconds: 1, now: c.now, sleep: c.sleep });
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      limiter.acquire("tok").then((release) => {
        order.push(i);
        release();
      }),
    ),
  );
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
});

test("an aborted wait gives up without blocking later callers", async () => {
  const c = clock();
  let sleeps = 0;
  const limiter = new SlidingWindowLimiter({
    messages: 1,
    perSeconds: 1,
    now: c.now,
    sleep: async (ms) => {
      sleeps++;
      c.t += ms;
    },
  });
  (await limiter.acquire("tok"))();
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(limiter.acquire("tok", controller.signal), /stop/);
  (await limiter.acquire("tok"))();
  assert.ok(sleeps >= 1);
});

test("bad limits are refused", () => {
  assert.throws(() => new SlidingWindowLimiter({ messages: 0, perSeconds: 60 }), RangeError);
  assert.throws(() => new SlidingWindowLimiter({ messages: 20, perSeconds: 0 }), RangeError);
});

test("DingTalk's limit is the default: 20 messages a minute", () => {
  assert.deepEqual(DEFAULT_RATE_LIMIT, { messages: 20, perSeconds: 60 });
  const limiter = new SlidingWindowLimiter({ messages: 20.9, perSeconds: 1.5 });
  assert.equal(limiter.messages, 20);
  assert.equal(limiter.windowMs, 1500);
});

test("a limit without room or window is refused", () => {
  for (const bad of [
    { messages: 0, perSeconds: 60 },
    { messages: 0.5, perSeconds: 60 },
    { messages: Number.NaN, perSeconds: 60 },
    { messages: 1, perSeconds: 0 },
    { messages: 1, perSeconds: -1 },
  ])
    assert.throws(() => new SlidingWindowLimiter(bad), RangeError, JSON.stringify(bad));
  assert.equal(new SlidingWindowLimiter({ messages: 1, perSeconds: 0.001 }).windowMs, 1);
});

test("realSleep waits, and stops at once when aborted, with the abort's reason", async () => {
  await realSleep(5);
  const done = new AbortController();
  done.abort(new Error("already gone"));
  await assert.rejects(realSleep(60_000, done.signal), /already gone/);
  const later = new AbortController();
  const waiting = realSleep(60_000, later.signal);
  later.abort(new Error("stopped"));
  await assert.rejects(waiting, /stopped/);
  // A sleep that ended leaves no listener behind: aborting afterwards changes nothing.
  const after = new AbortController();
  await realSleep(1, after.signal);
  after.abort(new Error("late"));
});
