/**
 * One HTTP POST of a JSON body, with native fetch: a timeout (AbortSignal.timeout), the caller's
 * signal, and failures turned into typed errors (network_error, timeout). Any base URL works (the
 * DingTalk emulator, a relay). HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured through Node's
 * built-in proxy support, switched on lazily only when a proxy variable is set, so plain sends
 * load nothing more.
 */
import { DingTalkError, FIX_WHERE } from "./errors.ts";
import { redact } from "./redact.ts";

export interface PostOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Values to mask in error messages besides the usual patterns. */
  secrets?: readonly (string | undefined)[];
  /** Who answers, for the wording of failures (default DingTalk). */
  service?: string;
  /** Makes the error for a timeout or a network failure (default a DingTalkError). */
  error?: (
    code: "timeout" | "network_error",
    message: string,
    options: { retryable: true; cause: unknown; fix: string },
  ) => Error;
}

export interface PostResult {
  status: number;
  text: string;
  /** `Retry-After` in ms, when the server sent one. */
  retryAfterMs: number | undefined;
}

const PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] as const;

let proxyReady: Promise<void> | undefined;

/**
 * When a proxy variable is set (and Node was not already started with NODE_USE_ENV_PROXY), enables
 * Node's built-in env proxy support for fetch once per process: `http.setGlobalProxyFromEnv`.
 * Without proxy variables it returns at once and imports nothing.
 */
export function useEnvProxy(env: Record<string, string | undefined> = process.env): Promise<void> {
  if (proxyReady) return proxyReady;
  if (!PROXY_VARS.some((name) => env[name])) return Promise.resolve();
  if (env["NODE_USE_ENV_PROXY"] === "1" || process.execArgv.includes("--use-env-proxy")) {
    proxyReady = Promise.resolve();
    return proxyReady;
  }
  proxyReady = import("node:http").then((http) => {
    const proxyEnv: Record<string, string> = {};
    for (const name of [...PROXY_VARS, "NO_PROXY", "no_proxy"]) {
      const value = env[name];
      if (value) proxyEnv[name] = value;
    }
    http.setGlobalProxyFromEnv(proxyEnv);
  });
  return proxyReady;
}

function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export async function postJson(url: string, body: string, options: PostOptions): Promise<PostResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const where = redact(new URL(url).origin + new URL(url).pathname, options.secrets);
  const fail = options.error ?? ((code, message, o) => new DingTalkError(code, message, o));
  try {
    const response = await options.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body,
      signal,
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      retryAfterMs: retryAfter(response.headers.get("retry-after"), Date.now()),
    };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw fail("timeout", `no answer from ${where} within ${options.timeoutMs} ms`, {
        retryable: true,
        cause: error,
        fix: `check the network to ${options.service ?? "DingTalk"} (or HTTPS_PROXY)${FIX_WHERE.timeout.cli}`,
      });
    }
    throw fail("network_error", `could not reach ${where}: ${redact(describe(error), options.secrets)}`, {
      retryable: true,
      cause: error,
      fix: "check the webhook host, DNS, the network and HTTPS_PROXY / NO_PROXY",
    });
  }
}
