/**
 * Events on SQLite: insert with deduplication (by delivery key for good, by body hash within a window) and
 * the event trail's list. Writes run inside the group-commit writer, so the check and the insert are one
 * serialized step.
 */

import type { PipelineEvent } from "../../pipeline/event.ts";
import { dedupKeyOf, encodeCursor, eventClauses, eventColumns, pageLimit, toEvent } from "../rows.ts";
import type { EventFilter, EventInput, EventRecord, Page } from "../store.ts";
import { storedForm } from "../stored-form.ts";
import type { Sql } from "./sql.ts";

/**
 * Runs inside the writer: the duplicate's id, or the new event's. Reads, then one INSERT (a `single` job).
 * With `keep` (inline expansion is on), a new event comes with `stored`: the event as a read of its row would
 * give it back (see storedForm); without it that walk of the event is not made.
 */
export function insertEventNow(
  sql: Sql,
  input: EventInput,
  now: number,
  keep = false,
): { id: string; duplicate: boolean; stored?: PipelineEvent } {
  const dedupKey = dedupKeyOf(input);
  if (dedupKey !== undefined) {
    const existing = sql.get(
      "SELECT id FROM events WHERE source = ? AND dedup_key = ?",
      input.source,
      dedupKey,
    );
    if (existing !== undefined) return { id: String(existing["id"]), duplicate: true };
  }
  const windowMs = input.bodyWindowMs ?? 0;
  if (input.bodyHash !== undefined && windowMs > 0) {
    const recent = sql.get(
      `SELECT id FROM events WHERE source = ? AND body_hash = ? AND received_at > ?
       ORDER BY id DESC LIMIT 1`,
      input.source,
      input.bodyHash,
      now - windowMs,
    );
    if (recent !== undefined) return { id: String(recent["id"]), duplicate: true };
  }
  const { pipeline, status } = eventColumns(input);
  const text = JSON.stringify(input.event);
  const id = sql.insert(
    `INSERT INTO events (source, dedup_key, body_hash, pipeline, status, event, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    input.source,
    dedupKey ?? null,
    input.bodyHash ?? null,
    pipeline,
    status,
    text,
    now,
  );
  return keep ? { id, duplicate: false, stored: storedForm(input.event, text) } : { id, duplicate: false };
}

export function listEvents(sql: Sql, filter: EventFilter): Page<EventRecord> {
  const { clauses, params } = eventClauses(filter, "sqlite");
  const limit = pageLimit(filter.limit);
  const rows = sql.all(
    `SELECT * FROM events ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
    ...params,
    limit + 1,
  );
  const items = rows.slice(0, limit).map(toEvent);
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: encodeCursor(last.id) } : { items };
}
