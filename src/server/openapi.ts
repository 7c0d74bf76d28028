/**
 * The OpenAPI 3.1 document served at /api/openapi.json. The routes are described by hand; the bodies they take
 * are derived from their declarations (src/contract/), so the document says what the service checks. A test
 * checks that every route of the router is described here and nothing else.
 */
import type { GenericSchema } from "valibot";
import { openApiSchemas } from "../contract/answers.ts";
import {
  MatchBodySchema,
  NotificationPatchSchema,
  NotificationTestBodySchema,
  PreviewBodySchema,
  RetryFilterSchema,
  TokenBodySchema,
} from "../contract/api.ts";
import { componentOf } from "../contract/json-schema.ts";
import { STATUSES } from "../pipeline/status.ts";

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
/** A declared body whose fields are components of their own (`{ event }` → the PipelineEvent component). */
const declared = (schema: GenericSchema): Json => componentOf(schema) as Json;
const withRefs = (schema: GenericSchema, fields: Record<string, string>): Json => {
  const c = declared(schema) as Json & { properties: Json };
  const properties = { ...c.properties };
  for (const [field, name] of Object.entries(fields))
    properties[field] = { ...ref(name), ...pickDescription(properties[field]) };
  return { ...c, properties };
};
const pickDescription = (x: unknown): Json => {
  const d = (x as { description?: unknown } | undefined)?.description;
  return d === undefined ? {} : { description: d };
};
const json = (schema: Json, description = "OK"): Json => ({
  description,
  content: { "application/json": { schema } },
});
const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const body = (schema: Json): Json => ({ required: true, content: { "application/json": { schema } } });
const pathParam = (name: string, description: string): Json => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string" },
  description,
});
const query = (name: string, description: string, schema: Json = { type: "string" }): Json => ({
  name,
  in: "query",
  required: false,
  schema,
  description,
});
const PUBLIC = { security: [] };

function hook(source: string, verify: string): Json {
  return {
    post: {
      tags: ["hooks"],
      summary: `${source} CI webhook`,
      description: `${verify} Bodies over 1 MiB are refused (413). Refused hooks are recorded (GET /api/hooks/rejected).`,
      ...PUBLIC,
      requestBody: body({ type: "object" }),
      responses: {
        "200": json(
          {
            type: "object",
            properties: {
              ids: { type: "array", items: { type: "string" } },
              duplicate: {
                type: "boolean",
                description: "A redelivery: the ids are the events stored before",
              },
              ignored: { type: "boolean", description: "The hook carries nothing to report" },
              reason: { type: "string", description: "Why it was ignored" },
            },
          },
          "Duplicate delivery, or ignored with the reason",
        ),
        "202": json(
          { type: "object", properties: { ids: { type: "array", items: { type: "string" } } } },
          "Events stored",
        ),
        ...errors(400, 401, 413, 422, 503),
      },
    },
  };
}

let built: Json | undefined;

/**
 * The document, derived on the first request and then kept: nothing in it changes while the process runs, and
 * deriving its bodies' JSON Schemas from the declarations costs ~4 ms of CPU each time.
 */
export function openApiDocument(): Json {
  built ??= buildDocument();
  return built;
}

function buildDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "dingpipe",
      version: "0.1.0",
      description:
        "CI/CD pipeline notifications for DingTalk group robots. Every /api route needs `Authorization: Bearer <token>` except this document. See docs/api.md.",
    },
    security: [{ bearer: [] }],
    paths: {
      "/healthz": {
        get: {
          tags: ["operations"],
          summary: "Liveness",
          ...PUBLIC,
          responses: { "200": json({ type: "object" }) },
        },
      },
      "/readyz": {
        get: {
          tags: ["operations"],
          summary: "Readiness (database answers, not shutting down)",
          ...PUBLIC,
          responses: { "200": json({ type: "object" }), "503": json({ type: "object" }, "Not ready") },
        },
      },
      "/metrics": {
        get: {
          tags: ["operations"],
          summary: "Prometheus metrics",
          description:
            "Needs an API token or the metrics token (--metrics-token). `--metrics-port` serves it on a separate port too.",
          responses: {
            "200": {
              description: "Prometheus text format",
              content: { "text/plain": { schema: { type: "string" } } },
            },
          },
        },
      },
      "/api/openapi.json": {
        get: {
          tags: ["operations"],
          summary: "This document",
          ...PUBLIC,
          responses: { "200": json({ type: "object" }) },
        },
      },
      "/api/session": {
        get: {
          tags: ["session"],
          summary: "Check a token (sign-in)",
          responses: { "200": json(ref("Session")), ...errors(401) },
        },
      },
      "/api/tokens": {
        get: {
          tags: ["tokens"],
          summary: "List API tokens (names, hints, dates; never a token)",
          responses: { "200": json({ type: "array", items: ref("Token") }), ...errors(401) },
        },
        post: {
          tags: ["tokens"],
          summary: "Create a token: the answer shows it, once",
          requestBody: body(declared(TokenBodySchema)),
          responses: { "201": json(ref("Token"), "Created (with `token`)"), ...errors(400, 401, 409, 415) },
        },
      },
      "/api/tokens/{name}": {
        parameters: [pathParam("name", "Token name")],
        delete: {
          tags: ["tokens"],
          summary: "Revoke a token (never the last active one)",
          responses: { "204": { description: "Revoked" }, ...errors(401, 404, 409) },
        },
      },
      "/api/credentials": {
        get: {
          tags: ["credentials"],
          summary: "List robots",
          responses: { "200": json({ type: "array", items: ref("Credential") }), ...errors(401) },
        },
        post: {
          tags: ["credentials"],
          summary: "Add a robot (secrets are write-only and encrypted at rest)",
          requestBody: body(ref("CredentialInput")),
          responses: { "201": json(ref("Credential"), "Created"), ...errors(400, 401, 409, 413, 415, 422) },
        },
      },
      "/api/credentials/{name}": {
        parameters: [pathParam("name", "Credential name")],
        get: {
          tags: ["credentials"],
          summary: "One robot",
          responses: { "200": json(ref("Credential")), ...errors(401, 404) },
        },
        put: {
          tags: ["credentials"],
          summary: "Update a robot: omitted webhook/secret keep the stored ones; secret null removes it",
          requestBody: body(ref("CredentialUpdate")),
          responses: { "200": json(ref("Credential")), ...errors(400, 401, 404, 415, 422) },
        },
        delete: {
          tags: ["credentials"],
          summary: "Delete a robot (refused while notifications use it)",
          responses: { "204": { description: "Deleted" }, ...errors(401, 404, 409) },
        },
      },
      "/api/credentials/{name}/test": {
        parameters: [pathParam("name", "Credential name")],
        post: {
          tags: ["credentials"],
          summary: "Send a test message; DingTalk's answer",
          description:
            "The test message counts against the robot's rate limit like any delivery: when its window is full, a worker is sending on the robot or DingTalk paused it, the answer is 429 with Retry-After and nothing is sent.",
          responses: { "200": json(ref("CredentialTestResult")), ...errors(401, 404, 422, 429) },
        },
      },
      "/api/notifications": {
        get: {
          tags: ["notifications"],
          summary: "List notifications",
          responses: { "200": json({ type: "array", items: ref("Notification") }), ...errors(401) },
        },
        post: {
          tags: ["notifications"],
          summary: "Add a notification (event aliases accepted, stored canonical)",
          requestBody: body(ref("NotificationInput")),
          responses: { "201": json(ref("Notification"), "Created"), ...errors(400, 401, 415, 422) },
        },
      },
      "/api/notifications/{id}": {
        parameters: [pathParam("id", "Notification id")],
        get: {
          tags: ["notifications"],
          summary: "One notification",
          responses: { "200": json(ref("Notification")), ...errors(401, 404) },
        },
        put: {
          tags: ["notifications"],
          summary: "Replace a notification",
          requestBody: body(ref("NotificationInput")),
          responses: { "200": json(ref("Notification")), ...errors(400, 401, 404, 415, 422) },
        },
        patch: {
          tags: ["notifications"],
          summary: "Switch a notification on or off, or rename it; the rest of it stays as stored",
          requestBody: body(declared(NotificationPatchSchema)),
          responses: { "200": json(ref("Notification")), ...errors(400, 401, 404, 415) },
        },
        delete: {
          tags: ["notifications"],
          summary: "Delete a notification",
          responses: { "204": { description: "Deleted" }, ...errors(401, 404) },
        },
      },
      "/api/notifications/{id}/test": {
        parameters: [pathParam("id", "Notification id")],
        post: {
          tags: ["notifications"],
          summary:
            "Send the notification's message for the sample event through its robot; the robot's answer",
          description:
            "The message is composed for the sample event (the status given, else the notification's first event's), its title starts with 【测试】 ([test] for a notification in English) and it mentions no one. It counts against the robot's rate limit like the robot's test message: 429 with Retry-After when the robot may not send now. Works on a notification that is switched off.",
          requestBody: {
            required: false,
            content: {
              "application/json": {
                schema: declared(NotificationTestBodySchema),
              },
            },
          },
          responses: { "200": json(ref("CredentialTestResult")), ...errors(400, 401, 404, 415, 422, 429) },
        },
      },
      "/api/preview": {
        post: {
          tags: ["notifications"],
          summary: "The message a notification would send for an event (default: a sample event)",
          requestBody: body(
            withRefs(PreviewBodySchema, { notification: "NotificationInput", event: "PipelineEvent" }),
          ),
          responses: { "200": json(ref("Preview")), ...errors(400, 401, 415) },
        },
      },
      "/api/variables": {
        get: {
          tags: ["notifications"],
          summary: "Builtin template variables",
          responses: {
            "200": json({
              type: "array",
              items: {
                type: "object",
                properties: { name: { type: "string" }, description: { type: "string" } },
              },
            }),
            ...errors(401),
          },
        },
      },
      "/api/events": {
        get: {
          tags: ["events"],
          summary: "The event trail: accepted events, newest first, with filters and paging",
          parameters: [
            query("source", "Where it came from", { enum: ["api", "github", "gitlab", "gitee", "yunxiao"] }),
            query("pipeline", "Pipeline name, or a glob like the rules' (`web-*`, `*-release`)"),
            query("status", "Canonical status of the task", { enum: [...STATUSES] }),
            query("since", "Received at or after (ISO-8601 with a zone)", {
              type: "string",
              format: "date-time",
            }),
            query("until", "Received before (ISO-8601 with a zone; later than since)", {
              type: "string",
              format: "date-time",
            }),
            query("limit", "Page size (default 50, max 500)", { type: "integer", minimum: 1, maximum: 500 }),
            query("cursor", "The `next` of the previous page"),
          ],
          responses: {
            "200": json({
              type: "object",
              properties: { items: { type: "array", items: ref("Event") }, next: { type: "string" } },
            }),
            ...errors(400, 401),
          },
        },
        post: {
          tags: ["events"],
          summary: "Accept a PipelineEvent: 202 once it is durably stored",
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string" },
              description: "A second event with the same key is a duplicate (200)",
            },
          ],
          requestBody: body(ref("PipelineEvent")),
          responses: {
            "200": json(
              { type: "object", properties: { id: { type: "string" }, duplicate: { const: true } } },
              "Duplicate",
            ),
            "202": json({ type: "object", properties: { id: { type: "string" } } }, "Stored"),
            ...errors(400, 401, 413, 415),
          },
        },
      },
      "/api/events/{id}": {
        get: {
          tags: ["events"],
          summary: "One event: what it was, which notifications matched it or why not, what it delivered",
          parameters: [pathParam("id", "Event id")],
          responses: { "200": json(ref("EventDetail")), ...errors(401, 404) },
        },
      },
      "/api/events/match": {
        post: {
          tags: ["events"],
          summary: "Which notifications an event would match, and why not — nothing stored or sent",
          requestBody: body(withRefs(MatchBodySchema, { event: "PipelineEvent" })),
          responses: {
            "200": json({
              type: "object",
              properties: {
                event: ref("PipelineEvent"),
                notifications: { type: "array", items: ref("NotificationVerdict") },
              },
            }),
            ...errors(400, 401, 415),
          },
        },
      },
      "/api/deliveries": {
        get: {
          tags: ["deliveries"],
          summary: "Deliveries, newest first, with filters and paging",
          parameters: [
            query("state", "pending | sending | sent | merged | dead", {
              enum: ["pending", "sending", "sent", "merged", "dead"],
            }),
            query("credential", "Credential name"),
            query("pipeline", "Pipeline name, or a glob like the rules' (`web-*`, `*-release`)"),
            query("mergedInto", "The deliveries a digest carried: the digest's delivery id"),
            query("limit", "Page size (default 50, max 500)", { type: "integer", minimum: 1, maximum: 500 }),
            query("cursor", "The `next` of the previous page"),
          ],
          responses: {
            "200": json({
              type: "object",
              properties: { items: { type: "array", items: ref("Delivery") }, next: { type: "string" } },
            }),
            ...errors(400, 401),
          },
        },
      },
      "/api/deliveries/{id}": {
        parameters: [pathParam("id", "Delivery id")],
        get: {
          tags: ["deliveries"],
          summary: "One delivery with its event",
          responses: { "200": json(ref("Delivery")), ...errors(401, 404) },
        },
      },
      "/api/deliveries/{id}/retry": {
        parameters: [pathParam("id", "Delivery id")],
        post: {
          tags: ["deliveries"],
          summary: "Send a delivery again (dead letters included)",
          description:
            "Puts a dead, sent or merged delivery back to pending, due now. 409 while an attempt is in flight (state sending): wait for its outcome.",
          responses: { "202": json({ type: "object" }, "Queued"), ...errors(401, 404, 409) },
        },
      },
      "/api/cards": {
        get: {
          tags: ["cards"],
          summary: "Run cards (style run_card), most recently changed first",
          parameters: [
            query("state", "pending | dead", { enum: ["pending", "dead"] }),
            query("credential", "Credential name"),
            query("limit", "At most (default 50, max 500)", { type: "integer", minimum: 1, maximum: 500 }),
          ],
          responses: {
            "200": json({ type: "object", properties: { items: { type: "array", items: ref("RunCard") } } }),
            ...errors(400, 401),
          },
        },
      },
      "/api/cards/{id}": {
        parameters: [pathParam("id", "The card's cardBizId")],
        get: {
          tags: ["cards"],
          summary: "One run card",
          responses: { "200": json(ref("RunCard")), ...errors(401, 404) },
        },
      },
      "/api/cards/{id}/retry": {
        parameters: [pathParam("id", "The card's cardBizId")],
        post: {
          tags: ["cards"],
          summary: "Try a dead run card again now",
          description:
            "A dead card (its last error and fix say why) becomes pending, due now. 409 for a card that is not dead: it is brought up to date by itself. The run's next event also tries a dead card again.",
          responses: { "200": json(ref("RunCard")), ...errors(401, 404, 409) },
        },
      },
      "/api/deliveries/retry": {
        post: {
          tags: ["deliveries"],
          summary: "Send every dead delivery matching a filter again",
          description:
            "Puts every dead delivery of the credential and/or pipeline (a name or a glob) back to pending, due now — {} retries every dead letter. Answers how many; `more: true` when there were more than 5,000 (call again).",
          requestBody: body(declared(RetryFilterSchema)),
          responses: {
            "202": json(
              {
                type: "object",
                properties: { retried: { type: "integer" }, more: { const: true } },
                required: ["retried"],
              },
              "Queued",
            ),
            ...errors(400, 401, 415),
          },
        },
      },
      "/api/stats/deliveries": {
        get: {
          tags: ["deliveries"],
          summary: "Deliveries created per time bucket and state",
          parameters: [
            query("since", "ISO time or a duration back from now (24h; default 24h)"),
            query("bucket", "Bucket size: seconds or 5m / 1h / 1d (default 1h)"),
            query("state", "Only deliveries in this state", {
              enum: ["pending", "sending", "sent", "merged", "dead"],
            }),
            query("credential", "Only this credential's deliveries"),
            query("pipeline", "Only this pipeline's (a name or a glob)"),
          ],
          responses: { "200": json({ type: "array", items: ref("TimelineBucket") }), ...errors(400, 401) },
        },
      },
      "/api/hooks/rejected": {
        get: {
          tags: ["hooks"],
          summary: "Recently refused CI webhooks",
          parameters: [query("limit", "Default 50", { type: "integer" })],
          responses: { "200": json({ type: "array", items: ref("RejectedHook") }), ...errors(401) },
        },
      },
      "/hooks/github": hook(
        "GitHub",
        "workflow_run, workflow_job, check_run, check_suite, status and deployment_status events, verified by X-Hub-Signature-256 (HMAC-SHA256 of the body with the secret). Deduplicated by X-GitHub-Delivery and, within the window, by body.",
      ),
      "/hooks/gitlab": hook(
        "GitLab",
        "Pipeline Hook, Job Hook and Deployment Hook, verified by X-Gitlab-Token (the secret token). Deduplicated by Idempotency-Key, else X-Gitlab-Event-UUID, and, within the window, by body.",
      ),
      "/hooks/gitee": hook(
        "Gitee",
        'The Gitee pipeline task\'s Webhook notification, verified by X-Gitee-Token (the password, or with X-Gitee-Timestamp the Base64 HMAC-SHA256 signature keyed with the secret over `timestamp + "\\n" + secret`, at most one hour off), the X-Dingpipe-Token header or the `token` query parameter. Repository WebHooks answer 200 ignored.',
      ),
      "/hooks/yunxiao": hook(
        "Alibaba Cloud DevOps (Yunxiao) Flow",
        "The Flow Webhook plugin, verified by the `token` query parameter or the X-Dingpipe-Token header (Flow's plugin sends no secret of its own); Codeup's X-Codeup-Token too. Codeup repository WebHooks answer 200 ignored.",
      ),
    },
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token (dp_…): printed once on first start, DINGPIPE_ADMIN_TOKEN, or `dingpipe token create` / POST /api/tokens",
        },
      },
      responses: {
        E400: json(ref("Error"), "Invalid request (the reason and per-field details)"),
        E401: json(
          ref("Error"),
          "Missing or wrong API token; after a few wrong ones from an address, 429 (too_many_attempts, Retry-After)",
        ),
        E404: json(ref("Error"), "Not found"),
        E409: json(ref("Error"), "Conflict"),
        E413: json(ref("Error"), "Body too large"),
        E415: json(ref("Error"), "Body is not JSON (Content-Type)"),
        E422: json(
          ref("Error"),
          "Well-formed but not acceptable (unknown credential, host not allowed, bad CI payload)",
        ),
        E429: json(ref("Error"), "The robot may not send now (rate limit, busy or paused); see Retry-After"),
        E503: json(ref("Error"), "Webhook not configured (no secret)"),
      },
      schemas: openApiSchemas(),
    },
  };
}
