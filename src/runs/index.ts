/** Run state, transitions and run cards (pure; the store keeps the state, see docs/architecture.md). */
export type { RunCard, RunCardTask } from "./card.ts";
export { cardBizIdFor, cardFallbackReason, runCard } from "./card.ts";
export type { CardAction, CardOutcome, CardRow } from "./coalesce.ts";
export { afterCardRequest, newCardRow, planCardRequest, wantVersion } from "./coalesce.ts";
export type { BatchKeys, EventKeys, ExpandingEvent, OutcomeRecord, RunStatePlan } from "./plan.ts";
export { keysOf, planRunState } from "./plan.ts";
export { MAX_CARD_TASKS, renderStandardCard } from "./standard-card.ts";
export type { RunState, RunStatus, TaskState } from "./state.ts";
export { applyEvent, applyTaskEvent, isTerminal, newRun, runKeyOf, runStatus } from "./state.ts";
export type { LastOutcome, Outcome, TransitionDecision } from "./transition.ts";
export { decideTransition, outcomeKeyOf } from "./transition.ts";
