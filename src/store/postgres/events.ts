/**
 * Events on PostgreSQL: insert with deduplication (by delivery key for good, by body hash within a window)
 * and the event trail's list. A body-hash check and its insert run in one transaction under an advisory
 * lock on the hash, so two processes receiving the same body at once store it once.
 */
import {
  dedupKeyOf,
  encodeCursor,
  eventClauses,
  eventColumns,
  pageLimit,
  type Row,
  toEvent,
} from "../rows.ts";
import type { EventFilter, EventInput, EventRecord, Page } from "../store.ts";
import type { Db, Query } from "./db.ts";

// The event; its place in the queue of events waiting for expansion (event_queue) is taken by the
// table's trigger, in the same statement (migration 9).
const INSERT = `INSERT INTO events (source, dedup_key, body_hash, pipeline, status, event, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (source, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING RETURNING id`;

/** An event row as the Store reads it: expanded once it has left the queue. */
export const EVENT_ROW = `events.*, NOT EXISTS (SELECT 1 FROM event_queue q WHERE q.id = events.id) AS expanded`;

async function insert(q: Query, input: EventInput, now: number): Promise<{ id: string; duplicate: boolean }> {
  const { pipeline, status } = eventColumns(input);
  const r = await q(INSERT, [
    input.source,
    dedupKeyOf(input) ?? null,
    input.bodyHash ?? null,
    pipeline,
    status,
    JSON.stringify(input.event),
    now,
  ]);
  const row = r.rows[0];
  if (row !== undefined) return { id: String(row["id"]), duplicate: false };
  const existing = await q("SELECT id FROM events WHERE source = $1 AND dedup_key = $2", [
    input.source,
    dedupKeyOf(input),
  ]);
  return { id: String(existing.rows[0]?.["id"]), duplicate: true };
}

export async function insertEvent(
  db: Db,
  input: EventInput,
  now: number,
): Promise<{ id: string; duplicate: boolean }> {
  const windowMs = input.bodyWindowMs ?? 0;
  if (input.bodyHash === undefined || windowMs <= 0) return insert(db.query, input, now);
  const bodyHash = input.bodyHash;
  return db.tx(async (q) => {
    await q("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`${input.source}:${bodyHash}`]);
    const recent = await q(
      `SELECT id FROM events WHERE source = $1 AND body_hash = $2 AND received_at > $3
       ORDER BY id DESC LIMIT 1`,
      [input.source, bodyHash, now - windowMs],
    );
    const row: Row | undefined = recent.rows[0];
    if (row !== undefined) return { id: String(row["id"]), duplicate: true };
    return insert(q, input, now);
  });
}

export async function listEvents(db: Db, filter: EventFilter): Promise<Page<EventRecord>> {
  const { clauses, params } = eventClauses(filter, "postgres");
  let n = 0;
  const where = clauses.map((c) => c.replace("?", () => `$${++n}`));
  const limit = pageLimit(filter.limit);
  const r = await db.query(
    `SELECT ${EVENT_ROW} FROM events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT $${n + 1}`,
    [...params, limit + 1],
  );
  const items = r.rows.slice(0, limit).map(toEvent);
  const last = items[items.length - 1];
  return r.rows.length > limit && last ? { items, next: encodeCursor(last.id) } : { items };
}
