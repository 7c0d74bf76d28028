/**
 * API tokens: 32 random bytes shown once (`dp_…`), stored as SHA-256 hex. Checking a token hashes what the
 * client sent and looks the hash up; positive answers are cached briefly so ingest does not pay a database
 * round trip per request.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ApiTokenRecord, Store } from "../store/store.ts";

export function newApiToken(): string {
  return "dp_" + randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Makes sure the service can be signed in to. With DINGPIPE_ADMIN_TOKEN: that token is registered (once).
 * Otherwise, when the store has no token at all, a new admin token is created and returned — the caller
 * prints it once; it is never shown again.
 */
export async function ensureAdminToken(
  store: Store,
  env: Record<string, string | undefined>,
): Promise<{ created: boolean; token?: string; fromEnv: boolean }> {
  const given = env["DINGPIPE_ADMIN_TOKEN"]?.trim();
  if (given) {
    const hash = hashToken(given);
    if (!(await store.findApiTokenByHash(hash))) await store.createApiToken("admin", hash);
    return { created: false, fromEnv: true };
  }
  if ((await store.countApiTokens()) > 0) return { created: false, fromEnv: false };
  const token = newApiToken();
  await store.createApiToken("admin", hashToken(token));
  return { created: true, token, fromEnv: false };
}

export interface TokenChecker {
  /** The token record for an `Authorization` header value, or undefined. */
  check(authorization: string | undefined): Promise<ApiTokenRecord | undefined>;
}

export function createTokenChecker(store: Store, now: () => number, cacheMs = 30_000): TokenChecker {
  const cache = new Map<string, { record: ApiTokenRecord; until: number }>();
  return {
    async check(authorization) {
      if (authorization === undefined) return undefined;
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!m) return undefined;
      const hash = hashToken(m[1]!);
      const hit = cache.get(hash);
      const t = now();
      if (hit && hit.until > t) return hit.record;
      const record = await store.findApiTokenByHash(hash);
      if (!record) return undefined;
      if (cache.size > 1000) cache.clear();
      cache.set(hash, { record, until: t + cacheMs });
      return record;
    },
  };
}
