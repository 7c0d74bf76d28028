/**
 * One JSON call to DingTalk's newer API (api.dingtalk.com): POST or PUT, the access token in the
 * `x-acs-dingtalk-access-token` header (never in the URL, so it cannot leak through a logged URL), a
 * timeout, and every failure as an AppRobotError: network and timeout errors, error answers
 * (`{code, message, requestid}`), and answers that are not DingTalk's JSON at all.
 */
import { useEnvProxy } from "../dingtalk/transport.ts";
import { AppRobotError, appAnswerError } from "./errors.ts";

export interface CallOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Values masked wherever they appear in an error (the token, the app secret). */
  secrets: readonly (string | undefined)[];
  env?: Record<string, string | undefined> | undefined;
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Calls `method url` with `body` (JSON) and returns the parsed JSON answer of a 2xx; throws an
 * AppRobotError otherwise.
 */
export async function callJson(
  method: "POST" | "PUT",
  url: string,
  body: unknown,
  token: string | undefined,
  options: CallOptions,
): Promise<Record<string, unknown>> {
  await useEnvProxy(options.env);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const where = `${method} ${new URL(url).origin}${new URL(url).pathname}`;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (token !== undefined) headers["x-acs-dingtalk-access-token"] = token;
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(url, { method, headers, body: JSON.stringify(body), signal });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new AppRobotError("timeout", `no answer from ${where} within ${options.timeoutMs} ms`, {
        retryable: true,
        cause: error,
        fix: "check the network to api.dingtalk.com (or HTTPS_PROXY)",
        secrets: options.secrets,
      });
    }
    throw new AppRobotError("network_error", `could not reach ${where}: ${describe(error)}`, {
      retryable: true,
      cause: error,
      fix: "check base_url, DNS, the network and HTTPS_PROXY / NO_PROXY",
      secrets: options.secrets,
    });
  }
  let answer: unknown;
  try {
    answer = text === "" ? {} : JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const object =
    typeof answer === "object" && answer !== null && !Array.isArray(answer)
      ? (answer as Record<string, unknown>)
      : undefined;
  if (response.ok && object) return object;
  const code = typeof object?.["code"] === "string" ? object["code"] : undefined;
  if (!response.ok && code !== undefined) {
    throw appAnswerError(
      response.status,
      {
        code,
        ...(typeof object?.["message"] === "string" ? { message: object["message"] } : {}),
        ...(typeof object?.["requestid"] === "string" ? { requestid: object["requestid"] } : {}),
      },
      options.secrets,
      retryAfter(response.headers.get("retry-after")),
    );
  }
  const retryable = response.status >= 500 || response.status === 429;
  if (retryable) {
    throw appAnswerError(
      response.status,
      {},
      options.secrets,
      retryAfter(response.headers.get("retry-after")),
    );
  }
  throw new AppRobotError(
    "http_error",
    response.ok
      ? `${where} answered HTTP ${response.status} without DingTalk's JSON`
      : `${where} answered HTTP ${response.status} without DingTalk's {code, message}`,
    {
      status: response.status,
      fix: "check base_url: it must be https://api.dingtalk.com (or the emulator), not the webhook robots' oapi.dingtalk.com",
      secrets: options.secrets,
    },
  );
}
