/**
 * What the WeCom and Feishu clients share (the DingTalk client in src/dingtalk/ does the same on
 * its own): per send, wait for the robot's rate windows in-process, make one request, and retry
 * what is worth retrying (decideRetry's ladder); with `rateLimit: false, retry: false` exactly one
 * request. The caller's `attempt` posts, parses the answer and throws its kind's RobotError.
 */

import { realSleep, SlidingWindowLimiter, sharedLimiter } from "../dingtalk/rate-limit.ts";
import { retryPolicy, withRetries } from "../dingtalk/retry.ts";
import type { ClientOptions, RateWindow, SendResult } from "./channel.ts";

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface WebhookSender {
  /** One request with this JSON text; resolves with the robot's errmsg on success. */
  attempt(text: string, signal: AbortSignal | undefined): Promise<{ errmsg: string }>;
  /** The robot's rate windows (configured + burst), keyed by its robot key. */
  windows: readonly RateWindow[];
  key: string;
}

/** `send(text)` with in-process rate limiting and quick retries, per ClientOptions. */
export function webhookSend(
  sender: WebhookSender,
  options: ClientOptions,
): (prepared: { text: string; bytes: number; fitted: boolean }, signal?: AbortSignal) => Promise<SendResult> {
  const now = options.now ?? Date.now;
  const injectedSleep = options.sleep;
  const sleep = (ms: number, signal?: AbortSignal) =>
    injectedSleep ? injectedSleep(ms) : realSleep(ms, signal);
  const policy = retryPolicy(options.retry);
  const limiters: SlidingWindowLimiter[] =
    options.rateLimit === false
      ? []
      : sender.windows.map((w) =>
          options.now || options.sleep ? new SlidingWindowLimiter({ ...w, now, sleep }) : sharedLimiter(w),
        );

  async function once(text: string, signal: AbortSignal | undefined): Promise<{ errmsg: string }> {
    const releases: Array<() => void> = [];
    try {
      for (const limiter of limiters) releases.push(await limiter.acquire(sender.key, signal));
      return await sender.attempt(text, signal);
    } finally {
      for (const release of releases) release();
    }
  }

  return async (prepared, signal) => {
    const { value, attempts } = await withRetries(() => once(prepared.text, signal), {
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
      body: prepared.text,
    };
  };
}

/** The answer's JSON object, or undefined when the body is not one. */
export function answerObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
