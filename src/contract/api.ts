/**
 * The service's own bodies, beside the file's notification (src/contract/config.ts) and the PipelineEvent
 * (src/contract/event.ts): the credential body from the file's credential fields, and the small ones; declared once, checked by `check` (unknown fields refused with a
 * did-you-mean, as docs/api.md promises) and described in the OpenAPI document by `componentOf`.
 */
import * as v from "valibot";
import { STATUSES } from "../pipeline/status.ts";
import {
  CredentialFieldSchemas as fields,
  KindSchema,
  NotificationSchema,
  RATE_LIMIT_DESCRIPTION,
} from "./config.ts";
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

// ---------------------------------------------------------------- the credential body

/**
 * A whole number from 1 to `max`, worded as the service has always said it. No `default`: an absent one is the
 * robot kind's (Feishu 100 messages, the others 20), as RATE_LIMIT_DESCRIPTION says.
 */
const apiCount = (max: number, unit: string) => {
  const words = `must be a whole number${unit} from 1 to ${max}`;
  return v.pipe(v.number(words), v.integer(words), v.minValue(1, words), v.maxValue(max, words));
};
/** A field of the file, at most `max` characters in the service's store, described for the API. */
const stored = <T extends v.GenericSchema<string, string>>(field: T, max: number, description?: string) => {
  const limited = v.pipe(field, v.maxLength(max, `must be at most ${max} characters`));
  return description === undefined ? limited : said(limited, description);
};
const WRITE_ONLY = "Write-only (sealed at rest, never shown again).";

/**
 * The credential body of `POST /api/credentials` and `PUT /api/credentials/{name}`: the file's credential
 * fields in camelCase, from the same declarations, with the service's length limits, plus `name` (the file's
 * map key). Outside config.ts, so `notify` and the action never load it. What only the API does (the name's rule: it is a URL path segment; which fields each kind takes;
 * what a new credential needs) is checked by src/server/validate.ts.
 */
export const CredentialBodySchema = v.strictObject({
  name: v.optional(
    said(
      v.string(),
      "The credential's name: 1 to 64 letters (of any script), digits, '.', '_' or '-', not only dots. Required on create; on update it is the path's and cannot change.",
    ),
  ),
  type: v.optional(KindSchema),
  webhook: v.optional(
    stored(
      fields.webhook,
      2048,
      `${WRITE_ONLY} DingTalk: https://oapi.dingtalk.com/robot/send?access_token=… (or the access_token alone); WeCom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (or the key alone); Feishu: https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: open.larksuite.com). Required on create (not for dingtalk_app); omit on update to keep it.`,
    ),
  ),
  secret: v.optional(
    v.nullable(
      stored(
        fields.secret,
        512,
        `${WRITE_ONLY} The signing secret: DingTalk's SEC…, Feishu's; WeCom robots have none. Omit on update to keep it; null removes it.`,
      ),
    ),
  ),
  keywords: v.optional(fields.keywords),
  rateLimit: v.optional(
    said(
      v.strictObject({
        messages: v.optional(apiCount(10_000, "")),
        perSeconds: v.optional(apiCount(86_400, " of seconds")),
      }),
      RATE_LIMIT_DESCRIPTION,
    ),
  ),
  appKey: v.optional(stored(fields.app_key, 200)),
  appSecret: v.optional(
    stored(fields.app_secret, 512, `${WRITE_ONLY} DingTalk app robot: the app's AppSecret.`),
  ),
  robotCode: v.optional(stored(fields.robot_code, 200)),
  conversationId: v.optional(stored(fields.conversation_id, 200)),
  baseUrl: v.optional(stored(fields.base_url, 2048)),
});

export type CredentialBodyShape = v.InferOutput<typeof CredentialBodySchema>;
