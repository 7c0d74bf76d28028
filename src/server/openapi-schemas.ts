/**
 * The JSON Schemas of the OpenAPI document's components (see openapi.ts). What the API takes (a notification, a
 * credential, a PipelineEvent) is derived from the declarations in src/contract/; what it answers is written here,
 * extending them where an answer is the body plus what the service adds (id, times).
 */
import { CredentialBodySchema } from "../contract/api.ts";
import { NotificationSchema } from "../contract/config.ts";
import { PipelineEventSchema } from "../contract/event.ts";
import { componentOf } from "../contract/json-schema.ts";

type Json = Record<string, unknown>;
type Component = Json & { properties: Record<string, Json> };

const str: Json = { type: "string" };
const strs: Json = { type: "array", items: str };
const time: Json = { type: "string", format: "date-time" };

/** Derived when the document is (openapi.ts keeps it), not when the service starts. */
export function openApiSchemas(v: { kinds: string[] }): Record<string, Json> {
  const notificationInput = componentOf(NotificationSchema) as Component;
  const credentialInput = componentOf(CredentialBodySchema) as Component;
  const kind: Json = {
    enum: v.kinds,
    description:
      "The robot's kind: dingtalk (a DingTalk custom robot), wecom (a WeCom group robot), feishu (a Feishu / Lark custom bot), dingtalk_app (a DingTalk app robot)",
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
        type: kind,
        hint: {
          type: "string",
          description:
            'What may be shown: "oapi.dingtalk.com access_token=ab12…", "qyapi.weixin.qq.com key=ab12…", "open.feishu.cn hook/ab12…"',
        },
        hasSecret: { type: "boolean" },
        keywords: strs,
        rateLimit: credentialInput.properties.rateLimit,
        robot: {
          type: "object",
          description:
            "The state of the real robot behind the credential, shared by every credential holding its webhook (DingTalk counts its limit per robot)",
          required: ["state"],
          properties: {
            state: {
              enum: ["ok", "paused", "failing"],
              description:
                "paused: its service throttled it (DingTalk 130101, WeCom 45009, Feishu 11232), nothing is sent before `until`; failing: its last request failed",
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
        waiting: {
          type: "integer",
          description: "GET: this credential's deliveries waiting to go (pending or being sent)",
        },
        sharedWith: {
          ...strs,
          description:
            "GET: the other credentials that send to the same robot (they share its rate limit; one credential per robot is enough)",
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
    // The bodies are the declarations (src/contract/config.ts, api.ts): the same fields and checks as the file.
    CredentialInput: {
      ...credentialInput,
      required: ["name"],
      description:
        "A webhook robot takes webhook (required) and its kind's secret and keywords; a DingTalk app robot (type dingtalk_app) takes appKey, appSecret, robotCode and conversationId (required) and baseUrl instead",
    },
    CredentialUpdate: {
      ...credentialInput,
      description:
        "The fields to change (omitted ones are kept); type, if given, must be the stored kind (a new kind is a new credential)",
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
    NotificationInput: notificationInput,
    Notification: {
      type: "object",
      description: "A notification as stored: lists are lists, events canonical, enabled always present",
      properties: {
        id: str,
        ...notificationInput.properties,
        enabled: { type: "boolean", description: "false: switched off, it matches no event" },
        createdAt: time,
        updatedAt: time,
      },
    },
    Preview: {
      type: "object",
      properties: {
        type: kind,
        message: { type: "object", description: "The message JSON, in the robot kind's dialect" },
        messageType: { type: "string", description: "markdown, actionCard, text, interactive" },
        bytes: { type: "integer", description: "Its size as the robot's limit counts it" },
        maxBytes: {
          type: "integer",
          description: "20,000 (DingTalk, Feishu), 4,096 (WeCom markdown), 2,048 (WeCom text)",
        },
        truncated: { type: "boolean" },
        unknownVariables: strs,
        unmentionable: { ...strs, description: "at: entries this robot kind cannot mention (left out)" },
        mentionNote: { type: "string", description: "What this robot kind can mention" },
      },
    },
    PipelineEvent: componentOf(PipelineEventSchema) as Json,
    RunCard: {
      type: "object",
      description: "One card per pipeline run and group (style run_card), changed in place",
      properties: {
        cardBizId: str,
        notificationId: str,
        credential: str,
        state: { enum: ["pending", "dead"] },
        upToDate: { type: "boolean", description: "The card shows the run's latest state" },
        wantedVersion: { type: "integer", description: "The run version the card must show" },
        shownVersion: { type: "integer", description: "The run version DingTalk shows (0: not sent yet)" },
        created: { type: "boolean" },
        tries: { type: "integer" },
        runAt: time,
        createdAt: time,
        updatedAt: time,
        sentAt: time,
        lastError: str,
        fix: str,
      },
    },
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
        type: {
          ...kind,
          description: "GET /api/deliveries/{id} only: the robot kind the message was written for",
        },
        message: { type: "object", description: "The message exactly as sent, in the robot kind's dialect" },
        attempts: {
          type: "array",
          items: {
            type: "object",
            properties: {
              at: time,
              durationMs: { type: "number" },
              errcode: {
                type: "integer",
                description: "The robot's answer: DingTalk/WeCom errcode, Feishu code",
              },
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
            "A pending delivery its robot holds back: until when, and why (paused by DingTalk, its rate window full, a retry's backoff); or a delivery still sending whose worker stopped before the answer (resend: it goes again, once, when a worker next takes the robot)",
          properties: {
            until: time,
            reason: { enum: ["paused", "window", "backoff", "resend"] },
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
              field: { enum: ["status", "pipeline", "task", "enabled"] },
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
