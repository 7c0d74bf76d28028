import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { keysOf, planRunState } from "./plan.ts";
import { applyEvent, newRun, type RunState, runKeyOf, runStatus, sameJson } from "./state.ts";
import { outcomeKeyOf } from "./transition.ts";

const AT = (s: number) => new Date(Date.parse("2026-12-01T08:00:00Z") + s * 1000).toISOString();

const ev = (task: string, status: Status, over: Partial<PipelineEvent["task"]> = {}): PipelineEvent => ({
  pipeline: { name: "web-release" },
  run: { id: "r1", number: 7 },
  task: { name: task, status, ...over },
});

function fold(events: PipelineEvent[]): RunState {
  let run = newRun("github", events[0]!, AT(0));
  events.forEach((e, i) => {
    run = applyEvent(run, e, String(i + 1), AT(i * 10)) ?? run;
  });
  return run;
}

describe("run state", () => {
  it("names a run by source, repository, pipeline and id (or number); none without either", () => {
    assert.equal(runKeyOf("github", ev("a", "started")), "github\u001f\u001fweb-release\u001fr1");
    assert.equal(
      runKeyOf("gitlab", {
        pipeline: { name: "p" },
        run: { number: 5 },
        task: { name: "t", status: "started" },
      }),
      "gitlab\u001f\u001fp\u001f#5",
    );
    assert.equal(
      runKeyOf("api", { pipeline: { name: "p" }, task: { name: "t", status: "started" } }),
      undefined,
    );
    const nul: PipelineEvent = {
      pipeline: { name: "web\u0000release" },
      run: { id: "r\u00001" },
      task: { name: "build\u0000x", status: "failure" },
      source: { repo: "acme/\u0000web", branch: "main\u0000x" },
    };
    assert.equal(runKeyOf("api", nul), "api\u001facme/\ufffdweb\u001fweb\ufffdrelease\u001fr\ufffd1");
    assert.equal(
      outcomeKeyOf(nul),
      "acme/\ufffdweb\u001fmain\ufffdx\u001fweb\ufffdrelease\u001fbuild\ufffdx",
    );
  });

  it("keys a batch once: each event's run key, and its outcome key only for a success or failure", () => {
    const events = (["started", "failure", "cancelled", "success"] as const).map((status, i) => ({
      id: String(i + 1),
      source: "github",
      event: ev("build", status),
      receivedAt: Date.parse(AT(i)),
    }));
    const run = "github\u001f\u001fweb-release\u001fr1";
    const outcome = "\u001f\u001fweb-release\u001fbuild";
    assert.deepEqual(keysOf(events), {
      runKeys: [run],
      outcomeKeys: [outcome],
      events: [
        { run, outcome: undefined },
        { run, outcome },
        { run, outcome: undefined },
        { run, outcome },
      ],
    });
  });

  it("keeps tasks in the order first seen, with durations from the events or from when it heard of them", () => {
    const run = fold([
      ev("build", "started"),
      ev("test", "waiting"),
      ev("build", "success"),
      ev("test", "started", { startedAt: AT(25) }),
      ev("test", "failure", { finishedAt: AT(85) }),
      ev("lint", "success", { durationMs: 1234 }),
    ]);
    assert.deepEqual(
      run.tasks.map((t) => [t.name, t.status, t.durationMs]),
      [
        ["build", "success", 20_000],
        ["test", "failure", 60_000],
        ["lint", "success", 1234],
      ],
    );
    assert.equal(run.version, 6);
  });

  it("counts no change when an event repeats what is known, and takes a re-run after a finish", () => {
    let run = fold([ev("build", "failure", { startedAt: AT(0), finishedAt: AT(30) })]);
    assert.equal(
      applyEvent(run, ev("build", "failure", { startedAt: AT(0), finishedAt: AT(30) }), "9", AT(40)),
      undefined,
    );
    assert.equal(
      applyEvent(run, ev("build", "started", { startedAt: AT(5) }), "9", AT(40)),
      undefined,
      "stale",
    );
    run = applyEvent(run, ev("build", "started", { startedAt: AT(50) }), "9", AT(50)) ?? run;
    assert.equal(run.tasks[0]?.status, "started");
    assert.equal(run.tasks[0]?.finishedAt, undefined);
    assert.equal(run.tasks[0]?.durationMs, undefined);
  });

  it("compares a task without the event that last changed it, field by field in order as its JSON", () => {
    const run = fold([ev("build", "failure", { startedAt: AT(0), finishedAt: AT(30) })]);
    // only the event id differs: no change
    assert.equal(
      applyEvent(run, ev("build", "failure", { startedAt: AT(0), finishedAt: AT(30) }), "9", AT(40)),
      undefined,
    );
    // the same fields stored in another order (JSON written by hand, say): its JSON differs, so it changes
    const { name, status, eventId, startedAt, finishedAt, durationMs } = run.tasks[0]!;
    const reordered = { ...run, tasks: [{ name, startedAt, status, eventId, finishedAt, durationMs }] };
    assert.equal(
      applyEvent(reordered, ev("build", "failure", { startedAt: AT(0), finishedAt: AT(30) }), "9", AT(40))
        ?.version,
      run.version + 1,
    );
    // a field left undefined is no field
    const withUndefined = { ...run, tasks: [{ ...run.tasks[0]!, url: undefined }] };
    assert.equal(
      applyEvent(
        withUndefined,
        ev("build", "failure", { startedAt: AT(0), finishedAt: AT(30) }),
        "9",
        AT(40),
      ),
      undefined,
    );
  });

  it("takes the received time in ms for a duration, as the same time parsed from its text", () => {
    const events = [
      ev("build", "started"),
      ev("build", "success"),
      ev("test", "success", { startedAt: AT(3) }),
      ev("lint", "failure", { startedAt: AT(1), finishedAt: AT(40) }),
    ];
    let withText = newRun("github", events[0]!, AT(0));
    let withMs = withText;
    events.forEach((e, i) => {
      const at = Date.parse(AT(i * 10)) + 7;
      const text = new Date(at).toISOString();
      withText = applyEvent(withText, e, String(i + 1), text) ?? withText;
      withMs = applyEvent(withMs, e, String(i + 1), text, at) ?? withMs;
    });
    assert.deepEqual(withMs, withText);
    assert.deepEqual(
      withMs.tasks.map((t) => t.durationMs),
      [10_000, 17_007, 39_000],
    );
  });

  it("derives the run's state: a failure wins, then running, waiting, cancelled, success; the platform's final word first", () => {
    const base = fold([ev("a", "success"), ev("b", "started")]);
    assert.equal(runStatus(base), "running");
    assert.equal(runStatus(fold([ev("a", "failure"), ev("b", "started")])), "failure");
    assert.equal(runStatus(fold([ev("a", "success"), ev("b", "waiting")])), "waiting");
    assert.equal(runStatus(fold([ev("a", "success"), ev("b", "cancelled")])), "cancelled");
    assert.equal(runStatus(fold([ev("a", "success"), ev("b", "skipped")])), "success");
    const pipelineLevel = (status: Status): PipelineEvent => ({ ...ev("web-release", status) });
    const withRun = applyEvent(base, pipelineLevel("success"), "x", AT(99));
    assert.equal(withRun?.tasks.length, 2, "the pipeline-level event is no task");
    assert.equal(runStatus(withRun!), "success");
    assert.equal(
      runStatus(applyEvent(fold([ev("a", "failure")]), pipelineLevel("started"), "x", AT(9))!),
      "failure",
    );
  });

  it("plans a batch: each event's transition, the runs and outcomes that changed", () => {
    const events = [ev("build", "failure"), ev("build", "failure"), ev("build", "success")].map(
      (event, i) => ({
        id: String(i + 1),
        source: "github",
        event,
        receivedAt: Date.parse(AT(i)),
      }),
    );
    const keys = keysOf(events);
    assert.deepEqual(keys.runKeys, ["github\u001f\u001fweb-release\u001fr1"]);
    assert.deepEqual(keys.outcomeKeys, ["\u001f\u001fweb-release\u001fbuild"]);
    const loadedOutcomes = new Map([["\u001f\u001fweb-release\u001fbuild", { outcome: "success" as const }]]);
    const plan = planRunState(events, new Map(), loadedOutcomes, keys);
    assert.deepEqual(plan, planRunState(events, new Map(), loadedOutcomes), "the keys made once plan alike");
    assert.deepEqual(
      [...plan.transitions],
      [
        ["1", "broken"],
        ["2", "still_failing"],
        ["3", "fixed"],
      ],
    );
    assert.equal(plan.outcomes.get("\u001f\u001fweb-release\u001fbuild")?.outcome, "success");
    assert.equal(plan.outcomes.get("\u001f\u001fweb-release\u001fbuild")?.eventId, "3");
    assert.equal(plan.runs.get("github\u001f\u001fweb-release\u001fr1")?.tasks[0]?.status, "success");
  });

  it("compares fields as their JSON would, without serializing them (sameJson)", () => {
    const values: unknown[] = [
      undefined,
      null,
      0,
      1,
      "",
      "1",
      true,
      false,
      [],
      [1, 2],
      [2, 1],
      [1, undefined],
      [1, null],
      {},
      { a: 1 },
      { a: 1, b: undefined },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: { user: "lin", event: "push" } },
      { a: { user: "lin", event: "tag" } },
      { a: { user: "lin" } },
      { a: [] },
      { a: {} },
      { sha: "a1", message: "fix" },
      { sha: "a1", message: "fix", author: undefined },
    ];
    for (const a of values)
      for (const b of values)
        assert.equal(
          sameJson(a, b),
          JSON.stringify(a) === JSON.stringify(b),
          `${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
        );
  });
});
