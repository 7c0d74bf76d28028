/** Prepared-statement cache over one node:sqlite connection. */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { Row } from "../rows.ts";

export type Param = SQLInputValue;

export class Sql {
  readonly db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
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
    return this.#prepare(sql).get(...params) as Row | undefined;
  }

  all(sql: string, ...params: Param[]): Row[] {
    return this.#prepare(sql).all(...params) as Row[];
  }

  run(sql: string, ...params: Param[]): number {
    return Number(this.#prepare(sql).run(...params).changes);
  }
}

/** `?, ?, ?` for an IN list. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}
