/**
 * `POST /api/events` and the event of `POST /api/preview`: the body checked against the one declaration of a
 * PipelineEvent (src/contract/event.ts). Returns the canonical event or throws HttpError 400 with every
 * problem and its path; unknown fields are refused with where they belong.
 */
import { MatchBodySchema } from "../contract/api.ts";
import { PipelineEventSchema } from "../contract/event.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { badRequest } from "./errors.ts";
import { checkBody, isObject } from "./refuse.ts";

const FIX = "send a PipelineEvent (docs/api.md): pipeline.name, task.name and task.status are required";

export function validateEvent(body: unknown, prefix = ""): PipelineEvent {
  if (!isObject(body)) throw badRequest("invalid event: the body must be a PipelineEvent JSON object");
  return tidy(checkBody(PipelineEventSchema, body, "event", { fix: FIX, prefix }));
}

/** `POST /api/events/match`: `{ event }`, a field of the event beside it pointed at its place (`event.task`). */
export function validateMatchBody(body: unknown): PipelineEvent {
  return tidy(checkBody(MatchBodySchema, body, "body", { fix: FIX, unknown: "the body is { event }" }).event);
}

/** Without an empty map of variables. */
function tidy(event: PipelineEvent): PipelineEvent {
  if (event.variables !== undefined && Object.keys(event.variables).length === 0) delete event.variables;
  return event;
}
