/**
 * Run state on PostgreSQL: loading what a batch of events touches, writing back what changed (inside
 * the expansion's transaction, see delivery.ts), and the reads of the Store interface.
 */
import type { BatchKeys, RunStatePlan } from "../../runs/plan.ts";
import type { RunState } from "../../runs/state.ts";
import type { LastOutcome } from "../../runs/transition.ts";
import { json, num, pageLimit, textColumn, toRun, toTaskOutcome } from "../rows.ts";
import type { RunFilter, RunRecord, TaskOutcomeRecord } from "../store.ts";
import { intArray, textArray } from "./binary-array.ts";
import type { Db, Query } from "./db.ts";

// A run the expansion did not load is new: only the expansion writes runs, under its lock, after loading
// what the batch touches (delivery.ts), so a plain insert is enough — without ON CONFLICT's speculative
// insertion, which cost the server ~17 % more per new row (measured apart). A row that appeared anyway
// (nothing does that) fails the expansion's transaction, and the retry loads it: it is then updated.
const INSERT_RUNS = `
INSERT INTO runs (run_key, source, pipeline, run_id, state, version, created_at, updated_at)
SELECT u.k, u.s, u.p, u.r, u.j, u.v, $7, $7
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS u(k, s, p, r, j, v)`;
const UPSERT_RUNS = `${INSERT_RUNS}
ON CONFLICT (run_key) DO UPDATE SET state = excluded.state, version = excluded.version,
  updated_at = excluded.updated_at`;

const UPSERT_OUTCOMES = `
INSERT INTO task_outcomes (outcome_key, repo, branch, pipeline, task, outcome, run_number, event_id, updated_at)
SELECT u.k, u.r, u.b, u.p, u.t, u.o, u.n, u.e, $9
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
  AS u(k, r, b, p, t, o, n, e)
ON CONFLICT (outcome_key) DO UPDATE SET outcome = excluded.outcome, run_number = excluded.run_number,
  event_id = excluded.event_id, updated_at = excluded.updated_at`;

export async function loadRunState(
  q: Query,
  { runKeys, outcomeKeys }: BatchKeys,
): Promise<{ runs: Map<string, RunState>; outcomes: Map<string, LastOutcome> }> {
  const runs = new Map<string, RunState>();
  const outcomes = new Map<string, LastOutcome>();
  // The keys hold no NUL (runKeyOf and outcomeKeyOf store it as U+FFFD, as text columns do), so each
  // row is read back under its own key.
  if (runKeys.length > 0) {
    const rows = (
      await q(
        "SELECT run_key, state FROM runs WHERE run_key = ANY($1::text[])",
        [textArray(runKeys)],
        "dingpipe_load_runs",
      )
    ).rows;
    for (const row of rows) runs.set(String(row["run_key"]), json<RunState>(row["state"]));
  }
  if (outcomeKeys.length > 0) {
    const rows = (
      await q(
        "SELECT outcome_key, outcome, run_number FROM task_outcomes WHERE outcome_key = ANY($1::text[])",
        [textArray(outcomeKeys)],
        "dingpipe_load_outcomes",
      )
    ).rows;
    for (const row of rows) {
      const number = row["run_number"];
      outcomes.set(String(row["outcome_key"]), {
        outcome: String(row["outcome"]) as LastOutcome["outcome"],
        ...(number === null || number === undefined ? {} : { runNumber: num(number) }),
      });
    }
  }
  return { runs, outcomes };
}

/**
 * Writes what `plan` changed. `loaded`: what loadRunState read in this transaction: the plan's runs not
 * among its runs are new.
 */
export async function writeRunState(
  q: Query,
  plan: RunStatePlan,
  now: number,
  loaded: { runs: ReadonlyMap<string, unknown> },
): Promise<void> {
  const fresh: Array<[string, RunState]> = [];
  const changed: Array<[string, RunState]> = [];
  for (const entry of plan.runs) (loaded.runs.has(entry[0]) ? changed : fresh).push(entry);
  if (fresh.length > 0) await writeRuns(q, INSERT_RUNS, "dingpipe_insert_runs", fresh, now);
  if (changed.length > 0) await writeRuns(q, UPSERT_RUNS, "dingpipe_upsert_runs", changed, now);
  if (plan.outcomes.size > 0) {
    const outcomes = [...plan.outcomes];
    await q(
      UPSERT_OUTCOMES,
      [
        // Keys are column text already (textKey).
        textArray(outcomes.map(([k]) => k)),
        textArray(outcomes.map(([, o]) => textColumn(o.repo))),
        textArray(outcomes.map(([, o]) => textColumn(o.branch))),
        textArray(outcomes.map(([, o]) => textColumn(o.pipeline))),
        textArray(outcomes.map(([, o]) => textColumn(o.task))),
        textArray(outcomes.map(([, o]) => o.outcome)),
        // The numbers stay array text: the server judges what a bigint is, as before.
        outcomes.map(([, o]) => (o.runNumber === undefined ? null : String(o.runNumber))),
        outcomes.map(([, o]) => o.eventId),
        now,
      ],
      "dingpipe_upsert_outcomes",
    );
  }
}

async function writeRuns(
  q: Query,
  sql: string,
  name: string,
  runs: ReadonlyArray<[string, RunState]>,
  now: number,
): Promise<void> {
  // Binary arrays (binary-array.ts): the states' JSON is written once, not escaped into a literal.
  await q(
    sql,
    [
      // Keys are column text already (textKey).
      textArray(runs.map(([k]) => k)),
      textArray(runs.map(([, r]) => textColumn(r.source))),
      textArray(runs.map(([, r]) => textColumn(r.pipeline))),
      textArray(runs.map(([, r]) => textColumn(r.runId))),
      textArray(runs.map(([, r]) => JSON.stringify(r))),
      intArray(runs.map(([, r]) => r.version)),
      now,
    ],
    name,
  );
}

export async function getRun(db: Db, key: string): Promise<RunRecord | undefined> {
  const row = (await db.query("SELECT run_key, state FROM runs WHERE run_key = $1", [key])).rows[0];
  return row === undefined ? undefined : toRun(row);
}

export async function listRuns(db: Db, filter: RunFilter): Promise<RunRecord[]> {
  const limit = pageLimit(filter.limit);
  const rows =
    filter.pipeline === undefined
      ? (
          await db.query("SELECT run_key, state FROM runs ORDER BY updated_at DESC, run_key LIMIT $1", [
            limit,
          ])
        ).rows
      : (
          await db.query(
            "SELECT run_key, state FROM runs WHERE pipeline = $1 ORDER BY updated_at DESC, run_key LIMIT $2",
            [filter.pipeline, limit],
          )
        ).rows;
  return rows.map(toRun);
}

export async function getTaskOutcome(db: Db, key: string): Promise<TaskOutcomeRecord | undefined> {
  const row = (await db.query("SELECT * FROM task_outcomes WHERE outcome_key = $1", [key])).rows[0];
  return row === undefined ? undefined : toTaskOutcome(row);
}
