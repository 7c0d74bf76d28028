import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { decideTransition, type LastOutcome, outcomeKeyOf } from "./transition.ts";

const ev = (status: Status, number?: number, over: Partial<PipelineEvent> = {}): PipelineEvent => ({
  pipeline: { name: "web" },
  task: { name: "build", status },
  ...(number === undefined ? {} : { run: { number } }),
  ...over,
});

describe("decideTransition", () => {
  it("follows the table: broken, still_failing, fixed, nothing", () => {
    const cases: Array<[LastOutcome | undefined, Status, string | undefined]> = [
      [undefined, "failure", "broken"],
      [{ outcome: "success" }, "failure", "broken"],
      [{ outcome: "failure" }, "failure", "still_failing"],
      [{ outcome: "failure" }, "success", "fixed"],
      [{ outcome: "success" }, "success", undefined],
      [undefined, "success", undefined],
    ];
    for (const [previous, status, transition] of cases) {
      const d = decideTransition(previous, ev(status));
      assert.equal(d.transition, transition, `${previous?.outcome} → ${status}`);
      assert.deepEqual(d.next, { outcome: status });
    }
  });

  it("leaves the history alone for states that are no outcome", () => {
    for (const status of ["started", "waiting", "cancelled", "skipped"] as Status[]) {
      assert.deepEqual(decideTransition({ outcome: "failure" }, ev(status, 9)), {});
    }
  });

  it("ignores an older run's late result, but not a re-run of the same number or an unnumbered event", () => {
    assert.deepEqual(decideTransition({ outcome: "success", runNumber: 12 }, ev("failure", 11)), {});
    assert.deepEqual(decideTransition({ outcome: "failure", runNumber: 12 }, ev("failure", 12)), {
      transition: "still_failing",
      next: { outcome: "failure", runNumber: 12 },
    });
    assert.equal(decideTransition({ outcome: "failure", runNumber: 12 }, ev("success")).transition, "fixed");
  });

  it("keys the history by repository, branch, pipeline and task", () => {
    const a = outcomeKeyOf(ev("failure", 1, { source: { repo: "acme/web", branch: "main" } }));
    const b = outcomeKeyOf(ev("failure", 1, { source: { repo: "acme/web", branch: "dev" } }));
    const c = outcomeKeyOf(ev("failure", 1, { source: { repo: "acme/api", branch: "main" } }));
    assert.equal(new Set([a, b, c]).size, 3);
    assert.equal(a, outcomeKeyOf(ev("success", 2, { source: { repo: "acme/web", branch: "main" } })));
  });
});
