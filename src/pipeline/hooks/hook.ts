/** What a webhook normalizer returns: the events it carries, the platform's delivery id, or why there are none. */
import type { PipelineEvent } from "../event.ts";

export type HookSource = "github" | "gitlab" | "gitee" | "yunxiao";
export const HOOK_SOURCES: readonly HookSource[] = ["github", "gitlab", "gitee", "yunxiao"];

export interface NormalizedHook {
  events: PipelineEvent[];
  /** The platform's id for this delivery (for deduplication), when it sends one. */
  deliveryId?: string;
  /** Why no event came out, e.g. "workflow_run action deleted is not a state we report". */
  ignored?: string;
}

/** A hook that carries nothing to report, with the reason. */
export function ignore(reason: string, deliveryId?: string): NormalizedHook {
  return deliveryId === undefined
    ? { events: [], ignored: reason }
    : { events: [], deliveryId, ignored: reason };
}

/** A hook carrying one event. */
export function single(event: PipelineEvent, deliveryId?: string): NormalizedHook {
  return deliveryId === undefined ? { events: [event] } : { events: [event], deliveryId };
}
