/**
 * API tokens on SQLite (see Store): named, hashed, revocable; the environment's token replaced when
 * it changes. Each function runs inside the group-commit writer's transaction.
 */
import { num, toApiToken } from "../rows.ts";
import type { ApiTokenRecord, RevokeOutcome, TokenSource } from "../store.ts";
import type { Sql } from "./sql.ts";

/** Undefined when an active token already has the name (or the hash: a token exists once). */
export function insertToken(
  sql: Sql,
  input: { name: string; hash: string; source: TokenSource; hint?: string },
  now: number,
): ApiTokenRecord | undefined {
  const row = sql.get(
    `INSERT INTO api_tokens (name, hash, source, hint, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING *`,
    input.name,
    input.hash,
    input.source,
    input.hint ?? null,
    now,
  );
  return row === undefined ? undefined : toApiToken(row);
}

export function revokeToken(sql: Sql, name: string, keepOne: boolean, now: number): RevokeOutcome {
  const row = sql.get("SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL", name);
  if (row === undefined) return "unknown";
  if (keepOne && num(sql.get("SELECT count(*) AS n FROM api_tokens WHERE revoked_at IS NULL")?.["n"]) <= 1)
    return "last";
  sql.run("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", now, num(row["id"]));
  return "revoked";
}

/**
 * The environment's token becomes the one active "env" token: the previous ones are revoked. A token
 * stored before (legacy, or revoked) with this hash is taken over rather than added twice.
 */
export function setEnvToken(
  sql: Sql,
  input: { name: string; hash: string; hint: string },
  now: number,
): number {
  const existing = sql.get("SELECT id, source, revoked_at FROM api_tokens WHERE hash = ?", input.hash);
  if (existing !== undefined && existing["source"] === "env" && existing["revoked_at"] === null) return 0;
  const replaced = sql.run(
    "UPDATE api_tokens SET revoked_at = ? WHERE source = 'env' AND revoked_at IS NULL",
    now,
  );
  if (existing !== undefined) {
    // Its name may be taken by another active token: then it keeps its own.
    const free = sql.get(
      "SELECT 1 AS x FROM api_tokens WHERE name = ? AND revoked_at IS NULL AND id <> ?",
      input.name,
      num(existing["id"]),
    );
    sql.run(
      `UPDATE api_tokens SET source = 'env', revoked_at = NULL, hint = ?, name = CASE WHEN ? THEN name ELSE ? END
       WHERE id = ?`,
      input.hint,
      free === undefined ? 0 : 1,
      input.name,
      num(existing["id"]),
    );
  } else {
    sql.run(
      "INSERT INTO api_tokens (name, hash, source, hint, created_at) VALUES (?, ?, 'env', ?, ?)",
      input.name,
      input.hash,
      input.hint,
      now,
    );
  }
  return replaced;
}
