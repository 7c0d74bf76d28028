/**
 * Run card rows on SQLite (src/delivery/card-store.ts): upserted while expanding (inside the
 * expansion's transaction, see delivery.ts), claimed with a lease, finished. Every write goes through
 * the group-commit writer, whose BEGIN IMMEDIATE makes a claim exclusive between processes.
 */
import type { CardFilter, CardRecord, CardStore, DueCard, FinishCard } from "../../delivery/card-store.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import type { RunStatePlan } from "../../runs/plan.ts";
import type { RunState } from "../../runs/state.ts";
import { cardFor, cardNotification, finishCardValues, toCard } from "../card-rows.ts";
import { cardDueAt, json, pageLimit } from "../rows.ts";
import type { NotificationRecord } from "../store.ts";
import type { Sql } from "./sql.ts";
import type { GroupCommitWriter } from "./writer.ts";

/**
 * While expanding: a run_card rule matching an event of a known run creates its card row (true: no
 * delivery is inserted for it); anything else is an ordinary delivery (false).
 */
export function upsertCard(
  sql: Sql,
  source: string,
  event: PipelineEvent,
  rule: NotificationRecord,
  plan: RunStatePlan,
  now: number,
  /** The robot the card is shown by (its lane: the robot key, else the credential's name). */
  robot: string,
): boolean {
  const card = cardFor(source, event, rule, robot);
  if (card === undefined) return false;
  const version = plan.runs.get(card.runKey)?.version ?? 1;
  sql.run(
    // A credential moved to another group mid-run keeps its run's card (sent afresh there).
    `INSERT INTO run_cards (card_biz_id, notification_id, credential, run_key, wanted_version, run_at,
       created_at, updated_at)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?
     WHERE NOT EXISTS (SELECT 1 FROM run_cards WHERE run_key = ? AND credential = ?)
     ON CONFLICT (card_biz_id) DO NOTHING`,
    card.cardBizId,
    rule.id,
    rule.credential,
    card.runKey,
    version,
    now,
    now,
    now,
    card.runKey,
    rule.credential,
  );
  return true;
}

/**
 * While expanding, after the run state is written: every card of a run that changed must show its new
 * version (a dead card gets another chance with it) — unless its notification was deleted or is
 * switched off (`enabled: false`; `live` holds the ids of the others): then the card stays as it was,
 * and catches up with the run's next event once the notification is on again.
 */
export function raiseCards(sql: Sql, plan: RunStatePlan, now: number, live: readonly string[]): void {
  if (plan.runs.size === 0 || live.length === 0) return;
  // One statement for the batch's runs ([run key, version] pairs), not one per run.
  sql.run(
    `UPDATE run_cards SET wanted_version = r.value ->> 1, updated_at = ?,
       tries = CASE WHEN state = 'dead' THEN 0 ELSE tries END,
       run_at = CASE WHEN state = 'dead' THEN ? ELSE run_at END,
       state = 'pending'
     FROM json_each(?) AS r
     WHERE run_cards.run_key = r.value ->> 0 AND run_cards.wanted_version < r.value ->> 1
       AND run_cards.notification_id IN (SELECT value FROM json_each(?))`,
    now,
    now,
    JSON.stringify([...plan.runs].map(([key, run]) => [key, run.version])),
    JSON.stringify(live),
  );
}

const DUE = "state = 'pending' AND shown_version < wanted_version AND run_at <= ? AND lease_until <= ?";

/** When the next pending card may be worked (its retry or the lease of a worker on it). */
export const NEXT_CARD = `SELECT MIN(MAX(run_at, lease_until)) AS at FROM run_cards
       WHERE state = 'pending' AND shown_version < wanted_version`;

export class SqliteCardOps implements CardStore {
  readonly #sql: Sql;
  readonly #writer: GroupCommitWriter;

  constructor(sql: Sql, writer: GroupCommitWriter) {
    this.#sql = sql;
    this.#writer = writer;
  }

  claimCard(options: { owner: string; now: number; leaseMs: number }): Promise<DueCard | undefined> {
    const sql = this.#sql;
    const { now } = options;
    // The engine asks after every lane it works: when no card is due (most of the time, and always
    // without run_card rules), a plain read answers, without a write transaction (and its lock) per lane.
    if (sql.get(`SELECT 1 AS x FROM run_cards WHERE ${DUE} LIMIT 1`, now, now) === undefined) {
      return Promise.resolve(undefined);
    }
    return this.#writer.run(() => {
      const row = sql.get(
        `SELECT * FROM run_cards WHERE ${DUE} ORDER BY run_at, card_biz_id LIMIT 1`,
        now,
        now,
      );
      if (row === undefined) return undefined;
      const card = toCard(row);
      sql.run(
        "UPDATE run_cards SET lease_owner = ?, lease_until = ? WHERE card_biz_id = ?",
        options.owner,
        now + options.leaseMs,
        card.cardBizId,
      );
      const run = sql.get("SELECT state FROM runs WHERE run_key = ?", card.runKey);
      const notification = sql.get("SELECT rule FROM notifications WHERE id = ?", card.notificationId);
      return {
        ...card,
        ...cardNotification(notification?.["rule"]),
        run: run === undefined ? undefined : json<RunState>(run["state"]),
      };
    });
  }

  beginCardSend(cardBizId: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    return this.#writer.run(
      () =>
        this.#sql.run(
          `UPDATE run_cards SET send_uncertain = 1, lease_until = ?, updated_at = ?
           WHERE card_biz_id = ? AND lease_owner = ? AND lease_until > ?`,
          now + leaseMs,
          now,
          cardBizId,
          owner,
          now,
        ) > 0,
    );
  }

  finishCard(f: FinishCard): Promise<void> {
    return this.#writer.run(() => {
      this.#sql.run(
        `UPDATE run_cards SET created = ?, send_uncertain = ?, shown_version = MAX(shown_version, ?),
           state = ?, tries = ?, run_at = ?, last_error = ?, fix = ?, sent_at = COALESCE(?, sent_at),
           updated_at = ?, lease_owner = NULL, lease_until = 0
         WHERE card_biz_id = ? AND lease_owner = ?`,
        ...finishCardValues(f),
      );
    });
  }

  async nextCardAt(now: number): Promise<number | undefined> {
    return cardDueAt(this.#sql.get(NEXT_CARD)?.["at"], now);
  }

  async getCard(cardBizId: string): Promise<CardRecord | undefined> {
    const row = this.#sql.get("SELECT * FROM run_cards WHERE card_biz_id = ?", cardBizId);
    return row === undefined ? undefined : toCard(row);
  }

  async listCards(filter: CardFilter): Promise<CardRecord[]> {
    return this.#sql
      .all(
        `SELECT * FROM run_cards WHERE (? IS NULL OR state = ?) AND (? IS NULL OR credential = ?)
         ORDER BY updated_at DESC, card_biz_id LIMIT ?`,
        filter.state ?? null,
        filter.state ?? null,
        filter.credential ?? null,
        filter.credential ?? null,
        pageLimit(filter.limit),
      )
      .map(toCard);
  }

  retryCard(cardBizId: string, now: number): Promise<boolean> {
    return this.#writer.run(
      () =>
        this.#sql.run(
          `UPDATE run_cards SET state = 'pending', tries = 0, run_at = ?, updated_at = ?
           WHERE card_biz_id = ? AND state = 'dead'`,
          now,
          now,
          cardBizId,
        ) > 0,
    );
  }

  async runCards(runKey: string): Promise<CardRecord[]> {
    return this.#sql
      .all("SELECT * FROM run_cards WHERE run_key = ? ORDER BY created_at, card_biz_id", runKey)
      .map(toCard);
  }
}
