/**
 * Structured logs: one JSON object per line ({ time, level, msg, …fields }). Every line passes through
 * redaction: fields named like secrets are masked, and access tokens, signatures, SEC… secrets and bearer
 * tokens are masked inside any string, so no log line can carry a secret.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_KEYS =
  /^(secret|token|password|authorization|webhook|sign|signature|sealed|key|apiToken|adminToken)$/i;

/** Masks secrets inside free text: access_token=ab12…, sign=…, SEC…, Bearer …, dp_… tokens, JSON secret fields. */
export function redactText(text: string): string {
  return (
    text
      .replace(/(access_token=)([^&\s"']{4})[^&\s"']*/gi, "$1$2…")
      .replace(/(access_token=)([^&\s"']{1,3})(?=[&\s"']|$)/gi, "$1…")
      .replace(/([?&]key=)([^&\s"']{4})[^&\s"']*/gi, "$1$2…")
      .replace(/([?&]key=)([^&\s"']{1,3})(?=[&\s"']|$)/gi, "$1…")
      .replace(/(\/bot\/v2\/hook\/)([^/?&\s"']{4})[^/?&\s"']*/gi, "$1$2…")
      .replace(/(\/bot\/v2\/hook\/)([^/?&\s"']{1,3})(?=[/?&\s"']|$)/gi, "$1…")
      .replace(/([?&]sign=)[^&\s"']+/gi, "$1…")
      .replace(/([?&]timestamp=)\d+/gi, "$1…")
      .replace(/\bSEC[0-9a-fA-F]{8,}\b/g, "SEC…")
      .replace(/(Bearer\s+)\S+/gi, "$1…")
      .replace(/\bdp_[A-Za-z0-9_-]{8,}/g, "dp_…")
      // JSON fields that carry a webhook's shared secret (Gitee's "password", a "sign", a "token"…).
      .replace(/("(?:password|secret|token|access_token|sign|signature)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, '$1…"')
  );
}

/** A deep copy of `value` with secret-named fields masked and secrets in strings redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object" || depth > 6) return value;
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out["code"] = code;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      SECRET_KEYS.test(k) && v !== undefined && v !== null && typeof v !== "boolean"
        ? "[redacted]"
        : redact(v, depth + 1);
  }
  return out;
}

export function createLogger(
  options: {
    level?: LogLevel;
    write?: (line: string) => void;
    now?: () => number;
    base?: Record<string, unknown>;
  } = {},
): Logger {
  const min = LEVELS[options.level ?? "info"];
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  const log =
    (level: LogLevel) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (LEVELS[level] < min) return;
      const entry = {
        time: new Date(now()).toISOString(),
        level,
        msg: redactText(msg),
        ...options.base,
        ...(fields === undefined ? {} : (redact(fields) as Record<string, unknown>)),
      };
      write(JSON.stringify(entry) + "\n");
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function parseLogLevel(text: string | undefined): LogLevel | undefined {
  return text !== undefined && text in LEVELS ? (text as LogLevel) : undefined;
}
