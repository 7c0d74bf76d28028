/**
 * The SQLite dialect of the Store (node:sqlite, WAL, one connection). Reads run directly on the
 * connection; every write goes through the group-commit writer (writer.ts), so concurrent callers
 * share transactions and fsyncs. The delivery engine's operations live in delivery.ts.
 */
import { DEFAULT_KIND } from "../../channels/kinds.ts";
import type { CardFilter, CardRecord, DueCard, FinishCard } from "../../delivery/card-store.ts";
import type { RuleSelector } from "../../delivery/delivery-store.ts";
import type { NotificationRule } from "../../notify/rule.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import type { ExpandingEvent } from "../../runs/plan.ts";
import { HealthTracker, type StoreHealth, sqliteBreakage } from "../health.ts";
import {
  conflict,
  DELIVERY_STATES,
  decodeCursor,
  emptyCounts,
  encodeCursor,
  fillTimeline,
  idleLookOf,
  idleLookStatement,
  laneOf,
  num,
  pageLimit,
  pipelineClause,
  idParam as sharedIdParam,
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
import { NEXT_CARD, SqliteCardOps } from "./cards.ts";
import { migrate, openDatabase } from "./connection.ts";
import { expandInserted, NEXT_WAKE, SqliteDeliveryOps, UNEXPANDED } from "./delivery.ts";
import { insertEventNow, listEvents } from "./events.ts";
import { assignRobotKey, moveCredentialLane } from "./lanes.ts";
import { getRun, getTaskOutcome, listRuns } from "./runs.ts";
import { type Param, Sql } from "./sql.ts";
import { finishTestSend, reserveTestSend } from "./test-send.ts";
import { insertToken, revokeToken, setEnvToken } from "./tokens.ts";
import { walDurability } from "./wal-sync.ts";
import { GroupCommitWriter } from "./writer.ts";

/** How often (at most) a token's last_used_at is written. */
const TOKEN_TOUCH_MS = 60_000;
/** Most events expanded at the end of one insert batch (a backlog is left to the engine's own expansion). */
const INLINE_EXPAND = 256;
/** The idle poll's question (IdleLook): hasUnexpanded's, nextWakeAt's and nextCardAt's statements in one. */
const IDLE_LOOK = idleLookStatement(UNEXPANDED, NEXT_WAKE, NEXT_CARD);

export class SqliteStore extends SqliteDeliveryOps implements Store {
  readonly dialect = "sqlite" as const;
  readonly #sql: Sql;
  readonly #writer: GroupCommitWriter;
  readonly #now: () => number;
  readonly #cards: SqliteCardOps;
  #closed = false;
  /** Expanding events in the batch that inserts them (expandOnInsert): the batch's last step, once. */
  #expandInline: (() => void) | undefined;
  /** The events the running batch inserted (writer.batch), as the inserts had them, for #expandInline. */
  #inserted: { batch: number; events: ExpandingEvent[] } = { batch: -1, events: [] };

  #lastProbe = 0;

  constructor(file: string, now: () => number = Date.now) {
    const health = new HealthTracker(sqliteBreakage, now);
    const sql = new Sql(openDatabase(file), health);
    const writer = new GroupCommitWriter(sql.db, health, walDurability(sql.db));
    super(sql, writer);
    this.#sql = sql;
    this.#writer = writer;
    this.#now = now;
    this.#cards = new SqliteCardOps(sql, writer);
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
    return idleLookOf(this.#sql.get(IDLE_LOOK), now);
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

  async migrate(): Promise<void> {
    try {
      migrate(this.#sql.db, this.#now());
    } catch (error) {
      throw this.#sql.health.failed(error);
    }
  }

  health(): StoreHealth {
    return this.#sql.health.state();
  }

  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    // Broken in a way a write may mend (read-only, disk full…): try one, at most once a second.
    if (this.#sql.health.mendable && this.#now() - this.#lastProbe >= 1000) {
      this.#lastProbe = this.#now();
      // A real change (the file header's user_version, unused otherwise, flips), so COMMIT must write.
      await this.#writer
        .run(() => {
          const version = Number(this.#sql.get("PRAGMA user_version")?.["user_version"] ?? 0);
          this.#sql.db.exec(`PRAGMA user_version = ${version === 0 ? 1 : 0}`);
        })
        .then(() => this.#sql.health.wrote())
        .catch(() => {});
    }
    if (!this.#sql.health.state().ok) return false;
    try {
      return this.#sql.get("SELECT 1 AS ok")?.["ok"] === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#writer.close();
    this.#closed = true;
    this.#sql.db.close();
  }

  // credentials

  async createCredential(input: CredentialInput): Promise<CredentialRecord> {
    const now = this.#now();
    const row = await this.#writer.run(() =>
      this.#sql.get(
        `INSERT INTO credentials (name, sealed, hint, has_secret, keywords, rate_messages, rate_per_seconds,
           robot_key, created_at, updated_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO NOTHING RETURNING *`,
        ...credentialParams(input),
        now,
        now,
        input.kind ?? DEFAULT_KIND,
      ),
    );
    if (row === undefined) throw conflict(`A credential named "${input.name}"`);
    return toCredential(row);
  }

  async updateCredential(name: string, input: CredentialInput): Promise<CredentialRecord | undefined> {
    const [, ...params] = credentialParams(input);
    const row = await this.#writer.run(() => {
      const updated = this.#sql.get(
        `UPDATE credentials SET sealed = ?, hint = ?, has_secret = ?, keywords = ?, rate_messages = ?,
           rate_per_seconds = ?, robot_key = ?, updated_at = ? WHERE name = ? RETURNING *`,
        ...params,
        this.#now(),
        name,
      );
      if (updated !== undefined) moveCredentialLane(this.#sql, name, laneOf(toCredential(updated)));
      return updated;
    });
    return row === undefined ? undefined : toCredential(row);
  }

  async getCredential(name: string): Promise<CredentialRecord | undefined> {
    const row = this.#sql.get("SELECT * FROM credentials WHERE name = ?", name);
    return row === undefined ? undefined : toCredential(row);
  }

  async assignRobotKey(name: string, robotKey: string): Promise<void> {
    await this.#writer.run(() => assignRobotKey(this.#sql, name, robotKey));
  }

  async listCredentials(): Promise<CredentialRecord[]> {
    return this.#sql.all("SELECT * FROM credentials ORDER BY name").map(toCredential);
  }

  async deleteCredential(name: string): Promise<boolean> {
    return (await this.#writer.run(() => this.#sql.run("DELETE FROM credentials WHERE name = ?", name))) > 0;
  }

  // notification rules

  async createNotification(rule: NotificationRule): Promise<NotificationRecord> {
    const now = this.#now();
    const row = await this.#writer.run(() =>
      this.#sql.get(
        "INSERT INTO notifications (credential, rule, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *",
        rule.credential,
        JSON.stringify(rule),
        now,
        now,
      ),
    );
    return toNotification(row!);
  }

  async updateNotification(id: string, rule: NotificationRule): Promise<NotificationRecord | undefined> {
    const row = await this.#writer.run(() =>
      this.#sql.get(
        "UPDATE notifications SET credential = ?, rule = ?, updated_at = ? WHERE id = ? RETURNING *",
        rule.credential,
        JSON.stringify(rule),
        this.#now(),
        idParam(id),
      ),
    );
    return row === undefined ? undefined : toNotification(row);
  }

  async getNotification(id: string): Promise<NotificationRecord | undefined> {
    const row = this.#sql.get("SELECT * FROM notifications WHERE id = ?", idParam(id));
    return row === undefined ? undefined : toNotification(row);
  }

  async listNotifications(): Promise<NotificationRecord[]> {
    return this.#sql.all("SELECT * FROM notifications ORDER BY id").map(toNotification);
  }

  async deleteNotification(id: string): Promise<boolean> {
    const changes = await this.#writer.run(() =>
      this.#sql.run("DELETE FROM notifications WHERE id = ?", idParam(id)),
    );
    return changes > 0;
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
    const record = await this.#writer.run(() => insertToken(this.#sql, input, this.#now()));
    if (record === undefined) throw conflict(`An API token named "${name}"`);
    return record;
  }

  async findApiTokenByHash(hash: string): Promise<ApiTokenRecord | undefined> {
    const row = this.#sql.get("SELECT * FROM api_tokens WHERE hash = ? AND revoked_at IS NULL", hash);
    if (row === undefined) return undefined;
    const now = this.#now();
    const last = row["last_used_at"];
    if (last === null || now - num(last) >= TOKEN_TOUCH_MS) {
      // Bookkeeping only: joins the next group commit, never delays the caller.
      this.#writer
        .run(
          () => this.#sql.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, num(row["id"])),
          {
            single: true,
          },
        )
        .catch(() => {});
    }
    return toApiToken(row);
  }

  async countApiTokens(): Promise<number> {
    return num(this.#sql.get("SELECT count(*) AS n FROM api_tokens WHERE revoked_at IS NULL")?.["n"]);
  }

  async listApiTokens(): Promise<ApiTokenRecord[]> {
    return this.#sql.all("SELECT * FROM api_tokens ORDER BY revoked_at IS NOT NULL, id DESC").map(toApiToken);
  }

  revokeApiToken(name: string, options: { keepOne?: boolean } = {}): Promise<RevokeOutcome> {
    return this.#writer.run(() => revokeToken(this.#sql, name, options.keepOne === true, this.#now()));
  }

  setEnvToken(input: { name: string; hash: string; hint: string }): Promise<number> {
    return this.#writer.run(() => setEnvToken(this.#sql, input, this.#now()));
  }

  // ingest

  insertEvent(input: EventInput): Promise<{ id: string; duplicate: boolean }> {
    const now = this.#now();
    const inline = this.#expandInline;
    const inserted = this.#writer.run(
      () => {
        const { id, duplicate, stored } = insertEventNow(this.#sql, input, now, inline !== undefined);
        if (inline !== undefined && stored !== undefined) this.#keepInserted(input.source, id, stored, now);
        return { id, duplicate };
      },
      { single: true },
    );
    if (inline !== undefined) this.#writer.atEnd(inline);
    return inserted;
  }

  /** Keeps an event the running batch inserted, as stored, for its inline expansion. */
  #keepInserted(source: string, id: string, event: PipelineEvent, receivedAt: number): void {
    const batch = this.#writer.batch;
    if (this.#inserted.batch !== batch) this.#inserted = { batch, events: [] };
    this.#inserted.events.push({ id, source, event, receivedAt });
  }

  /** The events the running batch inserted (none kept from an earlier batch, one that failed say). */
  #takeInserted(): ExpandingEvent[] {
    const { batch, events } = this.#inserted;
    this.#inserted = { batch: -1, events: [] };
    return batch === this.#writer.batch ? events : [];
  }

  expandOnInsert(options: { select: RuleSelector; now: () => number } | undefined): void {
    const sql = this.#sql;
    this.#expandInline =
      options === undefined
        ? undefined
        : () => {
            expandInserted(sql, this.#takeInserted(), {
              limit: INLINE_EXPAND,
              now: options.now(),
              select: options.select,
            });
          };
  }

  async getEvent(id: string): Promise<EventRecord | undefined> {
    const row = this.#sql.get("SELECT * FROM events WHERE id = ?", idParam(id));
    return row === undefined ? undefined : toEvent(row);
  }

  async listEvents(filter: EventFilter): Promise<Page<EventRecord>> {
    return listEvents(this.#sql, filter);
  }

  async getRun(key: string): Promise<RunRecord | undefined> {
    return getRun(this.#sql, key);
  }

  async listRuns(filter: RunFilter): Promise<RunRecord[]> {
    return listRuns(this.#sql, filter);
  }

  async getTaskOutcome(key: string): Promise<TaskOutcomeRecord | undefined> {
    return getTaskOutcome(this.#sql, key);
  }

  async recordRejectedHook(input: RejectedHookInput): Promise<void> {
    await this.#writer.run(() =>
      this.#sql.run(
        "INSERT INTO rejected_hooks (source, reason, http_status, excerpt, received_at) VALUES (?, ?, ?, ?, ?)",
        input.source,
        textColumn(input.reason),
        input.httpStatus,
        textColumn(input.excerpt.slice(0, 2048)),
        this.#now(),
      ),
    );
  }

  async listRejectedHooks(
    limit: number,
  ): Promise<Array<RejectedHookInput & { id: string; receivedAt: string }>> {
    return this.#sql
      .all("SELECT * FROM rejected_hooks ORDER BY id DESC LIMIT ?", pageLimit(limit))
      .map((r) => ({
        id: String(r["id"]),
        source: String(r["source"]),
        reason: String(r["reason"]),
        httpStatus: num(r["http_status"]),
        excerpt: String(r["excerpt"]),
        receivedAt: new Date(num(r["received_at"])).toISOString(),
      }));
  }

  // deliveries

  async listDeliveries(filter: DeliveryFilter): Promise<Page<DeliveryRecord>> {
    const where: string[] = [];
    const params: Param[] = [];
    if (filter.state !== undefined) {
      where.push("state = ?");
      params.push(filter.state);
    }
    if (filter.eventId !== undefined) {
      where.push("event_id = ?");
      params.push(idParam(filter.eventId));
    }
    if (filter.mergedInto !== undefined) {
      where.push("merged_into = ?");
      params.push(idParam(filter.mergedInto));
    }
    if (filter.credential !== undefined) {
      where.push("credential = ?");
      params.push(textColumn(filter.credential));
    }
    if (filter.pipeline !== undefined) {
      const { clause, value } = pipelineClause("sqlite", textColumn(filter.pipeline));
      where.push(clause);
      params.push(value);
    }
    if (filter.cursor !== undefined) {
      where.push("id < ?");
      params.push(decodeCursor(filter.cursor));
    }
    const limit = pageLimit(filter.limit);
    const rows = this.#sql.all(
      `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
      ...params,
      limit + 1,
    );
    const items = rows.slice(0, limit).map(toDelivery);
    const last = items[items.length - 1];
    return rows.length > limit && last ? { items, next: encodeCursor(last.id) } : { items };
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    const row = this.#sql.get("SELECT * FROM deliveries WHERE id = ?", idParam(id));
    return row === undefined ? undefined : toDelivery(row);
  }

  async retryDelivery(id: string): Promise<RetryOutcome> {
    const now = this.#now();
    const sql = this.#sql;
    return this.#writer.run(() => {
      const row = sql.get("SELECT credential, state FROM deliveries WHERE id = ?", idParam(id));
      if (row === undefined) return "unknown";
      // An attempt is in flight: its outcome decides the state; resetting it now would be overwritten.
      if (row["state"] === "sending") return "sending";
      // Back on the lane of the credential's robot as it is now (its webhook may have changed).
      const lane = sql.get(
        "SELECT COALESCE((SELECT robot_key FROM credentials WHERE name = ?), ?) AS lane",
        row["credential"] as string,
        row["credential"] as string,
      )?.["lane"] as string;
      sql.run(
        `UPDATE deliveries SET state = 'pending', run_at = ?, tries = 0, fix = NULL, merged_into = NULL, lane = ?
         WHERE id = ?`,
        now,
        lane,
        idParam(id),
      );
      sql.run("INSERT INTO lanes (lane) VALUES (?) ON CONFLICT (lane) DO NOTHING", lane);
      return "retried";
    });
  }

  reserveTestSend(options: Parameters<Store["reserveTestSend"]>[0]): Promise<TestSendReservation> {
    return this.#writer.run(() => reserveTestSend(this.#sql, options));
  }

  async finishTestSend(options: Parameters<Store["finishTestSend"]>[0]): Promise<void> {
    await this.#writer.run(() => finishTestSend(this.#sql, options));
  }

  async deliveryStats(): Promise<{
    byState: Record<DeliveryState, number>;
    backlogByCredential: Record<string, number>;
  }> {
    const byState = emptyCounts();
    for (const r of this.#sql.all("SELECT state, count(*) AS n FROM deliveries GROUP BY state")) {
      const state = String(r["state"]) as DeliveryState;
      if (DELIVERY_STATES.includes(state)) byState[state] = num(r["n"]);
    }
    const backlogByCredential: Record<string, number> = {};
    for (const r of this.#sql.all(
      "SELECT credential, count(*) AS n FROM deliveries WHERE state IN ('pending', 'sending') GROUP BY credential",
    )) {
      backlogByCredential[String(r["credential"])] = num(r["n"]);
    }
    return { byState, backlogByCredential };
  }

  async deliveryTimeline(
    since: string,
    bucketSeconds: number,
    filter: TimelineFilter = {},
  ): Promise<Array<{ start: string; counts: Record<DeliveryState, number> }>> {
    const sinceMs = Date.parse(since);
    const bucketMs = Math.max(1, Math.floor(bucketSeconds)) * 1000;
    const where = ["created_at >= ?"];
    const params: Param[] = [sinceMs, bucketMs, sinceMs];
    if (filter.state !== undefined) {
      where.push("state = ?");
      params.push(filter.state);
    }
    if (filter.credential !== undefined) {
      where.push("credential = ?");
      params.push(filter.credential);
    }
    if (filter.pipeline !== undefined) {
      const { clause, value } = pipelineClause("sqlite", filter.pipeline);
      where.push(clause);
      params.push(value);
    }
    const rows = this.#sql.all(
      `SELECT (created_at - ?) / ? AS bucket, state, count(*) AS n FROM deliveries
       WHERE ${where.join(" AND ")} GROUP BY bucket, state`,
      ...params,
    );
    return fillTimeline(sinceMs, this.#now(), bucketSeconds, rows);
  }
}

function credentialParams(input: CredentialInput): Param[] {
  return [
    input.name,
    input.sealed,
    input.hint,
    input.hasSecret ? 1 : 0,
    JSON.stringify(input.keywords),
    input.rateLimit.messages,
    input.rateLimit.perSeconds,
    input.robotKey ?? null,
  ];
}

/** Ids are integers underneath; anything else matches nothing. */
/** The id as an exact 64-bit integer (see rows.ts idParam); -1 (no row) when it is not one. */
function idParam(id: string): bigint {
  const key = sharedIdParam(id);
  return key === undefined ? -1n : BigInt(key);
}
