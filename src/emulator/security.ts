/**
 * A robot's security settings as DingTalk enforces them: IP allowlist, signature (with the
 * timestamp window checked first) and custom keywords. Each check answers null when the request
 * passes, or DingTalk's 310000 errmsg.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { EmulatorRobot } from "./types.ts";

/**
 * The signature DingTalk expects, computed here from its documentation and never with the client's
 * code (the emulator checks the client; sharing its sign() would agree with any bug in it):
 * base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), both as UTF-8 bytes.
 */
export function expectedSignature(secret: string, timestamp: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(Buffer.from(`${timestamp}\n${secret}`, "utf8"))
    .digest("base64");
}

/** `a.b.c.d` → 32-bit unsigned number, or undefined when it is not dotted-quad IPv4. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** An allowlist entry (`1.2.3.4` or `10.0.0.0/8`) as a matcher, or undefined when malformed. */
export function parseAllowEntry(entry: string): ((ip: number) => boolean) | undefined {
  const [address, bitsText, ...rest] = entry.trim().split("/");
  if (address === undefined || rest.length > 0) return undefined;
  const base = parseIpv4(address);
  if (base === undefined) return undefined;
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!(bits >= 0 && bits <= 32)) return undefined;
  const size = 2 ** (32 - bits);
  const start = Math.floor(base / size) * size;
  return (ip) => ip >= start && ip < start + size;
}

/** The remote address as DingTalk would see it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4. */
export function normalizeRemoteAddress(address: string | undefined): string {
  if (!address) return "unknown";
  return address.startsWith("::ffff:") && parseIpv4(address.slice(7)) !== undefined
    ? address.slice(7)
    : address;
}

export function checkIp(allowlist: string[] | undefined, remote: string): string | null {
  if (!allowlist || allowlist.length === 0) return null;
  const ip = parseIpv4(remote);
  const allowed = ip !== undefined && allowlist.some((entry) => parseAllowEntry(entry)?.(ip) ?? false);
  return allowed ? null : `ip ${remote} not in whitelist`;
}

/**
 * `timestamp` and `sign` are the DECODED query values (URLSearchParams decodes once, so a `+` a
 * client forgot to encode has become a space and fails, as on DingTalk).
 */
export function checkSignature(
  secret: string | undefined,
  timestamp: string | null,
  signature: string | null,
  now: number,
  windowMs: number,
): string | null {
  if (secret === undefined || secret === "") return null;
  if (timestamp === null && signature === null) return "sign not match";
  if (timestamp === null || !/^\d{1,16}$/.test(timestamp)) return "invalid timestamp";
  const ms = Number(timestamp);
  if (Math.abs(now - ms) > windowMs) return "invalid timestamp";
  if (signature === null) return "sign not match";
  const expected = Buffer.from(expectedSignature(secret, timestamp), "utf8");
  const given = Buffer.from(signature, "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : "sign not match";
}

/** A robot's security settings in words ("signing; keywords: CI"), for the console line and the page. */
export function describeSecurity(robot: EmulatorRobot, separator = "; "): string {
  const parts = [
    robot.secret ? "signing" : "",
    robot.keywords?.length ? `keywords: ${robot.keywords.join(", ")}` : "",
    robot.ipAllowlist?.length ? `IP allowlist: ${robot.ipAllowlist.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(separator) : "no security setting";
}

export function checkKeywords(keywords: string[] | undefined, text: string): string | null {
  if (!keywords || keywords.length === 0) return null;
  return keywords.some((k) => k !== "" && text.includes(k)) ? null : "keywords not in content";
}
