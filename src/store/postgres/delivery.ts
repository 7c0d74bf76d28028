/**
 * The delivery engine's operations on PostgreSQL (see src/delivery/delivery-store.ts). Several
 * workers in several processes share the outbox: events to expand and lanes to send are claimed
 * with FOR UPDATE SKIP LOCKED, so claimers never wait on each other and never take the same row.
 */
import type {
  DeliveryStore,
  DueDeliveries,
  ExpandResult,
  RuleSelector,
  SendOutcome,
} from "../../delivery/delivery-store.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { json, num, toDue, toNotification } from "../rows.ts";
import { ruleSnapshot } from "../snapshot.ts";
import type { Db } from "./db.ts";

const CLAIM_LANE = `
WITH ready AS (
  SELECT l.credential FROM lanes l
  WHERE l.lease_until <= $1 AND l.paused_until <= $1 AND l.not_before <= $1
    AND EXISTS (SELECT 1 FROM deliveries d WHERE d.credential = l.credential
                AND d.state IN ('pending', 'sending') AND d.run_at <= $1)
  ORDER BY l.claimed_at, l.credential
  LIMIT 1
  FOR UPDATE SKIP LOCKED
)
UPDATE lanes SET lease_owner = $2, lease_until = $3, claimed_at = $1
FROM ready WHERE lanes.credential = ready.credential
RETURNING lanes.credential`;

const INSERT_DELIVERIES = `
INSERT INTO deliveries (event_id, notification_id, credential, pipeline, task, event_status, rule, state,
  run_at, created_at)
SELECT u.e, u.n, u.c, u.p, u.t, u.s, u.r, 'pending', $8, $8
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
  AS u(e, n, c, p, t, s, r)`;

const NEXT_WAKE = `
SELECT MIN(GREATEST(l.paused_until, l.not_before, l.lease_until, m.run_at)) AS at
FROM lanes l
JOIN LATERAL (SELECT MIN(d.run_at) AS run_at FROM deliveries d
              WHERE d.credential = l.credential AND d.state IN ('pending', 'sending')) m ON m.run_at IS NOT NULL`;

const APPEND_ATTEMPT = "attempts = attempts || jsonb_build_array($1::jsonb)";

export class PostgresDeliveryOps implements DeliveryStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  expandEvents(options: { limit: number; now: number; select: RuleSelector }): Promise<ExpandResult> {
    return this.#db.tx(async (q) => {
      const events = (
        await q(
          "SELECT id, event FROM events WHERE NOT expanded ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
          [options.limit],
        )
      ).rows;
      if (events.length === 0) return { events: 0, deliveries: 0 };
      const rules = (await q("SELECT * FROM notifications ORDER BY id")).rows.map(toNotification);
      const cols: [string[], string[], string[], string[], string[], string[], string[]] = [
        [],
        [],
        [],
        [],
        [],
        [],
        [],
      ];
      for (const row of events) {
        const event = json<PipelineEvent>(row["event"]);
        for (const rule of options.select(event, rules)) {
          cols[0].push(String(row["id"]));
          cols[1].push(rule.id);
          cols[2].push(rule.credential);
          cols[3].push(event.pipeline.name);
          cols[4].push(event.task.name);
          cols[5].push(event.task.status);
          cols[6].push(JSON.stringify(ruleSnapshot(rule)));
        }
      }
      if (cols[0].length > 0) {
        await q(INSERT_DELIVERIES, [...cols, options.now]);
        await q("INSERT INTO lanes (credential) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING", [
          cols[2],
        ]);
      }
      await q("UPDATE events SET expanded = TRUE WHERE id = ANY($1::bigint[])", [
        events.map((r) => String(r["id"])),
      ]);
      return { events: events.length, deliveries: cols[0].length };
    });
  }

  claimLane(options: { owner: string; now: number; leaseMs: number }): Promise<string | undefined> {
    const { now } = options;
    return this.#db.tx(async (q) => {
      const claimed = (await q(CLAIM_LANE, [now, options.owner, now + options.leaseMs])).rows[0];
      if (claimed === undefined) return undefined;
      const credential = String(claimed["credential"]);
      // Whatever a previous holder left "sending" died with it (its lease expired): send it again.
      await q("UPDATE deliveries SET state = 'pending' WHERE credential = $1 AND state = 'sending'", [
        credential,
      ]);
      return credential;
    });
  }

  async renewLane(credential: string, owner: string, until: number): Promise<boolean> {
    const r = await this.#db.query(
      "UPDATE lanes SET lease_until = $1 WHERE credential = $2 AND lease_owner = $3",
      [until, credential, owner],
    );
    return r.rowCount > 0;
  }

  async releaseLane(credential: string, owner: string, notBefore?: number): Promise<void> {
    await this.#db.query(
      `UPDATE lanes SET lease_owner = NULL, lease_until = 0, not_before = GREATEST(not_before, $1)
       WHERE credential = $2 AND lease_owner = $3`,
      [notBefore ?? 0, credential, owner],
    );
  }

  async laneSends(credential: string, since: number): Promise<number[]> {
    const r = await this.#db.query("SELECT at FROM send_log WHERE credential = $1 AND at >= $2 ORDER BY at", [
      credential,
      since,
    ]);
    return r.rows.map((row) => num(row["at"]));
  }

  async dueDeliveries(credential: string, now: number, limit: number): Promise<DueDeliveries> {
    const r = await this.#db.query(
      `SELECT d.id, d.event_id, d.notification_id, d.rule, d.tries, e.event, e.received_at,
              count(*) OVER () AS total
       FROM deliveries d JOIN events e ON e.id = d.event_id
       WHERE d.credential = $1 AND d.state = 'pending' AND d.run_at <= $2 ORDER BY d.id LIMIT $3`,
      [credential, now, limit],
    );
    return { items: r.rows.map(toDue), total: r.rows.length === 0 ? 0 : num(r.rows[0]?.["total"]) };
  }

  beginSend(options: {
    credential: string;
    owner: string;
    ids: string[];
    now: number;
    leaseMs: number;
  }): Promise<{ slot: string } | undefined> {
    const { credential, owner, ids, now } = options;
    return this.#db.tx(async (q) => {
      const renewed = await q(
        "UPDATE lanes SET lease_until = $1 WHERE credential = $2 AND lease_owner = $3",
        [now + options.leaseMs, credential, owner],
      );
      if (renewed.rowCount === 0) return undefined;
      await q("UPDATE deliveries SET state = 'sending' WHERE id = ANY($1::bigint[])", [ids]);
      const slot = await q("INSERT INTO send_log (credential, at) VALUES ($1, $2) RETURNING id", [
        credential,
        now,
      ]);
      return { slot: String(slot.rows[0]?.["id"]) };
    });
  }

  async finishSend(options: {
    credential: string;
    slot: string;
    answeredAt: number;
    outcome: SendOutcome;
  }): Promise<void> {
    const { credential, answeredAt, outcome } = options;
    await this.#db.tx(async (q) => {
      await q("UPDATE send_log SET at = GREATEST(at, $1) WHERE id = $2", [answeredAt, options.slot]);
      const attempt = JSON.stringify(outcome.attempt);
      const carrier = outcome.carrierId;
      switch (outcome.kind) {
        case "sent":
          await q(
            `UPDATE deliveries SET state = 'sent', message = $2, ${APPEND_ATTEMPT}, sent_at = $3, last_error = NULL,
               fix = NULL WHERE id = $4`,
            [attempt, JSON.stringify(outcome.message), answeredAt, carrier],
          );
          if (outcome.mergedIds.length > 0) {
            await q(
              "UPDATE deliveries SET state = 'merged', merged_into = $1, sent_at = $2 WHERE id = ANY($3::bigint[])",
              [carrier, answeredAt, outcome.mergedIds],
            );
          }
          break;
        case "retry":
          await q(
            "UPDATE deliveries SET state = 'pending', run_at = $1, last_error = $2 WHERE id = ANY($3::bigint[])",
            [outcome.runAt, outcome.lastError, outcome.ids],
          );
          await q(`UPDATE deliveries SET ${APPEND_ATTEMPT}, tries = tries + 1 WHERE id = $2`, [
            attempt,
            carrier,
          ]);
          await q("UPDATE lanes SET not_before = GREATEST(not_before, $1) WHERE credential = $2", [
            outcome.runAt,
            credential,
          ]);
          break;
        case "dead":
          await q(
            "UPDATE deliveries SET state = 'dead', last_error = $1, fix = $2 WHERE id = ANY($3::bigint[])",
            [outcome.lastError, outcome.fix, outcome.ids],
          );
          await q(
            `UPDATE deliveries SET ${APPEND_ATTEMPT}, message = COALESCE($2::jsonb, message) WHERE id = $3`,
            [attempt, outcome.message === undefined ? null : JSON.stringify(outcome.message), carrier],
          );
          break;
        case "throttled":
          await q("UPDATE deliveries SET state = 'pending', last_error = $1 WHERE id = ANY($2::bigint[])", [
            outcome.lastError,
            outcome.ids,
          ]);
          await q(`UPDATE deliveries SET ${APPEND_ATTEMPT} WHERE id = $2`, [attempt, carrier]);
          await q(
            "UPDATE lanes SET paused_until = GREATEST(paused_until, $1), pause_reason = $2 WHERE credential = $3",
            [outcome.until, outcome.lastError, credential],
          );
          break;
      }
    });
  }

  async killLane(credential: string, now: number, lastError: string, fix: string): Promise<number> {
    const r = await this.#db.query(
      `UPDATE deliveries SET state = 'dead', last_error = $1, fix = $2, run_at = $3
       WHERE credential = $4 AND state IN ('pending', 'sending')`,
      [lastError, fix, now, credential],
    );
    return r.rowCount;
  }

  async pauseLane(credential: string, until: number, reason: string): Promise<void> {
    await this.#db.query(
      `INSERT INTO lanes (credential, paused_until, pause_reason) VALUES ($1, $2, $3)
       ON CONFLICT (credential) DO UPDATE SET paused_until = GREATEST(lanes.paused_until, excluded.paused_until),
         pause_reason = excluded.pause_reason`,
      [credential, until, reason],
    );
  }

  async nextWakeAt(_now: number): Promise<number | undefined> {
    const at = (await this.#db.query(NEXT_WAKE)).rows[0]?.["at"];
    return at === null || at === undefined ? undefined : num(at);
  }

  async hasUnexpanded(): Promise<boolean> {
    return (await this.#db.query("SELECT 1 FROM events WHERE NOT expanded LIMIT 1")).rowCount > 0;
  }

  async pruneSendLog(before: number): Promise<void> {
    await this.#db.query("DELETE FROM send_log WHERE at < $1", [before]);
  }
}
