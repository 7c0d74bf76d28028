/**
 * The service's own small bodies, beside the file's notification and credential (src/contract/config.ts) and the
 * PipelineEvent (src/contract/event.ts): declared once, checked by `check` (unknown fields refused with a
 * did-you-mean, as docs/api.md promises) and described in the OpenAPI document by `componentOf`.
 */
import * as v from "valibot";
import { STATUSES } from "../pipeline/status.ts";
import { KindSchema, NotificationSchema } from "./config.ts";
import { PipelineEventSchema } from "./event.ts";

const said = <T extends v.GenericSchema>(schema: T, description: string) =>
  v.pipe(schema, v.description(description));

/** `POST /api/tokens`: the token is generated, never chosen. */
export const TokenBodySchema = v.strictObject({
  name: said(v.string(), "Letters of any script, digits, . _ -; not only dots (at most 64)"),
});

/** `PATCH /api/notifications/{id}`: the switch and the name alone, with the file's words for them. */
export const NotificationPatchSchema = v.strictObject({
  enabled: NotificationSchema.entries.enabled,
  name: v.optional(
    said(v.nullable(NotificationSchema.entries.name.wrapped), "null or empty removes the name"),
  ),
});

/** `POST /api/notifications/{id}/test` (the body is optional): the sample event's status. */
export const NotificationTestBodySchema = v.strictObject({
  status: v.optional(
    said(
      v.picklist(STATUSES, `must be one of ${STATUSES.join(", ")}`),
      "The sample event's status (default the notification's first event's)",
    ),
  ),
});

/** `POST /api/events/match`: a pasted event. */
export const MatchBodySchema = v.strictObject({ event: PipelineEventSchema });

/** `POST /api/preview`: the notification being edited and the event are checked as their own bodies. */
export const PreviewBodySchema = v.strictObject({
  notification: said(v.unknown(), "A notification (NotificationInput), as the form holds it"),
  event: v.optional(said(v.unknown(), "A PipelineEvent; default a sample event for the first event")),
  type: v.optional(
    said(KindSchema, "The robot kind to render for when the notification's credential does not exist yet"),
  ),
});

const filter = (what: string) => {
  const words = "must be a non-empty string of at most 500 characters";
  return v.optional(said(v.pipe(v.string(words), v.minLength(1, words), v.maxLength(500, words)), what));
};

/** `POST /api/deliveries/retry`: which dead deliveries ({} = every one). */
export const RetryFilterSchema = v.strictObject({
  credential: filter("A credential's name, or a glob"),
  pipeline: filter("A pipeline's name, or a glob"),
});
