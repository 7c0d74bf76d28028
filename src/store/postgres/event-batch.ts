/**
 * Group commit for events on PostgreSQL: the inserts that arrive while the previous batch is on its way
 * (and all those of one turn of the event loop) go to the server as ONE multi-row statement — arrays bound
 * to `unnest`, sent in binary (binary-array.ts), one round trip and one WAL flush for the whole batch
 * instead of one per event. The statement runs on its own (autocommit), so it is its own transaction:
 * every promise settles only after the server answered it, that is after the commit; a batch that fails
 * (the connection dropped, the server stopped) rejects every event in it, so nothing is acknowledged that
 * was not committed. An error that is not the connection's (a row the server refuses) retries the batch's
 * events one by one, so one bad event fails alone — as the SQLite writer's savepoints do.
 *
 * Deduplication by delivery key is kept: a batch holding a key inserts with `ON CONFLICT DO NOTHING`, the events
 * of one batch with the same key are reduced to the first beforehand, and a key that already existed is
 * looked up after the statement (that second round trip happens only for duplicates). Events checked by
 * body hash within a window (webhooks) are not batched: they need the check and the insert under one lock
 * (events.ts).
 */
import { isDingpipeError } from "../../errors.ts";
import { dedupKeyOf, eventColumns } from "../rows.ts";
import type { EventInput } from "../store.ts";
import { bigintArray, textArray } from "./binary-array.ts";
import type { Db } from "./db.ts";
import type { WaitingEvents } from "./waiting.ts";

export interface Inserted {
  id: string;
  duplicate: boolean;
}

interface Pending {
  input: EventInput;
  now: number;
  resolve: (value: Inserted) => void;
  reject: (error: unknown) => void;
}

/** Events per statement at most (arrays of ~1 KB events: a few hundred KB bound per round trip). */
export const MAX_EVENT_BATCH = 500;
/** Batches on their way at once: one filling while one commits; the rest of the pool serves the engine. */
const MAX_IN_FLIGHT = 2;

// The ids are drawn in the statement (`input` is materialized: drawn once), so each row of the batch is
// known by its id whether it was inserted or skipped as a duplicate.
const insertBatch = (onConflict: string) => `WITH input AS MATERIALIZED (
  SELECT nextval(pg_get_serial_sequence('events', 'id')) AS id, t.*
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
    WITH ORDINALITY AS t(source, dedup_key, body_hash, pipeline, status, event, received_at, ord)
  ORDER BY t.ord
), inserted AS (
  INSERT INTO events (id, source, dedup_key, body_hash, pipeline, status, event, received_at)
  OVERRIDING SYSTEM VALUE
  SELECT id, source, dedup_key, body_hash, pipeline, status, event, received_at FROM input ORDER BY ord
  ${onConflict}
  RETURNING id
)
SELECT input.ord, input.id, inserted.id IS NOT NULL AS inserted
FROM input LEFT JOIN inserted ON inserted.id = input.id ORDER BY input.ord`;
const INSERT_BATCH = insertBatch("ON CONFLICT (source, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING");
// A batch without a delivery key (events sent without an Idempotency-Key, the usual case) cannot conflict:
// the unique index holds only rows with a key, and the ids are new. Its plain insert spares the server
// ON CONFLICT's speculative insertion, ~14 % of its time per row (measured apart).
const INSERT_BATCH_UNKEYED = insertBatch("");

const EXISTING = `SELECT e.source, e.dedup_key, e.id FROM events e
  JOIN unnest($1::text[], $2::text[]) AS k(source, dedup_key)
    ON e.source = k.source AND e.dedup_key = k.dedup_key`;

/** A failure of the connection or the server as a whole, not of one row: the batch is not retried. */
function connectionFailure(error: unknown): boolean {
  // The store's health tracker has already judged it: the database is unavailable.
  if (isDingpipeError(error, "database_unavailable")) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== "string" || /^(08|57|53|58|XX)/.test(code);
}

export class EventBatcher {
  readonly #db: Db;
  readonly #single: (input: EventInput, now: number) => Promise<Inserted>;
  readonly #waiting: WaitingEvents | undefined;
  #queue: Pending[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: Array<() => void> = [];

  /**
   * `single` stores one event without batching (the fallback when a batch is refused); `waiting` keeps
   * each new event of a committed batch for this process's expansion.
   */
  constructor(
    db: Db,
    single: (input: EventInput, now: number) => Promise<Inserted>,
    waiting?: WaitingEvents,
  ) {
    this.#db = db;
    this.#single = single;
    this.#waiting = waiting;
  }

  /** Stores `input` in the next batch; resolves once the batch's statement committed. */
  insert(input: EventInput, now: number): Promise<Inserted> {
    if (input.bodyHash !== undefined && (input.bodyWindowMs ?? 0) > 0) return this.#single(input, now);
    return new Promise<Inserted>((resolve, reject) => {
      this.#queue.push({ input, now, resolve, reject });
      if (!this.#scheduled && this.#inFlight < MAX_IN_FLIGHT) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  /** Resolves when no batch is queued or on its way (before the pool closes). */
  settled(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#queue.length > 0 && this.#inFlight < MAX_IN_FLIGHT) {
      const batch = this.#queue.splice(0, MAX_EVENT_BATCH);
      this.#inFlight++;
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        if (this.#queue.length > 0) this.#pump();
        else if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #run(batch: Pending[]): Promise<void> {
    // The same delivery key twice in one batch: the first is stored, the others are its duplicates.
    const leaders: Pending[] = [];
    const followers = new Map<Pending, Pending[]>();
    const byKey = new Map<string, Pending>();
    for (const p of batch) {
      const key = dedupKeyOf(p.input);
      const k = key === undefined ? undefined : `${p.input.source}\u0000${key}`;
      const leader = k === undefined ? undefined : byKey.get(k);
      if (leader !== undefined) followers.get(leader)!.push(p);
      else {
        if (k !== undefined) byKey.set(k, p);
        leaders.push(p);
        followers.set(p, []);
      }
    }
    let results: Array<Inserted | Error>;
    try {
      results = await this.#insert(leaders);
    } catch (error) {
      if (connectionFailure(error) || leaders.length === 1) {
        for (const p of batch) p.reject(error);
        return;
      }
      results = await Promise.all(
        leaders.map((p) => this.#single(p.input, p.now).catch((e: unknown) => e as Error)),
      );
    }
    leaders.forEach((p, i) => {
      const r = results[i]!;
      if (r instanceof Error) {
        p.reject(r);
        for (const f of followers.get(p)!) f.reject(r);
        return;
      }
      p.resolve(r);
      for (const f of followers.get(p)!) f.resolve({ id: r.id, duplicate: true });
    });
  }

  async #insert(leaders: Pending[]): Promise<Inserted[]> {
    const cols: [
      string[],
      Array<string | null>,
      Array<string | null>,
      string[],
      string[],
      string[],
      number[],
    ] = [[], [], [], [], [], [], []];
    for (const { input, now } of leaders) {
      const { pipeline, status } = eventColumns(input);
      cols[0].push(input.source);
      cols[1].push(dedupKeyOf(input) ?? null);
      cols[2].push(input.bodyHash ?? null);
      cols[3].push(pipeline);
      cols[4].push(status);
      cols[5].push(JSON.stringify(input.event));
      cols[6].push(now);
    }
    // In binary: each element written once as its bytes, not escaped into an array literal.
    const params = [
      ...cols.slice(0, 6).map((c) => textArray(c as Array<string | null>)),
      bigintArray(cols[6]),
    ];
    const r = cols[1].every((key) => key === null)
      ? await this.#db.query(INSERT_BATCH_UNKEYED, params, "insert_events_unkeyed")
      : await this.#db.query(INSERT_BATCH, params, "insert_events_batch");
    const out: Inserted[] = r.rows.map((row) => ({
      id: String(row["id"]),
      duplicate: row["inserted"] !== true,
    }));
    // Committed: each new event is kept as stored, for this process's expansion to take without a read.
    const waiting = this.#waiting;
    if (waiting !== undefined)
      out.forEach((o, i) => {
        if (o.duplicate) return;
        const { input, now } = leaders[i]!;
        waiting.keep(o.id, input.source, input.event, cols[5][i]!, now);
      });
    const skipped = out.flatMap((o, i) => (o.duplicate ? [i] : []));
    if (skipped.length > 0) {
      // Keys stored before this batch: answer with the stored event's id.
      const keys = skipped.map((i) => leaders[i]!.input);
      const existing = await this.#db.query(EXISTING, [
        textArray(keys.map((k) => k.source)),
        textArray(keys.map((k) => dedupKeyOf(k) ?? null)),
      ]);
      const ids = new Map(
        existing.rows.map((row) => [`${row["source"]}\u0000${row["dedup_key"]}`, String(row["id"])]),
      );
      for (const i of skipped) {
        const input = leaders[i]!.input;
        const id = ids.get(`${input.source}\u0000${dedupKeyOf(input)}`);
        if (id === undefined) throw new Error("an event skipped as a duplicate has no stored original");
        out[i] = { id, duplicate: true };
      }
    }
    return out;
  }
}
