/**
 * Starts the delivery engine for the service: the store opened by openStore implements the engine's
 * DeliveryStore operations too (both dialects do), credentials are unsealed on demand, outcomes feed
 * /metrics, and the engine logs through the service's redacting logger.
 */
import type { CardStore } from "../delivery/card-store.ts";
import type { DeliveryStore } from "../delivery/delivery-store.ts";
import { startDeliveryEngine } from "../delivery/engine.ts";
import type { EngineDeps, RunningEngine } from "./service.ts";

export function startEngine(deps: EngineDeps): RunningEngine {
  return startDeliveryEngine({
    store: deps.store as unknown as DeliveryStore & CardStore,
    resolveCredential: deps.resolveCredential,
    observer: deps.metrics.observer,
    logger: deps.logger,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
  });
}
