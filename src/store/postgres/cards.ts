/**
 * Run card rows on PostgreSQL (src/delivery/card-store.ts): upserted while expanding (inside the
 * expansion's transaction, see delivery.ts), claimed with FOR UPDATE SKIP LOCKED and a lease, finished.
 * Run keys are stored as text columns are (NUL as U+FFFD), like the runs table's.
 */
import type { CardFilter, CardRecord, CardStore, DueCard, FinishCard } from "../../delivery/card-store.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import type { RunStatePlan } from "../../runs/plan.ts";
import type { RunState } from "../../runs/state.ts";
import { cardFor, cardNotification, finishCardValues, toCard } from "../card-rows.ts";
import { cardDueAt, json, pageLimit, textColumn } from "../rows.ts";
import type { NotificationRecord } from "../store.ts";
import { intArray, textArray } from "./binary-array.ts";
import type { Db, Query } from "./db.ts";

/** A card row a run_card rule wants while expanding (see upsertCards). */
export interface WantedCard {
  cardBizId: string;
  notificationId: string;
  credential: string;
  runKey: string;
  version: number;
}

/**
 * While expanding: the card row a matching run_card rule wants for an event of a known run (then no
 * delivery is inserted for it), or undefined for an ordinary delivery.
 */
export function wantedCard(
  source: string,
  event: PipelineEvent,
  rule: NotificationRecord,
  plan: RunStatePlan,
  /** The robot the card is shown by (its lane: the robot key, else the credential's name). */
  robot: string,
): WantedCard | undefined {
  const card = cardFor(source, event, rule, robot);
  if (card === undefined) return undefined;
  return {
    cardBizId: card.cardBizId,
    notificationId: rule.id,
    credential: rule.credential,
    runKey: card.runKey,
    version: plan.runs.get(card.runKey)?.version ?? 1,
  };
}

/**
 * While expanding, after the run state is written: every card of a run that changed must show its new
 * version (a dead card gets another chance with it) — unless its notification was deleted or is
 * switched off (`enabled: false`; `live` holds the ids of the others): then the card stays as it was,
 * and catches up with the run's next event once the notification is on again. Then the new cards.
 */
export async function upsertCards(
  q: Query,
  plan: RunStatePlan,
  cards: readonly WantedCard[],
  now: number,
  live: readonly string[],
): Promise<void> {
  if (plan.runs.size > 0) {
    const runs = [...plan.runs];
    await q(
      `UPDATE run_cards SET wanted_version = u.v, updated_at = $3,
         tries = CASE WHEN state = 'dead' THEN 0 ELSE tries END,
         run_at = CASE WHEN state = 'dead' THEN $3 ELSE run_at END,
         state = 'pending'
       FROM unnest($1::text[], $2::int[]) AS u(k, v)
       WHERE run_cards.run_key = u.k AND run_cards.wanted_version < u.v
         AND run_cards.notification_id = ANY($4::text[])`,
      [
        textArray(runs.map(([k]) => textColumn(k))),
        intArray(runs.map(([, r]) => r.version)),
        now,
        textArray(live),
      ],
      "dingpipe_card_versions",
    );
  }
  if (cards.length > 0) {
    await q(
      `INSERT INTO run_cards (card_biz_id, notification_id, credential, run_key, wanted_version, run_at,
         created_at, updated_at)
       SELECT u.b, u.n, u.c, u.k, u.v, $6, $6, $6
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS u(b, n, c, k, v)
       -- A credential moved to another group mid-run keeps its run's card (sent afresh there).
       WHERE NOT EXISTS (SELECT 1 FROM run_cards r WHERE r.run_key = u.k AND r.credential = u.c)
       ON CONFLICT (card_biz_id) DO NOTHING`,
      [
        textArray(cards.map((c) => c.cardBizId)),
        textArray(cards.map((c) => c.notificationId)),
        textArray(cards.map((c) => c.credential)),
        textArray(cards.map((c) => textColumn(c.runKey))),
        intArray(cards.map((c) => c.version)),
        now,
      ],
      "dingpipe_insert_cards",
    );
  }
}

const CLAIM_CARD = `
WITH due AS (
  SELECT card_biz_id FROM run_cards
  WHERE state = 'pending' AND shown_version < wanted_version AND run_at <= $1 AND lease_until <= $1
  ORDER BY run_at, card_biz_id
  LIMIT 1
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE run_cards SET lease_owner = $2, lease_until = $3
  FROM due WHERE run_cards.card_biz_id = due.card_biz_id
  RETURNING run_cards.*
)
SELECT claimed.*, r.state AS run_state, n.rule AS notification_rule
FROM claimed LEFT JOIN runs r ON r.run_key = claimed.run_key
LEFT JOIN notifications n ON n.id::text = claimed.notification_id`;

/** When the next pending card may be worked (its retry or the lease of a worker on it). */
export const NEXT_CARD = `SELECT MIN(GREATEST(run_at, lease_until)) AS at FROM run_cards
WHERE state = 'pending' AND shown_version < wanted_version`;

export class PostgresCardOps implements CardStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async claimCard(options: { owner: string; now: number; leaseMs: number }): Promise<DueCard | undefined> {
    const { now } = options;
    const row = (
      await this.#db.query(CLAIM_CARD, [now, options.owner, now + options.leaseMs], "dingpipe_claim_card")
    ).rows[0];
    if (row === undefined) return undefined;
    const run = row["run_state"];
    return {
      ...toCard(row),
      ...cardNotification(row["notification_rule"]),
      run: run === null || run === undefined ? undefined : json<RunState>(run),
    };
  }

  async beginCardSend(cardBizId: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const r = await this.#db.query(
      `UPDATE run_cards SET send_uncertain = 1, lease_until = $1, updated_at = $2
       WHERE card_biz_id = $3 AND lease_owner = $4 AND lease_until > $2`,
      [now + leaseMs, now, cardBizId, owner],
    );
    return r.rowCount > 0;
  }

  async finishCard(f: FinishCard): Promise<void> {
    await this.#db.query(
      `UPDATE run_cards SET created = $1, send_uncertain = $2, shown_version = GREATEST(shown_version, $3),
         state = $4, tries = $5, run_at = $6, last_error = $7, fix = $8, sent_at = COALESCE($9, sent_at),
         updated_at = $10, lease_owner = NULL, lease_until = 0
       WHERE card_biz_id = $11 AND lease_owner = $12`,
      finishCardValues(f),
    );
  }

  async nextCardAt(now: number): Promise<number | undefined> {
    // Asked at every idle poll, beside nextWakeAt: prepared like it, planned once per connection.
    return cardDueAt((await this.#db.query(NEXT_CARD, [], "dingpipe_next_card")).rows[0]?.["at"], now);
  }

  async getCard(cardBizId: string): Promise<CardRecord | undefined> {
    const row = (await this.#db.query("SELECT * FROM run_cards WHERE card_biz_id = $1", [cardBizId])).rows[0];
    return row === undefined ? undefined : toCard(row);
  }

  async listCards(filter: CardFilter): Promise<CardRecord[]> {
    const rows = (
      await this.#db.query(
        `SELECT * FROM run_cards WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR credential = $2)
         ORDER BY updated_at DESC, card_biz_id LIMIT $3`,
        [filter.state ?? null, filter.credential ?? null, pageLimit(filter.limit)],
      )
    ).rows;
    return rows.map(toCard);
  }

  async retryCard(cardBizId: string, now: number): Promise<boolean> {
    const r = await this.#db.query(
      `UPDATE run_cards SET state = 'pending', tries = 0, run_at = $1, updated_at = $1
       WHERE card_biz_id = $2 AND state = 'dead'`,
      [now, cardBizId],
    );
    return r.rowCount > 0;
  }

  async runCards(runKey: string): Promise<CardRecord[]> {
    const rows = (
      await this.#db.query("SELECT * FROM run_cards WHERE run_key = $1 ORDER BY created_at, card_biz_id", [
        textColumn(runKey),
      ])
    ).rows;
    return rows.map(toCard);
  }
}
