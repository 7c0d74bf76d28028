/**
 * Run state for a batch of events being expanded, in one pure step both store dialects share: the
 * store loads the runs and last outcomes the batch touches (`keysOf`), `planRunState` folds the events
 * into them in order, and the store writes back what changed and each event's transition — all in
 * the transaction that expands the events, so the history and the deliveries never disagree.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Transition } from "../pipeline/status.ts";
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

/** The run keys and outcome keys a batch touches (what the store loads before planning). */
export function keysOf(events: readonly ExpandingEvent[]): { runKeys: string[]; outcomeKeys: string[] } {
  const runKeys = new Set<string>();
  const outcomeKeys = new Set<string>();
  for (const e of events) {
    const run = runKeyOf(e.source, e.event);
    if (run !== undefined) runKeys.add(run);
    if (e.event.task.status === "success" || e.event.task.status === "failure") {
      outcomeKeys.add(outcomeKeyOf(e.event));
    }
  }
  return { runKeys: [...runKeys], outcomeKeys: [...outcomeKeys] };
}

/** Folds the events (in the given order: the order they were accepted) into the loaded state. */
export function planRunState(
  events: readonly ExpandingEvent[],
  loadedRuns: ReadonlyMap<string, RunState>,
  loadedOutcomes: ReadonlyMap<string, LastOutcome>,
): RunStatePlan {
  const runs = new Map<string, RunState>();
  const outcomes = new Map<string, OutcomeRecord>();
  const transitions = new Map<string, Transition>();
  for (const e of events) {
    const at = new Date(e.receivedAt).toISOString();
    const outcomeKey = outcomeKeyOf(e.event);
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
    const runKey = runKeyOf(e.source, e.event);
    if (runKey === undefined) continue;
    const current = runs.get(runKey) ?? loadedRuns.get(runKey) ?? newRun(e.source, e.event, at);
    const next = applyEvent(current, e.event, e.id, at);
    if (next !== undefined) runs.set(runKey, next);
  }
  return { transitions, runs, outcomes };
}
