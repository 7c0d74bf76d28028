/**
 * Webhook authenticity, compared in constant time and against several secrets at once so a
 * secret can be rotated without dropping deliveries. Empty secrets never match anything.
 */
import { crypto } from "../../lazy-crypto.ts";

/** GitHub's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` against any of `secrets`. */
export function verifyGithubSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  secrets: string[],
): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), "hex");
  let ok = false;
  for (const secret of secrets) {
    if (secret === "") continue;
    const expected = crypto().createHmac("sha256", secret).update(rawBody).digest();
    if (crypto().timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}

/**
 * A shared token (GitLab's X-Gitlab-Token; the X-Dingpipe-Token header or `token` query parameter
 * configured for Gitee and Yunxiao) equal to any of `secrets`. Both sides are hashed first so the
 * comparison takes the same time whatever the lengths.
 */
export function verifySharedToken(provided: string | undefined, secrets: string[]): boolean {
  if (provided === undefined || provided === "") return false;
  const given = digest(provided);
  let ok = false;
  for (const secret of secrets) {
    if (secret === "") continue;
    if (crypto().timingSafeEqual(digest(secret), given)) ok = true;
  }
  return ok;
}

function digest(value: string): Buffer {
  return crypto().createHash("sha256").update(value, "utf8").digest();
}

/** How far X-Gitee-Timestamp may be from this server's clock (Gitee's own rule: one hour). */
export const GITEE_TIMESTAMP_TOLERANCE_MS = 60 * 60 * 1000;

/** Gitee's signature: Base64 of HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`. */
export function giteeSignature(timestamp: string, secret: string): string {
  return crypto().createHmac("sha256", secret).update(`${timestamp}\n${secret}`, "utf8").digest("base64");
}

/** What checking X-Gitee-Token found. */
export type GiteeTokenCheck =
  | { ok: true; via: "signature" | "password" }
  | { ok: false; problem: "missing" | "mismatch" | "stale" | "bad_timestamp"; offsetMs?: number };

/**
 * Gitee's `X-Gitee-Token`: either the WebHook password in plain text, or — with `X-Gitee-Timestamp`
 * (milliseconds) — the signature above, URL-encoded or not. A right signature whose timestamp is more than
 * an hour from `nowMs` is "stale" (a replay). Compared in constant time against every secret.
 */
export function checkGiteeToken(
  token: string | undefined,
  timestamp: string | undefined,
  secrets: string[],
  nowMs: number,
): GiteeTokenCheck {
  if (token === undefined || token === "") return { ok: false, problem: "missing" };
  if (verifySharedToken(token, secrets)) return { ok: true, via: "password" };
  if (timestamp === undefined) return { ok: false, problem: "mismatch" };
  if (!/^\d{10,13}$/.test(timestamp)) return { ok: false, problem: "bad_timestamp" };
  const candidates = new Set([token]);
  try {
    candidates.add(decodeURIComponent(token));
  } catch {
    // not URL-encoded
  }
  let signed = false;
  for (const secret of secrets) {
    if (secret === "") continue;
    const expected = giteeSignature(timestamp, secret);
    for (const given of candidates) if (verifySharedToken(given, [expected])) signed = true;
  }
  if (!signed) return { ok: false, problem: "mismatch" };
  const ms = timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
  const offsetMs = nowMs - ms;
  if (Math.abs(offsetMs) > GITEE_TIMESTAMP_TOLERANCE_MS) return { ok: false, problem: "stale", offsetMs };
  return { ok: true, via: "signature" };
}
