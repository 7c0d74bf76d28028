/**
 * Transitions: what a task's outcome means against the same task's last outcome. One pure decision,
 * used by the service when it expands an event (the store keeps the last outcome per key):
 *
 * | last outcome       | now      | transition      |
 * |--------------------|----------|-----------------|
 * | none, or success   | failure  | `broken`        |
 * | failure            | failure  | `still_failing` |
 * | failure            | success  | `fixed`         |
 * | none, or success   | success  | none            |
 *
 * Only successes and failures are outcomes: started, waiting, cancelled and skipped neither change the
 * history nor make a transition. A late result of an OLDER run (its run number below the last one
 * recorded) changes nothing either, so a slow webhook cannot claim a fix the newer run did not make.
 * The history is kept per repository + branch + pipeline + task: a feature branch failing does not
 * break main, and "CI" of one repository is not "CI" of another.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Transition } from "../pipeline/status.ts";
import { textKey } from "./key.ts";

export type Outcome = "success" | "failure";

export interface LastOutcome {
  outcome: Outcome;
  /** The run number of the event that set it, when the platform numbers runs. */
  runNumber?: number | undefined;
}

/**
 * Where a task's history lives: repository, branch, pipeline and task (unit separator between). NUL reads as
 * U+FFFD, as in every text column: PostgreSQL's text refuses it, and a key must be the same on both stores; so
 * does a lone surrogate (a name cut inside an emoji), as the column's UTF-8 stores it.
 */
export function outcomeKeyOf(event: PipelineEvent): string {
  return textKey(
    `${event.source?.repo ?? ""}\u001f${event.source?.branch ?? ""}\u001f${event.pipeline.name}\u001f${event.task.name}`,
  );
}

export interface TransitionDecision {
  transition?: Transition;
  /** The new last outcome to record; absent = the history stays as it was. */
  next?: LastOutcome;
}

/** The transition an event makes against the task's last outcome, and the last outcome after it. */
export function decideTransition(
  previous: LastOutcome | undefined,
  event: PipelineEvent,
): TransitionDecision {
  const status = event.task.status;
  if (status !== "success" && status !== "failure") return {};
  const runNumber = event.run?.number;
  if (
    previous?.runNumber !== undefined &&
    runNumber !== undefined &&
    Number.isFinite(runNumber) &&
    runNumber < previous.runNumber
  ) {
    return {};
  }
  const next: LastOutcome = { outcome: status, ...(runNumber === undefined ? {} : { runNumber }) };
  if (status === "failure") {
    return { transition: previous?.outcome === "failure" ? "still_failing" : "broken", next };
  }
  return previous?.outcome === "failure" ? { transition: "fixed", next } : { next };
}
