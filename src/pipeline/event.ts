/**
 * PipelineEvent: the one vocabulary every input (CI environment, CI webhook, API call) is normalized into.
 * Declared once in src/contract/event.ts (fields, what each means, what is required); this is its type.
 * Only `pipeline.name`, `task.name` and `task.status` are required; whatever a platform does not provide is
 * simply absent (never "", never "undefined").
 */
import type { PipelineEventShape } from "../contract/event.ts";

export interface PipelineEvent extends PipelineEventShape {}
