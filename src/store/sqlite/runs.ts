/**
 * Run state on SQLite: loading what a batch of events touches, writing back what changed (inside the
 * expansion's transaction, see delivery.ts), and the reads of the Store interface.
 */
import type { BatchKeys, OutcomeRecord, RunStatePlan } from "../../runs/plan.ts";
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

/** Most rows one statement writes (each size used is prepared once). */
const ROWS_PER_STATEMENT = 16;

/**
 * A multi-row statement's text for each number of rows, made once (the statements are cached by their text):
 * `before`, the rows' `(?, …)` lists, `after`. `lead`: parameters before the rows' (bound first).
 */
class MultiRow {
  readonly #before: string;
  readonly #after: string;
  readonly #texts: string[] = [];
  constructor(before: string, after: string) {
    this.#before = before;
    this.#after = after;
  }

  /** Writes `rows`, ROWS_PER_STATEMENT at a time; each statement's count of rows changed. */
  run(
    sql: Sql,
    rows: Param[][],
    lead: Param[] = [],
    changed?: (chunk: Param[][], changes: number) => void,
  ): void {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const changes = sql.run(this.#text(chunk.length, chunk[0]!.length), ...lead, ...chunk.flat());
      changed?.(chunk, changes);
    }
  }

  #text(rows: number, columns: number): string {
    let text = this.#texts[rows];
    if (text === undefined) {
      const row = `(${marks(columns)})`;
      text = `${this.#before} ${Array.from({ length: rows }, () => row).join(", ")} ${this.#after}`;
      this.#texts[rows] = text;
    }
    return text;
  }
}

const UPSERT_RUNS = new MultiRow(
  "INSERT INTO runs (run_key, source, pipeline, run_id, state, version, created_at, updated_at) VALUES",
  `ON CONFLICT (run_key) DO UPDATE SET state = excluded.state, version = excluded.version,
     updated_at = excluded.updated_at`,
);
const UPSERT_OUTCOMES = new MultiRow(
  `INSERT INTO task_outcomes (outcome_key, repo, branch, pipeline, task, outcome, run_number, event_id,
     updated_at) VALUES`,
  `ON CONFLICT (outcome_key) DO UPDATE SET outcome = excluded.outcome, run_number = excluded.run_number,
     event_id = excluded.event_id, updated_at = excluded.updated_at`,
);
/** Rows: outcome key, outcome, run number, event id; `lead`: updated_at. */
const UPDATE_OUTCOMES = new MultiRow(
  `UPDATE task_outcomes SET outcome = v.column2, run_number = v.column3, event_id = v.column4, updated_at = ?
     FROM (VALUES`,
  ") AS v WHERE task_outcomes.outcome_key = v.column1",
);

/**
 * Writes the runs and last outcomes that changed: up to ROWS_PER_STATEMENT rows per statement (a batch's
 * keys are distinct, so rows of one statement never conflict with each other), which spares a statement's
 * own cost (binding, stepping, resetting, its result) per row. Runs are upserted. A last outcome `loaded`
 * (read in this same transaction, under SQLite's write lock, by loadRunState) is there: it is updated
 * (`UPDATE … FROM (VALUES …)`, only the columns that change — ~0.7 µs a row less than an upsert, which builds
 * the whole row and fails its insert first); the others are upserted. Should an update find fewer rows than
 * it was given, its rows are upserted after it (the same values again for those it found). Runs stay upserts:
 * updated so, their larger state was slower than the upsert (the join's rows are copied before the update).
 */
export function writeRunState(
  sql: Sql,
  plan: RunStatePlan,
  now: number,
  loaded: { outcomes: ReadonlyMap<string, unknown> },
): void {
  const outcomeRow = (key: string, o: OutcomeRecord): Param[] => [
    key,
    o.repo,
    o.branch,
    o.pipeline,
    o.task,
    o.outcome,
    o.runNumber ?? null,
    Number(o.eventId),
    now,
  ];
  const runs: Param[][] = [];
  for (const [key, run] of plan.runs)
    runs.push([key, run.source, run.pipeline, run.runId, JSON.stringify(run), run.version, now, now]);
  UPSERT_RUNS.run(sql, runs);
  const upsertOutcomes: Param[][] = [];
  const updateOutcomes: Param[][] = [];
  for (const [key, o] of plan.outcomes) {
    if (loaded.outcomes.has(key))
      updateOutcomes.push([key, o.outcome, o.runNumber ?? null, Number(o.eventId)]);
    else upsertOutcomes.push(outcomeRow(key, o));
  }
  UPDATE_OUTCOMES.run(sql, updateOutcomes, [now], (chunk, changes) => {
    if (changes === chunk.length) return;
    for (const r of chunk)
      upsertOutcomes.push(outcomeRow(r[0] as string, plan.outcomes.get(r[0] as string)!));
  });
  UPSERT_OUTCOMES.run(sql, upsertOutcomes);
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
