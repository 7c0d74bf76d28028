/**
 * POST /api/events (ingest: validate, store durably, nudge the engine, 202 — never waits on DingTalk),
 * POST /api/preview (what a notification would send, rendered for its robot's kind) and GET /api/variables (for autocompletion).
 */
import { eventRunCard } from "../../channels/dingtalk_app/run-card.ts";
import { channelFor } from "../../channels/index.ts";
import { type ChannelKind, kindOfWord } from "../../channels/kinds.ts";
import { PreviewBodySchema } from "../../contract/api.ts";
import { compose } from "../../notify/compose.ts";
import { sampleEvent } from "../../notify/sample.ts";
import { BUILTIN_VARIABLES, referencedVariables } from "../../notify/template.ts";
import { CI_VARIABLES, ciVariableCatalogue } from "../../pipeline/ci.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { statusOf } from "../../pipeline/status.ts";
import { assertAccepting } from "../accepting.ts";
import { jsonBody, type Services } from "../context.ts";
import { badRequest } from "../errors.ts";
import { checkBody, isObject } from "../refuse.ts";
import type { Reply, Router } from "../router.ts";
import { validateEvent, validateNotification } from "../validate.ts";

/** The longest Idempotency-Key accepted (characters). */
export const MAX_IDEMPOTENCY_KEY = 200;

/** Stores one event; the reply is 202 {id}, or 200 {id, duplicate: true} for a known dedup key. */
export async function ingest(
  s: Services,
  source: string,
  event: PipelineEvent,
  dedupKey?: string,
): Promise<Reply> {
  // Healthy (nearly always): no promise to wait for before the insert.
  if (!s.store.health().ok) await assertAccepting(s);
  const { id, duplicate } = await s.store.insertEvent(
    dedupKey === undefined ? { source, event } : { source, event, dedupKey },
  );
  if (duplicate) {
    s.metrics.eventsDuplicate.inc({ source });
    return { status: 200, body: { id, duplicate: true } };
  }
  s.metrics.eventsIn.inc({ source });
  s.engine?.wake();
  return { status: 202, body: { id } };
}

export function eventRoutes(router: Router, s: Services): void {
  router.post("/api/events", async ({ req }) => {
    const event = validateEvent(await jsonBody(s, req));
    const key = req.headers["idempotency-key"];
    const trimmed = typeof key === "string" ? key.trim() : "";
    // Never cut: two keys sharing their first 200 characters would collapse into one event.
    if (trimmed.length > MAX_IDEMPOTENCY_KEY)
      throw badRequest(
        `the Idempotency-Key header is ${trimmed.length} characters long: at most ${MAX_IDEMPOTENCY_KEY}`,
        [{ path: "Idempotency-Key", message: `longer than ${MAX_IDEMPOTENCY_KEY} characters` }],
        "send a shorter key (a UUID, or a hash of what identifies the event)",
      );
    const dedupKey = trimmed !== "" ? `api:${trimmed}` : undefined;
    return ingest(s, "api", event, dedupKey);
  });

  router.post("/api/preview", async ({ req }) => {
    const body = await jsonBody(s, req);
    // Shape first (unknown fields refused); the notification and the event are checked as their own bodies.
    const { type } = checkBody(PreviewBodySchema, body, "preview", {
      fix: "send { notification, event?, type? } (docs/api.md)",
    });
    const { notification, event: given } = body as { notification: unknown; event?: unknown };
    if (!isObject(notification))
      throw badRequest("invalid preview: notification must be a JSON object", [
        { path: "notification", message: "must be an object" },
      ]);
    const rule = validateNotification(notification, "notification.");
    const event =
      given === undefined || given === null
        ? sampleEvent(rule.events[0] && statusOf(rule.events[0]))
        : validateEvent(given, "event.");
    // The robot kind: the credential's when it exists, else the one the form is about to create.
    const credential = await s.store.getCredential(rule.credential);
    const kind: ChannelKind =
      credential?.kind ?? (type === undefined ? undefined : kindOfWord(type)) ?? "dingtalk";
    const channel = channelFor(kind);
    const notice = compose(rule, event);
    // A run card: drawn from the sample event's run (the service's card lists every task of the run).
    const card =
      rule.style === "run_card" && kind === "dingtalk_app"
        ? eventRunCard("api", event, rule.credential, notice.locale)
        : undefined;
    const rendered =
      card?.rendered ??
      channel.render(notice, {
        keywords: credential?.keywords ?? [],
        signed: credential?.hasSecret ?? false,
      });
    // Known: dingpipe's own, every CI platform's (set when the event comes from that CI), the event's.
    const known = new Set([
      ...Object.keys(BUILTIN_VARIABLES),
      ...CI_VARIABLES,
      ...Object.keys(event.variables ?? {}),
    ]);
    const referenced = [
      ...(rule.custom === undefined ? [] : referencedVariables(rule.custom)),
      ...(rule.at ?? []).flatMap((a) => referencedVariables(a)),
    ];
    const unknownVariables = [...new Set(referenced.filter((v) => !known.has(v)))];
    return {
      status: 200,
      body: {
        type: kind,
        message: rendered.body,
        messageType: rendered.type,
        bytes: rendered.bytes,
        maxBytes: rendered.maxBytes,
        truncated: rendered.truncated,
        unknownVariables,
        // `at:` entries this robot kind cannot mention (a mobile on Feishu), and why.
        unmentionable: rendered.unmentionable,
        mentionNote: channel.info.words.en.mentions,
      },
    };
  });

  router.get("/api/variables", () => ({ status: 200, body: variableCatalogue() }));
}

/**
 * dingpipe's own variables, then each CI platform's (set only when the event comes from that CI), one
 * entry a name with the platforms that set it.
 */
export function variableCatalogue(): Array<{ name: string; description: string; ci?: string[] }> {
  const byName = new Map<string, string[]>();
  for (const { ci, names } of ciVariableCatalogue()) {
    for (const name of names)
      if (!(name in BUILTIN_VARIABLES)) byName.set(name, [...(byName.get(name) ?? []), ci]);
  }
  return [
    ...Object.entries(BUILTIN_VARIABLES).map(([name, description]) => ({ name, description })),
    ...[...byName].map(([name, ci]) => ({ name, description: `set by ${ci.join(", ")} runs`, ci })),
  ];
}
