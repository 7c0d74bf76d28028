/**
 * node:crypto, loaded at its first use, not at start: an idle service never needs it (≈2.5 MB). Written
 * here rather than taken from lazy-crypto.ts like everywhere else: `send` loads this module up front, and
 * the CLI bundle would put the shared helper in a chunk of its own, one more file on its start-up.
 */
const crypto = () => process.getBuiltinModule("node:crypto");

/**
 * DingTalk's robot signature: base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)),
 * UTF-8 throughout. Returned NOT URL-encoded; `signedQuery` encodes it exactly once.
 */
export function sign(secret: string, timestampMs: number): string {
  return crypto().createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

/** The `timestamp=…&sign=…` query suffix for one request, computed per request. */
export function signedQuery(secret: string, timestampMs: number): string {
  return `timestamp=${timestampMs}&sign=${encodeURIComponent(sign(secret, timestampMs))}`;
}
