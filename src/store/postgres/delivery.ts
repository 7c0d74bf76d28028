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

// The head of a lane, joined with the events only for the rows returned; the backlog is counted
// apart (only when the page is full), never by joining every due row.
const DUE = `
WITH due AS (
  SELECT d.id, d.event_id, d.notification_id, d.rule, d.tries FROM deliveries d
  WHERE d.credential = $1 AND d.state = 'pending' AND d.run_at <= $2 ORDER BY d.id LIMIT $3
)
SELECT due.*, e.event, e.received_at,
  CASE WHEN (SELECT count(*) FROM due) < $3 THEN (SELECT count(*) FROM due)
       ELSE (SELECT count(*) FROM deliveries c WHERE c.credential = $1 AND c.state = 'pending' AND c.run_at <= $2)
  END AS total
FROM due JOIN events e ON e.id = due.event_id ORDER BY due.id`;

const BEGIN_SEND = `
WITH lease AS (
  UPDATE lanes SET lease_until = $1 WHERE credential = $2 AND lease_owner = $3 RETURNING credential
), marked AS (
  UPDATE deliveries SET state = 'sending'
  WHERE id = ANY($4::bigint[]) AND EXISTS (SELECT 1 FROM lease)
)
INSERT INTO send_log (credential, at) SELECT credential, $5 FROM lease RETURNING id`;

// finishSend: $1 answeredAt, $2 slot, $3 carrier id, $4 attempt JSON; then per outcome.
const RESTAMP = "slot AS (UPDATE send_log SET at = GREATEST(at, $1) WHERE id = $2)";
const CARRIER_ATTEMPT =
  "attempts = CASE WHEN id = $3 THEN attempts || jsonb_build_array($4::jsonb) ELSE attempts END";

const FINISH_SENT = `
WITH ${RESTAMP}, carrier AS (
  UPDATE deliveries SET state = 'sent', message = $5::jsonb, attempts = attempts || jsonb_build_array($4::jsonb),
    sent_at = $1, last_error = NULL, fix = NULL
  WHERE id = $3
)
UPDATE deliveries SET state = 'merged', merged_into = $3, sent_at = $1 WHERE id = ANY($6::bigint[])`;

const FINISH_RETRY = `
WITH ${RESTAMP}, lane AS (
  UPDATE lanes SET not_before = GREATEST(not_before, $6) WHERE credential = $8
)
UPDATE deliveries SET state = 'pending', run_at = $6, last_error = $7, ${CARRIER_ATTEMPT},
  tries = tries + CASE WHEN id = $3 THEN 1 ELSE 0 END
WHERE id = ANY($5::bigint[])`;

const FINISH_DEAD = `
WITH ${RESTAMP}
UPDATE deliveries SET state = 'dead', last_error = $6, fix = $7, ${CARRIER_ATTEMPT},
  message = CASE WHEN id = $3 THEN COALESCE($8::jsonb, message) ELSE message END
WHERE id = ANY($5::bigint[])`;

const FINISH_THROTTLED = `
WITH ${RESTAMP}, lane AS (
  UPDATE lanes SET paused_until = GREATEST(paused_until, $7), pause_reason = $6 WHERE credential = $8
)
UPDATE deliveries SET state = 'pending', last_error = $6, ${CARRIER_ATTEMPT}
WHERE id = ANY($5::bigint[])`;

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
    const r = await this.#db.query(DUE, [credential, now, limit]);
    return { items: r.rows.map(toDue), total: r.rows.length === 0 ? 0 : num(r.rows[0]?.["total"]) };
  }

  async beginSend(options: {
    credential: string;
    owner: string;
    ids: string[];
    now: number;
    leaseMs: number;
  }): Promise<{ slot: string } | undefined> {
    const { credential, owner, ids, now } = options;
    // One statement, so one round trip and atomic: nothing is marked or logged without the lease.
    const r = await this.#db.query(BEGIN_SEND, [now + options.leaseMs, credential, owner, ids, now]);
    const slot = r.rows[0]?.["id"];
    return slot === undefined ? undefined : { slot: String(slot) };
  }

  async finishSend(options: {
    credential: string;
    slot: string;
    answeredAt: number;
    outcome: SendOutcome;
  }): Promise<void> {
    const { credential, answeredAt, outcome, slot } = options;
    // One statement each (one round trip, atomic): the slot's re-stamp and the lane's pause or
    // backoff ride along as data-modifying CTEs; the carrier's attempt goes in with the batch's
    // state through CASE on its id (a statement may change a row only once).
    const attempt = JSON.stringify(outcome.attempt);
    const carrier = outcome.carrierId;
    switch (outcome.kind) {
      case "sent":
        await this.#db.query(FINISH_SENT, [
          answeredAt,
          slot,
          carrier,
          attempt,
          typeof outcome.message === "string" ? outcome.message : JSON.stringify(outcome.message),
          outcome.mergedIds,
        ]);
        break;
      case "retry":
        await this.#db.query(FINISH_RETRY, [
          answeredAt,
          slot,
          carrier,
          attempt,
          outcome.ids,
          outcome.runAt,
          outcome.lastError,
          credential,
        ]);
        break;
      case "dead":
        await this.#db.query(FINISH_DEAD, [
          answeredAt,
          slot,
          carrier,
          attempt,
          outcome.ids,
          outcome.lastError,
          outcome.fix,
          outcome.message === undefined ? null : JSON.stringify(outcome.message),
        ]);
        break;
      case "throttled":
        await this.#db.query(FINISH_THROTTLED, [
          answeredAt,
          slot,
          carrier,
          attempt,
          outcome.ids,
          outcome.lastError,
          outcome.until,
          credential,
        ]);
        break;
    }
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
