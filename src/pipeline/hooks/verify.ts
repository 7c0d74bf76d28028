/**
 * Webhook authenticity, compared in constant time and against several secrets at once so a
 * secret can be rotated without dropping deliveries. Empty secrets never match anything.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

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
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    if (timingSafeEqual(expected, given)) ok = true;
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
    if (timingSafeEqual(digest(secret), given)) ok = true;
  }
  return ok;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
