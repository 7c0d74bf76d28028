/**
 * Run state, part of the storage contract every dialect must pass: expanding events keeps each run's
 * tasks and each task's last outcome, records each event's transition and hands it to the rule
 * selector — in the expansion's transaction, in the order events were accepted.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { RuleSelector } from "../delivery/delivery-store.ts";
import { selectRules } from "../notify/rules.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { runKeyOf } from "../runs/state.ts";
import { outcomeKeyOf } from "../runs/transition.ts";
import { ruleFor } from "./store.contract.ts";
import type { Store } from "./store.ts";

const select: RuleSelector = (event, rules, facts) => selectRules(rules, event, facts);

const T0 = Date.parse("2026-12-01T08:00:00Z");

function event(
  task: string,
  status: Status,
  over: {
    run?: number;
    branch?: string;
    repo?: string;
    pipeline?: string;
    startedAt?: string;
    finishedAt?: string;
  } = {},
): PipelineEvent {
  const run = over.run ?? 42;
  return {
    pipeline: { name: over.pipeline ?? "web-release", displayName: "Web release" },
    run: {
      id: `run-${run}`,
      number: run,
      url: `https://ci.example/runs/${run}`,
      trigger: { user: "lin", event: "push" },
    },
    stage: { name: "build" },
    task: {
      name: task,
      status,
      ...(over.startedAt ? { startedAt: over.startedAt } : {}),
      ...(over.finishedAt ? { finishedAt: over.finishedAt } : {}),
    },
    source: {
      repo: over.repo ?? "acme/web",
      branch: over.branch ?? "main",
      commit: { sha: "a1b2c3d4e5f6", message: "fix login", author: "lin" },
    },
  };
}

/** Inserts and expands the events one at a time (or all at once), returning their transitions. */
async function expandEach(
  store: Store,
  events: PipelineEvent[],
  batch = false,
): Promise<Array<string | undefined>> {
  const ids: string[] = [];
  for (const e of events) {
    ids.push((await store.insertEvent({ source: "github", event: e })).id);
    if (!batch) await store.expandEvents({ limit: 100, now: T0, select });
  }
  if (batch) await store.expandEvents({ limit: 100, now: T0, select });
  return Promise.all(ids.map(async (id) => (await store.getEvent(id))?.transition));
}

export function runRunStateContract(fresh: () => Promise<Store>): void {
  it("derives broken, fixed and still_failing from each task's last outcome, one event at a time or in one batch", async () => {
    for (const batch of [false, true]) {
      const store = await fresh();
      const sequence: Array<[Status, number]> = [
        ["success", 1],
        ["failure", 2],
        ["failure", 3],
        ["started", 4],
        ["cancelled", 4],
        ["failure", 4],
        ["success", 5],
        ["success", 6],
        ["failure", 7],
      ];
      const transitions = await expandEach(
        store,
        sequence.map(([status, run]) => event("unit-tests", status, { run })),
        batch,
      );
      assert.deepEqual(
        transitions,
        [
          undefined,
          "broken",
          "still_failing",
          undefined,
          undefined,
          "still_failing",
          "fixed",
          undefined,
          "broken",
        ],
        `batch: ${batch}`,
      );
      const outcome = await store.getTaskOutcome(outcomeKeyOf(event("unit-tests", "failure")));
      assert.equal(outcome?.outcome, "failure");
      assert.equal(outcome?.runNumber, 7);
      assert.deepEqual(
        [outcome?.repo, outcome?.branch, outcome?.pipeline, outcome?.task],
        ["acme/web", "main", "web-release", "unit-tests"],
      );
    }
  });

  it("calls the first failure ever seen broken, and keeps branches, repositories and tasks apart", async () => {
    const store = await fresh();
    const transitions = await expandEach(store, [
      event("build", "failure"),
      event("build", "failure", { branch: "feature/x" }),
      event("build", "failure", { repo: "acme/api" }),
      event("lint", "failure"),
      event("build", "success", { run: 43 }),
      event("build", "failure", { branch: "feature/x", run: 43 }),
    ]);
    assert.deepEqual(transitions, ["broken", "broken", "broken", "broken", "fixed", "still_failing"]);
  });

  it("ignores the late result of an older run: no transition, the history unchanged", async () => {
    const store = await fresh();
    const transitions = await expandEach(store, [
      event("build", "failure", { run: 10 }),
      event("build", "success", { run: 12 }),
      event("build", "failure", { run: 11 }), // a slow webhook of run 11
      event("build", "failure", { run: 13 }),
    ]);
    assert.deepEqual(transitions, ["broken", "fixed", undefined, "broken"]);
  });

  it("hands the transition to the rule selector: a rule on [broken, fixed] gets the first failure and the fix only", async () => {
    const store = await fresh();
    await store.createNotification(ruleFor("ops", { events: ["broken", "fixed"] }));
    await store.createNotification(ruleFor("all", { events: ["failure"] }));
    await expandEach(
      store,
      (["failure", "failure", "failure", "success", "success", "failure"] as Status[]).map((s, i) =>
        event("deploy", s, { run: 50 + i }),
      ),
    );
    const ops = (await store.listDeliveries({ credential: "ops" })).items;
    assert.deepEqual(
      ops.map((d) => d.eventStatus).reverse(),
      ["failure", "success", "failure"],
      "broken (run 50), fixed (run 53), broken again (run 55)",
    );
    assert.equal(
      (await store.listDeliveries({ credential: "all" })).items.length,
      4,
      "failure still gets every failure",
    );
    const due = await store.dueDeliveries("ops", T0, 10);
    assert.deepEqual(
      due.items.map((d) => d.transition),
      ["broken", "fixed", "broken"],
    );
  });

  it("keeps per run each task's state, times and duration in the order first seen, and the run's facts", async () => {
    const store = await fresh();
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    await expandEach(store, [
      event("build", "started", { startedAt: at(0) }),
      event("build", "success", { startedAt: at(0), finishedAt: at(65) }),
      event("test", "started", { startedAt: at(66) }),
      event("deploy", "waiting"),
      event("test", "failure", { finishedAt: at(126) }),
      // A stale "started" for build (it began before build's recorded finish) changes nothing.
      event("build", "started", { startedAt: at(1) }),
      event("other-run", "started", { run: 43 }),
    ]);
    const key = runKeyOf("github", event("build", "success"));
    assert.ok(key);
    const run = await store.getRun(key);
    assert.ok(run);
    const state = run.state;
    assert.deepEqual(
      state.tasks.map((t) => [t.name, t.status, t.durationMs]),
      [
        ["build", "success", 65_000],
        ["test", "failure", 60_000],
        ["deploy", "waiting", undefined],
      ],
    );
    assert.equal(state.tasks[0]?.stage, "build");
    assert.equal(state.number, 42);
    assert.equal(state.url, "https://ci.example/runs/42");
    assert.deepEqual(state.trigger, { user: "lin", event: "push" });
    assert.equal(state.commit?.sha, "a1b2c3d4e5f6");
    assert.equal(state.branch, "main");
    assert.equal(state.version, 5, "five events changed the run; the stale one did not");
    const runs = await store.listRuns({ pipeline: "web-release" });
    assert.deepEqual(runs.map((r) => r.state.runId).sort(), ["run-42", "run-43"]);
    assert.deepEqual(await store.listRuns({ pipeline: "nope" }), []);
    assert.equal(await store.getRun("no such run"), undefined);
  });

  it("carries a run's tasks and each task's outcome across events when its names hold a NUL or a lone surrogate (stored as U+FFFD)", async () => {
    // A lone surrogate is what a name cut in the middle of an emoji parses to ("\ud83d" in JSON); text
    // columns store it as U+FFFD, so the run must be found again under that key, not started anew.
    for (const [batch, over] of [
      [false, { pipeline: "web\u0000release", branch: "main\u0000x" }],
      [true, { pipeline: "web\u0000release", branch: "main\u0000x" }],
      [false, { pipeline: "web\ud83drelease", branch: "main\udc00x" }],
      [true, { pipeline: "web\ud83drelease", branch: "main\udc00x" }],
    ] as const) {
      const store = await fresh();
      const transitions = await expandEach(
        store,
        [
          event("build", "failure", { ...over, run: 1 }),
          event("build", "failure", { ...over, run: 2 }),
          event("test", "started", { ...over, run: 2 }),
          event("build", "success", { ...over, run: 3 }),
        ],
        batch,
      );
      assert.deepEqual(
        transitions,
        ["broken", "still_failing", undefined, "fixed"],
        `batch: ${batch}, ${JSON.stringify(over)}`,
      );
      const key = runKeyOf("github", event("build", "failure", { ...over, run: 2 }));
      assert.ok(key);
      const run = await store.getRun(key);
      assert.deepEqual(
        run?.state.tasks.map((t) => [t.name, t.status]),
        [
          ["build", "failure"],
          ["test", "started"],
        ],
        `batch: ${batch}, ${JSON.stringify(over)}`,
      );
    }
  });

  it("keeps no run for an event without a run id or number, and still judges its transition", async () => {
    const store = await fresh();
    const bare: PipelineEvent = {
      pipeline: { name: "nightly" },
      task: { name: "backup", status: "failure" },
    };
    const [transition] = await expandEach(store, [bare]);
    assert.equal(transition, "broken");
    assert.deepEqual(await store.listRuns({ pipeline: "nightly" }), []);
  });
}
