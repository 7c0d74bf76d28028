/** The delivery engine's public entry. */
export type {
  DeliveryStore,
  DueDeliveries,
  DueDelivery,
  ExpandResult,
  RuleSelector,
  SendOutcome,
} from "./delivery-store.ts";
export type { DeliveryEngine, DeliveryEngineOptions } from "./engine.ts";
export { startDeliveryEngine } from "./engine.ts";
export type { DeliveryLogger, ResolvedCredential } from "./lane.ts";
export type { ComposeFns } from "./messages.ts";
export type { DeliveryObserver } from "./observer.ts";
export type { RetryLadder } from "./policy.ts";
export { backoffMs, DEFAULT_LADDER, judgeFailure, planSend, windowRoom } from "./policy.ts";
