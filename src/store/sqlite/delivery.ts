/**
 * The delivery engine's operations on SQLite (see src/delivery/delivery-store.ts). Every write runs
 * through the group-commit writer, inside BEGIN IMMEDIATE: SQLite's single writer lock is what
 * makes a lane claim exclusive between processes here (PostgreSQL uses FOR UPDATE SKIP LOCKED).
 */
import type {
  BeginSend,
  DeliveryStore,
  DueDeliveries,
  DueDelivery,
  ExpandResult,
  FinishSend,
  LaneState,
  OwedResult,
  RuleSelector,
} from "../../delivery/delivery-store.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { type ExpandingEvent, keysOf, planRunState } from "../../runs/plan.ts";
import { liveNotifications } from "../card-rows.ts";
import { dueAt, holdsAttempt, json, num, textColumn, toDue, toLaneState, toNotification } from "../rows.ts";
import { ruleSnapshot } from "../snapshot.ts";
import { raiseCards, upsertCard } from "./cards.ts";
import { loadRunState, writeRunState } from "./runs.ts";
import { marks, type Sql } from "./sql.ts";
import type { GroupCommitWriter } from "./writer.ts";

const READY = `l.lease_until <= ? AND l.paused_until <= ? AND l.not_before <= ?
  AND EXISTS (SELECT 1 FROM deliveries d WHERE d.lane = l.lane
              AND d.state IN ('pending', 'sending') AND d.run_at <= ?)`;

const APPEND_ATTEMPT = "attempts = json_insert(attempts, '$[#]', json(?))";
/** Appends the attempt (parameters: carrier id, attempt JSON) to the carrier's attempts only. */
const CARRIER_ATTEMPT =
  "attempts = CASE WHEN id = ? THEN json_insert(attempts, '$[#]', json(?)) ELSE attempts END";

/** The message as stored: the JSON text as sent, or the message serialized. */
function messageText(message: object | string): string {
  return typeof message === "string" ? message : JSON.stringify(message);
}

/** Whether any event waits for expansion (the partial index events_unexpanded answers it). */
export const UNEXPANDED = "SELECT 1 AS x FROM events WHERE expanded = 0 LIMIT 1";

/** When some lane may become ready: its pause, rate window or lease over, and a delivery due. */
export const NEXT_WAKE = `SELECT MIN(MAX(l.paused_until, l.not_before, l.lease_until,
         (SELECT MIN(d.run_at) FROM deliveries d WHERE d.lane = l.lane
            AND d.state IN ('pending', 'sending')))) AS at
       FROM lanes l`;

export class SqliteDeliveryOps implements DeliveryStore {
  readonly #sql: Sql;
  readonly #writer: GroupCommitWriter;

  constructor(sql: Sql, writer: GroupCommitWriter) {
    this.#sql = sql;
    this.#writer = writer;
  }

  async expandEvents(options: { limit: number; now: number; select: RuleSelector }): Promise<ExpandResult> {
    const sql = this.#sql;
    // Nothing waiting (most calls once events are expanded as they are inserted): a plain read answers,
    // without a write transaction (and the cross-process write lock).
    if (sql.get(UNEXPANDED) === undefined) return { events: 0, deliveries: 0 };
    return this.#writer.run(() => expandNow(sql, options));
  }

  async claimLane(options: { owner: string; now: number; leaseMs: number }): Promise<string | undefined> {
    const sql = this.#sql;
    const { now } = options;
    // No lane ready (most asks: every worker asks after every wake-up): a plain read answers, without a
    // write transaction; the claim itself reads again under the write lock.
    if (sql.get(`SELECT 1 AS x FROM lanes l WHERE ${READY} LIMIT 1`, now, now, now, now) === undefined)
      return undefined;
    return this.#writer.run(() => {
      const row = sql.get(
        `SELECT l.lane, l.lease_owner FROM lanes l WHERE ${READY} ORDER BY l.claimed_at, l.lane LIMIT 1`,
        now,
        now,
        now,
        now,
      );
      if (row === undefined) return undefined;
      const lane = String(row["lane"]);
      sql.run(
        "UPDATE lanes SET lease_owner = ?, lease_until = ?, claimed_at = ? WHERE lane = ?",
        options.owner,
        now + options.leaseMs,
        now,
        lane,
      );
      // A takeover (the lease expired, it was not given back) with deliveries left "sending": they
      // stay so, for the new holder to send again as the batch they were (inFlightDeliveries). Their
      // request (the lane's last; a lane sends one at a time) was stamped when it left, but the robot
      // may have counted it at any moment until the worker died: count it as sent now, so the robot's
      // window is not overrun right after a crash. Once per takeover: a lane given back keeps its log.
      if (
        row["lease_owner"] !== null &&
        sql.get("SELECT 1 AS x FROM deliveries WHERE lane = ? AND state = 'sending' LIMIT 1", lane)
      ) {
        sql.run(
          "UPDATE send_log SET at = MAX(at, ?) WHERE id = (SELECT max(id) FROM send_log WHERE lane = ?)",
          now,
          lane,
        );
      }
      return lane;
    });
  }

  renewLane(lane: string, owner: string, until: number): Promise<boolean> {
    return this.#writer.run(
      () =>
        this.#sql.run(
          "UPDATE lanes SET lease_until = ? WHERE lane = ? AND lease_owner = ?",
          until,
          lane,
          owner,
        ) > 0,
    );
  }

  async releaseLane(lane: string, owner: string, notBefore?: number): Promise<void> {
    await this.#writer.run(() => this.#release(lane, owner, notBefore));
  }

  #release(lane: string, owner: string, notBefore: number | undefined): void {
    this.#sql.run(
      `UPDATE lanes SET lease_owner = NULL, lease_until = 0, not_before = MAX(not_before, ?)
       WHERE lane = ? AND lease_owner = ?`,
      notBefore ?? 0,
      lane,
      owner,
    );
  }

  async laneSends(lane: string, since: number): Promise<number[]> {
    return this.#sql
      .all("SELECT at FROM send_log WHERE lane = ? AND at >= ? ORDER BY at", lane, since)
      .map((r) => num(r["at"]));
  }

  async dueDeliveries(lane: string, now: number, limit: number): Promise<DueDeliveries> {
    const items = this.#sql
      .all(
        `SELECT d.id, d.event_id, d.notification_id, d.credential, d.rule, d.tries, e.event, e.received_at, e.transition
         FROM deliveries d JOIN events e ON e.id = d.event_id
         WHERE d.lane = ? AND d.state = 'pending' AND d.run_at <= ? ORDER BY d.id LIMIT ?`,
        lane,
        now,
        limit,
      )
      .map(toDue);
    const total =
      items.length < limit
        ? items.length
        : num(
            this.#sql.get(
              "SELECT count(*) AS n FROM deliveries WHERE lane = ? AND state = 'pending' AND run_at <= ?",
              lane,
              now,
            )?.["n"],
          );
    return { items, total };
  }

  async inFlightDeliveries(lane: string): Promise<DueDelivery[]> {
    return this.#sql
      .all(
        `SELECT d.id, d.event_id, d.notification_id, d.credential, d.rule, d.tries, e.event, e.received_at, e.transition
         FROM deliveries d JOIN events e ON e.id = d.event_id
         WHERE d.lane = ? AND d.state = 'sending' ORDER BY d.id`,
        lane,
      )
      .map(toDue);
  }

  beginSend(options: BeginSend): Promise<{ slot: string } | undefined> {
    return this.#writer.run(() => this.#begin(options));
  }

  finishAndBegin(finish: FinishSend, begin: BeginSend): Promise<{ slot: string } | undefined> {
    return this.#writer.run(() => {
      this.#finish(finish);
      return this.#begin(begin);
    });
  }

  async finishAndRelease(finish: FinishSend, owner: string, notBefore?: number): Promise<void> {
    await this.#writer.run(() => {
      this.#finish(finish);
      this.#release(finish.lane, owner, notBefore);
    });
  }

  #begin(options: BeginSend): { slot: string } | undefined {
    const sql = this.#sql;
    const { lane, owner, ids, now } = options;
    const renewed = sql.run(
      "UPDATE lanes SET lease_until = ? WHERE lane = ? AND lease_owner = ?",
      now + options.leaseMs,
      lane,
      owner,
    );
    if (renewed === 0) return undefined;
    sql.run(`UPDATE deliveries SET state = 'sending' WHERE id IN (${marks(ids.length)})`, ...ids.map(Number));
    const slot = sql.get("INSERT INTO send_log (lane, at) VALUES (?, ?) RETURNING id", lane, now);
    return { slot: String(slot?.["id"]) };
  }

  async finishSend(options: FinishSend): Promise<void> {
    await this.#writer.run(() => this.#finish(options));
  }

  async finishOwed(finish: FinishSend, owner: string): Promise<OwedResult> {
    return this.#writer.run(() => {
      const lane = this.#sql.get("SELECT lease_owner FROM lanes WHERE lane = ?", finish.lane);
      const carrier = this.#sql.get(
        "SELECT state, attempts FROM deliveries WHERE id = ?",
        Number(finish.outcome.carrierId),
      );
      // Not the lane's holder any more: recorded already (a finishAndRelease that committed, then
      // lost its answer, released the lane too), or the lane went to another worker before it was.
      if (lane?.["lease_owner"] !== owner)
        return holdsAttempt(carrier?.["attempts"], finish.outcome.attempt) ? "done" : "lost";
      if (carrier?.["state"] !== "sending") return "done";
      this.#finish(finish);
      return "recorded";
    });
  }

  #finish(options: FinishSend): void {
    const sql = this.#sql;
    const { lane, answeredAt, outcome } = options;
    // One statement per table touched: the carrier's own columns (its attempt, its tries) change in
    // the same UPDATE as the batch's state, through CASE on the carrier's id.
    sql.run("UPDATE send_log SET at = MAX(at, ?) WHERE id = ?", answeredAt, Number(options.slot));
    const carrier = Number(outcome.carrierId);
    const attempt = JSON.stringify(outcome.attempt);
    switch (outcome.kind) {
      case "sent": {
        sql.run(
          `UPDATE deliveries SET state = 'sent', message = ?, ${APPEND_ATTEMPT}, sent_at = ?, last_error = NULL,
               fix = NULL WHERE id = ?`,
          messageText(outcome.message),
          attempt,
          answeredAt,
          carrier,
        );
        sql.run("UPDATE lanes SET last_sent_at = ?, last_error = NULL WHERE lane = ?", answeredAt, lane);
        const merged = outcome.mergedIds.map(Number);
        if (merged.length > 0) {
          sql.run(
            `UPDATE deliveries SET state = 'merged', merged_into = ?, sent_at = ? WHERE id IN (${marks(merged.length)})`,
            carrier,
            answeredAt,
            ...merged,
          );
        }
        break;
      }
      case "retry": {
        const ids = outcome.ids.map(Number);
        sql.run(
          `UPDATE deliveries SET state = 'pending', run_at = ?, last_error = ?,
               ${CARRIER_ATTEMPT}, tries = tries + (id = ?) WHERE id IN (${marks(ids.length)})`,
          outcome.runAt,
          outcome.lastError,
          carrier,
          attempt,
          carrier,
          ...ids,
        );
        sql.run(
          "UPDATE lanes SET not_before = MAX(not_before, ?), last_error = ?, last_error_at = ? WHERE lane = ?",
          outcome.runAt,
          outcome.lastError,
          answeredAt,
          lane,
        );
        break;
      }
      case "dead": {
        const ids = outcome.ids.map(Number);
        sql.run(
          `UPDATE deliveries SET state = 'dead', last_error = ?, fix = ?, ${CARRIER_ATTEMPT},
               message = CASE WHEN id = ? THEN COALESCE(?, message) ELSE message END
             WHERE id IN (${marks(ids.length)})`,
          outcome.lastError,
          outcome.fix,
          carrier,
          attempt,
          carrier,
          outcome.message === undefined ? null : JSON.stringify(outcome.message),
          ...ids,
        );
        if (!outcome.local) {
          sql.run(
            "UPDATE lanes SET last_error = ?, last_error_at = ? WHERE lane = ?",
            outcome.lastError,
            answeredAt,
            lane,
          );
        }
        break;
      }
      case "throttled": {
        const ids = outcome.ids.map(Number);
        sql.run(
          `UPDATE deliveries SET state = 'pending', last_error = ?, ${CARRIER_ATTEMPT}
             WHERE id IN (${marks(ids.length)})`,
          outcome.lastError,
          carrier,
          attempt,
          ...ids,
        );
        sql.run(
          `UPDATE lanes SET paused_until = MAX(paused_until, ?), pause_reason = ?, last_error = ?,
             last_error_at = ? WHERE lane = ?`,
          outcome.until,
          outcome.lastError,
          outcome.lastError,
          answeredAt,
          lane,
        );
        break;
      }
    }
  }

  killCredential(credential: string, now: number, lastError: string, fix: string): Promise<number> {
    return this.#writer.run(() =>
      this.#sql.run(
        `UPDATE deliveries SET state = 'dead', last_error = ?, fix = ?, run_at = ?
         WHERE credential = ? AND state IN ('pending', 'sending')`,
        lastError,
        fix,
        now,
        credential,
      ),
    );
  }

  async pauseLane(lane: string, until: number, reason: string): Promise<void> {
    await this.#writer.run(() =>
      this.#sql.run(
        `INSERT INTO lanes (lane, paused_until, pause_reason) VALUES (?, ?, ?)
         ON CONFLICT (lane) DO UPDATE SET paused_until = MAX(paused_until, excluded.paused_until),
           pause_reason = excluded.pause_reason`,
        lane,
        until,
        reason,
      ),
    );
  }

  async laneStates(lanes: readonly string[]): Promise<Map<string, LaneState>> {
    const out = new Map<string, LaneState>();
    if (lanes.length === 0) return out;
    for (const row of this.#sql.all(`SELECT * FROM lanes WHERE lane IN (${marks(lanes.length)})`, ...lanes))
      out.set(String(row["lane"]), toLaneState(row));
    return out;
  }

  async nextWakeAt(_now: number): Promise<number | undefined> {
    return dueAt(this.#sql.get(NEXT_WAKE)?.["at"]);
  }

  async hasUnexpanded(): Promise<boolean> {
    return this.#sql.get(UNEXPANDED) !== undefined;
  }

  async pruneSendLog(before: number): Promise<void> {
    await this.#writer.run(() => this.#sql.run("DELETE FROM send_log WHERE at < ?", before));
  }
}

/**
 * Expands up to `limit` events not yet expanded, oldest first (see DeliveryStore.expandEvents). Runs inside
 * the writer's transaction: from expandEvents, or at the end of a batch that inserted events when older
 * ones wait (expandInserted).
 */
export function expandNow(
  sql: Sql,
  options: { limit: number; now: number; select: RuleSelector },
): ExpandResult {
  const rows = sql.all(
    "SELECT id, source, event, received_at FROM events WHERE expanded = 0 ORDER BY id LIMIT ?",
    options.limit,
  );
  if (rows.length === 0) return { events: 0, deliveries: 0 };
  const events = rows.map((row) => ({
    id: String(row["id"]),
    source: String(row["source"]),
    event: json<PipelineEvent>(row["event"]),
    receivedAt: num(row["received_at"]),
  }));
  return expandThese(sql, events, options.now, options.select);
}

/**
 * Expands the events a batch has just inserted, from what the inserts had in memory (`events`, in id order):
 * the same as expandNow, without reading the rows back and parsing their JSON again. Only when the oldest event
 * waiting is the batch's first — history folds oldest first, and none of them was expanded by another job of
 * the batch — and at most `limit` of them (the newest wait, as expandNow would leave
 * them); otherwise expandNow, which takes the oldest. Runs inside the writer's transaction, which holds
 * SQLite's write lock: no other process can have inserted an event among these meanwhile.
 */
export function expandInserted(
  sql: Sql,
  events: readonly ExpandingEvent[],
  options: { limit: number; now: number; select: RuleSelector },
): ExpandResult {
  const first = events[0];
  if (first === undefined) return expandNow(sql, options);
  // The oldest event waiting must be the batch's first: an older one goes first, and a job of this same
  // batch (the engine's expandEvents) may already have expanded the batch's events — then the oldest
  // waiting is a later one, or none, and expandNow takes what is left.
  if (
    num(sql.get("SELECT id FROM events WHERE expanded = 0 ORDER BY id LIMIT 1")?.["id"]) !== Number(first.id)
  )
    return expandNow(sql, options);
  return expandThese(
    sql,
    events.length > options.limit ? events.slice(0, options.limit) : events,
    options.now,
    options.select,
  );
}

/** Run state, cards and deliveries for `events` (not yet expanded, oldest first), and marks them expanded. */
function expandThese(
  sql: Sql,
  events: readonly ExpandingEvent[],
  now: number,
  select: RuleSelector,
): ExpandResult {
  const keys = keysOf(events);
  const loaded = loadRunState(sql, keys);
  const plan = planRunState(events, loaded.runs, loaded.outcomes, keys);
  writeRunState(sql, plan, now, loaded);
  const rules = sql.all("SELECT * FROM notifications ORDER BY id").map(toNotification);
  raiseCards(sql, plan, now, liveNotifications(rules));
  // Each delivery goes to the lane of its credential's robot (the name when it has no key).
  const lanes = new Map<string, string>();
  for (const c of sql.all("SELECT name, robot_key FROM credentials WHERE robot_key IS NOT NULL"))
    lanes.set(String(c["name"]), String(c["robot_key"]));
  let deliveries = 0;
  const laneRows = new Set<string>();
  // Events without a transition are marked expanded in one statement; one each for the others.
  const plain: number[] = [];
  for (const { id, source, event } of events) {
    const transition = plan.transitions.get(id);
    for (const rule of select(event, rules, { transition })) {
      const lane = lanes.get(rule.credential) ?? rule.credential;
      // A run_card rule keeps one card row per run and robot instead of a delivery per event.
      if (upsertCard(sql, source, event, rule, plan, now, lane)) continue;
      sql.run(
        `INSERT INTO deliveries (event_id, notification_id, credential, lane, pipeline, task, event_status,
           rule, state, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        Number(id),
        rule.id,
        rule.credential,
        lane,
        textColumn(event.pipeline.name),
        textColumn(event.task.name),
        event.task.status,
        JSON.stringify(ruleSnapshot(rule)),
        now,
        now,
      );
      laneRows.add(lane);
      deliveries++;
    }
    if (transition === undefined) plain.push(Number(id));
    else sql.run("UPDATE events SET expanded = 1, transition = ? WHERE id = ?", transition, Number(id));
  }
  for (const lane of laneRows)
    sql.run("INSERT INTO lanes (lane) VALUES (?) ON CONFLICT (lane) DO NOTHING", lane);
  if (plain.length > 0)
    sql.run(
      "UPDATE events SET expanded = 1, transition = NULL WHERE id IN (SELECT value FROM json_each(?))",
      JSON.stringify(plain),
    );
  return { events: events.length, deliveries };
}
