/** node:crypto, loaded at its first use, not at start: an idle service never needs it (≈2.5 MB). */
const crypto = () => process.getBuiltinModule("node:crypto");

/**
 * Feishu's custom bot signature: the HMAC-SHA256 key is `timestamp + "\n" + secret` (timestamp in
 * SECONDS), the message is empty, the digest base64. Both go into the JSON body, not the URL.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return crypto().createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

/** The body with `timestamp` and `sign` for this moment (computed per request). */
export function signedBody(body: object, secret: string, nowMs: number): object {
  const timestamp = Math.floor(nowMs / 1000);
  return { timestamp: String(timestamp), sign: feishuSign(secret, timestamp), ...body };
}
