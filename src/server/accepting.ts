/**
 * Whether the service accepts events: not while its database is broken. An event is answered 202
 * only once stored; with a broken database nothing can be, and what is already stored cannot go out,
 * so ingest answers 503 with the reason (and Retry-After) until the database works again, instead
 * of 202s the engine could never deliver. The store probes a mendable breakage when asked (ping).
 */
import { isDingpipeError } from "../errors.ts";
import type { StoreHealth } from "../store/health.ts";
import type { Services } from "./context.ts";
import { HttpError } from "./errors.ts";

/** Seconds a refused client is asked to wait. */
const RETRY_AFTER_S = 30;

/** Throws 503 when the database is known broken (after one probe of it). */
export async function assertAccepting(s: Pick<Services, "store">): Promise<void> {
  if (s.store.health().ok) return;
  if (await s.store.ping().catch(() => false)) return;
  throw notAccepting(s.store.health());
}

/** The 503 for a broken database: the reason, since when, and what to do. */
export function notAccepting(health: StoreHealth, cause?: unknown): HttpError {
  const since = health.since === undefined ? "" : ` (since ${health.since})`;
  return new HttpError(
    503,
    "database_unavailable",
    `not accepting: the database is unavailable${since}: ${health.reason ?? "it does not answer"}`,
    {
      fix: `${
        health.mayBeStored
          ? "it may have been stored before the disk failed: send it again later with the same Idempotency-Key (Retry-After)"
          : "nothing was stored: send it again later (Retry-After)"
      }. The operator: ${health.fix ?? "check the database"}`,
      headers: { "retry-after": String(RETRY_AFTER_S) },
      cause,
    },
  );
}

/** A store error that says the database is broken, as the 503 to answer with; undefined otherwise. */
export function asUnavailable(s: Pick<Services, "store">, error: unknown): HttpError | undefined {
  if (!isDingpipeError(error, "database_unavailable")) return undefined;
  const health = s.store.health();
  return notAccepting(
    health.ok
      ? {
          ok: false,
          reason: error.message.replace(/^the database is unavailable: /, ""),
          ...(error.fix ? { fix: error.fix } : {}),
        }
      : health,
    error,
  );
}
