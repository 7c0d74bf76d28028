/**
 * The delivery engine: turns accepted events into messages in chat groups (DingTalk, WeCom, Feishu)
 * without losing any.
 *
 * Design (docs/delivery.md tells the whole story):
 * - OUTBOX. An accepted event is committed before the HTTP 202 (Store.insertEvent). The engine
 *   EXPANDS events into deliveries (one per matching notification rule) in one transaction, so an
 *   event is expanded exactly once, even across a crash. On SQLite that is the transaction that inserts
 *   the event (expandOnInsert: one commit and one fsync per accepted batch instead of two); the engine's
 *   own expansion takes what is left (other processes' events, a backlog).
 * - LANES. Each real robot is a lane (every credential holding its webhook shares it: robot-key.ts).
 *   A worker CLAIMS a ready lane with a lease (owner + expiry) — FOR UPDATE SKIP LOCKED on
 *   PostgreSQL, SQLite's write lock otherwise — and alone sends its deliveries, in order. Several workers in several processes share the lanes.
 *   A wake-up (an accepted event) calls one idle worker; a worker that claims a lane or a card calls the
 *   next, so an idle wake-up costs one look at the store and work still spreads over every worker.
 *   With nothing to do, one worker looks again every poll (work another process added), sooner when
 *   something is due; the others rest. A worker going idle after work makes it read the due time again.
 * - RATE. Every request is logged in the lane's send log BEFORE it leaves (and re-stamped with the
 *   answer time after), so every process counts the same window and a lane never exceeds
 *   `messages` per `perSeconds`. When the due backlog is larger than what the window still lets out,
 *   the backlog goes out as ONE digest in one slot: every event reaches the group within two windows.
 * - FAILURES. Throttled (DingTalk 130101, WeCom 45009, Feishu 11232) → the lane pauses for the
 *   robot's throttle window, everything kept.
 *   Retryable → the row keeps attempts, last error and the next run (capped exponential backoff);
 *   after the ladder's attempts it is dead. Permanent → dead at once, with the fix.
 * - CRASHES. A worker marks deliveries "sending" before the request; if it dies, its lease expires
 *   and the next claimer sends them again first, as the one message or digest they were (never
 *   merged with newer deliveries): at least once, duplicates only for what was in flight at the crash.
 */
import { hostname } from "node:os";
import { MAX_DIGEST } from "../channels/channel.ts";
import { isDingpipeError } from "../errors.ts";
import { selectRules } from "../notify/rules.ts";
import { randomTag } from "../random-tag.ts";
import type { CardStore, IdleLook } from "./card-store.ts";
import { type CardContext, workCard } from "./cards.ts";
import type { DeliveryStore, RuleSelector } from "./delivery-store.ts";
import { engineHttp } from "./http.ts";
import {
  type DeliveryLogger,
  type LaneContext,
  OutcomeNotRecorded,
  type OwedOutcome,
  type ResolvedCredential,
  settleOwed,
  workLane,
} from "./lane.ts";
import { type ComposeFns, DEFAULT_COMPOSE } from "./messages.ts";
import type { DeliveryObserver } from "./observer.ts";
import { DEFAULT_LADDER, describe, type RetryLadder } from "./policy.ts";

export interface DeliveryEngineOptions {
  /** The outbox, and the run cards' rows (style run_card). */
  store: DeliveryStore & CardStore & IdleLook;
  /** The robot behind a credential name, secrets unsealed; undefined when it no longer exists. */
  resolveCredential: (name: string) => Promise<ResolvedCredential | undefined>;
  fetch?: typeof fetch;
  /** The clock (epoch ms). */
  now?: () => number;
  /** Names this worker in lane leases (default host:pid:random). */
  workerId?: string;
  /** Lanes worked at the same time in this process (default 8). */
  concurrency?: number;
  /** How often idle workers look for work another process may have added (default 1000 ms). */
  pollMs?: number;
  /** Lane lease; a dead worker's lanes are taken over after it (default 30 s). */
  leaseMs?: number;
  /** Timeout of one request to a robot (default 10 s, at most a third of the lease). */
  sendTimeoutMs?: number;
  /** How long a throttled robot is paused (default its channel's: DingTalk 10 minutes, WeCom and Feishu one). */
  throttleMs?: number;
  /** Added to each robot's rate windows, for clock jitter at the robot's side (default 100 ms). */
  windowMarginMs?: number;
  /** Most deliveries merged into one digest: lowers MAX_DIGEST (200), never raises it; a kind may take fewer. */
  maxDigest?: number;
  retry?: Partial<RetryLadder>;
  observer?: DeliveryObserver;
  logger?: DeliveryLogger;
  /** Jitter source, [0, 1). */
  random?: () => number;
  /** Composition into neutral notices (default src/notify's compose and composeDigest). */
  compose?: ComposeFns;
  /** Rule matching (default src/notify's selectRules). */
  select?: RuleSelector;
}

export interface DeliveryEngine {
  /** Look for work now (the HTTP layer calls it after accepting an event). */
  wake(): void;
  /** Finishes in-flight requests, records them and gives every lane back. */
  stop(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 8;
const EXPAND_BATCH = 500;
const PRUNE_EVERY_MS = 5 * 60_000;
const SEND_LOG_KEEP_MS = 2 * 3600_000;

export function startDeliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  const store = options.store;
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 30_000;
  const logger = options.logger ?? {};
  const select: RuleSelector = safeSelect(
    options.select ?? ((event, rules, facts) => selectRules(rules, event, facts)),
    logger,
  );
  let stopping = false;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  // Robot requests on node:http keep-alive agents unless a fetch is injected (or a proxy is set).
  const http = options.fetch === undefined ? engineHttp({ maxSockets: concurrency * 2 }) : undefined;
  const fetchFn = options.fetch ?? http?.fetch;

  const shared: LaneContext = {
    store,
    resolveCredential: options.resolveCredential,
    owner: options.workerId ?? `${hostname()}:${process.pid}:${randomTag()}`,
    now,
    leaseMs,
    sendTimeoutMs: Math.min(options.sendTimeoutMs ?? 10_000, Math.floor(leaseMs / 3)),
    throttleMs: options.throttleMs,
    windowMarginMs: options.windowMarginMs ?? 100,
    maxDigest: Math.max(1, Math.min(options.maxDigest ?? MAX_DIGEST, MAX_DIGEST)),
    ladder: { ...DEFAULT_LADDER, ...options.retry },
    random: options.random ?? Math.random,
    fetch: fetchFn,
    compose: options.compose ?? DEFAULT_COMPOSE,
    observer: options.observer,
    logger,
    stopping: () => stopping,
    // A per-second window's wait; ends early on wake() or stop() (the lane checks its room again).
    pause: (ms) => sleep(ms),
  };

  // A lane waiting for room in its rate window waits on this; wake() and stop() resolve it.
  let alarm = Promise.withResolvers<void>();
  const ring = () => {
    alarm.resolve();
    alarm = Promise.withResolvers<void>();
  };
  /** Sleeps `ms`, or until the next ring. */
  const sleep = (ms: number) => {
    const { promise, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(resolve, Math.max(0, ms));
    return Promise.race([promise, alarm.promise]).finally(() => clearTimeout(timer));
  };

  // Idle workers wait to be called, first come first called. A wake-up calls ONE of them; a worker that
  // finds work (a lane, a card) calls the next before doing it, since there may be more — so a wake-up
  // with nothing to send costs one worker's look at the store, not every worker's (on PostgreSQL four
  // round trips each, at every batch of accepted events). `calls` keeps the wake-ups that came while every
  // worker was busy (at most one per worker): the next to finish looks again instead of resting.
  const idle = new Set<() => void>();
  let calls = 0;
  const call = () => {
    const first = idle.values().next();
    if (first.done) calls = Math.min(calls + 1, concurrency);
    else {
      idle.delete(first.value);
      first.value();
    }
  };
  /**
   * Rests `ms` (without `ms`: no time limit), or until called or stopped; not at all when a call is pending.
   * `arm` is given the function that ends this rest early. True when the time ran out.
   */
  const rest = (ms?: number, arm?: (end: () => void) => void): Promise<boolean> => {
    if (stopping) return Promise.resolve(false);
    if (calls > 0) {
      calls--;
      return Promise.resolve(false);
    }
    const { promise, resolve } = Promise.withResolvers<boolean>();
    const end = () => resolve(false);
    idle.add(end);
    arm?.(end);
    const timer = ms === undefined ? undefined : setTimeout(() => resolve(true), Math.max(0, ms));
    return promise.finally(() => {
      if (timer !== undefined) clearTimeout(timer);
      idle.delete(end);
    });
  };

  // The idle worker that looks at the store again when its rest is over; the others rest until called.
  // Its wait (the next due time, at most a poll) is read before it rests: a worker that did work writes
  // due times of its own (a retry, a rate window's end, a card's next try), so when it goes idle it counts
  // a change and ends the poller's rest; a poller whose reading began before that change reads again.
  let poller: number | undefined;
  let endPoll: (() => void) | undefined;
  let changes = 0;
  const changed = () => {
    changes++;
    endPoll?.();
  };

  // One expansion at a time in this process; `dirty` says events may be waiting.
  let dirty = true;
  let expanding: Promise<void> | undefined;
  let lastPrune = 0;
  const expand = (): Promise<void> => {
    // Not dirty: nothing to expand, unless the send log is due for its prune (an idle engine expands
    // only when its poll finds events waiting, and still prunes).
    if (!dirty && now() - lastPrune <= PRUNE_EVERY_MS) return Promise.resolve();
    expanding ??= (async () => {
      try {
        // Events accepted while this runs set `dirty` again: expanded here too, so every worker that
        // joined this expansion (`expanding ??=`) waited for them as well.
        do {
          dirty = false;
          for (;;) {
            const result = await store.expandEvents({
              limit: EXPAND_BATCH,
              now: now(),
              select,
            });
            if (result.events < EXPAND_BATCH) break;
          }
        } while (dirty);
        if (now() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = now();
          await store.pruneSendLog(now() - SEND_LOG_KEEP_MS);
        }
      } catch (error) {
        dirty = true;
        throw error;
      } finally {
        expanding = undefined;
      }
    })();
    return expanding;
  };

  // The engine's trouble, logged once when it starts (or changes) and once when it is over, not at
  // every retry of every worker: a database that broke would otherwise fill the log every second.
  let trouble: string | undefined;
  const failed = (error: unknown) => {
    const key = isDingpipeError(error) ? error.code : describe(error);
    if (key === trouble) return;
    trouble = key;
    logger.error?.("delivery stopped: the engine retries every poll until this is mended", {
      error: describe(error),
      ...(isDingpipeError(error) && error.fix ? { fix: error.fix } : {}),
    });
  };
  const worked = () => {
    if (trouble === undefined) return;
    logger.info?.("delivery resumed", { after: trouble });
    trouble = undefined;
  };

  // Each worker holds its leases under its own name: a lane whose lease ran out while its worker
  // was stalled, and which another worker of this process then claimed, is not the stalled one's.
  async function worker(index: number): Promise<void> {
    const ctx: LaneContext = { ...shared, owner: `${shared.owner}/${index}` };
    const cards: CardContext = { ...ctx, store };
    // A robot's answer the store could not take (it was down): recorded before anything else.
    let owed: OwedOutcome | undefined;
    // Whether this worker worked a lane or a card since it last went idle.
    let busy = false;
    // The poller's whole poll ran out: the idle look first (see below).
    let peek = false;
    // At start one worker looks, as after a wake-up; the others rest until called (the first to find
    // work calls the next). All looking at once opened a PostgreSQL pool connection (a server backend)
    // per worker, for nothing when there is no work.
    if (index > 0) await rest();
    while (!stopping) {
      try {
        // Trouble is over when the store takes a write again: a read alone proves nothing (a SQLite
        // file gone read-only still answers reads, and an idle engine only reads).
        if (owed !== undefined) {
          await settleOwed(ctx, owed);
          owed = undefined;
          worked();
        }
        await expand();
        const peeking = peek;
        peek = false;
        const lane = peeking ? undefined : await store.claimLane({ owner: ctx.owner, now: now(), leaseMs });
        if (lane !== undefined) {
          worked();
          busy = true;
          call();
          await workLane(ctx, lane);
          // One due run card after each lane, so a busy outbox never starves the cards.
          await workCard(cards);
          continue;
        }
        // Run cards: one due card at a time, between lanes (each card's requests serialized by its lease).
        if (!peeking && (await workCard(cards))) {
          worked();
          busy = true;
          call();
          continue;
        }
        // Idle: one worker looks at the store again after `pollMs` (sooner when a retry or a card is
        // due), for work another process may have added; the others rest until called. Eight workers
        // each asking ~4 questions every poll kept PostgreSQL's pool connections in use and the poll
        // loop hot enough for V8's optimizing compiler: an idle service grew from ~60 to ~69 MB of RSS.
        if (busy) {
          busy = false;
          if (poller !== undefined) changed();
        }
        if (poller !== undefined) {
          await rest();
          continue;
        }
        // A poll that ran out with nothing due asks one question (IdleLook: events waiting, the next lane
        // or card due), not five, each allocating on the driver's side: an idle service's young
        // generation fills more slowly, and its poll's functions reach V8's optimizing compilers later.
        // Events another process accepted are expanded, and a lane or a card claimed, when it says so.
        poller = index;
        let wait = pollMs;
        let ranOut = false;
        try {
          const seen = changes;
          const look = await store.idleLook(now());
          const next = look.next;
          // After a peek, events waiting: expand them, then look for work as after a wake-up (once a
          // poll: events no expansion takes do not keep the poller from resting).
          if (peeking && look.waiting) {
            dirty = true;
            continue;
          }
          wait = next === undefined ? pollMs : Math.min(pollMs, Math.max(1, next - now()));
          // A change while it read: read again. After a peek, something due now: claim it.
          if (changes !== seen || (peeking && next !== undefined && next <= now())) continue;
          ranOut = await rest(wait, (end) => {
            endPoll = end;
          });
        } finally {
          poller = undefined;
          endPoll = undefined;
        }
        // A whole poll: another process may have accepted events or added work (the peek's look says).
        if (ranOut && wait >= pollMs) peek = true;
      } catch (error) {
        if (error instanceof OutcomeNotRecorded) owed = error.owed;
        if (stopping) break;
        failed(error instanceof OutcomeNotRecorded ? error.cause : error);
        await rest(pollMs);
        dirty = true;
      }
    }
    // Stopping with an answer still owed: one last try; otherwise its lease runs out and the next
    // worker sends the batch again, as after a crash.
    if (owed !== undefined)
      await settleOwed(ctx, owed).catch((error: unknown) => {
        logger.warn?.("stopped before the database took a robot's answer: its message may be sent twice", {
          error: describe(error),
        });
      });
  }

  // Where the store can, accepted events are expanded in the transaction that inserts them.
  store.expandOnInsert?.({ select, now });
  const workers = Array.from({ length: concurrency }, (_, i) => worker(i));

  return {
    wake() {
      dirty = true;
      ring();
      call();
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      store.expandOnInsert?.(undefined);
      ring();
      for (const resolve of idle) resolve();
      await Promise.all(workers);
      http?.close();
    },
  };
}

/** A rule matcher that never throws: a bad event or rule is logged and matches nothing. */
function safeSelect(select: RuleSelector, logger: DeliveryLogger): RuleSelector {
  return (event, rules, facts) => {
    try {
      return select(event, rules, facts);
    } catch (error) {
      logger.error?.("could not match an event against the notification rules", { error: describe(error) });
      return [];
    }
  };
}
