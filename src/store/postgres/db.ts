/** The pg Pool, transactions, and migrations under an advisory lock. */
import pg from "pg";
import type { Row } from "../rows.ts";
import { MIGRATIONS } from "./migrations.ts";

/** Any constant: the lock several starting processes queue on while one migrates. */
const MIGRATION_LOCK = 727_274_001;

export type Query = (text: string, params?: unknown[]) => Promise<{ rows: Row[]; rowCount: number }>;

export class Db {
  readonly pool: pg.Pool;

  constructor(url: string, poolSize: number) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on("error", () => {});
  }

  query: Query = async (text, params) => {
    const result = await this.pool.query(text, params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };

  /**
   * A hot statement as a named prepared statement: each pooled connection parses and plans it once,
   * then only binds and runs it (the delivery engine's per-message statements).
   */
  prepared = async (
    name: string,
    text: string,
    params: unknown[],
  ): Promise<{ rows: Row[]; rowCount: number }> => {
    const result = await this.pool.query({ name, text, values: params });
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };

  /** Runs `fn` in one transaction on one client. */
  async tx<T>(fn: (query: Query) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const query: Query = async (text, params) => {
      const result = await client.query(text, params);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    };
    try {
      await client.query("BEGIN");
      const value = await fn(query);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async migrate(now: number): Promise<void> {
    const client = await this.pool.connect();
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
      client.release();
    }
  }
}
