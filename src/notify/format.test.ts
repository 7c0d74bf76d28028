import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../pipeline/event.ts";
import {
  eventDurationMs,
  formatClock,
  formatDuration,
  formatTime,
  offsetLabel,
  statusMark,
} from "./format.ts";

describe("format", () => {
  it("formats durations", () => {
    assert.equal(formatDuration(850), "< 1s");
    assert.equal(formatDuration(0), "< 1s");
    assert.equal(formatDuration(999), "< 1s");
    assert.equal(formatDuration(1000), "1s");
    assert.equal(formatDuration(42_000), "42s");
    assert.equal(formatDuration(185_000), "3m 05s");
    assert.equal(formatDuration(3_723_000), "1h 02m 03s");
    assert.equal(formatDuration(-1), undefined);
    assert.equal(formatDuration(Number.NaN), undefined);
  });

  it("derives a duration from the event, ignoring nonsense", () => {
    const e = (task: Partial<PipelineEvent["task"]>): PipelineEvent => ({
      pipeline: { name: "p" },
      task: { name: "t", status: "success", ...task },
    });
    assert.equal(eventDurationMs(e({ durationMs: 5 })), 5);
    assert.equal(
      eventDurationMs(e({ startedAt: "2026-11-23T08:00:00Z", finishedAt: "2026-11-23T08:03:05Z" })),
      185_000,
    );
    assert.equal(
      eventDurationMs(e({ startedAt: "2026-11-23T08:03:05Z", finishedAt: "2026-11-23T08:00:00Z" })),
      undefined,
    );
    assert.equal(
      eventDurationMs(e({ startedAt: "yesterday", finishedAt: "2026-11-23T08:00:00Z" })),
      undefined,
    );
    assert.equal(eventDurationMs(e({ startedAt: "2026-11-23T08:00:00Z" })), undefined);
  });

  it("shows times in a fixed offset, UTC+8 by default", () => {
    assert.equal(formatTime("2026-11-23T20:30:00Z"), "2026-11-24 04:30:00 UTC+8");
    assert.equal(formatTime("2026-11-23T20:30:00+08:00", 0), "2026-11-23 12:30:00 UTC");
    assert.equal(formatTime("2026-11-23T20:30:00Z", -210), "2026-11-23 17:00:00 UTC-3:30");
    assert.equal(formatTime("garbage"), undefined);
    assert.equal(formatClock("2026-11-23T08:03:59Z"), "16:03");
    assert.equal(offsetLabel(330), "UTC+5:30");
  });

  it("marks every status", () => {
    assert.deepEqual(
      (["success", "failure", "cancelled", "skipped", "waiting", "started"] as const).map(statusMark),
      ["✅", "❌", "⏹", "⏭", "⏳", "▶"],
    );
  });
});
