/**
 * Structured logs: one JSON object per line ({ time, level, msg, …fields }) for log collectors, or, on a
 * terminal, one line a person reads (`08:00:01.234 INFO  service started url=http://127.0.0.1:8080`). Every line
 * passes through redaction: fields named like secrets are masked, and access tokens, signatures, SEC… secrets
 * and bearer tokens are masked inside any string, so no log line can carry a secret.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "pretty";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_KEYS =
  /^(secret|token|password|authorization|webhook|sign|signature|sealed|key|apiToken|adminToken)$/i;

/**
 * Whatever any of redactText's patterns could match starts with one of these (each a looser prefix of a
 * pattern): text without any (a path, a method, a user agent: most of a request's line) is returned as it
 * is, without running the eleven replacements.
 */
const SUSPECT =
  /access_token=|[?&](?:key|sign|timestamp)=|\/bot\/v2\/hook\/|SEC[0-9a-f]{8}|bearer\s|dp_[\w-]{8}|"(?:password|secret|token|access_token|sign|signature)"\s*:/i;

/** Masks secrets inside free text: access_token=ab12…, sign=…, SEC…, Bearer …, dp_… tokens, JSON secret fields. */
export function redactText(text: string): string {
  if (!SUSPECT.test(text)) return text;
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
    /** "json" (default) or "pretty" for a terminal. */
    format?: LogFormat;
    /** Pretty lines in colour (a terminal that did not ask for NO_COLOR). */
    color?: boolean;
    write?: (line: string) => void;
    now?: () => number;
    base?: Record<string, unknown>;
  } = {},
): Logger {
  const min = LEVELS[options.level ?? "info"];
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  const pretty = options.format === "pretty";
  const log =
    (level: LogLevel) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (LEVELS[level] < min) return;
      const safe = fields === undefined ? {} : (redact(fields) as Record<string, unknown>);
      if (pretty) {
        write(prettyLine(new Date(now()), level, redactText(msg), safe, options.color === true));
        return;
      }
      const entry = {
        time: new Date(now()).toISOString(),
        level,
        msg: redactText(msg),
        ...options.base,
        ...safe,
      };
      write(JSON.stringify(entry) + "\n");
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

const COLORS: Record<LogLevel, string> = { debug: "90", info: "36", warn: "33", error: "31" };

/** `08:00:01.234 WARN  message key=value …` in local time; control characters are shown escaped. */
function prettyLine(
  time: Date,
  level: LogLevel,
  msg: string,
  fields: Record<string, unknown>,
  color: boolean,
): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
  const label = level.toUpperCase().padEnd(5);
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${paint("2", `${key}=`)}${prettyValue(value)}`);
  return `${paint("2", clock)} ${paint(COLORS[level], label)} ${escapeControls(msg)}${pairs.length ? ` ${pairs.join(" ")}` : ""}\n`;
}

function prettyValue(value: unknown): string {
  if (typeof value === "string")
    return /^[\w.,:/@+%#=?&~-]+$/u.test(value) ? value : escapeControls(JSON.stringify(value));
  if (typeof value !== "object" || value === null) return String(value);
  const { name, message } = value as { name?: unknown; message?: unknown };
  if (typeof name === "string" && typeof message === "string")
    return escapeControls(JSON.stringify(`${name}: ${message}`));
  return escapeControls(JSON.stringify(value));
}

function escapeControls(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function parseLogLevel(text: string | undefined): LogLevel | undefined {
  return text !== undefined && text in LEVELS ? (text as LogLevel) : undefined;
}

export function parseLogFormat(text: string | undefined): LogFormat | undefined {
  return text === "json" || text === "pretty" ? text : undefined;
}
