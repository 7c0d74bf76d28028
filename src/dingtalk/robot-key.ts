/**
 * Which real robot a credential sends to. DingTalk counts its rate limit (20 messages a minute) per
 * robot, not per credential: two credentials holding the same webhook share one window, so the
 * service keys its lanes, send log and throttles by the robot, not by the credential's name.
 *
 * A robot is named by its identity (for a DingTalk webhook robot: the endpoint's origin and its
 * access token — a secret), and stored only as a keyed hash of it: `dingtalk:<HMAC-SHA256>` under a
 * key derived from the service's secret key, so the database never holds the token in clear and the
 * key cannot be recomputed from the database alone. Keys are compared in constant time.
 *
 * The identity is the one robot-kind-specific part: other robot kinds (WeCom, Feishu) name their
 * robots their own way; `robotIdentity` is what a channel of each kind provides.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/** The endpoint robots live at when a credential gives only a token. */
const DINGTALK_ORIGIN = "https://oapi.dingtalk.com";

/**
 * The secret identity of a DingTalk webhook robot: `dingtalk` + the endpoint's origin + its
 * access token (the origin keeps robots of two emulators or relays apart). Undefined when the
 * webhook is not a URL or carries no access token. Never log or store it: hash it with robotKey.
 */
export function robotIdentity(robot: {
  webhook?: string;
  token?: string;
  baseUrl?: string;
}): string | undefined {
  let origin: string;
  let token: string | null | undefined;
  try {
    if (robot.webhook !== undefined) {
      const url = new URL(robot.webhook);
      origin = url.origin;
      token = url.searchParams.get("access_token");
    } else {
      origin = new URL(robot.baseUrl ?? DINGTALK_ORIGIN).origin;
      token = robot.token;
    }
  } catch {
    return undefined;
  }
  if (!token) return undefined;
  return `dingtalk\n${origin.toLowerCase()}\n${token}`;
}

/** Makes robot keys under the service's secret key (a sub-key derived for this purpose only). */
export function createRobotKeyer(secretKey: Buffer): (identity: string) => string {
  const key = Buffer.from(hkdfSync("sha256", secretKey, Buffer.alloc(0), "dingpipe robot key v1", 32));
  return (identity) => {
    const kind = identity.slice(0, identity.indexOf("\n"));
    return `${kind}:${createHmac("sha256", key).update(identity, "utf8").digest("base64url")}`;
  };
}

/** The robot key of a webhook, or undefined when the webhook names no robot. */
export function robotKeyOf(keyer: (identity: string) => string, webhook: string): string | undefined {
  const identity = robotIdentity({ webhook });
  return identity === undefined ? undefined : keyer(identity);
}

/** Whether two robot keys name the same robot, compared in constant time. */
export function sameRobot(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
