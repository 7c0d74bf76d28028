/**
 * Working one claimed lane (one robot): send its due deliveries in order while its rate window has
 * room — one message each, or one digest when the backlog is larger than the room left — record
 * every outcome, and give the lane back when it is empty, out of room, paused or failing.
 */
import type { Rendered } from "../channels/channel.ts";
import type { ChannelKind } from "../channels/index.ts";
import { isDingpipeError } from "../errors.ts";
import type { DeliveryAttempt } from "../store/store.ts";
import type { DeliveryStore, DueDelivery, FinishSend, SendOutcome } from "./delivery-store.ts";
import { LaneRobots, type OpenRobot } from "./lane-robots.ts";
import { type ComposeFns, composeFor } from "./messages.ts";
import { type DeliveryObserver, notify } from "./observer.ts";
import {
  answerOf,
  backoffMs,
  describe,
  judgeFailure,
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

/**
 * Due deliveries read at once when they go out one by one (never more than the window's room): the
 * lane's head is read once per batch instead of once per message.
 */
const PREFETCH = 32;

export async function workLane(ctx: LaneContext, lane: string): Promise<void> {
  // The outcome of the request just answered: recorded together with the next request's start, or
  // with the lane's release when the lane is given back (one transaction either way).
  const unrecorded: Unrecorded = {};
  const until: { notBefore?: number } = {};
  let failure: { error: unknown } | undefined;
  try {
    await sendDue(ctx, lane, unrecorded, until);
  } catch (error) {
    failure = { error };
  }
  const { store, owner } = ctx;
  const notBefore = until.notBefore;
  // The last request's outcome, not recorded yet (it rides with the next request's start).
  const finish = unrecorded.finish;
  if (finish !== undefined) {
    try {
      // Recorded and given back at once: a lane whose deliveries are all done is never seen held.
      if (failure === undefined) return await store.finishAndRelease(finish, owner, notBefore);
      // After a failure the store may hold this outcome already: a finishAndBegin that committed
      // but whose answer was lost (a connection dropped after COMMIT) recorded it. finishOwed records
      // it only if it is not, so the carrier's attempt and tries are not counted twice.
      await recordOwed(ctx, finish);
    } catch (error) {
      // The store is down: the robot's answer is kept, and the lane with it (not released), so the
      // worker records it when the store is back instead of the next holder sending it again. Any other
      // failure would fail again at every try: the lane is given back, as after a crash.
      if (isDingpipeError(error, "database_unavailable"))
        throw new OutcomeNotRecorded({ finish, notBefore }, failure?.error ?? error);
      failure ??= { error };
    }
  }
  await store.releaseLane(lane, owner, notBefore).catch((error: unknown) => {
    ctx.logger.warn?.("could not release a lane; its lease will expire", {
      error: describe(error),
    });
  });
  if (failure !== undefined) throw failure.error;
}

/**
 * The lane's due deliveries, sent while the windows have room; `until.notBefore` says when the lane
 * may go again when it returns for want of room.
 */
async function sendDue(
  ctx: LaneContext,
  lane: string,
  unrecorded: Unrecorded,
  until: { notBefore?: number },
): Promise<void> {
  const { store } = ctx;
  const robots = new LaneRobots(ctx);
  // The lane's requests within its rate windows: read from the shared send log (again when a
  // credential met later widens the window), then kept here. While this worker holds the lease
  // nobody else sends on the lane (every request is preceded by beginSend, which fails once the
  // lease is someone else's), so the only requests added to the log are this worker's own,
  // recorded below as the store stamps them.
  let sends: number[] = [];
  let readSince = Number.POSITIVE_INFINITY;
  // Due deliveries read ahead, to go out one by one while the windows have room; `total` is how
  // many were due when they were read, while the choice between one by one and a digest is open.
  let queue: DueDelivery[] = [];
  let next = 0;
  let total: number | undefined;
  // What a previous holder had in flight when it died (left "sending"): read before this worker's
  // first request (its own requests are "sending" too until recorded), and sent again first, as
  // the batch it was — one message or one digest, never merged with what came since — so a crash
  // re-sends only what was in flight.
  let inFlight = await store.inFlightDeliveries(lane);
  // Some could not be opened (their credential is gone: dead-lettered): read again, nothing sent yet.
  while (inFlight.length > 0 && !(await robots.openAll(inFlight)))
    inFlight = await store.inFlightDeliveries(lane);
  while (!ctx.stopping()) {
    if (inFlight.length === 0 && next >= queue.length) {
      const due = await store.dueDeliveries(lane, ctx.now(), PREFETCH);
      if (due.items.length === 0) return;
      // The lane's credentials are known from its deliveries: open those not met yet.
      if (!(await robots.openAll(due.items))) continue; // dead-lettered some: read again
      queue = due.items;
      next = 0;
      total = due.total;
    }
    const now = ctx.now();
    if (now - robots.windowMs < readSince) {
      readSince = now - robots.windowMs;
      sends = await store.laneSends(lane, readSince);
    }
    forgetBefore(sends, now - robots.windowMs);
    const room = windowsRoom(sends, robots.windows, now);
    if (room.budget <= 0) {
      // Only a per-second window is full: wait for it here; otherwise give the lane back until then.
      const wait = (room.freeAt ?? now) - now;
      if (room.burst && wait <= MAX_PAUSE_MS) {
        await ctx.pause(Math.max(1, wait));
        continue;
      }
      until.notBefore = room.freeAt;
      return;
    }
    let batch: DueDelivery[];
    if (inFlight.length > 0) {
      // Within this robot's digest cap (the cap may have been lowered since it was sent).
      batch = inFlight.splice(0, Math.min(ctx.maxDigest, robots.maxDigest));
    } else if (total !== undefined && planSend(total, room.planned) === "digest") {
      // More is due than the window lets out: the whole backlog (up to the robot kind's and the
      // engine's maxDigest) in one slot.
      batch = (await store.dueDeliveries(lane, now, Math.min(ctx.maxDigest, robots.maxDigest))).items;
      queue = [];
      next = 0;
      total = undefined;
      if (batch.length === 0) return;
      if (!(await robots.openAll(batch))) continue;
    } else {
      total = undefined;
      batch = [queue[next++]!];
    }
    // A digest goes out through its carrier's credential (every credential of the lane reaches
    // the same group).
    const robot = robots.get(batch[0]!.credential)!;
    if (!(await sendBatch(ctx, lane, robot, batch, sends, unrecorded))) return;
  }
}

/** A robot's answer the store could not record when it came, with when its lane may go again. */
export interface OwedOutcome {
  finish: FinishSend;
  notBefore: number | undefined;
}

/** workLane's error when the store failed while it held an answer: the worker keeps `owed`. */
export class OutcomeNotRecorded extends Error {
  readonly owed: OwedOutcome;
  constructor(owed: OwedOutcome, cause: unknown) {
    super("the store could not record a robot's answer", { cause });
    this.owed = owed;
  }
}

/**
 * Records an outcome kept since the store failed (see OutcomeNotRecorded), then gives its lane back.
 * When another worker took the lane meanwhile, nothing is recorded: that one sends the batch again.
 */
export async function settleOwed(ctx: LaneContext, owed: OwedOutcome): Promise<void> {
  await recordOwed(ctx, owed.finish);
  await ctx.store.releaseLane(owed.finish.lane, ctx.owner, owed.notBefore);
}

/** Records an outcome unless it is already, or its lane went to another worker (said in the log). */
async function recordOwed(ctx: LaneContext, finish: FinishSend): Promise<void> {
  if ((await ctx.store.finishOwed(finish, ctx.owner)) === "lost")
    ctx.logger.warn?.(
      "a robot answered while this worker could not record it, and its lane went to another worker: that message may have been sent twice",
      { lane: finish.lane },
    );
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
  lane: string,
  robot: OpenRobot,
  batch: DueDelivery[],
  sends: number[],
  unrecorded: Unrecorded,
): Promise<boolean> {
  const previous = unrecorded.finish;
  const carrier = batch[0]!;
  // Metrics and logs name the credential (the lane is a robot key, meaningless to a reader).
  const credential = carrier.credential;
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
      lane,
      owner: ctx.owner,
      ids,
      now: ctx.now(),
      leaseMs: ctx.leaseMs,
    });
    if (!begun) return false;
    const at = ctx.now();
    recordSend(sends, at);
    await ctx.store.finishSend({
      lane,
      slot: begun.slot,
      answeredAt: at,
      outcome: {
        kind: "dead",
        local: true,
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

  const start = { lane, owner: ctx.owner, ids, now: ctx.now(), leaseMs: ctx.leaseMs };
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
    // Counted per credential: a digest may carry deliveries of every credential on the robot.
    const byCredential = Map.groupBy(batch, (d) => d.credential);
    for (const [name, group] of byCredential) {
      notify(ctx.observer, "sent", {
        credential: name,
        deliveries: group.length,
        digest: digest && name === credential,
        latenciesMs: group.map((d) => answeredAt - Date.parse(d.receivedAt)),
      });
    }
    unrecorded.finish = { lane, slot: begun.slot, answeredAt, outcome };
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
    unrecorded.finish = { lane, slot: begun.slot, answeredAt, outcome };
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
