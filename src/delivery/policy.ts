/**
 * The engine's decisions, as pure functions: how much a lane may send now, whether its backlog is
 * merged into a digest, what a failure means for the outbox, and how long a retry waits.
 */
import { type DingTalkError, fixFor } from "../dingtalk/errors.ts";
import { isDingpipeError } from "../errors.ts";

export interface RetryLadder {
  /** Failed requests after which a delivery becomes dead (default 8). */
  maxAttempts: number;
  /** First backoff (default 2 s), doubled each time… */
  baseMs: number;
  /** …up to this (default 5 min). */
  maxMs: number;
}

export const DEFAULT_LADDER: RetryLadder = { maxAttempts: 8, baseMs: 2000, maxMs: 300_000 };

/**
 * Room left in a lane's rate window. `sends` are the lane's request times (ascending) within the
 * window. When the window is full, `freeAt` is when its oldest counted request leaves it.
 */
export function windowRoom(
  sends: readonly number[],
  limit: number,
  windowMs: number,
): { budget: number; freeAt?: number } {
  const budget = limit - sends.length;
  if (budget > 0) return { budget };
  const oldestCounted = sends[sends.length - limit] ?? 0;
  return { budget: 0, freeAt: oldestCounted + windowMs + 1 };
}

/** One of a lane's rate windows: at most `limit` requests per `windowMs`. */
export interface LaneWindow {
  limit: number;
  windowMs: number;
}

/**
 * Room left under several windows at once (Feishu: 100 a minute AND 5 a second). `sends` are the
 * lane's request times (ascending) within the longest window. `budget` is the room under every
 * window; `planned` the room under the first (the configured rate), by which a backlog is judged;
 * when some window is full, `freeAt` is when they all have room again and `burst` says whether only
 * windows after the first are full (a short wait, not a reason to give the lane back).
 */
export function windowsRoom(
  sends: readonly number[],
  windows: readonly LaneWindow[],
  now: number,
): { budget: number; planned: number; freeAt?: number; burst: boolean } {
  let budget = Number.POSITIVE_INFINITY;
  let planned = Number.POSITIVE_INFINITY;
  let freeAt: number | undefined;
  let burst = true;
  windows.forEach((w, i) => {
    let first = sends.length;
    while (first > 0 && sends[first - 1]! >= now - w.windowMs) first--;
    const room = windowRoom(sends.slice(first), w.limit, w.windowMs);
    budget = Math.min(budget, room.budget);
    if (i === 0) planned = room.budget;
    if (room.freeAt !== undefined) {
      freeAt = Math.max(freeAt ?? 0, room.freeAt);
      if (i === 0) burst = false;
    }
  });
  return freeAt === undefined ? { budget, planned, burst: false } : { budget, planned, freeAt, burst };
}

/**
 * One message each while the window lets the whole due backlog out; otherwise one digest of the
 * backlog, in ONE slot — so nothing waits more than a window for a free slot, and nothing is dropped.
 */
export function planSend(dueTotal: number, budget: number): "single" | "digest" {
  return dueTotal > budget && dueTotal > 1 ? "digest" : "single";
}

/** Capped exponential backoff with jitter (50–100 % of the step). */
export function backoffMs(tries: number, ladder: RetryLadder, random: () => number = Math.random): number {
  const step = Math.min(ladder.maxMs, ladder.baseMs * 2 ** Math.max(0, tries - 1));
  return Math.max(1, Math.round(step * (0.5 + random() * 0.5)));
}

export type FailureVerdict =
  | { kind: "throttled"; error: string }
  | { kind: "retry"; error: string }
  | { kind: "dead"; error: string; fix: string };

/** The fix of a delivery that kept failing, naming the robot's service ("DingTalk", "WeCom"…). */
const giveUpFix = (service: string) =>
  `${service} kept failing for this robot; check the robot and the network, then retry the delivery from the console or the API.`;

/**
 * What a failed request means. `tries` counts this failure. Throttling keeps everything; a
 * retryable failure is retried until the ladder's attempts run out; anything the robot refused on
 * purpose (keywords, signature, unknown token, too long…) is dead at once, with its fix. Errors
 * that are not DingTalk's (no answer classified) are retried: losing a message is worse.
 */
export function judgeFailure(
  error: unknown,
  tries: number,
  ladder: RetryLadder,
  service = "DingTalk",
): FailureVerdict {
  const text = describe(error);
  if (isDingpipeError(error) && error.code === "throttled") return { kind: "throttled", error: text };
  const retryable = isDingpipeError(error) ? error.retryable : true;
  if (!retryable) {
    return {
      kind: "dead",
      error: text,
      // Stored as the service's readers (console, API) need it: never the command line's flags.
      fix: fixFor(
        (isDingpipeError(error) && error.fix) || "Check the robot's settings, then retry the delivery.",
        "service",
      ),
    };
  }
  if (tries >= ladder.maxAttempts) {
    return { kind: "dead", error: `gave up after ${tries} attempts: ${text}`, fix: giveUpFix(service) };
  }
  return { kind: "retry", error: text };
}

/** "code: message" for the record (error messages are already redacted by the robot client). */
export function describe(error: unknown): string {
  if (isDingpipeError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The robot's answer fields, when the error carries them. */
export function answerOf(error: unknown): { errcode?: number; errmsg?: string } {
  const e = error as Partial<DingTalkError>;
  const out: { errcode?: number; errmsg?: string } = {};
  if (typeof e?.errcode === "number") out.errcode = e.errcode;
  if (typeof e?.errmsg === "string") out.errmsg = e.errmsg;
  return out;
}
