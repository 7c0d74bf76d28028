/**
 * Prepared-statement cache over one node:sqlite connection. Every error goes past the store's health
 * tracker: one saying the database is broken becomes "database_unavailable" (see ../health.ts).
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { HealthTracker } from "../health.ts";
import type { Row } from "../rows.ts";

export type Param = SQLInputValue;

export class Sql {
  readonly db: DatabaseSync;
  readonly health: HealthTracker;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, health: HealthTracker) {
    this.db = db;
    this.health = health;
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#cache.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  get(sql: string, ...params: Param[]): Row | undefined {
    try {
      return this.#prepare(sql).get(...params) as Row | undefined;
    } catch (error) {
      throw this.health.failed(error);
    }
  }

  all(sql: string, ...params: Param[]): Row[] {
    try {
      return this.#prepare(sql).all(...params) as Row[];
    } catch (error) {
      throw this.health.failed(error);
    }
  }

  /** Runs an INSERT; the new row's id (cheaper than `RETURNING id`, which builds a row object). */
  insert(sql: string, ...params: Param[]): string {
    try {
      return String(this.#prepare(sql).run(...params).lastInsertRowid);
    } catch (error) {
      throw this.health.failed(error);
    }
  }

  run(sql: string, ...params: Param[]): number {
    try {
      return Number(this.#prepare(sql).run(...params).changes);
    } catch (error) {
      throw this.health.failed(error);
    }
  }
}

/** `?, ?, ?` for an IN list. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}
