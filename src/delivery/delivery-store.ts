/**
 * The storage operations of the delivery engine (the outbox), implemented by both dialects
 * (src/store/sqlite/, src/store/postgres/) and covered by the same contract suite.
 *
 * Vocabulary:
 * - an EVENT is accepted (Store.insertEvent) and later EXPANDED: one pending delivery per matching
 *   notification rule, in the same transaction that marks the event expanded;
 * - a LANE is one real robot, named by its ROBOT KEY (its channel's robotKey, src/channels/robot-key.ts:
 *   a keyed hash of the DingTalk token, WeCom key or Feishu hook token): every credential holding that
 *   robot's webhook puts its deliveries in the same lane, since each app counts its limit per robot. A credential without a robot key
 *   (stored before keys existed, until the service assigns them) is its own lane, named by its name.
 *   A lane's deliveries go out in id order, by one worker at a time, holding the lane's LEASE (owner
 *   + expiry). A lane whose lease expired (its worker died) can be claimed again; its deliveries left
 *   in "sending" (the request in flight at the crash) stay so until the new holder sends them again,
 *   first and as the one batch they were, never merged with newer deliveries;
 * - the SEND LOG records every request made to a robot, so the rate window is shared by every
 *   worker of every process and every credential of the robot.
 *
 * Times here are epoch milliseconds (the engine's injected clock), not ISO strings.
 */
import type { NotificationRule } from "../notify/rule.ts";
import type { EventFacts } from "../notify/rules.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Transition } from "../pipeline/status.ts";
import type { DeliveryAttempt, NotificationRecord } from "../store/store.ts";

/**
 * Picks the rules an event matches (the engine passes notify's selectRules); `facts` carries the
 * transition the store derived from the task's history while expanding.
 */
export type RuleSelector = (
  event: PipelineEvent,
  rules: NotificationRecord[],
  facts: EventFacts,
) => NotificationRecord[];

export interface ExpandResult {
  events: number;
  deliveries: number;
}

/** A pending delivery that is due, with what composition needs. */
export interface DueDelivery {
  id: string;
  /** The credential the delivery's rule names: the lane's robot is sent to through it. */
  credential: string;
  eventId: string;
  notificationId: string;
  /** The rule as it was when the event was expanded. */
  rule: NotificationRule;
  event: PipelineEvent;
  receivedAt: string;
  /** The event's transition in the task's history, when it made one. */
  transition?: Transition;
  /** Retryable failures since the delivery was (re)queued; decides when it becomes dead. */
  tries: number;
}

export interface DueDeliveries {
  /** The oldest due deliveries, in lane order, at most `limit`. */
  items: DueDelivery[];
  /** How many are due in all. */
  total: number;
}

/** What happened to one request (a single message, or a digest carrying several deliveries). */
export type SendOutcome =
  | {
      kind: "sent";
      /** The delivery that carried the message (for a digest: the oldest one). */
      carrierId: string;
      /** Deliveries merged into the carrier's digest (state "merged", mergedInto = carrier). */
      mergedIds: string[];
      /** The message as sent: the JSON text of the request body (stored as is), or the message. */
      message: object | string;
      attempt: DeliveryAttempt;
    }
  | {
      /** Retryable failure: every delivery stays pending, due at runAt; the carrier's tries grow. */
      kind: "retry";
      carrierId: string;
      ids: string[];
      attempt: DeliveryAttempt;
      runAt: number;
      lastError: string;
    }
  | {
      /** Permanent failure: every delivery becomes a dead letter with the fix. */
      kind: "dead";
      carrierId: string;
      ids: string[];
      attempt: DeliveryAttempt;
      lastError: string;
      fix: string;
      message?: object;
      /** Nothing reached the robot (the message could not be composed): its state is left alone. */
      local?: boolean;
    }
  | {
      /** DingTalk throttled the robot: everything stays pending, the lane pauses until `until`. */
      kind: "throttled";
      carrierId: string;
      ids: string[];
      attempt: DeliveryAttempt;
      until: number;
      lastError: string;
    };

/** What beginSend needs: the lane, its holder, the deliveries the request carries. */
export interface BeginSend {
  lane: string;
  owner: string;
  ids: string[];
  now: number;
  leaseMs: number;
}

/** What finishSend records: the request's slot, when DingTalk answered, and the outcome. */
export interface FinishSend {
  lane: string;
  slot: string;
  answeredAt: number;
  outcome: SendOutcome;
}

/** What became of an outcome recorded late (finishOwed). */
export type OwedResult = "recorded" | "done" | "lost";

/** What the outbox knows of a robot: its pause, its backoff, its last success and last error. */
export interface LaneState {
  /** DingTalk throttled the robot: nothing is sent before this (epoch ms; 0 = never paused). */
  pausedUntil: number;
  pauseReason?: string;
  /** The lane waits until then (its rate window is full, or a retry's backoff). */
  notBefore: number;
  /** When DingTalk last accepted a message from this robot. */
  lastSentAt?: number;
  /** The last request's error, when the last request failed (cleared by the next success). */
  lastError?: string;
  lastErrorAt?: number;
  /**
   * A worker holds the lane until then (epoch ms; absent = never leased). A worker renews it while it sends
   * and its request times out well before it ends, so a delivery still "sending" on a lane whose lease has
   * passed was left by a worker that stopped: the next worker on the lane sends it again first.
   */
  leaseUntil?: number;
}

export interface DeliveryStore {
  /**
   * Claims up to `limit` events not yet expanded (oldest first; one expansion at a time across
   * processes), folds them into the run state (each run's tasks, each task's last outcome) and records
   * each event's transition, inserts one pending delivery per rule `select` returns, marks the events
   * expanded: one transaction.
   */
  expandEvents(options: { limit: number; now: number; select: RuleSelector }): Promise<ExpandResult>;

  /**
   * Optional (SQLite): from now on, expand events in the very transaction that inserts them (at the end of
   * each group commit that inserted one, oldest unexpanded first, as expandEvents would), so an accepted
   * event costs one commit instead of two; `undefined` turns it off. The engine turns it on for its process;
   * expandEvents still expands whatever is left (other processes' events, a failed inline expansion).
   */
  expandOnInsert?(options: { select: RuleSelector; now: () => number } | undefined): void;

  /**
   * Claims one lane with due pending deliveries that is neither leased (or its lease expired), nor
   * paused, nor waiting for its rate window; the least recently claimed first. Its deliveries left
   * "sending" by a dead worker stay "sending" (inFlightDeliveries); on such a takeover the lane's last
   * send-log slot is moved to `now` (the dead worker's request may have reached the robot until then).
   * Undefined when no lane is ready.
   */
  claimLane(options: { owner: string; now: number; leaseMs: number }): Promise<string | undefined>;

  /** Extends the lease; false when `owner` no longer holds the lane. */
  renewLane(lane: string, owner: string, until: number): Promise<boolean>;

  /** Gives the lane up; it may not be claimed again before `notBefore` (its rate window). */
  releaseLane(lane: string, owner: string, notBefore?: number): Promise<void>;

  /** Times (ascending) of the lane's requests at or after `since`, from the shared send log. */
  laneSends(lane: string, since: number): Promise<number[]>;

  /**
   * The lane's deliveries left "sending" (in id order): the request a previous holder had in flight
   * when it died — one message or one digest. Read by a new holder before its first request, they are
   * what it sends first, as that batch again.
   */
  inFlightDeliveries(lane: string): Promise<DueDelivery[]>;

  /** The lane's due pending deliveries in order (of every credential on the lane's robot). */
  dueDeliveries(lane: string, now: number, limit: number): Promise<DueDeliveries>;

  /**
   * Before a request: marks `ids` "sending", reserves a slot in the send log at `now` and renews
   * the lease, in one transaction. Undefined when `owner` lost the lane (then nothing is sent).
   */
  beginSend(options: BeginSend): Promise<{ slot: string } | undefined>;

  /**
   * After the request: records the outcome and moves the send-log slot to `answeredAt` (so the
   * window counts from when DingTalk answered, never earlier than it received the request), and
   * the robot's last success or last error (LaneState) with it.
   */
  finishSend(options: FinishSend): Promise<void>;

  /**
   * finishSend for an outcome the store could not take when the robot answered (it was down): the
   * worker kept it and records it once the store is back, so a store that was down for a moment
   * costs neither a duplicate message nor a wait for the lease. "done": the outcome is recorded already
   * (the first try was committed after all: the carrier holds this attempt, or, while the lane is still
   * `owner`'s, is no longer "sending"), nothing changed — whether or not the lane is still `owner`'s
   * (a finishAndRelease that committed gave it back too). "lost": `owner` no longer holds the lane (its
   * lease ran out and another worker claimed it) and the outcome is not recorded, nothing changed —
   * that worker sends the batch again, as after a crash, if it was still in flight. "recorded": done
   * now. A lease that ran out with nobody claiming the lane since still counts as held.
   */
  finishOwed(finish: FinishSend, owner: string): Promise<OwedResult>;

  /**
   * finishSend for the lane's request just answered, then beginSend for its next request, in one
   * transaction (one round trip on PostgreSQL, one group-commit job on SQLite). The outcome is
   * recorded even when the lease was lost; the next request is then not begun (undefined).
   */
  finishAndBegin(finish: FinishSend, begin: BeginSend): Promise<{ slot: string } | undefined>;

  /**
   * finishSend for the lane's last request, then releaseLane, in one transaction (one round trip on
   * PostgreSQL, one group-commit job on SQLite): once the outcome is recorded the lane is free, so
   * nothing sees a lane whose deliveries are all done still held. The outcome is recorded even when
   * `owner` lost the lease; the lane is then left to its holder.
   */
  finishAndRelease(finish: FinishSend, owner: string, notBefore?: number): Promise<void>;

  /** Dead-letters every pending delivery of a credential at once (e.g. it was deleted). */
  killCredential(credential: string, now: number, lastError: string, fix: string): Promise<number>;

  /** Pauses a lane until `until` (throttled by DingTalk), keeping everything pending. */
  pauseLane(lane: string, until: number, reason: string): Promise<void>;

  /** The state of these lanes (robots), for the API; lanes never used are missing. */
  laneStates(lanes: readonly string[]): Promise<Map<string, LaneState>>;

  /** The earliest time some lane may become ready (for the engine's sleep), or undefined when idle. */
  nextWakeAt(now: number): Promise<number | undefined>;

  /** True when events wait for expansion. */
  hasUnexpanded(): Promise<boolean>;

  /** Forgets send-log entries older than `before`. */
  pruneSendLog(before: number): Promise<void>;
}
