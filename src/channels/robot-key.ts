/**
 * Robot keys: the real robot behind a credential, named without showing its secret. A key is the
 * kind, the webhook's host and a SHA-256 digest of the robot's identifying secret, so two
 * credentials on one robot (or one robot pasted twice) share one rate window, and a key in a log
 * or a database row reveals nothing.
 */
import { createHash } from "node:crypto";
import type { ChannelKind } from "./kinds.ts";

export function robotKeyOf(kind: ChannelKind, host: string, secret: string): string {
  const digest = createHash("sha256")
    .update(`${kind}\n${host.toLowerCase()}\n${secret}`, "utf8")
    .digest("hex");
  return `${kind}:${digest.slice(0, 32)}`;
}
