/**
 * Is a CI webhook really from the platform? Each source has its own ways, tried in order; the first that
 * holds lets the hook in. When none holds, the 401 says which credentials came, which were checked and why
 * each failed — nothing came (`signature_missing`), something came and matches no configured secret
 * (`bad_signature`), or Gitee's signature is right but its timestamp too far off (`stale_timestamp`) — and
 * what to set where. Secrets and the values received are never written into the answer.
 *
 * - github: `X-Hub-Signature-256` (HMAC-SHA256 of the raw body).
 * - gitlab: `X-Gitlab-Token` (the webhook's secret token).
 * - gitee: `X-Gitee-Token` — the WebHook password, or its signature with `X-Gitee-Timestamp` — then the
 *   `X-Dingpipe-Token` header, then the `token` query parameter.
 * - yunxiao: the `X-Dingpipe-Token` header, the `token` query parameter, Codeup's `X-Codeup-Token`.
 */
import {
  checkGiteeToken,
  GITEE_TIMESTAMP_TOLERANCE_MS,
  verifyGithubSignature,
  verifySharedToken,
} from "../pipeline/hooks/verify.ts";
import type { HookSource } from "./context.ts";
import { HttpError } from "./errors.ts";

export const SECRET_FLAG: Record<HookSource, string> = {
  github: "--github-secret / DINGPIPE_GITHUB_SECRET",
  gitlab: "--gitlab-secret / DINGPIPE_GITLAB_SECRET",
  gitee: "--gitee-secret / DINGPIPE_GITEE_SECRET",
  yunxiao: "--yunxiao-secret / DINGPIPE_YUNXIAO_SECRET",
};

/** Where the user sets the secret on the platform's side. */
const WHERE: Record<HookSource, string> = {
  github:
    "in GitHub, repository (or organization) Settings → Webhooks → the webhook → Secret, set the same value as",
  gitlab:
    "in GitLab, project (or group) Settings → Webhooks → the webhook → Secret token, set the same value as",
  gitee:
    "in Gitee, set the pipeline task's Webhook notification 密钥 (or a repository WebHook's password or signing key) to the same value as",
  yunxiao:
    "in Flow, end the Webhook plugin's URL with ?token=<the secret> (Flow's plugin sends no secret of its own), the secret being the value of",
};

interface Attempt {
  /** "X-Gitee-Token", "the token query parameter"… */
  what: string;
  /** Why it did not hold. */
  why: string;
  stale?: boolean;
}

type Check = { ok: true } | { ok: false; attempts: Attempt[] };

function checkGithub(raw: Uint8Array, headers: Record<string, string | undefined>, secrets: string[]): Check {
  const given = headers["x-hub-signature-256"];
  if (given === undefined || given.trim() === "") return { ok: false, attempts: [] };
  if (!/^sha256=[0-9a-f]{64}$/i.test(given.trim())) {
    return {
      ok: false,
      attempts: [{ what: "X-Hub-Signature-256", why: "is not of the form sha256=<64 hex digits>" }],
    };
  }
  return verifyGithubSignature(raw, given, secrets)
    ? { ok: true }
    : {
        ok: false,
        attempts: [
          {
            what: "X-Hub-Signature-256",
            why: "is not the HMAC-SHA256 of this body with any configured secret",
          },
        ],
      };
}

function checkToken(what: string, value: string | undefined, secrets: string[]): Attempt | "ok" | undefined {
  if (value === undefined || value === "") return undefined;
  return verifySharedToken(value, secrets) ? "ok" : { what, why: "matches no configured secret" };
}

function checkGitee(
  headers: Record<string, string | undefined>,
  url: URL,
  secrets: string[],
  now: number,
): Check {
  const attempts: Attempt[] = [];
  const gitee = checkGiteeToken(headers["x-gitee-token"], headers["x-gitee-timestamp"], secrets, now);
  if (gitee.ok) return { ok: true };
  if (gitee.problem === "mismatch") {
    attempts.push({
      what: "X-Gitee-Token",
      why:
        headers["x-gitee-timestamp"] === undefined
          ? "is not the password of any configured secret (and no X-Gitee-Timestamp came to check it as a signature)"
          : "is neither the password nor the signature of X-Gitee-Timestamp with any configured secret",
    });
  } else if (gitee.problem === "bad_timestamp") {
    attempts.push({
      what: "X-Gitee-Token",
      why: "came with an X-Gitee-Timestamp that is not a time in milliseconds",
    });
  } else if (gitee.problem === "stale") {
    const minutes = Math.round(Math.abs(gitee.offsetMs ?? 0) / 60_000);
    attempts.push({
      what: "X-Gitee-Token",
      why: `is a right signature, but X-Gitee-Timestamp is ${minutes} minutes from this server's clock (at most ${GITEE_TIMESTAMP_TOLERANCE_MS / 60_000} allowed), so it may be a replay`,
      stale: true,
    });
  }
  for (const [what, value] of [
    ["X-Dingpipe-Token", headers["x-dingpipe-token"]],
    ["the token query parameter", url.searchParams.get("token") ?? undefined],
  ] as const) {
    const r = checkToken(what, value, secrets);
    if (r === "ok") return { ok: true };
    if (r) attempts.push(r);
  }
  return { ok: false, attempts };
}

function checkShared(
  candidates: ReadonlyArray<readonly [string, string | undefined]>,
  secrets: string[],
): Check {
  const attempts: Attempt[] = [];
  for (const [what, value] of candidates) {
    const r = checkToken(what, value, secrets);
    if (r === "ok") return { ok: true };
    if (r) attempts.push(r);
  }
  return { ok: false, attempts };
}

/** What each source accepts, for the "nothing came" answer. */
const ACCEPTS: Record<HookSource, string> = {
  github: "an X-Hub-Signature-256 header",
  gitlab: "an X-Gitlab-Token header",
  gitee:
    "an X-Gitee-Token header (password, or signature with X-Gitee-Timestamp), an X-Dingpipe-Token header or a token query parameter",
  yunxiao: "an X-Dingpipe-Token header, a token query parameter or an X-Codeup-Token header",
};

/** Undefined when the hook is authentic; otherwise the 401 to answer. */
export function authenticateHook(
  source: HookSource,
  raw: Uint8Array,
  headers: Record<string, string | undefined>,
  url: URL,
  secrets: string[],
  now: number,
): HttpError | undefined {
  let check: Check;
  switch (source) {
    case "github":
      check = checkGithub(raw, headers, secrets);
      break;
    case "gitlab":
      check = checkShared([["X-Gitlab-Token", headers["x-gitlab-token"]]], secrets);
      break;
    case "gitee":
      check = checkGitee(headers, url, secrets, now);
      break;
    case "yunxiao":
      check = checkShared(
        [
          ["X-Dingpipe-Token", headers["x-dingpipe-token"]],
          ["the token query parameter", url.searchParams.get("token") ?? undefined],
          ["X-Codeup-Token", headers["x-codeup-token"]],
        ],
        secrets,
      );
      break;
  }
  if (check.ok) return undefined;
  const fix = `${WHERE[source]} ${SECRET_FLAG[source]} on this service`;
  if (check.attempts.length === 0) {
    return new HttpError(
      401,
      "signature_missing",
      `the ${source} webhook came without a secret: dingpipe needs ${ACCEPTS[source]}`,
      { fix: `the webhook has no secret set: ${fix}` },
    );
  }
  const tried = check.attempts.map((a) => `${a.what} ${a.why}`).join("; ");
  if (check.attempts.every((a) => a.stale)) {
    return new HttpError(401, "stale_timestamp", `the ${source} webhook was refused: ${tried}`, {
      fix: "check this server's clock (NTP); Gitee signs each request with the time it sends it",
    });
  }
  return new HttpError(401, "bad_signature", `the ${source} webhook was refused: ${tried}`, {
    fix:
      source === "github"
        ? `${fix}; a body changed on the way (a proxy re-encoding JSON) also fails the signature`
        : fix,
  });
}
