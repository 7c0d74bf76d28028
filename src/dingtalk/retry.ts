/**
 * Whether to try a failed send again, and when — a pure decision, an ordered ladder:
 * attempt limit → classify the failure → the server's hint → capped exponential backoff with jitter.
 * Network errors, timeouts, HTTP 5xx, errcode -1 and 500100 are retried; throttling is never
 * hammered (its error carries the 10-minute window instead); everything else, and anything
 * unknown, fails at once.
 */
import { isRobotError } from "../errors.ts";

export interface RetryPolicy {
  /** Total attempts, the first included. */
  limit: number;
  /** The first backoff step. */
  baseDelayMs: number;
  /** No single wait is longer than this; a server hint above it ends the retries. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 3, baseDelayMs: 500, maxDelayMs: 5_000 };

/**
 * The ladder a client runs: DEFAULT_RETRY with what its options set (an undefined field keeps the
 * default); `false` turns retries off (undefined: one attempt).
 */
export function retryPolicy(
  retry:
    | false
    | { limit?: number | undefined; baseDelayMs?: number | undefined; maxDelayMs?: number | undefined }
    | undefined,
): RetryPolicy | undefined {
  if (retry === false) return undefined;
  const policy = { ...DEFAULT_RETRY };
  if (retry?.limit !== undefined) policy.limit = retry.limit;
  if (retry?.baseDelayMs !== undefined) policy.baseDelayMs = retry.baseDelayMs;
  if (retry?.maxDelayMs !== undefined) policy.maxDelayMs = retry.maxDelayMs;
  return policy;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | {
      retry: false;
      reason: "attempt_limit" | "unknown_error" | "not_retryable" | "throttled" | "hint_too_long";
    };

/**
 * @param error what the attempt threw
 * @param attempt how many attempts were made so far (1 after the first)
 * @param random jitter source in [0, 1); inject a constant in tests
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= policy.limit) return { retry: false, reason: "attempt_limit" };
  if (!isRobotError(error)) return { retry: false, reason: "unknown_error" };
  if (error.code === "throttled") return { retry: false, reason: "throttled" };
  if (!error.retryable) return { retry: false, reason: "not_retryable" };
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxDelayMs) return { retry: false, reason: "hint_too_long" };
    return { retry: true, delayMs: Math.max(0, error.retryAfterMs) };
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": half the step is certain, half random, so waits never collapse to zero.
  return { retry: true, delayMs: Math.round(cap / 2 + (cap / 2) * random()) };
}

/**
 * Runs `attempt` until it succeeds or the ladder above says stop (no policy: once). The error that
 * ends it carries how many attempts were made. Every robot client sends through this one loop.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: {
    policy: RetryPolicy | undefined;
    random?: (() => number) | undefined;
    sleep: (ms: number) => Promise<void>;
  },
): Promise<{ value: T; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    try {
      return { value: await attempt(), attempts };
    } catch (error) {
      const decision = options.policy
        ? decideRetry(error, attempts, options.policy, options.random)
        : undefined;
      if (!decision?.retry) {
        if (isRobotError(error)) error.attempts = attempts;
        throw error;
      }
      await options.sleep(decision.delayMs);
    }
  }
}
