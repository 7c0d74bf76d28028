import { createHmac } from "node:crypto";

/**
 * DingTalk's robot signature: base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)),
 * UTF-8 throughout. Returned NOT URL-encoded; `signedQuery` encodes it exactly once.
 */
export function sign(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

/** The `timestamp=…&sign=…` query suffix for one request, computed per request. */
export function signedQuery(secret: string, timestampMs: number): string {
  return `timestamp=${timestampMs}&sign=${encodeURIComponent(sign(secret, timestampMs))}`;
}
