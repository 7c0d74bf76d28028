/**
 * The operations routes, public and without secrets: /healthz (the process answers), /readyz (the database
 * answers and the process is not shutting down) and /metrics (Prometheus). Served by `dingpipe serve`'s app
 * and by a `dingpipe worker`'s --metrics-port listener alike.
 */
import type { Store } from "../../store/store.ts";
import type { ServiceMetrics } from "../metrics.ts";
import type { Router } from "../router.ts";

export interface HealthDeps {
  store: Store;
  metrics: ServiceMetrics;
  /** True once a graceful shutdown began: /readyz answers 503. */
  draining: () => boolean;
}

export function healthRoutes(router: Router, deps: HealthDeps): void {
  const { store, metrics } = deps;
  router.get("/healthz", () => ({ status: 200, body: { ok: true } }));
  router.get("/readyz", async () => {
    if (deps.draining()) return { status: 503, body: { ok: false, reason: "shutting down" } };
    const ok = await store.ping().catch(() => false);
    if (ok) return { status: 200, body: { ok: true } };
    const health = store.health();
    return {
      status: 503,
      body: health.ok
        ? { ok: false, reason: "database not answering" }
        : {
            ok: false,
            reason: `database unavailable: ${health.reason}`,
            since: health.since,
            fix: health.fix,
          },
    };
  });
  router.get("/metrics", async () => ({
    status: 200,
    raw: await metrics.render(store),
    headers: { "content-type": metrics.contentType },
  }));
}
