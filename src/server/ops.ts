/**
 * The operations listener of `--metrics-port` (a `dingpipe worker`'s, or `serve`'s second port):
 * /healthz, /readyz and /metrics only — the same routes and metrics registry as `dingpipe serve`'s app
 * (routes/health.ts), with no API, console or webhooks. /metrics needs the metrics token when one is set;
 * on loopback, only loopback Host names (and --host-name) are answered (DNS rebinding).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store/store.ts";
import type { App } from "./app.ts";
import { errorBody, HttpError } from "./errors.ts";
import { checkHost, normalHost } from "./hosts.ts";
import type { Logger } from "./log.ts";
import type { ServiceMetrics } from "./metrics.ts";
import { type Reply, Router } from "./router.ts";
import { healthRoutes } from "./routes/health.ts";
import { fixedTokenCheck } from "./tokens.ts";

export interface OpsAppOptions {
  store: Store;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Required (Authorization: Bearer) for /metrics when set. */
  metricsToken?: string;
  /** The Host names answered; undefined = any. */
  allowedHostNames?: string[];
}

export function createOpsApp(options: OpsAppOptions): App {
  let draining = false;
  const isMetricsToken = fixedTokenCheck(options.metricsToken);
  const hostNames =
    options.allowedHostNames === undefined ? undefined : new Set(options.allowedHostNames.map(normalHost));
  const router = new Router();
  healthRoutes(router, { store: options.store, metrics: options.metrics, draining: () => draining });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<Reply> {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (hostNames !== undefined) checkHost(req.headers.host, hostNames);
    if (path === "/metrics" && isMetricsToken !== undefined && !isMetricsToken(req.headers.authorization)) {
      throw new HttpError(401, "unauthorized", "/metrics needs the metrics token", {
        fix: "send 'Authorization: Bearer <token>' with the token of --metrics-token (DINGPIPE_METRICS_TOKEN)",
      });
    }
    const match = router.match(method, path);
    if (match === undefined) {
      throw new HttpError(
        404,
        "not_found",
        `nothing at ${method} ${path} (this worker serves /healthz, /readyz, /metrics)`,
      );
    }
    if ("allowed" in match) {
      throw new HttpError(405, "method_not_allowed", `${method} is not allowed on ${path} (allowed: GET)`);
    }
    return match.handler({
      req,
      res,
      url: new URL(path, "http://localhost"),
      params: match.params,
      route: match.route,
    });
  }

  const app = ((req: IncomingMessage, res: ServerResponse) => {
    handle(req, res)
      .catch((e: unknown): Reply => {
        if (e instanceof HttpError)
          return { status: e.status, body: errorBody(e), ...(e.headers ? { headers: e.headers } : {}) };
        options.logger.error("metrics request failed", { path: req.url, error: e });
        return {
          status: 500,
          body: { error: { code: "internal", message: "internal error; see the worker's log" } },
        };
      })
      .then((reply) => {
        if (res.headersSent || res.destroyed) return;
        const payload = reply.raw ?? JSON.stringify(reply.body);
        const headers: Record<string, string> = {
          "content-type": "application/json; charset=utf-8",
          ...reply.headers,
          "content-length": String(Buffer.byteLength(payload)),
        };
        if (draining) headers["connection"] = "close";
        res.writeHead(reply.status, headers);
        res.end(req.method === "HEAD" ? undefined : payload);
      })
      .catch((e: unknown) => {
        options.logger.error("could not answer a metrics request", { error: e });
        if (!res.headersSent) res.writeHead(500).end();
      });
  }) as App;
  Object.defineProperty(app, "metrics", { value: options.metrics });
  Object.defineProperty(app, "router", { value: router });
  Object.defineProperty(app, "drain", {
    value: () => {
      draining = true;
    },
  });
  return app;
}
