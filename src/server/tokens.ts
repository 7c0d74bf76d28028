/**
 * API tokens: named, revocable, 32 random bytes shown once (`dp_…`), stored as SHA-256 hex with a short
 * hint. The token from DINGPIPE_ADMIN_TOKEN is registered as the one "env" token and replaces the
 * previous one when it changes. Checking a token hashes what the client sent and looks the hash up;
 * positive answers are cached briefly so ingest does not pay a database round trip per request;
 * wrong tokens are slowed down per client address (throttle.ts), while a token that worked before is
 * always checked, so the owner sharing an address with a guesser is never locked out.
 */
import { DingpipeError } from "../errors.ts";
import { crypto } from "../lazy-crypto.ts";
import type { ApiTokenRecord, Store } from "../store/store.ts";
import { FailureThrottle, type ThrottleOptions } from "./throttle.ts";

/** Shorter tokens are refused: a chosen token must resist guessing like a generated one. */
export const MIN_TOKEN_LENGTH = 24;
/** The name of the token taken from DINGPIPE_ADMIN_TOKEN. */
export const ENV_TOKEN_NAME = "admin-env";

export function newApiToken(): string {
  return "dp_" + crypto().randomBytes(32).toString("base64url");
}

/** SHA-256 hex of the token (one-shot `hash`: a third of createHash's CPU, on every API request). */
export function hashToken(token: string): string {
  return crypto().hash("sha256", token, "hex");
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other header. */
function bearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

/** Two SHA-256 hex digests (hashToken), compared in constant time. */
function sameHash(a: string, b: string): boolean {
  return a.length === b.length && crypto().timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Whether an `Authorization` header carries `token`, a single fixed token (the metrics token); undefined
 * when no token is set. The token is hashed at the first check, not at start (node:crypto loads then),
 * and what was sent is compared with it as hashes, in constant time.
 */
export function fixedTokenCheck(
  token: string | undefined,
): ((authorization: string | undefined) => boolean) | undefined {
  if (token === undefined) return undefined;
  let wanted: string | undefined;
  return (authorization) => {
    const given = bearerToken(authorization);
    if (given === undefined) return false;
    wanted ??= hashToken(token);
    return sameHash(hashToken(given), wanted);
  };
}

/** What may be shown to recognize a token: its first few characters ("dp_Ab3…"), never enough to guess it. */
export function tokenHint(token: string): string {
  return `${token.slice(0, Math.min(6, Math.floor(token.length / 6)))}…`;
}

/** Throws "weak_token" for a token too short (or with spaces) to be used. */
export function checkTokenStrength(token: string, where: string): void {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new DingpipeError(
      "weak_token",
      `${where} is ${/\s/.test(token) ? "a token with spaces" : `${token.length} characters long`}: an API token needs at least ${MIN_TOKEN_LENGTH} characters and no spaces`,
      {
        fix: `choose a longer one, e.g. ${where}=$(node -e "console.log('dp_'+require('crypto').randomBytes(32).toString('base64url'))")`,
      },
    );
  }
}

/**
 * Makes sure the service can be signed in to. With DINGPIPE_ADMIN_TOKEN (at least 24 characters): that
 * token becomes the one "env" token, revoking the previous env token (`replaced`). Otherwise, when the
 * store has no active token at all, a new admin token is created and returned — the caller prints it
 * once; it is never shown again.
 */
export async function ensureAdminToken(
  store: Store,
  env: Record<string, string | undefined>,
): Promise<{ created: boolean; token?: string; fromEnv: boolean; replaced: number }> {
  const given = env["DINGPIPE_ADMIN_TOKEN"]?.trim();
  if (given) {
    checkTokenStrength(given, "DINGPIPE_ADMIN_TOKEN");
    const replaced = await store.setEnvToken({
      name: ENV_TOKEN_NAME,
      hash: hashToken(given),
      hint: tokenHint(given),
    });
    return { created: false, fromEnv: true, replaced };
  }
  if ((await store.countApiTokens()) > 0) return { created: false, fromEnv: false, replaced: 0 };
  const token = newApiToken();
  // Named after the first free of admin, admin-2…: a revoked "admin" may exist.
  await createNamedToken(store, "admin", token, "generated");
  return { created: true, token, fromEnv: false, replaced: 0 };
}

/** Creates a token under `name`, or `name-2`, `name-3`… when `name` is taken by an active token. */
async function createNamedToken(
  store: Store,
  name: string,
  token: string,
  source: "generated",
): Promise<void> {
  for (let n = 1; ; n++) {
    try {
      await store.createApiToken(n === 1 ? name : `${name}-${n}`, hashToken(token), {
        source,
        hint: tokenHint(token),
      });
      return;
    } catch (e) {
      if (!(e instanceof DingpipeError && e.code === "conflict") || n >= 100) throw e;
    }
  }
}

export type TokenCheck =
  | { ok: true; record: ApiTokenRecord }
  | { ok: false; reason: "missing" | "wrong" }
  /** Too many wrong tokens from this address: nothing was checked; try again after `retryAfterMs`. */
  | { ok: false; reason: "slow_down"; retryAfterMs: number };

export interface TokenChecker {
  /** Checks an `Authorization` header value sent from `address`. */
  check(authorization: string | undefined, address: string): Promise<TokenCheck>;
  /** Forgets every cached token (after a revocation in this process). */
  forget(): void;
}

export function createTokenChecker(
  store: Store,
  now: () => number,
  options: { cacheMs?: number; throttle?: ThrottleOptions } = {},
): TokenChecker {
  const cacheMs = options.cacheMs ?? 30_000;
  const cache = new Map<string, { record: ApiTokenRecord; until: number }>();
  // Hashes of tokens this process accepted before: they are checked even from a throttled address
  // (a guesser cannot present one without holding the token), so the owner is never locked out.
  const known = new Set<string>();
  const throttle = new FailureThrottle(options.throttle);
  return {
    async check(authorization, address) {
      const token = bearerToken(authorization);
      if (token === undefined) return { ok: false, reason: "missing" };
      const hash = hashToken(token);
      const t = now();
      const hit = cache.get(hash);
      if (hit && hit.until > t) return { ok: true, record: hit.record };
      const wait = known.has(hash) ? 0 : throttle.waitMs(address, t);
      if (wait > 0) return { ok: false, reason: "slow_down", retryAfterMs: wait };
      const record = token.length < MIN_TOKEN_LENGTH ? undefined : await store.findApiTokenByHash(hash);
      if (!record) {
        known.delete(hash);
        throttle.failed(address, now());
        return { ok: false, reason: "wrong" };
      }
      throttle.succeeded(address);
      if (cache.size > 1000) cache.clear();
      cache.set(hash, { record, until: t + cacheMs });
      if (known.size > 10_000) known.clear();
      known.add(hash);
      return { ok: true, record };
    },
    forget() {
      cache.clear();
    },
  };
}
