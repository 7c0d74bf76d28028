/**
 * The DingTalk group robot client: `createRobot(options).send(message)`. Per send it fits the
 * message, ensures a keyword, writes mentions, waits for the robot's rate limit, signs each
 * attempt afresh (timestamp in ms), retries what is worth retrying, and either returns DingTalk's
 * `errcode: 0` or throws a DingTalkError saying what to fix. HTTP 200 with a non-zero errcode is a
 * failure. With `rateLimit: false, retry: false` it makes exactly one request.
 */
import { DingpipeError } from "../errors.ts";
import { answerError, DingTalkError, FIX_WHERE, httpError } from "./errors.ts";
import type { DingTalkMessage } from "./message.ts";
import { type PreparedMessage, prepareMessage } from "./prepare.ts";
import {
  DEFAULT_RATE_LIMIT,
  type RateLimit,
  realSleep,
  SlidingWindowLimiter,
  sharedLimiter,
} from "./rate-limit.ts";
import { redact } from "./redact.ts";
import { retryPolicy, withRetries } from "./retry.ts";
import { signedQuery } from "./sign.ts";
import { type PostResult, postJson, useEnvProxy } from "./transport.ts";

export const DEFAULT_BASE_URL = "https://oapi.dingtalk.com";
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface RobotOptions {
  // `| undefined` on the four strings: `webhook: process.env.DINGTALK_WEBHOOK` must type-check in projects
  // with exactOptionalPropertyTypes too (unset means not given; a missing robot is a clear error at runtime).
  /** The full webhook URL (`…/robot/send?access_token=…`). */
  webhook?: string | undefined;
  /** The access_token alone (with `baseUrl`). */
  token?: string | undefined;
  /** Where to send: default https://oapi.dingtalk.com; an emulator or relay otherwise. */
  baseUrl?: string | undefined;
  /** The robot's signing secret (`SEC…`), when it signs. */
  secret?: string | undefined;
  /** The robot's custom keywords; a message lacking all of them gets the first one added. */
  keywords?: string[];
  /** Default 20 messages per 60 s per robot; `false` = no queueing (the caller limits). */
  rateLimit?: RateLimit | false;
  /** Quick retries within one send (default 3 attempts, at most 5 s apart); `false` = one attempt. */
  retry?: { limit?: number; baseDelayMs?: number; maxDelayMs?: number } | false;
  /** Per-request timeout, default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for retry backoff, [0, 1). */
  random?: () => number;
  /** Where proxy variables are read (default process.env). */
  env?: Record<string, string | undefined>;
  /** What a text shortened to fit the body limit is marked with (default TRUNCATED, "…truncated"). */
  truncated?: string;
}

export interface SendResult {
  errcode: 0;
  errmsg: string;
  /** HTTP requests made, retries included. */
  attempts: number;
  /** UTF-8 bytes of the body sent. */
  bytes: number;
  /** Whether the message was shortened to fit. */
  fitted: boolean;
  /** The JSON body as sent. */
  body: string;
}

export interface Robot {
  /** The webhook with its token masked, fit to show. */
  readonly endpoint: string;
  /** What would be sent, without sending. */
  prepare(message: DingTalkMessage): PreparedMessage;
  send(message: DingTalkMessage, options?: { signal?: AbortSignal }): Promise<SendResult>;
}

function configError(message: string, fix: string): DingpipeError {
  return new DingpipeError("invalid_robot", message, { fix });
}

const FULL_WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=…";

/** Shows what was given without any token in it: long runs of token characters keep their first 4. */
function masked(value: string): string {
  return redact(value.slice(0, 120)).replace(/[A-Za-z0-9_-]{16,}/g, (run) => `${run.slice(0, 4)}…`);
}

/** The webhook as an http(s) URL, or an error naming what is wrong with it (never echoing a token). */
function parseWebhook(raw: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed && /^https?:$/.test(parsed.protocol)) return parsed;
  if (/^[A-Za-z0-9_-]{16,}$/.test(raw)) {
    throw configError(
      "the webhook is an access_token alone, not a URL",
      `pass it as the token (--token, DINGTALK_TOKEN or token:), or give the full webhook URL ${FULL_WEBHOOK}`,
    );
  }
  if (!raw.includes("://") && /^[\w.-]+(?::\d+)?\//.test(raw)) {
    throw configError(
      `the webhook '${masked(raw)}' lacks its https://`,
      `write the full webhook URL, ${FULL_WEBHOOK}`,
    );
  }
  if (parsed) {
    throw configError(
      `the webhook is a ${masked(parsed.protocol)} URL, not http(s)`,
      `copy the robot's full webhook URL (${FULL_WEBHOOK})`,
    );
  }
  throw configError(
    `the webhook is not a URL: '${masked(raw)}'`,
    `copy the robot's full webhook URL (${FULL_WEBHOOK})`,
  );
}

/** DingTalk access tokens are URL-safe words (64 hex digits in practice); anything else is a paste error. */
export function isPlausibleAccessToken(token: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(token);
}

function assertPlausibleToken(token: string): void {
  if (!isPlausibleAccessToken(token)) {
    throw configError(
      "the access_token holds characters no DingTalk token has (a placeholder such as … or <token>?)",
      "copy the real webhook URL from the group's robot settings",
    );
  }
}

/** The webhook URL without any stale timestamp/sign, and the access token it carries. */
export function resolveEndpoint(options: Pick<RobotOptions, "webhook" | "token" | "baseUrl">): {
  url: string;
  token: string;
} {
  let token = options.token?.trim();
  if (options.webhook) {
    const parsed = parseWebhook(options.webhook.trim());
    const fromUrl = parsed.searchParams.get("access_token");
    if (!fromUrl) {
      throw configError(
        `the webhook ${redact(parsed.origin + parsed.pathname)} carries no access_token`,
        "copy the robot's full webhook URL, including ?access_token=…",
      );
    }
    token = fromUrl;
    assertPlausibleToken(token);
    if (!options.baseUrl) {
      parsed.searchParams.delete("timestamp");
      parsed.searchParams.delete("sign");
      return { url: parsed.toString(), token };
    }
  }
  if (!token) {
    throw configError(
      "no robot given",
      "pass the robot's webhook URL (--webhook or DINGTALK_WEBHOOK) or its access_token (--token or DINGTALK_TOKEN)",
    );
  }
  assertPlausibleToken(token);
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/i.test(base)) {
    throw configError(
      `the base URL '${base}' is not an http(s) URL`,
      "use e.g. --base-url http://127.0.0.1:8080",
    );
  }
  return { url: `${base}/robot/send?access_token=${encodeURIComponent(token)}`, token };
}

function parseAnswer(res: PostResult): { errmsg: string } {
  if (res.status !== 200) throw httpError(res.status, res.retryAfterMs);
  let answer: unknown;
  try {
    answer = JSON.parse(res.text);
  } catch {
    answer = undefined;
  }
  const errcode = (answer as { errcode?: unknown } | undefined)?.errcode;
  const errmsg = String((answer as { errmsg?: unknown } | undefined)?.errmsg ?? "");
  if (typeof errcode !== "number") {
    throw new DingTalkError("http_error", `the endpoint answered 200 without DingTalk's {errcode, errmsg}`, {
      status: res.status,
      fix: `${FIX_WHERE.baseUrl.cli} this is not a DingTalk robot endpoint`,
    });
  }
  if (errcode !== 0) throw answerError(errcode, errmsg);
  return { errmsg };
}

export function createRobot(options: RobotOptions): Robot {
  const { url, token } = resolveEndpoint(options);
  const secret = options.secret?.trim() || undefined;
  if (secret !== undefined && !secret.startsWith("SEC")) {
    throw configError(
      "the signing secret does not start with SEC",
      "copy the robot's signing secret (加签) from its security settings: it starts with SEC",
    );
  }
  const secrets = [token, secret];
  const now = options.now ?? Date.now;
  const injectedSleep = options.sleep;
  const sleep = (ms: number, signal?: AbortSignal) =>
    injectedSleep ? injectedSleep(ms) : realSleep(ms, signal);
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const keywords = options.keywords ?? [];
  const policy = retryPolicy(options.retry);
  const rate = options.rateLimit === false ? undefined : (options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const limiter =
    rate === undefined
      ? undefined
      : options.now || options.sleep
        ? new SlidingWindowLimiter({ ...rate, now, sleep })
        : sharedLimiter(rate);

  const prepare = (message: DingTalkMessage) =>
    prepareMessage(message, {
      keywords,
      ...(options.truncated === undefined ? {} : { truncated: options.truncated }),
    });

  async function attempt(body: string, signal: AbortSignal | undefined): Promise<{ errmsg: string }> {
    const release = limiter ? await limiter.acquire(token, signal) : undefined;
    try {
      await useEnvProxy(options.env);
      const target = secret ? `${url}&${signedQuery(secret, now())}` : url;
      return parseAnswer(await postJson(target, body, { fetch: doFetch, timeoutMs, signal, secrets }));
    } finally {
      release?.();
    }
  }

  return {
    endpoint: redact(url),
    prepare,
    async send(message, sendOptions = {}) {
      const prepared = prepare(message);
      const signal = sendOptions.signal;
      const { value, attempts } = await withRetries(() => attempt(prepared.body, signal), {
        policy,
        random: options.random,
        sleep: (ms) => sleep(ms, signal),
      });
      return {
        errcode: 0,
        errmsg: value.errmsg,
        attempts,
        bytes: prepared.bytes,
        fitted: prepared.fitted,
        body: prepared.body,
      };
    },
  };
}
