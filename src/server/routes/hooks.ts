/**
 * CI webhooks: /hooks/github, /hooks/gitlab, /hooks/gitee, /hooks/yunxiao. Each is verified with its own
 * secret(s) (constant-time; a second secret for rotation), size-limited, parsed, normalized into
 * PipelineEvents, deduplicated by the platform's delivery id and stored; the answer is 202 without waiting
 * on DingTalk. A refused hook gets a 4xx with the reason and is recorded for the operator (at most
 * REJECT_RECORDS_PER_MINUTE per source, so a flood cannot fill the database).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isDingpipeError } from "../../errors.ts";
import {
  normalizeGitee,
  normalizeGithub,
  normalizeGitlab,
  normalizeYunxiao,
  verifyGithubSignature,
  verifySharedToken,
} from "../../pipeline/index.ts";
import { assertAccepting } from "../accepting.ts";
import { readBody } from "../body.ts";
import { HOOK_SOURCES, type HookSource, type Services } from "../context.ts";
import { HttpError } from "../errors.ts";
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

const FLAG: Record<HookSource, string> = {
  github: "--github-secret / DINGPIPE_GITHUB_SECRET",
  gitlab: "--gitlab-secret / DINGPIPE_GITLAB_SECRET",
  gitee: "--gitee-secret / DINGPIPE_GITEE_SECRET",
  yunxiao: "--yunxiao-secret / DINGPIPE_YUNXIAO_SECRET",
};

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function verify(
  source: HookSource,
  raw: Buffer,
  headers: Record<string, string | undefined>,
  url: URL,
  secrets: string[],
): boolean {
  switch (source) {
    case "github":
      return verifyGithubSignature(raw, headers["x-hub-signature-256"], secrets);
    case "gitlab":
      return verifySharedToken(headers["x-gitlab-token"], secrets);
    default:
      // Gitee's and Yunxiao's webhook plugins document no signing scheme: a shared secret configured on both
      // sides, sent as the X-Dingpipe-Token header or the `token` query parameter of the webhook URL.
      return verifySharedToken(
        headers["x-dingpipe-token"] ?? url.searchParams.get("token") ?? undefined,
        secrets,
      );
  }
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
            fix: `start the service with ${FLAG[source]} set to the secret configured in ${source}'s webhook settings`,
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
    if (!verify(source, raw, headers, url, secrets)) {
      const what =
        source === "github"
          ? "X-Hub-Signature-256 signature"
          : source === "gitlab"
            ? "X-Gitlab-Token"
            : "token";
      return reject(
        source,
        new HttpError(401, "bad_signature", `the ${what} does not match the configured ${source} secret`, {
          fix: `configure the same secret in ${source}'s webhook settings and in ${FLAG[source]}`,
        }),
        raw,
      );
    }
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
      return { status: 200, body: { ids: [], ignored: normalized.ignored ?? "nothing to report" } };
    }
    const base = normalized.deliveryId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`;
    await assertAccepting(s);
    const ids: string[] = [];
    let duplicates = 0;
    for (const [i, event] of normalized.events.entries()) {
      const r = await s.store.insertEvent({ source, event, dedupKey: `${source}:${base}#${i}` });
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
