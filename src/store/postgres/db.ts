/**
 * The pg Pool, transactions, and migrations under an advisory lock. Every error goes past the store's
 * health tracker: one saying the server is gone or the database broken becomes "database_unavailable"
 * (see ../health.ts); a write that goes through again ends a passing breakage.
 */
import pg from "pg";
import { HealthTracker, postgresBreakage } from "../health.ts";
import type { Row } from "../rows.ts";
import { MIGRATIONS } from "./migrations.ts";

/** Any constant: the lock several starting processes queue on while one migrates. */
const MIGRATION_LOCK = 727_274_001;

/**
 * A statement on a connection. With `name`, a named prepared statement: the connection parses and plans it
 * once, then only binds and runs it (a constant text only: the name stands for that one text).
 */
export type Query = (
  text: string,
  params?: unknown[],
  name?: string,
) => Promise<{ rows: Row[]; rowCount: number }>;

/** Runs a statement on the pool or on one client: named (prepared once per connection) when `name` is given. */
async function send(
  on: pg.Pool | pg.PoolClient,
  text: string,
  params: unknown[] | undefined,
  name: string | undefined,
): Promise<{ rows: Row[]; rowCount: number }> {
  const result = await (name === undefined
    ? on.query(text, params)
    : on.query({ name, text, values: params ?? [] }));
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}

/** A statement that writes: only its success says writes go through again (a read-only standby reads). */
const WRITES = /\b(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|LOCK)\b/i;

export class Db {
  readonly pool: pg.Pool;
  readonly health: HealthTracker;

  constructor(url: string, poolSize: number, now: () => number = Date.now) {
    // A server that does not answer fails a request after 10 s rather than queueing it for ever.
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
    this.health = new HealthTracker(postgresBreakage, now);
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on("error", () => {});
  }

  /** Runs a pool call through the health tracker. */
  async #tracked<T>(text: string, run: () => Promise<T>): Promise<T> {
    try {
      const value = await run();
      if (WRITES.test(text)) this.health.wrote();
      return value;
    } catch (error) {
      throw this.health.failed(error);
    }
  }

  /** A statement on any pooled connection; `name` for a hot one (the engine's, the ingest batch's). */
  query: Query = (text, params, name) => this.#tracked(text, () => send(this.pool, text, params, name));

  /** Runs `fn` in one transaction on one client. */
  async tx<T>(fn: (query: Query) => Promise<T>): Promise<T> {
    const client = await this.#tracked("BEGIN", () => this.pool.connect());
    const query: Query = (text, params, name) => send(client, text, params, name);
    let broken = false;
    // A connection that breaks while the client is out of the pool emits "error" on the client: with
    // no listener that would end the process; the query under way fails with it anyway.
    const onError = () => {
      broken = true;
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const value = await fn(query);
      await client.query("COMMIT");
      this.health.wrote();
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      const failure = this.health.failed(error);
      broken = failure !== error;
      throw failure;
    } finally {
      client.off("error", onError);
      // A client whose connection broke is not given back to the pool for reuse.
      client.release(broken);
    }
  }

  async migrate(now: number): Promise<void> {
    const client = await this.pool.connect();
    const onError = () => {};
    client.on("error", onError);
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      try {
        await client.query(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        );
        const applied = new Set(
          (await client.query("SELECT version FROM schema_migrations")).rows.map((r) => Number(r.version)),
        );
        for (const m of MIGRATIONS) {
          if (applied.has(m.version)) continue;
          await client.query("BEGIN");
          try {
            await client.query(m.sql);
            await client.query(
              "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
              [m.version, m.name, now],
            );
            await client.query("COMMIT");
          } catch (error) {
            await client.query("ROLLBACK").catch(() => {});
            throw error;
          }
        }
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
      }
    } finally {
      client.off("error", onError);
      client.release();
    }
  }
}
