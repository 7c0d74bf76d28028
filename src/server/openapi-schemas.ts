/** The JSON Schemas of the OpenAPI document's components (see openapi.ts). */
import { PipelineEventSchema } from "../contract/event.ts";
import { componentOf } from "../contract/json-schema.ts";

type Json = Record<string, unknown>;

/** The template reference syntax, spelled out for descriptions. */
const VAR = "$" + "{VAR}";
const str: Json = { type: "string" };
const strs: Json = { type: "array", items: str };
const time: Json = { type: "string", format: "date-time" };
const rateLimit: Json = {
  type: "object",
  properties: {
    messages: { type: "integer", minimum: 1, default: 20 },
    perSeconds: { type: "integer", minimum: 1, default: 60 },
  },
};

export function openApiSchemas(v: { statuses: string[]; contentItems: string[] }): Record<string, Json> {
  const notificationFields: Record<string, Json> = {
    credential: { type: "string", description: "Name of the credential (robot) that sends it" },
    pipelines: { ...strs, description: "Pipeline names or glob patterns; absent = every pipeline" },
    tasks: { ...strs, description: "Task names or glob patterns; absent = every task" },
    events: {
      type: "array",
      items: str,
      description: `Canonical events (${v.statuses.join(", ")}), platform aliases, or transitions the service derives from each task's history (broken, fixed, still_failing)`,
    },
    content: { type: "array", items: { enum: v.contentItems }, description: "Run facts to add, in order" },
    custom: { type: "string", description: `DingTalk markdown with ${VAR} references` },
    at: { ...strs, description: `Mobiles, ${VAR} references, or all` },
    style: { enum: ["markdown", "action_card"] },
  };
  return {
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message"],
          properties: {
            code: str,
            message: str,
            fix: str,
            details: { type: "array", items: { type: "object", properties: { path: str, message: str } } },
          },
        },
      },
    },
    Token: {
      type: "object",
      properties: {
        name: str,
        source: {
          enum: ["env", "generated", "created", "legacy"],
          description:
            "env: DINGPIPE_ADMIN_TOKEN (replaced when it changes); generated: printed on the first start; created: `dingpipe token create` or POST; legacy: stored by an older version",
        },
        hint: { type: "string", description: "Its first characters, to recognize it" },
        token: { type: "string", description: "POST only: the token itself, shown this once" },
        createdAt: time,
        lastUsedAt: time,
        revokedAt: time,
      },
    },
    Session: {
      type: "object",
      properties: { ok: { const: true }, token: { type: "object", properties: { name: str } } },
    },
    Credential: {
      type: "object",
      properties: {
        name: str,
        hint: { type: "string", description: 'What may be shown: "oapi.dingtalk.com access_token=ab12…"' },
        hasSecret: { type: "boolean" },
        keywords: strs,
        rateLimit,
        robot: {
          type: "object",
          description:
            "The state of the real robot behind the credential, shared by every credential holding its webhook (DingTalk counts its limit per robot)",
          required: ["state"],
          properties: {
            state: {
              enum: ["ok", "paused", "failing"],
              description:
                "paused: DingTalk throttled it (130101), nothing is sent before `until`; failing: its last request failed",
            },
            until: {
              ...time,
              description: "paused: when the pause ends; failing: when the next attempt is due",
            },
            reason: str,
            lastSentAt: time,
            lastError: str,
          },
        },
        warnings: {
          type: "array",
          description:
            "POST and PUT only: things to know that did not stop the change (shared_robot: another credential already sends to this robot)",
          items: { type: "object", properties: { code: str, path: str, message: str, fix: str } },
        },
        createdAt: time,
        updatedAt: time,
      },
    },
    CredentialInput: {
      type: "object",
      required: ["name", "webhook"],
      additionalProperties: false,
      properties: {
        name: str,
        webhook: {
          type: "string",
          description: "https://oapi.dingtalk.com/robot/send?access_token=… (write-only)",
        },
        secret: { type: "string", description: "The robot's SEC… signing secret (write-only)" },
        keywords: strs,
        rateLimit,
      },
    },
    CredentialUpdate: {
      type: "object",
      additionalProperties: false,
      properties: {
        webhook: { type: "string", description: "Omit to keep the stored webhook" },
        secret: { type: ["string", "null"], description: "Omit to keep; null removes it" },
        keywords: strs,
        rateLimit,
      },
    },
    CredentialTestResult: {
      type: "object",
      properties: {
        ok: { type: "boolean" },
        errcode: { type: "integer" },
        errmsg: str,
        code: str,
        fix: str,
        durationMs: { type: "integer" },
      },
    },
    NotificationInput: {
      type: "object",
      required: ["credential", "events"],
      additionalProperties: false,
      properties: notificationFields,
    },
    Notification: {
      type: "object",
      properties: { id: str, ...notificationFields, createdAt: time, updatedAt: time },
    },
    Preview: {
      type: "object",
      properties: {
        message: { type: "object", description: "The DingTalk message JSON" },
        bytes: { type: "integer" },
        maxBytes: { const: 20000 },
        unknownVariables: strs,
      },
    },
    PipelineEvent: componentOf(PipelineEventSchema) as Json,
    Delivery: {
      type: "object",
      properties: {
        id: str,
        eventId: str,
        notificationId: str,
        credential: str,
        pipeline: str,
        task: str,
        eventStatus: str,
        state: { enum: ["pending", "sending", "sent", "merged", "dead"] },
        message: { type: "object", description: "The message exactly as sent" },
        attempts: {
          type: "array",
          items: {
            type: "object",
            properties: {
              at: time,
              durationMs: { type: "number" },
              errcode: { type: "integer" },
              errmsg: str,
              error: str,
            },
          },
        },
        runAt: time,
        lastError: str,
        fix: str,
        mergedInto: str,
        run: { type: "integer", description: "The run's number, as the CI shows it (in lists)" },
        createdAt: time,
        sentAt: time,
        waiting: {
          type: "object",
          description:
            "A pending delivery its robot holds back: until when, and why (paused by DingTalk, its rate window full, a retry's backoff)",
          properties: {
            until: time,
            reason: { enum: ["paused", "window", "backoff"] },
            why: str,
            message: { type: "string", description: '"waiting for the robot until 14:05 UTC (…)"' },
          },
        },
        event: { type: "object", description: "GET /api/deliveries/{id} only: the event record" },
      },
    },
    Event: {
      type: "object",
      properties: {
        id: str,
        source: { enum: ["api", "github", "gitlab", "gitee", "yunxiao"] },
        dedupKey: { ...str, description: "The platform's delivery id (or the API's Idempotency-Key)" },
        receivedAt: time,
        expanded: { type: "boolean", description: "Matched against the notifications yet" },
        transition: {
          enum: ["broken", "fixed", "still_failing"],
          description:
            "What the event meant in its task's history (set when expanded; absent when it made none)",
        },
        event: { $ref: "#/components/schemas/PipelineEvent" },
      },
    },
    NotificationVerdict: {
      type: "object",
      properties: {
        id: str,
        credential: str,
        matched: { type: "boolean" },
        checks: {
          type: "array",
          items: {
            type: "object",
            properties: {
              field: { enum: ["status", "pipeline", "task"] },
              ok: { type: "boolean" },
              reason: {
                ...str,
                description: "e.g. pipeline pattern `web-*` does not match `Build pipeline`",
              },
            },
          },
        },
        why: { type: "array", items: str, description: "Why it sends nothing for this event" },
        changedSince: {
          type: "boolean",
          description: "Created or changed after the event arrived: the checks use its current settings",
        },
        deliveryId: { ...str, description: "The delivery it made for this event" },
      },
    },
    EventDetail: {
      allOf: [
        { $ref: "#/components/schemas/Event" },
        {
          type: "object",
          properties: {
            note: { ...str, description: "Present while the event has not been matched yet" },
            notifications: { type: "array", items: { $ref: "#/components/schemas/NotificationVerdict" } },
            deliveries: { type: "array", items: { $ref: "#/components/schemas/Delivery" } },
          },
        },
      ],
    },
    TimelineBucket: {
      type: "object",
      properties: {
        start: time,
        counts: {
          type: "object",
          properties: Object.fromEntries(
            ["pending", "sending", "sent", "merged", "dead"].map((s) => [s, { type: "integer" }]),
          ),
        },
      },
    },
    RejectedHook: {
      type: "object",
      properties: {
        id: str,
        source: str,
        reason: str,
        httpStatus: { type: "integer" },
        excerpt: str,
        receivedAt: time,
      },
    },
  };
}
