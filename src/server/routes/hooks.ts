/**
 * CI webhooks: /hooks/github, /hooks/gitlab, /hooks/gitee, /hooks/yunxiao. Each is authenticated with its own
 * secret(s) (hook-auth.ts: constant-time, a second secret for rotation), size-limited, parsed, normalized into
 * PipelineEvents, deduplicated and stored; the answer is 202 without waiting on DingTalk. A hook that carries
 * nothing to report answers 200 {ignored: true, reason}. A refused hook gets a 4xx with the reason and is
 * recorded for the operator (at most REJECT_RECORDS_PER_MINUTE per source, so a flood cannot fill the database).
 *
 * Deduplication: by the platform's delivery id when it sends one (X-GitHub-Delivery, GitLab's Idempotency-Key or
 * X-Gitlab-Event-UUID), for good; and by the body's SHA-256 within `hookDedupWindowMs` everywhere — a redelivery or
 * a replayed capture with a new delivery id inside the window is the same event, while a retried task's
 * byte-identical FAIL after the window is a new one.
 */
import type { IncomingMessage } from "node:http";
import { isDingpipeError } from "../../errors.ts";
import { crypto } from "../../lazy-crypto.ts";
import { normalizeGitee, normalizeGithub, normalizeGitlab, normalizeYunxiao } from "../../pipeline/index.ts";
import { assertAccepting } from "../accepting.ts";
import { readBody } from "../body.ts";
import { HOOK_SOURCES, type HookSource, type Services } from "../context.ts";
import { HttpError } from "../errors.ts";
import { authenticateHook, SECRET_FLAG } from "../hook-auth.ts";
import { redactText } from "../log.ts";
import type { Router } from "../router.ts";

const REJECT_RECORDS_PER_MINUTE = 60;

type Normalizer = typeof normalizeGithub;
const NORMALIZERS: Record<HookSource, Normalizer> = {
  github: normalizeGithub,
  gitlab: normalizeGitlab,
  gitee: normalizeGitee,
  yunxiao: normalizeYunxiao,
};

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function parsePayload(raw: Buffer, contentType: string | undefined): unknown {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  let text = raw.toString("utf8");
  if (type === "application/x-www-form-urlencoded") {
    // GitHub can be set to send form-encoded bodies: the JSON is the `payload` field.
    const payload = new URLSearchParams(text).get("payload");
    if (payload === null)
      throw new HttpError(400, "invalid", "form-encoded hook body without a 'payload' field");
    text = payload;
  }
  if (text.trim() === "") throw new HttpError(400, "invalid", "the hook body is empty; JSON expected");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, "invalid", `the hook body is not valid JSON: ${(e as Error).message}`, {
      fix: "set the webhook's content type to application/json",
    });
  }
}

export function hookRoutes(router: Router, s: Services): void {
  const recorded = new Map<string, { minute: number; n: number }>();

  async function reject(source: string, e: HttpError, raw: Buffer | undefined): Promise<never> {
    s.metrics.hooksRejected.inc({ source, reason: e.code });
    s.logger.warn("hook rejected", { source, status: e.status, code: e.code, reason: e.message });
    const minute = Math.floor(s.now() / 60_000);
    const r = recorded.get(source);
    const n = r && r.minute === minute ? r.n + 1 : 1;
    recorded.set(source, { minute, n });
    if (n <= REJECT_RECORDS_PER_MINUTE) {
      const excerpt = raw === undefined ? "" : redactText(raw.subarray(0, 2048).toString("utf8"));
      try {
        await s.store.recordRejectedHook({ source, reason: e.message, httpStatus: e.status, excerpt });
      } catch (err) {
        s.logger.error("could not record a rejected hook", { source, error: err });
      }
    }
    throw e;
  }

  router.post("/hooks/:source", async ({ req, url, params }) => {
    const source = params["source"] as HookSource;
    if (!HOOK_SOURCES.includes(source)) {
      throw new HttpError(
        404,
        "not_found",
        `no webhook receiver for '${params["source"]}' (${HOOK_SOURCES.join(", ")})`,
      );
    }
    const secrets = s.hookSecrets[source] ?? [];
    if (secrets.length === 0) {
      return reject(
        source,
        new HttpError(
          503,
          "hook_not_configured",
          `the ${source} webhook has no secret configured, so it accepts nothing`,
          {
            fix: `start the service with ${SECRET_FLAG[source]} set to the secret configured in ${source}'s webhook settings`,
          },
        ),
        undefined,
      );
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, s.maxHookBodyBytes);
    } catch (e) {
      return reject(
        source,
        e instanceof HttpError ? e : new HttpError(400, "invalid", "unreadable body"),
        undefined,
      );
    }
    const headers = headerMap(req);
    const refused = authenticateHook(source, raw, headers, url, secrets, s.now());
    if (refused) return reject(source, refused, raw);
    let normalized: ReturnType<Normalizer>;
    try {
      normalized = NORMALIZERS[source](headers, parsePayload(raw, headers["content-type"]));
    } catch (e) {
      if (e instanceof HttpError) return reject(source, e, raw);
      if (isDingpipeError(e)) {
        return reject(
          source,
          new HttpError(422, e.code, e.message, e.fix === undefined ? {} : { fix: e.fix }),
          raw,
        );
      }
      s.logger.error("hook normalizer failed", { source, error: e });
      return reject(
        source,
        new HttpError(422, "bad_payload", `the ${source} payload could not be read`),
        raw,
      );
    }
    if (normalized.events.length === 0) {
      const reason = normalized.ignored ?? "nothing to report";
      s.logger.info("hook ignored", { source, reason });
      return { status: 200, body: { ids: [], ignored: true, reason } };
    }
    await assertAccepting(s);
    const bodyHash = crypto().createHash("sha256").update(raw).digest("hex");
    const ids: string[] = [];
    let duplicates = 0;
    for (const [i, event] of normalized.events.entries()) {
      const r = await s.store.insertEvent({
        source,
        event,
        bodyHash: `${bodyHash}#${i}`,
        bodyWindowMs: s.hookDedupWindowMs,
        ...(normalized.deliveryId === undefined
          ? {}
          : { dedupKey: `${source}:${normalized.deliveryId}#${i}` }),
      });
      ids.push(r.id);
      if (r.duplicate) {
        duplicates++;
        s.metrics.eventsDuplicate.inc({ source });
      } else s.metrics.eventsIn.inc({ source });
    }
    if (duplicates === ids.length) return { status: 200, body: { ids, duplicate: true } };
    s.engine?.wake();
    return { status: 202, body: { ids } };
  });
}
