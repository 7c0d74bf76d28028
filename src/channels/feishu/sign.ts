import { crypto } from "../../lazy-crypto.ts";

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
