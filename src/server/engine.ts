/**
 * Starts the delivery engine for the service: the store opened by openStore implements the engine's
 * DeliveryStore operations too (both dialects do), credentials are unsealed on demand, outcomes feed
 * /metrics, and the engine logs through the service's redacting logger.
 */
import type { CardStore, IdleLook } from "../delivery/card-store.ts";
import type { DeliveryStore } from "../delivery/delivery-store.ts";
import { startDeliveryEngine } from "../delivery/engine.ts";
import { engineHttp } from "../delivery/http.ts";
import { guardedFetch, type HostAllowlist } from "./allowlist.ts";
import type { EngineDeps, RunningEngine } from "./service.ts";

/**
 * The fetch robot requests go through in the service: every URL checked against the allowlist and no
 * redirect followed (guardedFetch), sent on the engine's node:http keep-alive agents
 * (src/delivery/http.ts) — the global fetch (undici) only when a proxy variable is set. Undici costs
 * ~2.5x the CPU per request and, once loaded, ~17 MB of the process's memory. `close()` ends the idle
 * keep-alive sockets.
 */
export function robotFetch(
  allowlist: HostAllowlist,
  env: Record<string, string | undefined>,
): { fetch: typeof fetch; close(): void } {
  const http = engineHttp({ env });
  return { fetch: guardedFetch(allowlist, http?.fetch), close: () => http?.close() };
}

export function startEngine(deps: EngineDeps): RunningEngine {
  return startDeliveryEngine({
    store: deps.store as unknown as DeliveryStore & CardStore & IdleLook,
    resolveCredential: deps.resolveCredential,
    observer: deps.metrics.observer,
    logger: deps.logger,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
    ...(deps.maxDigest === undefined ? {} : { maxDigest: deps.maxDigest }),
  });
}
