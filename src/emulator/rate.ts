/**
 * DingTalk's per-robot rate limit: more than `messages` accepted in `windowMs` throttles the robot
 * for `throttleMs`, during which every request is refused. Time comes from the caller.
 */
import type { RateLimitOptions } from "./types.ts";

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { messages: 20, windowMs: 60_000, throttleMs: 600_000 };

interface Lane {
  sent: number[];
  throttledUntil: number;
}

export class RateLimiter {
  readonly #options: RateLimitOptions;
  #lanes = new Map<string, Lane>();

  constructor(options: RateLimitOptions) {
    this.#options = options;
  }

  #lane(token: string): Lane {
    let lane = this.#lanes.get(token);
    if (!lane) {
      lane = { sent: [], throttledUntil: Number.NEGATIVE_INFINITY };
      this.#lanes.set(token, lane);
    }
    return lane;
  }

  /** True while the robot serves its throttle penalty. */
  throttled(token: string, now: number): boolean {
    return now < this.#lane(token).throttledUntil;
  }

  /** Counts one message; false (and the robot throttled from now on) when it exceeds the limit. */
  admit(token: string, now: number): boolean {
    const lane = this.#lane(token);
    if (now < lane.throttledUntil) return false;
    lane.sent = lane.sent.filter((t) => t > now - this.#options.windowMs);
    if (lane.sent.length >= this.#options.messages) {
      lane.throttledUntil = now + this.#options.throttleMs;
      lane.sent = [];
      return false;
    }
    lane.sent.push(now);
    return true;
  }

  reset(): void {
    this.#lanes.clear();
  }
}
