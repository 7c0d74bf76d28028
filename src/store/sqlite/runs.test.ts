import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { type ExpandingEvent, keysOf, planRunState } from "../../runs/plan.ts";
import { HealthTracker, sqliteBreakage } from "../health.ts";
import { migrate, openDatabase } from "./connection.ts";
import { getRun, getTaskOutcome, loadRunState, writeRunState } from "./runs.ts";
import { Sql } from "./sql.ts";

const root = await mkdtemp(join(tmpdir(), "dingpipe-runs-"));
after(() => rm(root, { recursive: true, force: true }));

const event = (run: string, task: string, status: PipelineEvent["task"]["status"]): PipelineEvent => ({
  pipeline: { name: "ci" },
  run: { id: run, number: Number(run.slice(1)) },
  task: { name: task, status },
  source: { repo: "acme/web", branch: "main" },
});

let n = 0;
function open(): Sql {
  const db = openDatabase(join(root, `r-${++n}.sqlite`));
  migrate(db, 0);
  return new Sql(db, new HealthTracker(sqliteBreakage));
}

/** Expands `events` as the store does: load, plan, write (`loaded` as given, else as loaded). */
function expand(sql: Sql, events: ExpandingEvent[], lie?: (loaded: ReturnType<typeof loadRunState>) => void) {
  const keys = keysOf(events);
  const loaded = loadRunState(sql, keys);
  const plan = planRunState(events, loaded.runs, loaded.outcomes, keys);
  lie?.(loaded);
  writeRunState(sql, plan, 1000, loaded);
  return plan;
}

describe("SQLite run state", () => {
  it("updates the last outcomes it loaded, upserts the others and the runs, across batches", () => {
    const sql = open();
    let id = 0;
    const batch = (...events: PipelineEvent[]) =>
      expand(
        sql,
        events.map((e) => ({
          id: String(++id),
          source: "api",
          event: e,
          receivedAt: 1_700_000_000_000 + id,
        })),
      );
    batch(event("r1", "build", "started"), event("r2", "lint", "failure"));
    batch(event("r1", "build", "failure"), event("r3", "test", "success"));
    const plan = batch(event("r1", "build", "success"), event("r2", "lint", "success"));
    assert.deepEqual([...plan.transitions.values()], ["fixed", "fixed"]);
    const r1 = getRun(sql, "api\u001facme/web\u001fci\u001fr1")?.state;
    assert.equal(r1?.version, 3);
    assert.equal(r1?.tasks[0]?.status, "success");
    assert.equal(getRun(sql, "api\u001facme/web\u001fci\u001fr3")?.state.version, 1);
    const outcome = getTaskOutcome(sql, "acme/web\u001fmain\u001fci\u001fbuild");
    assert.equal(outcome?.outcome, "success");
    assert.equal(outcome?.eventId, "5");
    assert.equal(getTaskOutcome(sql, "acme/web\u001fmain\u001fci\u001flint")?.eventId, "6");
  });

  it("still writes a row it took for loaded when the row is not there", () => {
    const sql = open();
    const events = [event("r7", "build", "failure")].map((e, i) => ({
      id: String(i + 1),
      source: "api",
      event: e,
      receivedAt: 1_700_000_000_000,
    }));
    expand(sql, events, (loaded) => {
      // as if loaded: the update finds no row, and the upsert after it writes it
      const keys = keysOf(events);
      loaded.runs.set(
        keys.runKeys[0]!,
        planRunState(events, new Map(), new Map()).runs.values().next().value!,
      );
      loaded.outcomes.set(keys.outcomeKeys[0]!, { outcome: "success" });
    });
    assert.equal(getRun(sql, "api\u001facme/web\u001fci\u001fr7")?.state.tasks[0]?.status, "failure");
    assert.equal(getTaskOutcome(sql, "acme/web\u001fmain\u001fci\u001fbuild")?.outcome, "failure");
  });
});
