/**
 * `POST /api/events` and the event of `POST /api/preview`: the body checked against the one declaration of a
 * PipelineEvent (src/contract/event.ts). Returns the canonical event or throws HttpError 400 with every
 * problem and its path; unknown fields are refused with where they belong.
 */
import { PipelineEventSchema } from "../contract/event.ts";
import { asMeant, check } from "../contract/issues.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { badRequest } from "./errors.ts";

export function validateEvent(body: unknown, prefix = ""): PipelineEvent {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest("invalid event: the body must be a PipelineEvent JSON object");
  const r = check(PipelineEventSchema, asMeant(PipelineEventSchema, body), prefix);
  if (r.ok) {
    const event = r.value;
    if (event.variables !== undefined && Object.keys(event.variables).length === 0) delete event.variables;
    return event;
  }
  const first = r.problems[0]!;
  const more = r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : "";
  throw badRequest(
    `invalid event: ${first.path}: ${first.message}${more}`,
    r.problems.map(({ path, message }) => ({ path, message })),
    "send a PipelineEvent (docs/api.md): pipeline.name, task.name and task.status are required",
  );
}
