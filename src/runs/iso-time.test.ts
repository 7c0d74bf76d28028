import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isoTime } from "./iso-time.ts";

describe("isoTime", () => {
  it("is toISOString's text for every millisecond it is asked, across days, years and the Date range", () => {
    const DAY = 86_400_000;
    const starts = [
      Date.UTC(2026, 11, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 990),
      Date.UTC(2024, 1, 28, 23, 0),
      0,
      -1,
      -DAY - 5,
      Date.UTC(-5, 0, 1),
      Date.UTC(10000, 0, 1) - 7,
      8.64e15 - DAY - 3,
      -8.64e15,
    ];
    for (const start of starts) {
      // forwards and backwards, within the day kept and across to the next and the one before
      for (const step of [1, 997, 3_599_999, -7, -86_399_999]) {
        for (let i = 0; i < 400; i++) {
          const ms = start + i * step;
          if (Math.abs(ms) > 8.64e15) continue;
          assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
        }
      }
    }
    for (const ms of [1.5, Date.UTC(2026, 11, 1) + 0.25, 8.64e15, -8.64e15, 8.64e15 - 1])
      assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
  });

  it("throws for what is no date, as toISOString does", () => {
    isoTime(8.64e15 - 1);
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, -8.64e15 - 1])
      assert.throws(() => isoTime(ms), RangeError);
  });
});
