/**
 * The one storage interface of `dingpipe serve`. Two dialects implement it (sqlite/ on node:sqlite,
 * postgres/ on pg) and one contract suite (store.contract.ts) runs against both.
 *
 * The store never sees a clear secret: credentials arrive sealed (AES-256-GCM, see
 * src/server/crypto.ts) and only `hint` — safe to show — is readable.
 * All times are ISO-8601 strings in UTC; ids are strings.
 */
import type { ChannelKind } from "../channels/kinds.ts";
import type { CardStore, IdleLook } from "../delivery/card-store.ts";
import type { DeliveryStore } from "../delivery/delivery-store.ts";
import type { NotificationRule } from "../notify/rule.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Transition } from "../pipeline/status.ts";
import type { OutcomeRecord } from "../runs/plan.ts";
import type { RunState } from "../runs/state.ts";
import type { StoreHealth } from "./health.ts";

export interface CredentialRecord {
  name: string;
  /** The robot's kind; it never changes (a new kind is a new credential). */
  kind: ChannelKind;
  /** Sealed JSON of the robot's secrets ({webhook, secret?}); opaque to the store. */
  sealed: string;
  /** What may be shown: "oapi.dingtalk.com access_token=ab12…", "qyapi.weixin.qq.com key=ab12…". */
  hint: string;
  hasSecret: boolean;
  keywords: string[];
  rateLimit: { messages: number; perSeconds: number };
  /**
   * The real robot the credential sends to (its channel's robotKey, src/channels/robot-key.ts: a keyed hash, never the token):
   * the name of its delivery lane. Absent for credentials stored before robot keys existed, until the
   * service assigns it (Store.assignRobotKey); such a credential is its own lane.
   */
  robotKey?: string;
  createdAt: string;
  updatedAt: string;
}

/** A credential to store; `kind` defaults to dingtalk and is kept as created on update. */
export type CredentialInput = Omit<CredentialRecord, "createdAt" | "updatedAt" | "kind"> & {
  kind?: ChannelKind;
};

export interface NotificationRecord extends NotificationRule {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Where a token came from: "env" — DINGPIPE_ADMIN_TOKEN (replaced when it changes); "generated" — printed
 * on the service's first start; "created" — `dingpipe token create` or POST /api/tokens; "legacy" — stored
 * before tokens had a life cycle.
 */
export type TokenSource = "env" | "generated" | "created" | "legacy";

export interface ApiTokenRecord {
  id: string;
  /** Unique among active tokens: tokens are revoked by name. */
  name: string;
  /** SHA-256 hex of the token; the token itself is never stored. */
  hash: string;
  source: TokenSource;
  /** What may be shown to recognize it: its first characters ("dp_Ab3…"). */
  hint?: string;
  createdAt: string;
  lastUsedAt?: string;
  /** Set once revoked: the token no longer signs in. */
  revokedAt?: string;
}

/** What Store.revokeApiToken did: revoked it, found no active token of that name, or refused the last one. */
export type RevokeOutcome = "revoked" | "unknown" | "last";

export interface EventInput {
  /** Where it came from: "api", "github", "gitlab", "gitee", "yunxiao". */
  source: string;
  /** Delivery id of a CI webhook (X-GitHub-Delivery…): a second event with the same key is a duplicate. */
  dedupKey?: string;
  /**
   * SHA-256 of the webhook body (plus the event's index in it): an event of the same source with the same
   * hash received less than `bodyWindowMs` ago is a duplicate; after the window it is a new event.
   */
  bodyHash?: string;
  bodyWindowMs?: number;
  event: PipelineEvent;
}

export interface EventRecord {
  id: string;
  source: string;
  dedupKey?: string;
  event: PipelineEvent;
  receivedAt: string;
  /** Whether the delivery engine has matched it against the notifications yet. */
  expanded: boolean;
  /** What it meant in the task's history (set when expanded): broken, fixed or still_failing. */
  transition?: Transition;
}

/** One pipeline run as the service keeps it (src/runs/state.ts). */
export interface RunRecord {
  /** runKeyOf(source, event): source, repository, pipeline and run id. */
  key: string;
  state: RunState;
}

/** The last outcome of a task on a repository and branch (what the next event's transition is judged by). */
export interface TaskOutcomeRecord extends OutcomeRecord {
  /** outcomeKeyOf(event). */
  key: string;
  updatedAt: string;
}

export interface RunFilter {
  /** Exact pipeline name. */
  pipeline?: string;
  /** At most this many, most recently changed first (default 50, max 500). */
  limit?: number;
}

export interface EventFilter {
  source?: string;
  /** Exact pipeline name. */
  pipeline?: string;
  /** Canonical status of the task. */
  status?: string;
  /** Received at or after / before (ISO-8601). */
  since?: string;
  until?: string;
  /** Page size (default 50, max 500). */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** A CI webhook the service refused (bad signature, bad payload…), kept for the operator. */
export interface RejectedHookInput {
  source: string;
  reason: string;
  httpStatus: number;
  /** At most the first 2 KB of the body. */
  excerpt: string;
}

export type DeliveryState = "pending" | "sending" | "sent" | "merged" | "dead";

/** What Store.retryDelivery did: put it back to pending, left it alone (an attempt is in flight), or found none. */
export type RetryOutcome = "retried" | "sending" | "unknown";

export interface DeliveryAttempt {
  at: string;
  durationMs: number;
  /** DingTalk's answer when there was one. */
  errcode?: number;
  errmsg?: string;
  /** Our error code and text when the request failed before an answer (network, timeout, 5xx). */
  error?: string;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  notificationId: string;
  credential: string;
  pipeline: string;
  task: string;
  /** Canonical status of the task in the event. */
  eventStatus: string;
  state: DeliveryState;
  /** The message exactly as sent (or as it will be sent). */
  message?: object;
  attempts: DeliveryAttempt[];
  runAt: string;
  lastError?: string;
  /** What the user must change, for dead letters. */
  fix?: string;
  /** When merged into a digest: the delivery that carried it. */
  mergedInto?: string;
  createdAt: string;
  sentAt?: string;
}

export interface DeliveryFilter {
  state?: DeliveryState;
  /** The deliveries one event made. */
  eventId?: string;
  /** The deliveries a digest carried (merged into this delivery). */
  mergedInto?: string;
  credential?: string;
  pipeline?: string;
  /** Page size (default 50, max 500). */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** What the chart counts: the deliveries list's filters. */
export type TimelineFilter = Pick<DeliveryFilter, "state" | "credential" | "pipeline">;

export interface Page<T> {
  items: T[];
  next?: string;
}

/**
 * A credential test message's place in the robot's rate window: the slot it holds in the shared send
 * log, or why it may not be sent now and when it may ("busy": a worker is sending on the robot's lane;
 * "paused": DingTalk throttled the robot; "full": the window already holds `limit` requests).
 */
export type TestSendReservation =
  | { ok: true; slot: string }
  | { ok: false; reason: "busy" | "paused" | "full"; retryAt: number };

export interface Store extends DeliveryStore, CardStore, IdleLook {
  readonly dialect: "sqlite" | "postgres";
  /** Runs the numbered forward-only migrations not yet applied. Safe to call from several processes. */
  migrate(): Promise<void>;
  /** True when the database answers and is not known broken (readiness); while broken, probes it. */
  ping(): Promise<boolean>;
  /** Whether the database works, as far as the last operations tell (see health.ts). */
  health(): StoreHealth;
  close(): Promise<void>;

  // credentials (group robots of every kind)
  /** Throws DingpipeError "conflict" when the name exists. */
  createCredential(input: CredentialInput): Promise<CredentialRecord>;
  /**
   * Undefined when there is no such credential. When its robot changes, its pending deliveries move
   * to the new robot's lane (the old robot's window does not hold them back).
   */
  updateCredential(name: string, input: CredentialInput): Promise<CredentialRecord | undefined>;
  /**
   * Gives a credential stored without one its robot key: its pending deliveries, send-log entries and
   * pause move from its name's lane to the robot's, so its rate window carries over. Nothing when
   * the credential already has a key or does not exist.
   */
  assignRobotKey(name: string, robotKey: string): Promise<void>;
  getCredential(name: string): Promise<CredentialRecord | undefined>;
  listCredentials(): Promise<CredentialRecord[]>;
  deleteCredential(name: string): Promise<boolean>;

  // notification rules
  createNotification(rule: NotificationRule): Promise<NotificationRecord>;
  updateNotification(id: string, rule: NotificationRule): Promise<NotificationRecord | undefined>;
  getNotification(id: string): Promise<NotificationRecord | undefined>;
  listNotifications(): Promise<NotificationRecord[]>;
  deleteNotification(id: string): Promise<boolean>;

  // API tokens (stored hashed)
  /** Throws DingpipeError "conflict" when an active token has the name. Source default "created". */
  createApiToken(
    name: string,
    hash: string,
    options?: { source?: TokenSource; hint?: string },
  ): Promise<ApiTokenRecord>;
  /** The ACTIVE token with this hash (a revoked one signs in no more). */
  findApiTokenByHash(hash: string): Promise<ApiTokenRecord | undefined>;
  /** Active tokens. */
  countApiTokens(): Promise<number>;
  /** Every token, active first, then revoked; newest first within each. */
  listApiTokens(): Promise<ApiTokenRecord[]>;
  /** Revokes the active token of this name; with `keepOne`, never the last active token ("last"). */
  revokeApiToken(name: string, options?: { keepOne?: boolean }): Promise<RevokeOutcome>;
  /**
   * In one transaction: makes the token with this hash the one active "env" token (named `name`),
   * revoking the previous env tokens. Returns how many it revoked.
   */
  setEnvToken(input: { name: string; hash: string; hint: string }): Promise<number>;

  // ingest: durably stored when the promise resolves
  insertEvent(input: EventInput): Promise<{ id: string; duplicate: boolean }>;
  getEvent(id: string): Promise<EventRecord | undefined>;
  /** Events, newest first (the event trail). */
  listEvents(filter: EventFilter): Promise<Page<EventRecord>>;
  recordRejectedHook(input: RejectedHookInput): Promise<void>;

  // run state, written when events are expanded (DeliveryStore.expandEvents)
  getRun(key: string): Promise<RunRecord | undefined>;
  listRuns(filter: RunFilter): Promise<RunRecord[]>;
  getTaskOutcome(key: string): Promise<TaskOutcomeRecord | undefined>;
  listRejectedHooks(limit: number): Promise<Array<RejectedHookInput & { id: string; receivedAt: string }>>;

  // deliveries, for the API and the console
  listDeliveries(filter: DeliveryFilter): Promise<Page<DeliveryRecord>>;
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  /**
   * Puts a dead, sent or merged delivery back to pending, due now: "retried". "sending" (and nothing
   * changes) while an attempt is in flight; "unknown" when there is no such delivery.
   */
  retryDelivery(id: string): Promise<RetryOutcome>;
  /** Counts per state and per credential backlog, for /metrics and the console chart. */
  deliveryStats(): Promise<{
    byState: Record<DeliveryState, number>;
    backlogByCredential: Record<string, number>;
  }>;
  /**
   * Deliveries created since `since`, counted per time bucket and state (the console's chart); `filter`
   * narrows them like listDeliveries (robot, state, pipeline name or glob).
   */
  deliveryTimeline(
    since: string,
    bucketSeconds: number,
    filter?: TimelineFilter,
  ): Promise<Array<{ start: string; counts: Record<DeliveryState, number> }>>;

  // the credential test message (POST /api/credentials/{name}/test) shares the engine's rate accounting
  /**
   * In one transaction: unless another owner holds the robot's lane lease or the lane is paused, and
   * while fewer than `limit` requests were logged since `now - windowMs`, takes the lease as `owner`
   * (until `now + leaseMs`) and reserves a slot at `now` in the shared send log (DeliveryStore.laneSends
   * sees it), so a test message counts against the robot's limit like any delivery.
   */
  reserveTestSend(options: {
    /** The robot's lane: its robot key, or the credential's name when it has none. */
    lane: string;
    owner: string;
    now: number;
    leaseMs: number;
    windowMs: number;
    limit: number;
  }): Promise<TestSendReservation>;
  /** After the test request: moves its slot to `answeredAt` and gives the lease back (if still held). */
  finishTestSend(options: { lane: string; owner: string; slot: string; answeredAt: number }): Promise<void>;

  // The delivery engine's operations (event expansion, lane claims, outcomes) are inherited from
  // DeliveryStore (src/delivery/delivery-store.ts) and implemented by both dialects.
}
