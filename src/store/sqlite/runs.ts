/**
 * Run state on SQLite: loading what a batch of events touches, writing back what changed (inside the
 * expansion's transaction, see delivery.ts), and the reads of the Store interface.
 */
import type { BatchKeys, RunStatePlan } from "../../runs/plan.ts";
import type { RunState } from "../../runs/state.ts";
import type { LastOutcome } from "../../runs/transition.ts";
import { json, num, pageLimit, toRun, toTaskOutcome } from "../rows.ts";
import type { RunFilter, RunRecord, TaskOutcomeRecord } from "../store.ts";
import { marks, type Param, type Sql } from "./sql.ts";

/** The runs and last outcomes of a batch's keys (`keysOf`), by key (one query each, keys passed as a JSON array). */
export function loadRunState(
  sql: Sql,
  { runKeys, outcomeKeys }: BatchKeys,
): { runs: Map<string, RunState>; outcomes: Map<string, LastOutcome> } {
  const runs = new Map<string, RunState>();
  const outcomes = new Map<string, LastOutcome>();
  if (runKeys.length > 0) {
    for (const row of sql.all(
      "SELECT run_key, state FROM runs WHERE run_key IN (SELECT value FROM json_each(?))",
      JSON.stringify(runKeys),
    )) {
      runs.set(String(row["run_key"]), json<RunState>(row["state"]));
    }
  }
  if (outcomeKeys.length > 0) {
    for (const row of sql.all(
      "SELECT outcome_key, outcome, run_number FROM task_outcomes WHERE outcome_key IN (SELECT value FROM json_each(?))",
      JSON.stringify(outcomeKeys),
    )) {
      const number = row["run_number"];
      outcomes.set(String(row["outcome_key"]), {
        outcome: String(row["outcome"]) as LastOutcome["outcome"],
        ...(number === null || number === undefined ? {} : { runNumber: num(number) }),
      });
    }
  }
  return { runs, outcomes };
}

/** Most rows one upsert statement writes (each size used is prepared once). */
const ROWS_PER_STATEMENT = 16;

/** An upsert's statement text for each number of rows, made once (the statements are cached by their text). */
class Upsert {
  readonly #insert: string;
  readonly #conflict: string;
  readonly #texts: string[] = [];
  constructor(insert: string, conflict: string) {
    this.#insert = insert;
    this.#conflict = conflict;
  }

  /** Writes `rows`, ROWS_PER_STATEMENT at a time. */
  run(sql: Sql, rows: Param[][]): void {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      sql.run(this.#text(chunk.length, chunk[0]!.length), ...chunk.flat());
    }
  }

  #text(rows: number, columns: number): string {
    let text = this.#texts[rows];
    if (text === undefined) {
      const row = `(${marks(columns)})`;
      text = `${this.#insert} ${Array.from({ length: rows }, () => row).join(", ")} ${this.#conflict}`;
      this.#texts[rows] = text;
    }
    return text;
  }
}

const RUNS = new Upsert(
  "INSERT INTO runs (run_key, source, pipeline, run_id, state, version, created_at, updated_at) VALUES",
  `ON CONFLICT (run_key) DO UPDATE SET state = excluded.state, version = excluded.version,
     updated_at = excluded.updated_at`,
);
const OUTCOMES = new Upsert(
  `INSERT INTO task_outcomes (outcome_key, repo, branch, pipeline, task, outcome, run_number, event_id,
     updated_at) VALUES`,
  `ON CONFLICT (outcome_key) DO UPDATE SET outcome = excluded.outcome, run_number = excluded.run_number,
     event_id = excluded.event_id, updated_at = excluded.updated_at`,
);

/**
 * Writes the runs and last outcomes that changed: up to ROWS_PER_STATEMENT rows per statement (a batch's
 * keys are distinct, so rows of one statement never conflict with each other), which spares a statement's
 * own cost (binding, stepping, resetting, its result) per row.
 */
export function writeRunState(sql: Sql, plan: RunStatePlan, now: number): void {
  const runs: Param[][] = [];
  for (const [key, run] of plan.runs)
    runs.push([key, run.source, run.pipeline, run.runId, JSON.stringify(run), run.version, now, now]);
  RUNS.run(sql, runs);
  const outcomes: Param[][] = [];
  for (const [key, o] of plan.outcomes)
    outcomes.push([
      key,
      o.repo,
      o.branch,
      o.pipeline,
      o.task,
      o.outcome,
      o.runNumber ?? null,
      Number(o.eventId),
      now,
    ]);
  OUTCOMES.run(sql, outcomes);
}

export function getRun(sql: Sql, key: string): RunRecord | undefined {
  const row = sql.get("SELECT run_key, state FROM runs WHERE run_key = ?", key);
  return row === undefined ? undefined : toRun(row);
}

export function listRuns(sql: Sql, filter: RunFilter): RunRecord[] {
  const limit = pageLimit(filter.limit);
  const rows =
    filter.pipeline === undefined
      ? sql.all("SELECT run_key, state FROM runs ORDER BY updated_at DESC, run_key LIMIT ?", limit)
      : sql.all(
          "SELECT run_key, state FROM runs WHERE pipeline = ? ORDER BY updated_at DESC, run_key LIMIT ?",
          filter.pipeline,
          limit,
        );
  return rows.map(toRun);
}

export function getTaskOutcome(sql: Sql, key: string): TaskOutcomeRecord | undefined {
  const row = sql.get("SELECT * FROM task_outcomes WHERE outcome_key = ?", key);
  return row === undefined ? undefined : toTaskOutcome(row);
}
