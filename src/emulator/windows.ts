/**
 * WeCom's and Feishu's rate limits as the emulator enforces them: sliding windows per robot; a
 * request over any window is refused (45009 / 11232) and not counted; nothing else is penalized.
 * Time comes from the caller. (DingTalk's limit, with its 10-minute penalty, is rate.ts.)
 */
import type { WindowLimitOptions } from "./types.ts";

export const WECOM_LIMIT: WindowLimitOptions = { windows: [{ messages: 20, windowMs: 60_000 }] };
export const FEISHU_LIMIT: WindowLimitOptions = {
  windows: [
    { messages: 100, windowMs: 60_000 },
    { messages: 5, windowMs: 1_000 },
  ],
};

export class WindowLimiter {
  readonly #windows: WindowLimitOptions["windows"];
  readonly #longest: number;
  #sent = new Map<string, number[]>();

  constructor(options: WindowLimitOptions) {
    this.#windows = options.windows;
    this.#longest = Math.max(0, ...options.windows.map((w) => w.windowMs));
  }

  /** Counts one message; false when some window is already full. */
  admit(token: string, now: number): boolean {
    const sent = (this.#sent.get(token) ?? []).filter((t) => t > now - this.#longest);
    const full = this.#windows.some((w) => sent.filter((t) => t > now - w.windowMs).length >= w.messages);
    if (!full) sent.push(now);
    this.#sent.set(token, sent);
    return !full;
  }

  reset(): void {
    this.#sent.clear();
  }
}
