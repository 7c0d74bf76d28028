/**
 * Robot keys: the real robot behind a credential, named without showing its secret. A channel
 * gives a robot's identity — its kind, the webhook's origin and the secret that names the robot
 * (DingTalk access_token, WeCom key, Feishu hook token) — and a keyer hashes it, so two credentials
 * on one robot (or one robot pasted twice) share one rate window, and a key in a log or a database
 * row reveals nothing. The service hashes with a key of its own (keyed HMAC, createRobotKeyer) and
 * keys its delivery lanes, send log, throttles and robot state by it; without one, a plain SHA-256
 * serves in-process uses (the CLI's rate limiter).
 */
import { crypto } from "../lazy-crypto.ts";
import type { ChannelKind } from "./kinds.ts";

/** Turns a robot identity (`kind\norigin\nsecret`) into a key `kind:<hash>`. */
export type RobotKeyer = (identity: string) => string;

/** The secret identity of a robot: never log or store it, hash it with a keyer. */
export function robotIdentity(kind: ChannelKind, origin: string, secret: string): string {
  return `${kind}\n${origin.toLowerCase()}\n${secret}`;
}

/**
 * The robot key of an identity (undefined when there is none), hashed by `keyer` (default the plain
 * keyer): every channel's `robotKey`, given its own `robotIdentity`.
 */
export function keyRobot(identity: string | undefined, keyer: RobotKeyer = plainKeyer): string | undefined {
  return identity === undefined ? undefined : keyer(identity);
}

/** A keyer without a key: SHA-256 of the identity (in-process keys, tests). */
export const plainKeyer: RobotKeyer = (identity) => {
  const kind = identity.slice(0, identity.indexOf("\n"));
  return `${kind}:${crypto().createHash("sha256").update(identity, "utf8").digest("base64url")}`;
};

/**
 * The service's keyer: an HMAC-SHA256 of the identity under a sub-key derived from the service's
 * secret key for this purpose only, so the database never holds a robot's secret in clear and a key
 * cannot be recomputed from the database alone.
 */
export function createRobotKeyer(secretKey: Buffer): RobotKeyer {
  // Derived at the first robot keyed, not at start (node:crypto loads then).
  let derived: Buffer | undefined;
  return (identity) => {
    derived ??= Buffer.from(
      crypto().hkdfSync("sha256", secretKey, Buffer.alloc(0), "dingpipe robot key v1", 32),
    );
    const key = derived;
    const kind = identity.slice(0, identity.indexOf("\n"));
    return `${kind}:${crypto().createHmac("sha256", key).update(identity, "utf8").digest("base64url")}`;
  };
}

/** Whether two robot keys name the same robot, compared in constant time. */
export function sameRobot(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && crypto().timingSafeEqual(x, y);
}
