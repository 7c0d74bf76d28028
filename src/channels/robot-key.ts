/**
 * Robot keys: the real robot behind a credential, named without showing its secret. A channel
 * gives a robot's identity — its kind, the webhook's origin and the secret that names the robot
 * (DingTalk access_token, WeCom key, Feishu hook token) — and a keyer hashes it, so two credentials
 * on one robot (or one robot pasted twice) share one rate window, and a key in a log or a database
 * row reveals nothing. The service hashes with a key of its own (keyed HMAC); without one, a plain
 * SHA-256 serves in-process uses (the CLI's rate limiter).
 */
import { createHash } from "node:crypto";
import type { ChannelKind } from "./kinds.ts";

/** Turns a robot identity (`kind\norigin\nsecret`) into a key `kind:<hash>`. */
export type RobotKeyer = (identity: string) => string;

/** The secret identity of a robot: never log or store it, hash it with a keyer. */
export function robotIdentity(kind: ChannelKind, origin: string, secret: string): string {
  return `${kind}\n${origin.toLowerCase()}\n${secret}`;
}

/** A keyer without a key: SHA-256 of the identity (in-process keys, tests). */
export const plainKeyer: RobotKeyer = (identity) => {
  const kind = identity.slice(0, identity.indexOf("\n"));
  return `${kind}:${createHash("sha256").update(identity, "utf8").digest("base64url")}`;
};
