/**
 * The PostgreSQL dialect of the Store (pg Pool). Several `dingpipe serve` and `dingpipe worker`
 * processes may share one database: migrations run under an advisory lock, the outbox is claimed
 * with SKIP LOCKED (delivery.ts). Concurrent insertEvent calls are group-committed: one multi-row
 * statement per batch (event-batch.ts), each answered only after its batch committed.
 */
import { DEFAULT_KIND } from "../../channels/kinds.ts";
import type { CardFilter, CardRecord, DueCard, FinishCard } from "../../delivery/card-store.ts";
import type { NotificationRule } from "../../notify/rule.ts";
import type { StoreHealth } from "../health.ts";
import {
  conflict,
  DELIVERY_STATES,
  decodeCursor,
  emptyCounts,
  encodeCursor,
  fillTimeline,
  idleLookOf,
  idleLookStatement,
  idParam,
  laneOf,
  num,
  pageLimit,
  pipelineClause,
  textColumn,
  toApiToken,
  toCredential,
  toDelivery,
  toEvent,
  toNotification,
} from "../rows.ts";
import type {
  ApiTokenRecord,
  CredentialInput,
  CredentialRecord,
  DeliveryFilter,
  DeliveryRecord,
  DeliveryState,
  EventFilter,
  EventInput,
  EventRecord,
  NotificationRecord,
  Page,
  RejectedHookInput,
  RetryOutcome,
  RevokeOutcome,
  RunFilter,
  RunRecord,
  Store,
  TaskOutcomeRecord,
  TestSendReservation,
  TimelineFilter,
  TokenSource,
} from "../store.ts";
import { NEXT_CARD, PostgresCardOps } from "./cards.ts";
import { Db } from "./db.ts";
import { NEXT_WAKE, PostgresDeliveryOps, UNEXPANDED } from "./delivery.ts";
import { EventBatcher } from "./event-batch.ts";
import { EVENT_ROW, insertEvent, listEvents } from "./events.ts";
import { assignRobotKey, moveCredentialLane } from "./lanes.ts";
import { getRun, getTaskOutcome, listRuns } from "./runs.ts";
import { finishTestSend, reserveTestSend } from "./test-send.ts";
import { insertToken, revokeToken, setEnvToken } from "./tokens.ts";
import { WaitingEvents } from "./waiting.ts";

const TOKEN_TOUCH_MS = 60_000;

/** The idle poll's question (IdleLook): hasUnexpanded's, nextWakeAt's and nextCardAt's in one round trip. */
const IDLE_LOOK = idleLookStatement(UNEXPANDED, NEXT_WAKE, NEXT_CARD);

export class PostgresStore extends PostgresDeliveryOps implements Store {
  readonly dialect = "postgres" as const;
  readonly #db: Db;
  readonly #now: () => number;
  readonly #cards: PostgresCardOps;
  readonly #events: EventBatcher;
  #closed = false;
  #lastProbe = 0;

  constructor(url: string, options: { now?: () => number; poolSize?: number } = {}) {
    const db = new Db(url, options.poolSize ?? 10, options.now);
    const waiting = new WaitingEvents();
    super(db, waiting);
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#cards = new PostgresCardOps(db);
    this.#events = new EventBatcher(db, (input, now) => insertEvent(db, input, now), waiting);
  }

  // Run cards (cards.ts).
  claimCard(o: { owner: string; now: number; leaseMs: number }): Promise<DueCard | undefined> {
    return this.#cards.claimCard(o);
  }
  beginCardSend(cardBizId: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    return this.#cards.beginCardSend(cardBizId, owner, now, leaseMs);
  }
  finishCard(finish: FinishCard): Promise<void> {
    return this.#cards.finishCard(finish);
  }
  nextCardAt(now: number): Promise<number | undefined> {
    return this.#cards.nextCardAt(now);
  }
  async idleLook(now: number): Promise<{ waiting: boolean; next: number | undefined }> {
    return idleLookOf((await this.#db.query(IDLE_LOOK, [], "dingpipe_idle_look")).rows[0], now);
  }
  getCard(cardBizId: string): Promise<CardRecord | undefined> {
    return this.#cards.getCard(cardBizId);
  }
  runCards(runKey: string): Promise<CardRecord[]> {
    return this.#cards.runCards(runKey);
  }
  listCards(filter: CardFilter): Promise<CardRecord[]> {
    return this.#cards.listCards(filter);
  }
  retryCard(cardBizId: string, now: number): Promise<boolean> {
    return this.#cards.retryCard(cardBizId, now);
  }

  migrate(): Promise<void> {
    return this.#db.migrate(this.#now());
  }

  health(): StoreHealth {
    return this.#db.health.state();
  }

  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    // Broken in a way a write may mend (the server was down…): try one, at most once a second.
    if (this.#db.health.mendable && this.#now() - this.#lastProbe >= 1000) {
      this.#lastProbe = this.#now();
      await this.#db
        .query("UPDATE schema_migrations SET applied_at = applied_at WHERE version = 1")
        .catch(() => {});
    }
    if (!this.#db.health.state().ok) return false;
    try {
      return (await this.#db.query("SELECT 1 AS ok")).rows[0]?.["ok"] === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#events.settled();
    await this.#db.pool.end();
  }

  // credentials

  async createCredential(input: CredentialInput): Promise<CredentialRecord> {
    const now = this.#now();
    const r = await this.#db.query(
      `INSERT INTO credentials (name, sealed, hint, has_secret, keywords, rate_messages, rate_per_seconds,
         robot_key, created_at, updated_at, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
       ON CONFLICT (name) DO NOTHING RETURNING *`,
      [...credentialParams(input), now, input.kind ?? DEFAULT_KIND],
    );
    const row = r.rows[0];
    if (row === undefined) throw conflict(`A credential named "${input.name}"`);
    return toCredential(row);
  }

  async updateCredential(name: string, input: CredentialInput): Promise<CredentialRecord | undefined> {
    const [, ...params] = credentialParams(input);
    return this.#db.tx(async (q) => {
      const r = await q(
        `UPDATE credentials SET sealed = $1, hint = $2, has_secret = $3, keywords = $4, rate_messages = $5,
           rate_per_seconds = $6, robot_key = $7, updated_at = $8 WHERE name = $9 RETURNING *`,
        [...params, this.#now(), name],
      );
      const row = r.rows[0];
      if (row === undefined) return undefined;
      const record = toCredential(row);
      await moveCredentialLane(q, name, laneOf(record));
      return record;
    });
  }

  async getCredential(name: string): Promise<CredentialRecord | undefined> {
    const row = (await this.#db.query("SELECT * FROM credentials WHERE name = $1", [name])).rows[0];
    return row === undefined ? undefined : toCredential(row);
  }

  async assignRobotKey(name: string, robotKey: string): Promise<void> {
    await this.#db.tx((q) => assignRobotKey(q, name, robotKey));
  }

  async listCredentials(): Promise<CredentialRecord[]> {
    return (await this.#db.query('SELECT * FROM credentials ORDER BY name COLLATE "C"')).rows.map(
      toCredential,
    );
  }

  async deleteCredential(name: string): Promise<boolean> {
    return (await this.#db.query("DELETE FROM credentials WHERE name = $1", [name])).rowCount > 0;
  }

  // notification rules

  async createNotification(rule: NotificationRule): Promise<NotificationRecord> {
    const now = this.#now();
    const r = await this.#db.query(
      "INSERT INTO notifications (credential, rule, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING *",
      [rule.credential, JSON.stringify(rule), now],
    );
    return toNotification(r.rows[0]!);
  }

  async updateNotification(id: string, rule: NotificationRule): Promise<NotificationRecord | undefined> {
    const key = idParam(id);
    if (key === undefined) return undefined;
    const r = await this.#db.query(
      "UPDATE notifications SET credential = $1, rule = $2, updated_at = $3 WHERE id = $4 RETURNING *",
      [rule.credential, JSON.stringify(rule), this.#now(), key],
    );
    const row = r.rows[0];
    return row === undefined ? undefined : toNotification(row);
  }

  async getNotification(id: string): Promise<NotificationRecord | undefined> {
    const key = idParam(id);
    if (key === undefined) return undefined;
    const row = (await this.#db.query("SELECT * FROM notifications WHERE id = $1", [key])).rows[0];
    return row === undefined ? undefined : toNotification(row);
  }

  async listNotifications(): Promise<NotificationRecord[]> {
    return (await this.#db.query("SELECT * FROM notifications ORDER BY id")).rows.map(toNotification);
  }

  async deleteNotification(id: string): Promise<boolean> {
    const key = idParam(id);
    if (key === undefined) return false;
    return (await this.#db.query("DELETE FROM notifications WHERE id = $1", [key])).rowCount > 0;
  }

  // API tokens

  async createApiToken(
    name: string,
    hash: string,
    options: { source?: TokenSource; hint?: string } = {},
  ): Promise<ApiTokenRecord> {
    const input = {
      name,
      hash,
      source: options.source ?? "created",
      ...(options.hint ? { hint: options.hint } : {}),
    };
    const record = await insertToken(this.#db, input, this.#now());
    if (record === undefined) throw conflict(`An API token named "${name}"`);
    return record;
  }

  async findApiTokenByHash(hash: string): Promise<ApiTokenRecord | undefined> {
    const row = (
      await this.#db.query("SELECT * FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL", [hash])
    ).rows[0];
    if (row === undefined) return undefined;
    const now = this.#now();
    const last = row["last_used_at"];
    if (last === null || now - num(last) >= TOKEN_TOUCH_MS) {
      this.#db
        .query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", [now, row["id"]])
        .catch(() => {});
    }
    return toApiToken(row);
  }

  async countApiTokens(): Promise<number> {
    return num(
      (await this.#db.query("SELECT count(*) AS n FROM api_tokens WHERE revoked_at IS NULL")).rows[0]?.["n"],
    );
  }

  async listApiTokens(): Promise<ApiTokenRecord[]> {
    return (
      await this.#db.query("SELECT * FROM api_tokens ORDER BY revoked_at IS NOT NULL, id DESC")
    ).rows.map(toApiToken);
  }

  revokeApiToken(name: string, options: { keepOne?: boolean } = {}): Promise<RevokeOutcome> {
    return revokeToken(this.#db, name, options.keepOne === true, this.#now());
  }

  setEnvToken(input: { name: string; hash: string; hint: string }): Promise<number> {
    return setEnvToken(this.#db, input, this.#now());
  }

  // ingest

  insertEvent(input: EventInput): Promise<{ id: string; duplicate: boolean }> {
    return this.#events.insert(input, this.#now());
  }

  async getEvent(id: string): Promise<EventRecord | undefined> {
    const key = idParam(id);
    if (key === undefined) return undefined;
    const row = (await this.#db.query(`SELECT ${EVENT_ROW} FROM events WHERE id = $1`, [key])).rows[0];
    return row === undefined ? undefined : toEvent(row);
  }

  listEvents(filter: EventFilter): Promise<Page<EventRecord>> {
    return listEvents(this.#db, filter);
  }

  getRun(key: string): Promise<RunRecord | undefined> {
    return getRun(this.#db, key);
  }

  listRuns(filter: RunFilter): Promise<RunRecord[]> {
    return listRuns(this.#db, filter);
  }

  getTaskOutcome(key: string): Promise<TaskOutcomeRecord | undefined> {
    return getTaskOutcome(this.#db, key);
  }

  async recordRejectedHook(input: RejectedHookInput): Promise<void> {
    await this.#db.query(
      "INSERT INTO rejected_hooks (source, reason, http_status, excerpt, received_at) VALUES ($1, $2, $3, $4, $5)",
      [
        input.source,
        textColumn(input.reason),
        input.httpStatus,
        textColumn(input.excerpt.slice(0, 2048)),
        this.#now(),
      ],
    );
  }

  async listRejectedHooks(
    limit: number,
  ): Promise<Array<RejectedHookInput & { id: string; receivedAt: string }>> {
    const r = await this.#db.query("SELECT * FROM rejected_hooks ORDER BY id DESC LIMIT $1", [
      pageLimit(limit),
    ]);
    return r.rows.map((row) => ({
      id: String(row["id"]),
      source: String(row["source"]),
      reason: String(row["reason"]),
      httpStatus: num(row["http_status"]),
      excerpt: String(row["excerpt"]),
      receivedAt: new Date(num(row["received_at"])).toISOString(),
    }));
  }

  // deliveries

  async listDeliveries(filter: DeliveryFilter): Promise<Page<DeliveryRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace("?", `$${params.length}`));
    };
    if (filter.state !== undefined) add("state = ?", filter.state);
    if (filter.eventId !== undefined) add("event_id = ?", idParam(filter.eventId) ?? "0");
    if (filter.mergedInto !== undefined) add("merged_into = ?", idParam(filter.mergedInto) ?? "0");
    if (filter.credential !== undefined) add("credential = ?", textColumn(filter.credential));
    if (filter.pipeline !== undefined) {
      const { clause, value } = pipelineClause("postgres", textColumn(filter.pipeline));
      add(clause, value);
    }
    if (filter.cursor !== undefined) add("id < ?", decodeCursor(filter.cursor));
    const limit = pageLimit(filter.limit);
    params.push(limit + 1);
    const r = await this.#db.query(
      `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    const items = r.rows.slice(0, limit).map(toDelivery);
    const last = items[items.length - 1];
    return r.rows.length > limit && last ? { items, next: encodeCursor(last.id) } : { items };
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    const key = idParam(id);
    if (key === undefined) return undefined;
    const row = (await this.#db.query("SELECT * FROM deliveries WHERE id = $1", [key])).rows[0];
    return row === undefined ? undefined : toDelivery(row);
  }

  async retryDelivery(id: string): Promise<RetryOutcome> {
    const key = idParam(id);
    if (key === undefined) return "unknown";
    const now = this.#now();
    return this.#db.tx(async (q) => {
      const row = (await q("SELECT credential, state FROM deliveries WHERE id = $1 FOR UPDATE", [key]))
        .rows[0];
      if (row === undefined) return "unknown";
      // An attempt is in flight: its outcome decides the state; resetting it now would be overwritten.
      if (row["state"] === "sending") return "sending";
      // Back on the lane of the credential's robot as it is now (its webhook may have changed).
      const lane = (
        await q("SELECT COALESCE((SELECT robot_key FROM credentials WHERE name = $1), $1) AS lane", [
          row["credential"],
        ])
      ).rows[0]?.["lane"];
      await q(
        `UPDATE deliveries SET state = 'pending', run_at = $1, tries = 0, fix = NULL, merged_into = NULL, lane = $3
         WHERE id = $2`,
        [now, key, lane],
      );
      await q("INSERT INTO lanes (lane) VALUES ($1) ON CONFLICT DO NOTHING", [lane]);
      return "retried";
    });
  }

  reserveTestSend(options: Parameters<Store["reserveTestSend"]>[0]): Promise<TestSendReservation> {
    return reserveTestSend(this.#db, options);
  }

  async finishTestSend(options: Parameters<Store["finishTestSend"]>[0]): Promise<void> {
    await finishTestSend(this.#db, options);
  }

  async deliveryStats(): Promise<{
    byState: Record<DeliveryState, number>;
    backlogByCredential: Record<string, number>;
  }> {
    const byState = emptyCounts();
    for (const r of (await this.#db.query("SELECT state, count(*) AS n FROM deliveries GROUP BY state"))
      .rows) {
      const state = String(r["state"]) as DeliveryState;
      if (DELIVERY_STATES.includes(state)) byState[state] = num(r["n"]);
    }
    const backlogByCredential: Record<string, number> = {};
    const backlog = await this.#db.query(
      "SELECT credential, count(*) AS n FROM deliveries WHERE state IN ('pending', 'sending') GROUP BY credential",
    );
    for (const r of backlog.rows) backlogByCredential[String(r["credential"])] = num(r["n"]);
    return { byState, backlogByCredential };
  }

  async deliveryTimeline(
    since: string,
    bucketSeconds: number,
    filter: TimelineFilter = {},
  ): Promise<Array<{ start: string; counts: Record<DeliveryState, number> }>> {
    const sinceMs = Date.parse(since);
    const bucketMs = Math.max(1, Math.floor(bucketSeconds)) * 1000;
    const params: unknown[] = [sinceMs, bucketMs];
    const where = ["created_at >= $1"];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace("?", `$${params.length}`));
    };
    if (filter.state !== undefined) add("state = ?", filter.state);
    if (filter.credential !== undefined) add("credential = ?", filter.credential);
    if (filter.pipeline !== undefined) {
      const { clause, value } = pipelineClause("postgres", filter.pipeline);
      add(clause, value);
    }
    const r = await this.#db.query(
      `SELECT (created_at - $1) / $2 AS bucket, state, count(*) AS n FROM deliveries
       WHERE ${where.join(" AND ")} GROUP BY bucket, state`,
      params,
    );
    return fillTimeline(sinceMs, this.#now(), bucketSeconds, r.rows);
  }
}

function credentialParams(input: CredentialInput): unknown[] {
  return [
    input.name,
    input.sealed,
    input.hint,
    input.hasSecret,
    JSON.stringify(input.keywords),
    input.rateLimit.messages,
    input.rateLimit.perSeconds,
    input.robotKey ?? null,
  ];
}

/** Ids are BIGINTs underneath; anything else matches nothing. */
