/**
 * Working one claimed lane (one robot): send its due deliveries in order while its rate window has
 * room — one message each, or one digest when the backlog is larger than the room left — record
 * every outcome, and give the lane back when it is empty, out of room, paused or failing.
 */
import type { Channel, ChannelClient, Rendered } from "../channels/channel.ts";
import { type ChannelKind, channelFor } from "../channels/index.ts";
import { fixFor } from "../dingtalk/errors.ts";
import { isDingpipeError } from "../errors.ts";
import type { DeliveryAttempt } from "../store/store.ts";
import type { DeliveryStore, DueDelivery, FinishSend, SendOutcome } from "./delivery-store.ts";
import { type ComposeFns, composeFor } from "./messages.ts";
import { type DeliveryObserver, notify } from "./observer.ts";
import {
  answerOf,
  backoffMs,
  describe,
  judgeFailure,
  type LaneWindow,
  planSend,
  type RetryLadder,
  windowsRoom,
} from "./policy.ts";

export interface ResolvedCredential {
  /** The robot's kind (default a DingTalk webhook robot). */
  kind?: ChannelKind;
  webhook: string;
  secret?: string;
  keywords: string[];
  rateLimit: { messages: number; perSeconds: number };
}

export interface DeliveryLogger {
  debug?(msg: string, fields?: Record<string, unknown>): void;
  info?(msg: string, fields?: Record<string, unknown>): void;
  warn?(msg: string, fields?: Record<string, unknown>): void;
  error?(msg: string, fields?: Record<string, unknown>): void;
}

export interface LaneContext {
  store: DeliveryStore;
  resolveCredential: (name: string) => Promise<ResolvedCredential | undefined>;
  owner: string;
  now: () => number;
  leaseMs: number;
  sendTimeoutMs: number;
  /** How long a throttled robot is paused; undefined = its channel's own window. */
  throttleMs: number | undefined;
  windowMarginMs: number;
  maxDigest: number;
  ladder: RetryLadder;
  random: () => number;
  fetch: typeof fetch | undefined;
  compose: ComposeFns;
  observer: DeliveryObserver | undefined;
  logger: DeliveryLogger;
  /** True once the engine is stopping: finish the current request, then give the lane back. */
  stopping: () => boolean;
  /** Waits a moment (a robot's per-second window); resolves early when the engine stops. */
  pause: (ms: number) => Promise<void>;
}

/** A per-second window that is full is waited for in the lane, up to this long, instead of giving it back. */
const MAX_PAUSE_MS = 2_000;

const MISSING_FIX =
  "The notification names a credential (robot) that does not exist: create it, or point the notification at another, then retry the deliveries.";

/**
 * Due deliveries read at once when they go out one by one (never more than the window's room): the
 * lane's head is read once per batch instead of once per message.
 */
const PREFETCH = 32;

export async function workLane(ctx: LaneContext, credential: string): Promise<void> {
  const { store, owner } = ctx;
  let notBefore: number | undefined;
  // The outcome of the request just answered: recorded together with the next request's start
  // (one transaction), or alone when the lane is given back.
  const unrecorded: Unrecorded = {};
  try {
    const robot = await openRobot(ctx, credential);
    if (robot === undefined) return;
    const { windows } = robot;
    const windowMs = Math.max(...windows.map((w) => w.windowMs));
    // The lane's requests within its rate window: read from the shared send log once, right after
    // the claim, then kept here. While this worker holds the lease nobody else sends on the lane
    // (every request is preceded by beginSend, which fails once the lease is someone else's), so the
    // only requests added to the log are this worker's own, recorded below as the store stamps them.
    const sends = await store.laneSends(credential, ctx.now() - windowMs);
    // Due deliveries read ahead, all to go out one by one (the room covered them when read).
    let queue: DueDelivery[] = [];
    let next = 0;
    while (!ctx.stopping()) {
      const now = ctx.now();
      forgetBefore(sends, now - windowMs);
      const room = windowsRoom(sends, windows, now);
      if (room.budget <= 0) {
        // Only a per-second window is full: wait for it here; otherwise give the lane back until then.
        const wait = (room.freeAt ?? now) - now;
        if (room.burst && wait <= MAX_PAUSE_MS) {
          await ctx.pause(Math.max(1, wait));
          continue;
        }
        notBefore = room.freeAt;
        return;
      }
      let batch: DueDelivery[];
      if (next < queue.length) {
        batch = [queue[next++]!];
      } else {
        const due = await store.dueDeliveries(credential, now, Math.min(room.planned, PREFETCH));
        if (due.items.length === 0) return;
        if (planSend(due.total, room.planned) === "digest") {
          // More is due than the window lets out: the whole backlog (up to the robot kind's and the
          // engine's maxDigest) in one slot.
          const most = Math.min(ctx.maxDigest, robot.channel.maxDigest);
          batch = (await store.dueDeliveries(credential, now, most)).items;
          queue = [];
          next = 0;
          if (batch.length === 0) return;
        } else {
          queue = due.items;
          next = 1;
          batch = [queue[0]!];
        }
      }
      if (!(await sendBatch(ctx, credential, robot, batch, sends, unrecorded))) return;
    }
  } finally {
    try {
      // The last request's outcome, not recorded yet (it rides with the next request's start).
      if (unrecorded.finish !== undefined) await store.finishSend(unrecorded.finish);
    } finally {
      await store.releaseLane(credential, owner, notBefore).catch((error: unknown) => {
        ctx.logger.warn?.("could not release a lane; its lease will expire", {
          credential,
          error: describe(error),
        });
      });
    }
  }
}

/** A lane's robot: its channel, a client making exactly one request per send, its windows. */
interface LaneRobot {
  channel: Channel;
  client: ChannelClient;
  windows: LaneWindow[];
  keywords: string[];
  signed: boolean;
}

async function openRobot(ctx: LaneContext, credential: string): Promise<LaneRobot | undefined> {
  let resolved: ResolvedCredential | undefined;
  try {
    resolved = await ctx.resolveCredential(credential);
    if (resolved === undefined) {
      const n = await ctx.store.killLane(
        credential,
        ctx.now(),
        `credential_missing: no credential "${credential}"`,
        MISSING_FIX,
      );
      notify(ctx.observer, "dead", { credential, deliveries: n, code: "credential_missing" });
      return undefined;
    }
    const channel = channelFor(resolved.kind);
    const client = channel.client(
      {
        kind: channel.info.kind,
        webhook: resolved.webhook,
        ...(resolved.secret === undefined ? {} : { secret: resolved.secret }),
        keywords: resolved.keywords,
      },
      {
        rateLimit: false,
        retry: false,
        timeoutMs: ctx.sendTimeoutMs,
        ...(ctx.fetch === undefined ? {} : { fetch: ctx.fetch }),
        now: ctx.now,
      },
    );
    // The configured rate (the window a backlog is judged by), then the robot's own burst limits.
    const windows = [resolved.rateLimit, ...channel.burstWindows].map((w) => ({
      limit: Math.max(1, Math.floor(w.messages)),
      windowMs: Math.max(1, w.perSeconds) * 1000 + ctx.windowMarginMs,
    }));
    return { channel, client, windows, keywords: resolved.keywords, signed: resolved.secret !== undefined };
  } catch (error) {
    if (isDingpipeError(error) && !error.retryable) {
      // The credential cannot work as stored (bad secret format, host no longer allowed…).
      const n = await ctx.store.killLane(
        credential,
        ctx.now(),
        describe(error),
        fixFor(error.fix ?? MISSING_FIX, "service"),
      );
      notify(ctx.observer, "dead", { credential, deliveries: n, code: error.code });
      return undefined;
    }
    throw error;
  }
}

/** The outcome of the lane's last request while it is not recorded yet. */
interface Unrecorded {
  finish?: FinishSend;
}

/**
 * Sends one message (or one digest); false when the lane should be given back. The outcome of the
 * lane's previous request (`unrecorded`) is recorded first — in the same transaction as this
 * request's start — and this request's outcome is left in `unrecorded`, for the next request (or
 * the caller, when the lane is given back) to record.
 */
async function sendBatch(
  ctx: LaneContext,
  credential: string,
  robot: LaneRobot,
  batch: DueDelivery[],
  sends: number[],
  unrecorded: Unrecorded,
): Promise<boolean> {
  const previous = unrecorded.finish;
  const carrier = batch[0]!;
  const ids = batch.map((d) => d.id);
  const digest = batch.length > 1;
  let rendered: Rendered;
  try {
    rendered = composeFor(ctx.compose, robot.channel, batch, {
      keywords: robot.keywords,
      signed: robot.signed,
    });
  } catch (error) {
    if (previous !== undefined) {
      await ctx.store.finishSend(previous);
      unrecorded.finish = undefined;
    }
    const begun = await ctx.store.beginSend({
      credential,
      owner: ctx.owner,
      ids,
      now: ctx.now(),
      leaseMs: ctx.leaseMs,
    });
    if (!begun) return false;
    const at = ctx.now();
    recordSend(sends, at);
    await ctx.store.finishSend({
      credential,
      slot: begun.slot,
      answeredAt: at,
      outcome: {
        kind: "dead",
        carrierId: carrier.id,
        ids,
        attempt: { at: new Date(at).toISOString(), durationMs: 0, error: describe(error) },
        lastError: `compose_failed: ${describe(error)}`,
        fix: "The message could not be composed from this notification and event; check the notification's custom content.",
      },
    });
    notify(ctx.observer, "dead", { credential, deliveries: ids.length, code: "compose_failed" });
    return true;
  }

  const start = { credential, owner: ctx.owner, ids, now: ctx.now(), leaseMs: ctx.leaseMs };
  const begun =
    previous === undefined
      ? await ctx.store.beginSend(start)
      : await ctx.store.finishAndBegin(previous, start);
  unrecorded.finish = undefined; // recorded, whether or not the next request could begin
  if (!begun) return false; // the lease was lost: someone else has this lane now
  const startedAt = ctx.now();
  // The slot is in the shared log from now on; finishSend moves it to the answer time.
  recordSend(sends, startedAt);
  let outcome: SendOutcome;
  let keepGoing = true;
  try {
    const result = await robot.client.send(rendered.body);
    const answeredAt = ctx.now();
    restampSend(sends, startedAt, answeredAt);
    const attempt: DeliveryAttempt = {
      at: new Date(startedAt).toISOString(),
      durationMs: answeredAt - startedAt,
      errcode: 0,
      errmsg: result.errmsg,
    };
    outcome = {
      kind: "sent",
      carrierId: carrier.id,
      mergedIds: ids.slice(1),
      message: result.body, // the JSON text exactly as sent, stored as is
      attempt,
    };
    notify(ctx.observer, "request", { credential, durationMs: answeredAt - startedAt, ok: true });
    notify(ctx.observer, "sent", {
      credential,
      deliveries: ids.length,
      digest,
      latenciesMs: batch.map((d) => answeredAt - Date.parse(d.receivedAt)),
    });
    unrecorded.finish = { credential, slot: begun.slot, answeredAt, outcome };
    return true;
  } catch (error) {
    const answeredAt = ctx.now();
    restampSend(sends, startedAt, answeredAt);
    const attempt: DeliveryAttempt = {
      at: new Date(startedAt).toISOString(),
      durationMs: answeredAt - startedAt,
      ...answerOf(error),
    };
    if (attempt.errcode === undefined) attempt.error = describe(error);
    notify(ctx.observer, "request", { credential, durationMs: answeredAt - startedAt, ok: false });
    const tries = carrier.tries + 1;
    const verdict = judgeFailure(error, tries, ctx.ladder, robot.channel.info.label);
    const code = isDingpipeError(error) ? error.code : "error";
    switch (verdict.kind) {
      case "throttled": {
        const until = answeredAt + (ctx.throttleMs ?? robot.channel.throttleMs);
        outcome = { kind: "throttled", carrierId: carrier.id, ids, attempt, until, lastError: verdict.error };
        notify(ctx.observer, "throttled", { credential, until });
        ctx.logger.warn?.(`${robot.channel.info.label} throttled a robot; its lane pauses`, {
          credential,
          until: new Date(until).toISOString(),
        });
        keepGoing = false;
        break;
      }
      case "retry": {
        const runAt = answeredAt + backoffMs(tries, ctx.ladder, ctx.random);
        outcome = { kind: "retry", carrierId: carrier.id, ids, attempt, runAt, lastError: verdict.error };
        notify(ctx.observer, "retried", { credential, deliveries: ids.length, code });
        keepGoing = false;
        break;
      }
      case "dead":
        outcome = {
          kind: "dead",
          carrierId: carrier.id,
          ids,
          attempt,
          lastError: verdict.error,
          fix: verdict.fix,
          message: rendered.body,
        };
        notify(ctx.observer, "dead", { credential, deliveries: ids.length, code });
        ctx.logger.warn?.("delivery failed for good", {
          credential,
          deliveries: ids.length,
          error: verdict.error,
        });
        break;
    }
    unrecorded.finish = { credential, slot: begun.slot, answeredAt, outcome };
    return keepGoing;
  }
}

/** Drops the request times before `since` (the list is ascending). */
function forgetBefore(sends: number[], since: number): void {
  let n = 0;
  while (n < sends.length && sends[n]! < since) n++;
  if (n > 0) sends.splice(0, n);
}

/** Adds a request time, keeping the list ascending (the clock may step back). */
function recordSend(sends: number[], at: number): void {
  sends.push(at);
  if (sends.length > 1 && sends[sends.length - 2]! > at) sends.sort((a, b) => a - b);
}

/** The store moves a slot to MAX(reserved, answered): do the same here. */
function restampSend(sends: number[], reservedAt: number, answeredAt: number): void {
  if (answeredAt <= reservedAt) return;
  const i = sends.lastIndexOf(reservedAt);
  if (i >= 0) sends.splice(i, 1);
  recordSend(sends, answeredAt);
}
