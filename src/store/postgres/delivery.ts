/**
 * The delivery engine's operations on PostgreSQL (see src/delivery/delivery-store.ts). Several
 * workers in several processes share the outbox: events to expand and lanes to send are claimed
 * with FOR UPDATE SKIP LOCKED, so claimers never wait on each other and never take the same row.
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
  SendOutcome,
} from "../../delivery/delivery-store.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { keysOf, planRunState } from "../../runs/plan.ts";
import { liveNotifications } from "../card-rows.ts";
import { dueAt, holdsAttempt, json, num, textColumn, toDue, toLaneState, toNotification } from "../rows.ts";
import { ruleSnapshot } from "../snapshot.ts";
import { bigintArray, textArray } from "./binary-array.ts";
import { upsertCards, type WantedCard, wantedCard } from "./cards.ts";
import type { Db } from "./db.ts";
import { loadRunState, writeRunState } from "./runs.ts";
import { WaitingEvents } from "./waiting.ts";

/** Any constant: the advisory lock expansions queue on (see expandEvents). */
const EXPAND_LOCK = 727_274_002;

// By its key: a table of deleted rows until vacuum reaches it, which a scan would read through.
export const UNEXPANDED = "SELECT 1 FROM event_queue ORDER BY id LIMIT 1";

// The oldest events waiting, read without row locks: only an expansion deletes from the queue, and
// expansions take turns on EXPAND_LOCK. The ids as an array, so the events are read by their key
// whatever the planner thinks of the tables' sizes (a join was planned as a scan of every event).
// The queue's head: the events waiting for expansion, oldest first.
const WAITING_IDS = "SELECT id FROM event_queue ORDER BY id LIMIT $1";
// Those this process does not keep in memory (waiting.ts), read from their rows.
const EVENTS_BY_ID = "SELECT id, source, event, received_at FROM events WHERE id = ANY($1::bigint[])";

// Expanded: out of the queue, and the events that made a transition in their task's history keep it
// (the others' rows are not written again).
const EXPANDED = `WITH done AS (DELETE FROM event_queue WHERE id = ANY($1::bigint[]))
UPDATE events SET transition = u.t FROM unnest($2::bigint[], $3::text[]) AS u(id, t) WHERE events.id = u.id`;

const CLAIM_LANE = `
WITH ready AS (
  SELECT l.lane, l.lease_owner AS was FROM lanes l
  WHERE l.lease_until <= $1 AND l.paused_until <= $1 AND l.not_before <= $1
    AND EXISTS (SELECT 1 FROM deliveries d WHERE d.lane = l.lane
                AND d.state IN ('pending', 'sending') AND d.run_at <= $1)
  ORDER BY l.claimed_at, l.lane COLLATE "C"
  LIMIT 1
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE lanes SET lease_owner = $2, lease_until = $3, claimed_at = $1
  FROM ready WHERE lanes.lane = ready.lane
  RETURNING lanes.lane
), restamped AS (
  -- A takeover (the lease expired, it was not given back) with deliveries left "sending": they stay
  -- so, for the new holder to send again as the batch they were. Their request (the lane's last; a
  -- lane sends one at a time) was stamped when it left, but the robot may have counted it at any
  -- moment until the worker died: count it as sent now. Once per takeover: a lane given back keeps its log.
  UPDATE send_log SET at = GREATEST(at, $1)
  WHERE id = (SELECT max(id) FROM send_log WHERE lane = (SELECT lane FROM claimed))
    AND (SELECT was FROM ready) IS NOT NULL
    AND EXISTS (SELECT 1 FROM deliveries WHERE lane = (SELECT lane FROM claimed) AND state = 'sending')
)
SELECT lane FROM claimed`;

// The deliveries a lane's previous holder left in flight, the batch they were, in order.
const IN_FLIGHT = `
SELECT d.id, d.event_id, d.notification_id, d.credential, d.rule, d.tries, e.event, e.received_at, e.transition
FROM deliveries d JOIN events e ON e.id = d.event_id
WHERE d.lane = $1 AND d.state = 'sending' ORDER BY d.id`;

const INSERT_DELIVERIES = `
INSERT INTO deliveries (event_id, notification_id, credential, lane, pipeline, task, event_status, rule,
  state, run_at, created_at)
SELECT u.e, u.n, u.c, u.l, u.p, u.t, u.s, u.r, 'pending', $9, $9
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  AS u(e, n, c, l, p, t, s, r)`;

export const NEXT_WAKE = `
SELECT MIN(GREATEST(l.paused_until, l.not_before, l.lease_until, m.run_at)) AS at
FROM lanes l
JOIN LATERAL (SELECT MIN(d.run_at) AS run_at FROM deliveries d
              WHERE d.lane = l.lane AND d.state IN ('pending', 'sending')) m ON m.run_at IS NOT NULL`;

// The head of a lane, joined with the events only for the rows returned; the backlog is counted
// apart (only when the page is full), never by joining every due row.
const DUE = `
WITH due AS (
  SELECT d.id, d.event_id, d.notification_id, d.credential, d.rule, d.tries FROM deliveries d
  WHERE d.lane = $1 AND d.state = 'pending' AND d.run_at <= $2 ORDER BY d.id LIMIT $3
)
SELECT due.*, e.event, e.received_at, e.transition,
  CASE WHEN (SELECT count(*) FROM due) < $3 THEN (SELECT count(*) FROM due)
       ELSE (SELECT count(*) FROM deliveries c WHERE c.lane = $1 AND c.state = 'pending' AND c.run_at <= $2)
  END AS total
FROM due JOIN events e ON e.id = due.event_id ORDER BY due.id`;

/**
 * beginSend's clauses, their parameters numbered from `k + 1` (lease until, lane, owner, ids, now).
 * With `laneSet` (finishAndBegin: the finished request's robot state, as SET assignments), the lane's
 * row is changed once — the lease renewed only while `owner` holds it, the state in any case —
 * since a statement may change a row only once.
 */
function beginClauses(k: number, laneSet?: string): { ctes: string; last: string } {
  const lease =
    laneSet === undefined
      ? `lease AS (
  UPDATE lanes SET lease_until = $${k + 1} WHERE lane = $${k + 2} AND lease_owner = $${k + 3}
  RETURNING lane
)`
      : `touched AS (
  UPDATE lanes SET lease_until = CASE WHEN lease_owner = $${k + 3} THEN $${k + 1} ELSE lease_until END,
    ${laneSet}
  WHERE lane = $${k + 2} RETURNING lane, lease_owner = $${k + 3} AS held
), lease AS (SELECT lane FROM touched WHERE held)`;
  return {
    ctes: `${lease}, marked AS (
  UPDATE deliveries SET state = 'sending'
  WHERE id = ANY($${k + 4}::bigint[]) AND EXISTS (SELECT 1 FROM lease)
)`,
    last: `INSERT INTO send_log (lane, at) SELECT lane, $${k + 5} FROM lease RETURNING id`,
  };
}

const BEGIN = beginClauses(0);
const BEGIN_SEND = `WITH ${BEGIN.ctes}\n${BEGIN.last}`;

// finishSend: $1 answeredAt, $2 slot, $3 carrier id, $4 attempt JSON; then per outcome. Each is a
// list of data-modifying CTEs and a last statement, so that finishAndBegin can run it as CTEs too.
const RESTAMP = "slot AS (UPDATE send_log SET at = GREATEST(at, $1) WHERE id = $2)";
const CARRIER_ATTEMPT =
  "attempts = CASE WHEN id = $3 THEN attempts || jsonb_build_array($4::jsonb) ELSE attempts END";

interface FinishSql {
  ctes: string;
  last: string;
  /** Parameters used ($1…$n). */
  n: number;
  /**
   * The robot's state as SET assignments on its lane's row (not its `not_before`): alone, a CTE with
   * it (the lane is one more parameter, $n + 1); in finishAndBegin folded into beginSend's lease
   * update, in finishAndRelease into the release — a statement may change a row only once.
   */
  laneSet: string;
  /** retry: the lane waits until then too (an expression), folded into `not_before`. */
  notBefore?: string;
}

const FINISH: Record<SendOutcome["kind"], FinishSql> = {
  sent: {
    ctes: `${RESTAMP}, carrier AS (
  UPDATE deliveries SET state = 'sent', message = $5, attempts = attempts || jsonb_build_array($4::jsonb),
    sent_at = $1, last_error = NULL, fix = NULL
  WHERE id = $3
)`,
    last: "UPDATE deliveries SET state = 'merged', merged_into = $3, sent_at = $1 WHERE id = ANY($6::bigint[])",
    n: 6,
    laneSet: "last_sent_at = $1, last_error = NULL",
  },
  retry: {
    ctes: RESTAMP,
    last: `UPDATE deliveries SET state = 'pending', run_at = $6, last_error = $7, ${CARRIER_ATTEMPT},
  tries = tries + CASE WHEN id = $3 THEN 1 ELSE 0 END
WHERE id = ANY($5::bigint[])`,
    n: 7,
    laneSet: "last_error = $7, last_error_at = $1",
    notBefore: "$6::bigint",
  },
  dead: {
    ctes: RESTAMP,
    last: `UPDATE deliveries SET state = 'dead', last_error = $6, fix = $7, ${CARRIER_ATTEMPT},
  message = CASE WHEN id = $3 THEN COALESCE($8::text, message) ELSE message END
WHERE id = ANY($5::bigint[])`,
    // $9: the robot's error, NULL for a failure that never reached the robot (local): its state stays.
    n: 9,
    laneSet:
      "last_error = COALESCE($9::text, last_error), last_error_at = CASE WHEN $9::text IS NULL THEN last_error_at ELSE $1 END",
  },
  throttled: {
    ctes: RESTAMP,
    last: `UPDATE deliveries SET state = 'pending', last_error = $6, ${CARRIER_ATTEMPT}
WHERE id = ANY($5::bigint[])`,
    n: 7,
    laneSet:
      "paused_until = GREATEST(paused_until, $7), pause_reason = $6, last_error = $6, last_error_at = $1",
  },
};

/** The lane's row as a finish leaves it: the robot's state, and a retry's wait. */
function laneAssignments(f: FinishSql): string {
  return f.notBefore === undefined
    ? f.laneSet
    : `${f.laneSet}, not_before = GREATEST(not_before, ${f.notBefore})`;
}

function finishOnly(f: FinishSql): string {
  return `WITH ${f.ctes}, robot AS (UPDATE lanes SET ${laneAssignments(f)} WHERE lane = $${f.n + 1})\n${f.last}`;
}

/** finishSend then beginSend as one statement (rows touched are disjoint: see finishAndBegin). */
function finishThenBegin(f: FinishSql): string {
  const begin = beginClauses(f.n, laneAssignments(f));
  return `WITH ${f.ctes}, finished AS (\n${f.last}\n), ${begin.ctes}\n${begin.last}`;
}

/**
 * finishSend then releaseLane as one statement: the lane ($n + 1) takes the robot's state in any
 * case, and is given up only while its holder ($n + 2) is the finishing worker; it waits until
 * $n + 3 then.
 */
function finishThenRelease(f: FinishSql): string {
  const held = `lease_owner = $${f.n + 2}`;
  const waits = [f.notBefore, `CASE WHEN ${held} THEN $${f.n + 3}::bigint ELSE 0 END`].filter(Boolean);
  return `WITH ${f.ctes}, finished AS (\n${f.last}\n)
UPDATE lanes SET ${f.laneSet},
  lease_owner = CASE WHEN ${held} THEN NULL ELSE lease_owner END,
  lease_until = CASE WHEN ${held} THEN 0 ELSE lease_until END,
  not_before = GREATEST(not_before, ${waits.join(", ")})
WHERE lane = $${f.n + 1}`;
}

const FINISH_SQL = Object.fromEntries(
  Object.entries(FINISH).map(([kind, f]) => [
    kind,
    { only: finishOnly(f), thenBegin: finishThenBegin(f), thenRelease: finishThenRelease(f) },
  ]),
) as Record<SendOutcome["kind"], { only: string; thenBegin: string; thenRelease: string }>;

/** finishSend's parameters, in FINISH's numbering: $1…$n, then, alone, the lane. */
function finishParams(options: FinishSend, alone: boolean): unknown[] {
  const { answeredAt, slot, outcome, lane } = options;
  const head = [answeredAt, slot, outcome.carrierId, JSON.stringify(outcome.attempt)];
  const tail = alone ? [lane] : [];
  switch (outcome.kind) {
    case "sent":
      return [
        ...head,
        typeof outcome.message === "string" ? outcome.message : JSON.stringify(outcome.message),
        outcome.mergedIds,
        ...tail,
      ];
    case "retry":
      return [...head, outcome.ids, outcome.runAt, outcome.lastError, ...tail];
    case "dead":
      return [
        ...head,
        outcome.ids,
        outcome.lastError,
        outcome.fix,
        outcome.message === undefined ? null : JSON.stringify(outcome.message),
        outcome.local ? null : outcome.lastError,
        ...tail,
      ];
    case "throttled":
      return [...head, outcome.ids, outcome.lastError, outcome.until, ...tail];
  }
}

const beginParams = (o: BeginSend): unknown[] => [o.now + o.leaseMs, o.lane, o.owner, o.ids, o.now];

export class PostgresDeliveryOps implements DeliveryStore {
  readonly #db: Db;
  readonly #waiting: WaitingEvents;

  /** `waiting`: the events this process accepted, kept for its expansion (shared with its insert batches). */
  constructor(db: Db, waiting = new WaitingEvents()) {
    this.#db = db;
    this.#waiting = waiting;
  }

  async expandEvents(options: { limit: number; now: number; select: RuleSelector }): Promise<ExpandResult> {
    const waiting = this.#waiting;
    waiting.expanding();
    // Nothing waiting: a plain read answers, without a transaction and the expansion lock.
    if (!(await this.hasUnexpanded())) {
      waiting.clear();
      return { events: 0, deliveries: 0 };
    }
    let ids: string[] = [];
    const result = await this.#db.tx(async (q) => {
      // One expansion at a time across processes: transitions are judged in the order events were accepted.
      await q("SELECT pg_advisory_xact_lock($1)", [EXPAND_LOCK], "dingpipe_expand_lock");
      ids = (await q(WAITING_IDS, [options.limit], "dingpipe_waiting_ids")).rows.map((row) =>
        String(row["id"]),
      );
      if (ids.length === 0) return { events: 0, deliveries: 0 };
      const { kept, missing } = waiting.take(ids);
      if (missing.length > 0) {
        for (const row of (await q(EVENTS_BY_ID, [bigintArray(missing.map(Number))], "dingpipe_events_by_id"))
          .rows) {
          const id = String(row["id"]);
          kept.set(id, {
            id,
            source: String(row["source"]),
            event: json<PipelineEvent>(row["event"]),
            receivedAt: num(row["received_at"]),
          });
        }
      }
      // In the order accepted. An id whose event is gone is only taken out of the queue.
      const events = ids.flatMap((id) => kept.get(id) ?? []);
      const keys = keysOf(events);
      const loaded = await loadRunState(q, keys);
      const plan = planRunState(events, loaded.runs, loaded.outcomes, keys);
      await writeRunState(q, plan, options.now, loaded);
      const rules = (await q("SELECT * FROM notifications ORDER BY id")).rows.map(toNotification);
      // Each delivery goes to the lane of its credential's robot (the name when it has no key).
      const lanes = new Map<string, string>();
      for (const c of (await q("SELECT name, robot_key FROM credentials WHERE robot_key IS NOT NULL")).rows)
        lanes.set(String(c["name"]), String(c["robot_key"]));
      const cards: WantedCard[] = [];
      const cols: string[][] = Array.from({ length: 8 }, () => []);
      for (const { id, source, event } of events) {
        for (const rule of options.select(event, rules, { transition: plan.transitions.get(id) })) {
          const lane = lanes.get(rule.credential) ?? rule.credential;
          // A run_card rule keeps one card row per run and robot instead of a delivery per event.
          const card = wantedCard(source, event, rule, plan, lane);
          if (card !== undefined) {
            cards.push(card);
            continue;
          }
          cols[0]!.push(id);
          cols[1]!.push(rule.id);
          cols[2]!.push(rule.credential);
          cols[3]!.push(lane);
          cols[4]!.push(textColumn(event.pipeline.name));
          cols[5]!.push(textColumn(event.task.name));
          cols[6]!.push(event.task.status);
          cols[7]!.push(JSON.stringify(ruleSnapshot(rule)));
        }
      }
      await upsertCards(q, plan, cards, options.now, liveNotifications(rules));
      if (cols[0]!.length > 0) {
        // Arrays in binary (binary-array.ts): the rule snapshots are not escaped element by element.
        const [eventIds, ...texts] = cols as [string[], ...string[][]];
        await q(
          INSERT_DELIVERIES,
          [bigintArray(eventIds.map(Number)), ...texts.map(textArray), options.now],
          "dingpipe_insert_deliveries",
        );
        await q("INSERT INTO lanes (lane) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING", [
          textArray(cols[3]!),
        ]);
      }
      const moved = events.filter((e) => plan.transitions.has(e.id));
      await q(
        EXPANDED,
        [
          bigintArray(ids.map(Number)),
          bigintArray(moved.map((e) => Number(e.id))),
          textArray(moved.map((e) => plan.transitions.get(e.id)!)),
        ],
        "dingpipe_expanded",
      );
      return { events: ids.length, deliveries: cols[0]!.length };
    });
    waiting.forget(ids);
    return result;
  }

  async claimLane(options: { owner: string; now: number; leaseMs: number }): Promise<string | undefined> {
    const { now } = options;
    // One statement: the claim and the restamp of a dead holder's last request are atomic.
    const r = await this.#db.query(
      CLAIM_LANE,
      [now, options.owner, now + options.leaseMs],
      "dingpipe_claim_lane",
    );
    const claimed = r.rows[0];
    return claimed === undefined ? undefined : String(claimed["lane"]);
  }

  async renewLane(lane: string, owner: string, until: number): Promise<boolean> {
    const r = await this.#db.query("UPDATE lanes SET lease_until = $1 WHERE lane = $2 AND lease_owner = $3", [
      until,
      lane,
      owner,
    ]);
    return r.rowCount > 0;
  }

  async releaseLane(lane: string, owner: string, notBefore?: number): Promise<void> {
    await this.#db.query(
      `UPDATE lanes SET lease_owner = NULL, lease_until = 0, not_before = GREATEST(not_before, $1)
       WHERE lane = $2 AND lease_owner = $3`,
      [notBefore ?? 0, lane, owner],
    );
  }

  async laneSends(lane: string, since: number): Promise<number[]> {
    const r = await this.#db.query("SELECT at FROM send_log WHERE lane = $1 AND at >= $2 ORDER BY at", [
      lane,
      since,
    ]);
    return r.rows.map((row) => num(row["at"]));
  }

  async dueDeliveries(lane: string, now: number, limit: number): Promise<DueDeliveries> {
    const r = await this.#db.query(DUE, [lane, now, limit], "dingpipe_due");
    return { items: r.rows.map(toDue), total: r.rows.length === 0 ? 0 : num(r.rows[0]?.["total"]) };
  }

  async inFlightDeliveries(lane: string): Promise<DueDelivery[]> {
    return (await this.#db.query(IN_FLIGHT, [lane], "dingpipe_in_flight")).rows.map(toDue);
  }

  async beginSend(options: BeginSend): Promise<{ slot: string } | undefined> {
    // One statement, so one round trip and atomic: nothing is marked or logged without the lease.
    const r = await this.#db.query(BEGIN_SEND, beginParams(options), "dingpipe_begin_send");
    const slot = r.rows[0]?.["id"];
    return slot === undefined ? undefined : { slot: String(slot) };
  }

  async finishSend(options: FinishSend): Promise<void> {
    // One statement each (one round trip, atomic): the slot's re-stamp and the lane's pause or
    // backoff ride along as data-modifying CTEs; the carrier's attempt goes in with the batch's
    // state through CASE on its id (a statement may change a row only once).
    const kind = options.outcome.kind;
    await this.#db.query(FINISH_SQL[kind].only, finishParams(options, true), `dingpipe_finish_${kind}`);
  }

  async finishOwed(finish: FinishSend, owner: string): Promise<OwedResult> {
    const kind = finish.outcome.kind;
    return this.#db.tx(async (q) => {
      // The lane's row, then the carrier's, locked in beginSend's order: no claim, begin or finish
      // slips in between, and no deadlock with a worker taking the lane over.
      const lane = await q("SELECT lease_owner FROM lanes WHERE lane = $1 FOR UPDATE", [finish.lane]);
      const carrier = await q("SELECT state, attempts FROM deliveries WHERE id = $1 FOR UPDATE", [
        finish.outcome.carrierId,
      ]);
      // Not the lane's holder any more: recorded already (a finishAndRelease that committed, then
      // lost its answer, released the lane too), or the lane went to another worker before it was.
      if (lane.rows[0]?.["lease_owner"] !== owner)
        return holdsAttempt(carrier.rows[0]?.["attempts"], finish.outcome.attempt) ? "done" : "lost";
      if (carrier.rows[0]?.["state"] !== "sending") return "done";
      await q(FINISH_SQL[kind].only, finishParams(finish, true));
      return "recorded";
    });
  }

  async finishAndBegin(finish: FinishSend, begin: BeginSend): Promise<{ slot: string } | undefined> {
    // The finished request's rows (its slot, its deliveries, now "sending") and the next one's (pending
    // deliveries, a new slot) are disjoint, and the lane's row is changed once: one statement.
    const kind = finish.outcome.kind;
    const r = await this.#db.query(
      FINISH_SQL[kind].thenBegin,
      [...finishParams(finish, false), ...beginParams(begin)],
      `dingpipe_finish_${kind}_begin`,
    );
    const slot = r.rows[0]?.["id"];
    return slot === undefined ? undefined : { slot: String(slot) };
  }

  async finishAndRelease(finish: FinishSend, owner: string, notBefore?: number): Promise<void> {
    const kind = finish.outcome.kind;
    await this.#db.query(
      FINISH_SQL[kind].thenRelease,
      [...finishParams(finish, true), owner, notBefore ?? 0],
      `dingpipe_finish_${kind}_release`,
    );
  }

  async killCredential(credential: string, now: number, lastError: string, fix: string): Promise<number> {
    const r = await this.#db.query(
      `UPDATE deliveries SET state = 'dead', last_error = $1, fix = $2, run_at = $3
       WHERE credential = $4 AND state IN ('pending', 'sending')`,
      [lastError, fix, now, credential],
    );
    return r.rowCount;
  }

  async pauseLane(lane: string, until: number, reason: string): Promise<void> {
    await this.#db.query(
      `INSERT INTO lanes (lane, paused_until, pause_reason) VALUES ($1, $2, $3)
       ON CONFLICT (lane) DO UPDATE SET paused_until = GREATEST(lanes.paused_until, excluded.paused_until),
         pause_reason = excluded.pause_reason`,
      [lane, until, reason],
    );
  }

  async laneStates(lanes: readonly string[]): Promise<Map<string, LaneState>> {
    const out = new Map<string, LaneState>();
    if (lanes.length === 0) return out;
    const r = await this.#db.query("SELECT * FROM lanes WHERE lane = ANY($1::text[])", [[...lanes]]);
    for (const row of r.rows) out.set(String(row["lane"]), toLaneState(row));
    return out;
  }

  async nextWakeAt(_now: number): Promise<number | undefined> {
    return dueAt((await this.#db.query(NEXT_WAKE, [], "dingpipe_next_wake")).rows[0]?.["at"]);
  }

  async hasUnexpanded(): Promise<boolean> {
    return (await this.#db.query(UNEXPANDED, [], "dingpipe_unexpanded")).rowCount > 0;
  }

  async pruneSendLog(before: number): Promise<void> {
    await this.#db.query("DELETE FROM send_log WHERE at < $1", [before]);
  }
}
