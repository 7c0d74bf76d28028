/**
 * Run state for a batch of events being expanded, in one pure step both store dialects share: the
 * store loads the runs and last outcomes the batch touches (`keysOf`), `planRunState` folds the events
 * into them in order, and the store writes back what changed and each event's transition — all in
 * the transaction that expands the events, so the history and the deliveries never disagree.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Transition } from "../pipeline/status.ts";
import { isoTime } from "./iso-time.ts";
import { applyEvent, newRun, type RunState, runKeyOf } from "./state.ts";
import { decideTransition, type LastOutcome, outcomeKeyOf } from "./transition.ts";

export interface ExpandingEvent {
  id: string;
  source: string;
  event: PipelineEvent;
  /** Epoch ms. */
  receivedAt: number;
}

/** A last outcome as stored, with the columns it is found by. */
export interface OutcomeRecord extends LastOutcome {
  pipeline: string;
  task: string;
  repo: string;
  branch: string;
  eventId: string;
}

export interface RunStatePlan {
  /** Each event's transition, by event id (events without one are absent). */
  transitions: Map<string, Transition>;
  /** The runs that changed, by run key, in their final state. */
  runs: Map<string, RunState>;
  /** The last outcomes that changed, by outcome key. */
  outcomes: Map<string, OutcomeRecord>;
}

/** The keys of one event: its run's (absent without a run), its task's history's (only for an outcome). */
export interface EventKeys {
  run: string | undefined;
  outcome: string | undefined;
}

/**
 * The run keys and outcome keys a batch touches (what the store loads before planning), and each event's
 * own (`events[i]` for the batch's i-th event), which `planRunState` folds by: the keys are made once.
 */
export interface BatchKeys {
  runKeys: string[];
  outcomeKeys: string[];
  events: EventKeys[];
}

export function keysOf(events: readonly ExpandingEvent[]): BatchKeys {
  const runKeys = new Set<string>();
  const outcomeKeys = new Set<string>();
  const keys: EventKeys[] = [];
  for (const e of events) {
    const run = runKeyOf(e.source, e.event);
    if (run !== undefined) runKeys.add(run);
    // Only successes and failures are outcomes (decideTransition): no other event reads the history.
    const status = e.event.task.status;
    const outcome = status === "success" || status === "failure" ? outcomeKeyOf(e.event) : undefined;
    if (outcome !== undefined) outcomeKeys.add(outcome);
    keys.push({ run, outcome });
  }
  return { runKeys: [...runKeys], outcomeKeys: [...outcomeKeys], events: keys };
}

/**
 * Folds the events (in the given order: the order they were accepted) into the loaded state. `keys`: the
 * batch's keys as `keysOf` made them for loading (made again when not given).
 */
export function planRunState(
  events: readonly ExpandingEvent[],
  loadedRuns: ReadonlyMap<string, RunState>,
  loadedOutcomes: ReadonlyMap<string, LastOutcome>,
  keys: BatchKeys = keysOf(events),
): RunStatePlan {
  const runs = new Map<string, RunState>();
  const outcomes = new Map<string, OutcomeRecord>();
  const transitions = new Map<string, Transition>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const { run: runKey, outcome: outcomeKey } = keys.events[i]!;
    if (outcomeKey !== undefined) {
      const decision = decideTransition(outcomes.get(outcomeKey) ?? loadedOutcomes.get(outcomeKey), e.event);
      if (decision.transition !== undefined) transitions.set(e.id, decision.transition);
      if (decision.next !== undefined) {
        outcomes.set(outcomeKey, {
          ...decision.next,
          pipeline: e.event.pipeline.name,
          task: e.event.task.name,
          repo: e.event.source?.repo ?? "",
          branch: e.event.source?.branch ?? "",
          eventId: e.id,
        });
      }
    }
    if (runKey === undefined) continue;
    const at = isoTime(e.receivedAt);
    const current = runs.get(runKey) ?? loadedRuns.get(runKey) ?? newRun(e.source, e.event, at);
    // The received time in ms as well (integral, as the stores keep it): the task's duration is not parsed back from `at`.
    const next = applyEvent(
      current,
      e.event,
      e.id,
      at,
      Number.isInteger(e.receivedAt) ? e.receivedAt : undefined,
    );
    if (next !== undefined) runs.set(runKey, next);
  }
  return { transitions, runs, outcomes };
}
