/**
 * DingTalk throttles a robot for 10 minutes when it gets more than 20 messages in a minute. The
 * limiter keeps sends under that by QUEUEING them in-process: a sliding window per robot (per
 * access token), first come first served. A slot counts from the moment it is taken until the
 * request has finished, so a message that arrives late at DingTalk is never miscounted.
 */

export interface RateLimit {
  messages: number;
  perSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { messages: 20, perSeconds: 60 };

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface LimiterOptions extends RateLimit {
  now?: () => number;
  sleep?: Sleep;
}

/** Frees the slot's "in flight" state; the window then counts it from this moment. */
export type Release = () => void;

interface Slot {
  /** When the slot stops counting: undefined while the request is in flight. */
  at: number | undefined;
}

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export class SlidingWindowLimiter {
  readonly messages: number;
  readonly windowMs: number;
  #now: () => number;
  #sleep: Sleep;
  #lanes = new Map<string, { slots: Slot[]; tail: Promise<void> }>();

  constructor(options: LimiterOptions) {
    if (!(options.messages >= 1) || !(options.perSeconds > 0)) {
      throw new RangeError("rate limit needs messages >= 1 and perSeconds > 0");
    }
    this.messages = Math.floor(options.messages);
    this.windowMs = options.perSeconds * 1000;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
  }

  /** Waits for a free slot for `key` (queued behind earlier callers); returns its release. */
  acquire(key: string, signal?: AbortSignal): Promise<Release> {
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { slots: [], tail: Promise.resolve() };
      this.#lanes.set(key, lane);
    }
    const current = lane;
    const granted = current.tail.then(() => this.#take(current.slots, signal));
    // The next caller waits for this one to be granted (or to give up), never for its request.
    current.tail = granted.then(
      () => undefined,
      () => undefined,
    );
    return granted;
  }

  /** How many slots of `key` count right now (taken within the window or still in flight). */
  inWindow(key: string): number {
    const lane = this.#lanes.get(key);
    if (!lane) return 0;
    this.#prune(lane.slots);
    return lane.slots.length;
  }

  #prune(slots: Slot[]): void {
    const now = this.#now();
    for (let i = slots.length - 1; i >= 0; i--) {
      const at = slots[i]?.at;
      if (at !== undefined && now - at > this.windowMs) slots.splice(i, 1);
    }
  }

  async #take(slots: Slot[], signal: AbortSignal | undefined): Promise<Release> {
    for (;;) {
      signal?.throwIfAborted();
      this.#prune(slots);
      if (slots.length < this.messages) {
        const slot: Slot = { at: undefined };
        slots.push(slot);
        return () => {
          if (slot.at === undefined) slot.at = this.#now();
        };
      }
      const done = slots.map((s) => s.at).filter((at): at is number => at !== undefined);
      // Everything in flight: wait a little for a request to finish; otherwise until the oldest expires.
      const wait = done.length === 0 ? 50 : Math.min(...done) + this.windowMs - this.#now() + 1;
      await this.#sleep(Math.max(1, wait), signal);
    }
  }
}

/** One limiter per robot process-wide, so two clients of the same robot share its budget. */
const shared = new Map<string, SlidingWindowLimiter>();

export function sharedLimiter(rate: RateLimit): SlidingWindowLimiter {
  const key = `${rate.messages}/${rate.perSeconds}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(rate);
    shared.set(key, limiter);
  }
  return limiter;
}
