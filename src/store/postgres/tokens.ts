/**
 * API tokens on PostgreSQL (see Store): named, hashed, revocable; the environment's token replaced
 * when it changes. Revocation and the env token's replacement run in one transaction each.
 */
import { num, toApiToken } from "../rows.ts";
import type { ApiTokenRecord, RevokeOutcome, TokenSource } from "../store.ts";
import type { Db, Query } from "./db.ts";

/** Undefined when an active token already has the name (or the hash: a token exists once). */
export async function insertToken(
  db: Db,
  input: { name: string; hash: string; source: TokenSource; hint?: string },
  now: number,
): Promise<ApiTokenRecord | undefined> {
  const r = await db.query(
    `INSERT INTO api_tokens (name, hash, source, hint, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING *`,
    [input.name, input.hash, input.source, input.hint ?? null, now],
  );
  const row = r.rows[0];
  return row === undefined ? undefined : toApiToken(row);
}

export function revokeToken(db: Db, name: string, keepOne: boolean, now: number): Promise<RevokeOutcome> {
  return db.tx(async (q) => {
    // Every active row locked: two revocations at once cannot both leave the other the last one.
    const active = (await q("SELECT id, name FROM api_tokens WHERE revoked_at IS NULL FOR UPDATE")).rows;
    const row = active.find((r) => r["name"] === name);
    if (row === undefined) return "unknown";
    if (keepOne && active.length <= 1) return "last";
    await q("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2", [now, row["id"]]);
    return "revoked";
  });
}

/**
 * The environment's token becomes the one active "env" token: the previous ones are revoked. A token
 * stored before (legacy, or revoked) with this hash is taken over rather than added twice.
 */
export function setEnvToken(
  db: Db,
  input: { name: string; hash: string; hint: string },
  now: number,
): Promise<number> {
  return db.tx(async (q: Query) => {
    await q("LOCK TABLE api_tokens IN SHARE ROW EXCLUSIVE MODE");
    const existing = (await q("SELECT id, source, revoked_at FROM api_tokens WHERE hash = $1", [input.hash]))
      .rows[0];
    if (existing !== undefined && existing["source"] === "env" && existing["revoked_at"] === null) return 0;
    const replaced = (
      await q("UPDATE api_tokens SET revoked_at = $1 WHERE source = 'env' AND revoked_at IS NULL", [now])
    ).rowCount;
    if (existing !== undefined) {
      const taken = (
        await q("SELECT 1 FROM api_tokens WHERE name = $1 AND revoked_at IS NULL AND id <> $2", [
          input.name,
          existing["id"],
        ])
      ).rowCount;
      await q(
        `UPDATE api_tokens SET source = 'env', revoked_at = NULL, hint = $1,
           name = CASE WHEN $2::boolean THEN name ELSE $3 END WHERE id = $4`,
        [input.hint, taken > 0, input.name, existing["id"]],
      );
    } else {
      await q(
        "INSERT INTO api_tokens (name, hash, source, hint, created_at) VALUES ($1, $2, 'env', $3, $4)",
        [input.name, input.hash, input.hint, now],
      );
    }
    return num(replaced);
  });
}
