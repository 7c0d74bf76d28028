/**
 * What the API answers, declared as its bodies are (src/contract/api.ts, config.ts, event.ts): every answer's
 * fields, their kinds and descriptions. The OpenAPI document's components derive from these and the bodies
 * (`openApiSchemas`); an answer that is a body plus what the service adds (id, times) extends the body's fields.
 */
import { toJsonSchemaDefs } from "@valibot/to-json-schema";
import * as v from "valibot";
import { CHANNEL_KINDS } from "../channels/kinds.ts";
import { CredentialBodySchema } from "./api.ts";
import { NotificationSchema } from "./config.ts";
import { PipelineEventSchema } from "./event.ts";
import { tidy } from "./json-schema.ts";

const said = <T extends v.GenericSchema>(schema: T, description: string) =>
  v.pipe(schema, v.description(description));
/** An answer's fields: each may be absent (an answer says what applies). */
const answer = <E extends v.ObjectEntries>(entries: E) => v.partial(v.object(entries));
const str = v.string();
const strs = v.array(str);
const int = v.pipe(v.number(), v.integer());
const bool = v.boolean();
const time = v.pipe(v.string(), v.isoTimestamp());
const json = (description: string) => said(v.looseObject({}), description);
const kind = said(
  v.picklist(CHANNEL_KINDS),
  "The robot's kind: dingtalk (a DingTalk custom robot), wecom (a WeCom group robot), feishu (a Feishu / Lark custom bot), dingtalk_app (a DingTalk app robot)",
);
const DELIVERY_STATES = ["pending", "sending", "sent", "merged", "dead"] as const;

const Delivery = answer({
  id: str,
  eventId: str,
  notificationId: str,
  credential: str,
  pipeline: str,
  task: str,
  eventStatus: str,
  state: v.picklist(DELIVERY_STATES),
  type: said(kind, "GET /api/deliveries/{id} only: the robot kind the message was written for"),
  message: json("The message exactly as sent, in the robot kind's dialect"),
  attempts: v.array(
    answer({
      at: time,
      durationMs: v.number(),
      errcode: said(int, "The robot's answer: DingTalk/WeCom errcode, Feishu code"),
      errmsg: str,
      error: str,
    }),
  ),
  runAt: time,
  lastError: str,
  fix: str,
  mergedInto: str,
  run: said(int, "The run's number, as the CI shows it (in lists)"),
  createdAt: time,
  sentAt: time,
  waiting: said(
    answer({
      until: time,
      reason: v.picklist(["paused", "window", "backoff", "resend"]),
      why: str,
      message: said(str, '"waiting for the robot until 14:05 UTC (…)"'),
    }),
    "A pending delivery its robot holds back: until when, and why (paused by DingTalk, its rate window full, a retry's backoff); or a delivery still sending whose worker stopped before the answer (resend: it goes again, once, when a worker next takes the robot)",
  ),
  event: json("GET /api/deliveries/{id} only: the event record"),
});

const Event = answer({
  id: str,
  source: v.picklist(["api", "github", "gitlab", "gitee", "yunxiao"]),
  dedupKey: said(str, "The platform's delivery id (or the API's Idempotency-Key)"),
  receivedAt: time,
  expanded: said(bool, "Matched against the notifications yet"),
  transition: said(
    v.picklist(["broken", "fixed", "still_failing"]),
    "What the event meant in its task's history (set when expanded; absent when it made none)",
  ),
  event: PipelineEventSchema,
});

const NotificationVerdict = answer({
  id: str,
  credential: str,
  matched: bool,
  checks: v.array(
    answer({
      field: v.picklist(["status", "pipeline", "task", "enabled"]),
      ok: bool,
      reason: said(str, "e.g. pipeline pattern `web-*` does not match `Build pipeline`"),
    }),
  ),
  why: said(strs, "Why it sends nothing for this event"),
  changedSince: said(bool, "Created or changed after the event arrived: the checks use its current settings"),
  deliveryId: said(str, "The delivery it made for this event"),
});

/** The components: each answer and body once; where one holds another, a `$ref` to it. */
export const COMPONENTS = {
  Error: v.object({
    error: v.object({
      code: str,
      message: str,
      ...v.partial(v.object({ fix: str, details: v.array(answer({ path: str, message: str })) })).entries,
    }),
  }),
  Token: answer({
    name: str,
    source: said(
      v.picklist(["env", "generated", "created", "legacy"]),
      "env: DINGPIPE_ADMIN_TOKEN (replaced when it changes); generated: printed on the first start; created: `dingpipe token create` or POST; legacy: stored by an older version",
    ),
    hint: said(str, "Its first characters, to recognize it"),
    token: said(str, "POST only: the token itself, shown this once"),
    createdAt: time,
    lastUsedAt: time,
    revokedAt: time,
  }),
  Session: answer({ ok: v.literal(true), token: answer({ name: str }) }),
  Credential: answer({
    name: str,
    type: kind,
    hint: said(
      str,
      'What may be shown: "oapi.dingtalk.com access_token=ab12…", "qyapi.weixin.qq.com key=ab12…", "open.feishu.cn hook/ab12…"',
    ),
    hasSecret: bool,
    keywords: strs,
    rateLimit: CredentialBodySchema.entries.rateLimit.wrapped,
    robot: said(
      v.object({
        state: said(
          v.picklist(["ok", "paused", "failing"]),
          "paused: its service throttled it (DingTalk 130101, WeCom 45009, Feishu 11232), nothing is sent before `until`; failing: its last request failed",
        ),
        ...answer({
          until: said(time, "paused: when the pause ends; failing: when the next attempt is due"),
          reason: str,
          lastSentAt: time,
          lastError: str,
        }).entries,
      }),
      "The state of the real robot behind the credential, shared by every credential holding its webhook (DingTalk counts its limit per robot)",
    ),
    waiting: said(int, "GET: this credential's deliveries waiting to go (pending or being sent)"),
    sharedWith: said(
      strs,
      "GET: the other credentials that send to the same robot (they share its rate limit; one credential per robot is enough)",
    ),
    warnings: said(
      v.array(answer({ code: str, path: str, message: str, fix: str })),
      "POST and PUT only: things to know that did not stop the change (shared_robot: another credential already sends to this robot)",
    ),
    createdAt: time,
    updatedAt: time,
  }),
  CredentialInput: CredentialBodySchema,
  CredentialTestResult: answer({
    ok: bool,
    errcode: int,
    errmsg: str,
    code: str,
    fix: str,
    durationMs: int,
  }),
  NotificationInput: NotificationSchema,
  Notification: said(
    answer({
      id: str,
      ...NotificationSchema.entries,
      enabled: said(bool, "false: switched off, it matches no event"),
      createdAt: time,
      updatedAt: time,
    }),
    "A notification as stored: lists are lists, events canonical, enabled always present",
  ),
  Preview: answer({
    type: kind,
    message: json("The message JSON, in the robot kind's dialect"),
    messageType: said(str, "markdown, actionCard, text, interactive"),
    bytes: said(int, "Its size as the robot's limit counts it"),
    maxBytes: said(int, "20,000 (DingTalk, Feishu), 4,096 (WeCom markdown), 2,048 (WeCom text)"),
    truncated: bool,
    unknownVariables: strs,
    unmentionable: said(strs, "at: entries this robot kind cannot mention (left out)"),
    mentionNote: said(str, "What this robot kind can mention"),
  }),
  PipelineEvent: PipelineEventSchema,
  RunCard: said(
    answer({
      cardBizId: str,
      notificationId: str,
      credential: str,
      state: v.picklist(["pending", "dead"]),
      upToDate: said(bool, "The card shows the run's latest state"),
      wantedVersion: said(int, "The run version the card must show"),
      shownVersion: said(int, "The run version DingTalk shows (0: not sent yet)"),
      created: bool,
      tries: int,
      runAt: time,
      createdAt: time,
      updatedAt: time,
      sentAt: time,
      lastError: str,
      fix: str,
    }),
    "One card per pipeline run and group (style run_card), changed in place",
  ),
  Delivery,
  Event,
  NotificationVerdict,
  EventDetail: v.intersect([
    Event,
    answer({
      note: said(str, "Present while the event has not been matched yet"),
      notifications: v.array(NotificationVerdict),
      deliveries: v.array(Delivery),
    }),
  ]),
  TimelineBucket: answer({
    start: time,
    counts: answer(Object.fromEntries(DELIVERY_STATES.map((s) => [s, int])) as Record<string, typeof int>),
  }),
  RejectedHook: answer({
    id: str,
    source: str,
    reason: str,
    httpStatus: int,
    excerpt: str,
    receivedAt: time,
  }),
};

/** The OpenAPI document's components (openapi.ts derives them once, when the document is first asked for). */
export function openApiSchemas(): Record<string, Record<string, unknown>> {
  const defs = toJsonSchemaDefs(COMPONENTS, {
    target: "draft-2020-12",
    typeMode: "input",
    ignoreActions: ["check"],
    overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
  });
  const schemas = tidy(defs) as Record<string, Record<string, unknown>>;
  const credential = schemas["CredentialInput"]!;
  schemas["CredentialInput"] = {
    ...credential,
    required: ["name"],
    description:
      "A webhook robot takes webhook (required) and its kind's secret and keywords; a DingTalk app robot (type dingtalk_app) takes appKey, appSecret, robotCode and conversationId (required) and baseUrl instead",
  };
  schemas["CredentialUpdate"] = {
    ...credential,
    description:
      "The fields to change (omitted ones are kept); type, if given, must be the stored kind (a new kind is a new credential)",
  };
  return schemas;
}
