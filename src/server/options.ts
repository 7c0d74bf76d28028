/**
 * Command-line options shared by `dingpipe serve` and `dingpipe worker`, read with node:util parseArgs;
 * each flag has an environment variable, and hook secrets are comma-separated lists (rotation).
 */

import { parseCommandArgs } from "../cli/args.ts";
import { DingpipeError } from "../errors.ts";
import type { HookSource } from "./context.ts";
import { type LogFormat, type LogLevel, parseLogFormat, parseLogLevel } from "./log.ts";
import { checkTokenStrength } from "./tokens.ts";

export interface ServiceOptions {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  allowHosts: string[];
  worker: boolean;
  hookSecrets: Partial<Record<HookSource, string[]>>;
  logLevel: LogLevel;
  /** Absent: pretty on a terminal, JSON otherwise. */
  logFormat?: LogFormat;
  /** How long a crashed worker's robots stay leased before another worker takes them over. */
  leaseMs?: number;
  /** An identical CI webhook body within this many ms is a redelivery (serve only; default 60 s). */
  hookDedupWindowMs?: number;
  /** Serve /healthz, /readyz and /metrics on this port too (of --host). Off when undefined. */
  metricsPort?: number;
  /** A token (at least 24 characters) that reads /metrics, for a scraper, besides the API tokens. */
  metricsToken?: string;
  /** More Host names the service answers to when it listens on loopback (a reverse proxy's, a tunnel's). */
  hostNames: string[];
  help: boolean;
}

export const SERVE_HELP = `Usage: dingpipe serve [options]

Runs the service: the HTTP API and console, CI webhook receivers, and the delivery engine.

Options:
  --host HOST              address to listen on (default 127.0.0.1; env DINGPIPE_HOST)
  --port PORT              port (default 8080; env DINGPIPE_PORT)
  --data-dir DIR           SQLite database and secret key file (default ./dingpipe-data)
  --database-url URL       postgres://… to use PostgreSQL (env DINGPIPE_DATABASE_URL)
  --allow-host HOST[:PORT] add a webhook host to the allowlist (repeatable; env DINGPIPE_ALLOW_HOSTS, comma-separated)
  --no-worker              API only: deliver from \`dingpipe worker\` processes instead
  --github-secret S        CI webhook secrets; comma-separated for rotation. Prefer the environment:
  --gitlab-secret S          DINGPIPE_GITHUB_SECRET, DINGPIPE_GITLAB_SECRET,
  --gitee-secret S           DINGPIPE_GITEE_SECRET, DINGPIPE_YUNXIAO_SECRET
  --yunxiao-secret S
  --hook-dedupe-window S   an identical webhook body within S seconds is a redelivery (default 60, 0 = off;
                           env DINGPIPE_HOOK_DEDUPE_WINDOW); delivery ids deduplicate regardless
  --log-level LEVEL        debug | info | warn | error (default info; env DINGPIPE_LOG_LEVEL)
  --log-format FORMAT      json | pretty (default pretty on a terminal, json otherwise; env DINGPIPE_LOG_FORMAT)
  --lease-ms MS            how long a crashed process's robots wait before another takes them over
                           (default 30000; env DINGPIPE_LEASE_MS)
  --metrics-token T        a token for GET /metrics alone (a Prometheus scraper), at least 24 characters
                           (env DINGPIPE_METRICS_TOKEN); /metrics on --port needs it or an API token
  --metrics-port PORT      also serve /metrics, /healthz and /readyz on this port, without a token unless
                           --metrics-token is set (keep it on a private address)
  --host-name NAME         on loopback, answer requests for this Host too (repeatable; env
                           DINGPIPE_HOST_NAMES, comma-separated): a reverse proxy's or a tunnel's name.
                           Others get 403, so a web page cannot reach the service through DNS rebinding

Environment: DINGPIPE_ADMIN_TOKEN (the admin API token; otherwise one is generated and printed on first start),
DINGPIPE_SECRET_KEY (32-byte key, base64 or hex, sealing robot secrets; otherwise <data-dir>/secret.key).
`;

export const WORKER_HELP = `Usage: dingpipe worker [options]

Runs only the delivery engine against a shared database (with \`dingpipe serve --no-worker\` or beside it).

Options:
  --database-url URL       postgres://… (env DINGPIPE_DATABASE_URL); without it, SQLite in --data-dir
  --data-dir DIR           SQLite database and secret key file (default ./dingpipe-data)
  --allow-host HOST[:PORT] as for serve: webhook hosts deliveries may go to (repeatable)
  --log-level LEVEL        debug | info | warn | error (default info)
  --log-format FORMAT      json | pretty (default pretty on a terminal, json otherwise)
  --lease-ms MS            how long a crashed process's robots wait before another takes them over (default 30000)
  --metrics-port PORT      serve /metrics, /healthz and /readyz (nothing else) on this port; off by default
                           (env DINGPIPE_METRICS_PORT; 0 = any free port, logged as "url" in "worker started")
  --metrics-token T        require this token (Authorization: Bearer) for /metrics there
                           (env DINGPIPE_METRICS_TOKEN; at least 24 characters)
  --host HOST              address of the metrics port (default 127.0.0.1; env DINGPIPE_HOST)
  --host-name NAME         on loopback, answer requests for this Host too (repeatable; env DINGPIPE_HOST_NAMES)
`;

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function usageError(message: string): DingpipeError {
  return new DingpipeError("usage", message, { fix: "run 'dingpipe serve --help' for the options" });
}

export function parseServiceOptions(
  args: string[],
  env: Record<string, string | undefined>,
  mode: "serve" | "worker" = "serve",
): ServiceOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const v = parsed.values;
  const portText = v.port ?? env["DINGPIPE_PORT"] ?? "8080";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw usageError(`--port ${portText} is not a port number`);
  const logLevelText = v["log-level"] ?? env["DINGPIPE_LOG_LEVEL"] ?? "info";
  const logLevel = parseLogLevel(logLevelText);
  if (!logLevel) throw usageError(`--log-level ${logLevelText} is not one of debug, info, warn, error`);
  const logFormatText = v["log-format"] ?? env["DINGPIPE_LOG_FORMAT"];
  const logFormat =
    logFormatText === undefined || logFormatText === "" ? undefined : parseLogFormat(logFormatText);
  if (logFormatText && !logFormat) throw usageError(`--log-format ${logFormatText} is not json or pretty`);
  const hookSecrets: Partial<Record<HookSource, string[]>> = {};
  for (const source of ["github", "gitlab", "gitee", "yunxiao"] as const) {
    const secrets = list(v[`${source}-secret`] ?? env[`DINGPIPE_${source.toUpperCase()}_SECRET`]);
    if (secrets.length > 0) hookSecrets[source] = secrets;
  }
  const leaseText = v["lease-ms"] ?? env["DINGPIPE_LEASE_MS"];
  const leaseMs = leaseText === undefined || leaseText === "" ? undefined : Number(leaseText);
  if (leaseMs !== undefined && (!Number.isInteger(leaseMs) || leaseMs < 1000 || leaseMs > 3_600_000)) {
    throw usageError(`--lease-ms ${leaseText} must be a whole number of milliseconds from 1000 to 3600000`);
  }
  const windowText = v["hook-dedupe-window"] ?? env["DINGPIPE_HOOK_DEDUPE_WINDOW"];
  const windowSeconds = windowText === undefined || windowText === "" ? undefined : Number(windowText);
  if (
    windowSeconds !== undefined &&
    (!Number.isInteger(windowSeconds) || windowSeconds < 0 || windowSeconds > 86_400)
  ) {
    throw usageError(`--hook-dedupe-window ${windowText} must be a whole number of seconds from 0 to 86400`);
  }
  const metricsPort = metricsPortOption(v["metrics-port"], env["DINGPIPE_METRICS_PORT"], mode);
  const metricsToken = (v["metrics-token"] ?? env["DINGPIPE_METRICS_TOKEN"] ?? "").trim();
  if (metricsToken !== "") checkTokenStrength(metricsToken, "DINGPIPE_METRICS_TOKEN");
  const databaseUrl = v["database-url"] ?? env["DINGPIPE_DATABASE_URL"];
  const out: ServiceOptions = {
    host: v.host ?? env["DINGPIPE_HOST"] ?? "127.0.0.1",
    port,
    dataDir: v["data-dir"] ?? env["DINGPIPE_DATA_DIR"] ?? "dingpipe-data",
    allowHosts: [...list(env["DINGPIPE_ALLOW_HOSTS"]), ...(v["allow-host"] ?? []).flatMap((h) => list(h))],
    worker: !v["no-worker"],
    hookSecrets,
    logLevel,
    hostNames: [...list(env["DINGPIPE_HOST_NAMES"]), ...(v["host-name"] ?? []).flatMap((h) => list(h))],
    help: v.help === true,
  };
  if (metricsToken !== "") out.metricsToken = metricsToken;
  if (databaseUrl !== undefined && databaseUrl.trim() !== "") out.databaseUrl = databaseUrl.trim();
  if (leaseMs !== undefined) out.leaseMs = leaseMs;
  if (logFormat !== undefined) out.logFormat = logFormat;
  if (windowSeconds !== undefined) out.hookDedupWindowMs = windowSeconds * 1000;
  if (metricsPort !== undefined) out.metricsPort = metricsPort;
  return out;
}

/**
 * --metrics-port: a worker's (flag or environment); serve takes only the flag — it answers /metrics on
 * --port already, and a shared environment's DINGPIPE_METRICS_PORT is meant for its workers.
 */
function metricsPortOption(
  flag: string | undefined,
  envValue: string | undefined,
  mode: "serve" | "worker",
): number | undefined {
  const text = mode === "serve" ? flag : (flag ?? envValue);
  if (text === undefined || text.trim() === "") return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DingpipeError("usage", `--metrics-port ${text} is not a port number`, {
      fix: "run 'dingpipe worker --help' for the options",
    });
  }
  return port;
}

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "data-dir": { type: "string" },
      "database-url": { type: "string" },
      "allow-host": { type: "string", multiple: true },
      "no-worker": { type: "boolean" },
      "github-secret": { type: "string" },
      "gitlab-secret": { type: "string" },
      "gitee-secret": { type: "string" },
      "yunxiao-secret": { type: "string" },
      "log-level": { type: "string" },
      "log-format": { type: "string" },
      "lease-ms": { type: "string" },
      "hook-dedupe-window": { type: "string" },
      "metrics-port": { type: "string" },
      "metrics-token": { type: "string" },
      "host-name": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
}
