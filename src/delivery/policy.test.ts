import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DingTalkError } from "../dingtalk/errors.ts";
import { DingpipeError } from "../errors.ts";
import {
  answerOf,
  backoffMs,
  DEFAULT_LADDER,
  describe as describeError,
  judgeFailure,
  planSend,
  windowRoom,
} from "./policy.ts";

describe("delivery policy", () => {
  it("counts the room left in a rate window and when it frees", () => {
    assert.deepEqual(windowRoom([], 5, 2000), { budget: 5 });
    assert.deepEqual(windowRoom([10, 20], 5, 2000), { budget: 3 });
    assert.deepEqual(windowRoom([10, 20, 30, 40, 50], 5, 2000), { budget: 0, freeAt: 2011 });
    assert.deepEqual(windowRoom([10, 20, 30, 40, 50, 60], 5, 2000), { budget: 0, freeAt: 2021 });
  });

  it("sends one message each while the window lets the whole backlog out, a digest otherwise", () => {
    assert.equal(planSend(1, 1), "single");
    assert.equal(planSend(3, 5), "single");
    // Exactly as many due as the window has room for: every one goes out as itself, no digest.
    assert.equal(planSend(5, 5), "single");
    assert.equal(planSend(20, 20), "single");
    assert.equal(planSend(6, 5), "digest");
    assert.equal(planSend(2, 1), "digest");
    // One due message is never a digest, even with no room (it waits for a slot instead).
    assert.equal(planSend(1, 0), "single");
  });

  it("backs off exponentially, capped, with jitter", () => {
    const ladder = { ...DEFAULT_LADDER, baseMs: 1000, maxMs: 8000 };
    assert.equal(
      backoffMs(1, ladder, () => 0.999999),
      1000,
    );
    assert.equal(
      backoffMs(1, ladder, () => 0),
      500,
    );
    assert.equal(
      backoffMs(3, ladder, () => 0.999999),
      4000,
    );
    assert.equal(
      backoffMs(10, ladder, () => 0.999999),
      8000,
    );
  });

  it("keeps throttled and retryable failures, kills permanent ones with their fix", () => {
    const throttled = new DingTalkError("throttled", "send too fast", { retryable: true, errcode: 130101 });
    assert.equal(judgeFailure(throttled, 1, DEFAULT_LADDER).kind, "throttled");
    const busy = new DingTalkError("system_busy", "busy", { retryable: true, errcode: -1 });
    assert.equal(judgeFailure(busy, 1, DEFAULT_LADDER).kind, "retry");
    const exhausted = judgeFailure(busy, DEFAULT_LADDER.maxAttempts, DEFAULT_LADDER);
    assert.equal(exhausted.kind, "dead");
    const sign = new DingTalkError("signature_mismatch", "sign not match", {
      errcode: 310000,
      fix: "set the robot's SEC… secret",
    });
    assert.deepEqual(judgeFailure(sign, 1, DEFAULT_LADDER), {
      kind: "dead",
      error: "signature_mismatch: sign not match",
      fix: "set the robot's SEC… secret",
    });
    assert.equal(judgeFailure(new Error("surprise"), 1, DEFAULT_LADDER).kind, "retry");
  });

  it("a dead letter says what went wrong and what to do, in the service's words", () => {
    const busy = new DingTalkError("system_busy", "busy", { retryable: true, errcode: -1 });
    assert.deepEqual(judgeFailure(busy, 8, DEFAULT_LADDER), {
      kind: "dead",
      error: "gave up after 8 attempts: system_busy: busy",
      fix: "DingTalk kept failing for this robot; check the robot and the network, then retry the delivery from the console or the API.",
    });
    const noFix = new DingTalkError("unsafe_content", "flagged", { errcode: 430101 });
    assert.deepEqual(judgeFailure(noFix, 1, DEFAULT_LADDER), {
      kind: "dead",
      error: "unsafe_content: flagged",
      fix: "Check the robot's settings, then retry the delivery.",
    });
  });

  it("describes any failure as code or name, then message", () => {
    assert.equal(describeError(new DingpipeError("bad_thing", "it broke")), "bad_thing: it broke");
    assert.equal(describeError(new TypeError("fetch failed")), "TypeError: fetch failed");
    assert.equal(describeError("plain words"), "plain words");
    assert.equal(describeError(42), "42");
  });

  it("takes DingTalk's errcode and errmsg from an error that carries them, and nothing else", () => {
    assert.deepEqual(
      answerOf(new DingTalkError("throttled", "x", { errcode: 130101, errmsg: "send too fast" })),
      {
        errcode: 130101,
        errmsg: "send too fast",
      },
    );
    assert.deepEqual(answerOf({ errcode: "130101", errmsg: 5 }), {});
    assert.deepEqual(answerOf(new Error("no answer")), {});
    assert.deepEqual(answerOf(undefined), {});
    assert.deepEqual(answerOf(null), {});
  });
});
