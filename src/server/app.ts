/**
 * createApp: the whole HTTP service as one request listener — tests start it on 127.0.0.1:0, `dingpipe serve`
 * on its configured address. Public: /healthz, /readyz, /metrics, /api/openapi.json, /hooks/* (verified by
 * their own secrets) and the console's files; everything else under /api needs `Authorization: Bearer`.
 * Handlers verify, normalize, store and answer; they never wait on DingTalk.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store/store.ts";
import { createAllowlist, guardedFetch } from "./allowlist.ts";
import type { EngineHandle, HookSource, Services } from "./context.ts";
import { createSealer } from "./crypto.ts";
import { errorBody, HttpError, unauthorized } from "./errors.ts";
import { type Logger, silentLogger } from "./log.ts";
import { createMetrics, type ServiceMetrics } from "./metrics.ts";
import { openApiDocument } from "./openapi.ts";
import { type Reply, Router } from "./router.ts";
import { cardRoutes } from "./routes/cards.ts";
import { credentialRoutes } from "./routes/credentials.ts";
import { deliveryRoutes } from "./routes/deliveries.ts";
import { eventTrailRoutes } from "./routes/event-trail.ts";
import { eventRoutes } from "./routes/events.ts";
import { healthRoutes } from "./routes/health.ts";
import { hookRoutes } from "./routes/hooks.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { createStatic, DEFAULT_WEB_DIST } from "./static.ts";
import { createTokenChecker } from "./tokens.ts";

/** How long an identical CI webhook body counts as a redelivery, by default. */
export const DEFAULT_HOOK_DEDUP_WINDOW_MS = 60_000;

export interface ServerConfig {
  /** 32-byte key sealing credentials at rest (see loadSecretKey). */
  secretKey: Buffer;
  /** Hosts added to the webhook allowlist (oapi.dingtalk.com is always on it). */
  allowHosts?: string[];
  /** Secrets per CI webhook; several = rotation. A source without one refuses every hook. */
  hookSecrets?: Partial<Record<HookSource, string[]>>;
  /** Largest API body (default 256 KiB) and CI webhook body (default 1 MiB). */
  maxBodyBytes?: number;
  maxHookBodyBytes?: number;
  /**
   * A CI webhook body identical to one received less than this long ago is a redelivery (default 60 s, 0 = off);
   * delivery ids (X-GitHub-Delivery…) deduplicate for good regardless.
   */
  hookDedupWindowMs?: number;
  /** Where the console's built files are (default: the package's web/dist). */
  webDist?: string;
  /**
   * Accepted events nudge the engine at most once per this many ms (default 10): under a burst, one wake
   * covers many events instead of every event waking every worker.
   */
  wakeDelayMs?: number;
}

export interface AppOptions {
  store: Store;
  /** The delivery engine (or any `{ wake() }`), nudged after each accepted event. */
  engine?: EngineHandle;
  config: ServerConfig;
  logger?: Logger;
  now?: () => number;
  /** Used by POST /api/credentials/{name}/test (through the host allowlist, never following redirects). */
  fetch?: typeof fetch;
  metrics?: ServiceMetrics;
}

export interface App {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly metrics: ServiceMetrics;
  readonly router: Router;
  /** After this, /readyz answers 503 and responses close their connections (graceful shutdown). */
  drain(): void;
}

export function createApp(options: AppOptions): App {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? createMetrics();
  const { config, store } = options;
  const allowlist = createAllowlist(config.allowHosts ?? []);
  const services: Services = {
    store,
    sealer: createSealer(config.secretKey),
    allowlist,
    engine: options.engine === undefined ? undefined : coalesced(options.engine, config.wakeDelayMs ?? 50),
    logger,
    metrics,
    now,
    fetch: guardedFetch(allowlist, options.fetch),
    hookSecrets: config.hookSecrets ?? {},
    maxBodyBytes: config.maxBodyBytes ?? 256 * 1024,
    maxHookBodyBytes: config.maxHookBodyBytes ?? 1024 * 1024,
    hookDedupWindowMs: config.hookDedupWindowMs ?? DEFAULT_HOOK_DEDUP_WINDOW_MS,
  };
  const tokens = createTokenChecker(store, now);
  const serveStatic = createStatic(config.webDist ?? DEFAULT_WEB_DIST);
  let draining = false;
  // Request ids: a random prefix per app and a counter (no randomness per request).
  const idPrefix = randomBytes(4).toString("hex");
  let requests = 0;

  const router = new Router();
  healthRoutes(router, { store, metrics, draining: () => draining });
  router.get("/api/openapi.json", () => ({ status: 200, body: openApiDocument() }));
  router.get("/api/session", () => ({ status: 200, body: { ok: true, token: { name: "admin" } } }));
  credentialRoutes(router, services);
  notificationRoutes(router, services);
  eventRoutes(router, services);
  eventTrailRoutes(router, services);
  deliveryRoutes(router, services);
  cardRoutes(router, services);
  hookRoutes(router, services);

  const PUBLIC_API = new Set(["/api/openapi.json"]);

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<{ reply: Reply; route: string }> {
    const path = url.pathname;
    const method = req.method ?? "GET";
    const isApi = path === "/api" || path.startsWith("/api/");
    let tokenName: string | undefined;
    if (isApi && !PUBLIC_API.has(path)) {
      const token = await tokens.check(req.headers.authorization);
      if (!token) throw unauthorized();
      tokenName = token.name;
    }
    const match = router.match(method, path);
    if (match === undefined) {
      if (!isApi && !path.startsWith("/hooks/") && (method === "GET" || method === "HEAD")) {
        const file = await serveStatic(path);
        if (file) return { reply: file, route: "static" };
      }
      throw new HttpError(404, "not_found", `nothing at ${method} ${path}`);
    }
    if ("allowed" in match) {
      throw new HttpError(
        405,
        "method_not_allowed",
        `${method} is not allowed on ${path} (allowed: ${match.allowed.join(", ")})`,
      );
    }
    const reply = await match.handler({ req, res, url, params: match.params, route: match.route });
    if (match.route === "/api/session" && tokenName !== undefined)
      reply.body = { ok: true, token: { name: tokenName } };
    return { reply, route: match.route };
  }

  function send(req: IncomingMessage, res: ServerResponse, reply: Reply, requestId: string): void {
    const headers: Record<string, string> = { "x-request-id": requestId, ...reply.headers };
    if (draining) headers["connection"] = "close";
    let payload: string | Buffer | undefined = reply.raw;
    if (payload === undefined && reply.body !== undefined && reply.status !== 204) {
      payload = JSON.stringify(reply.body);
      headers["content-type"] ??= "application/json; charset=utf-8";
    }
    if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
    if (reply.status === 401) headers["www-authenticate"] = 'Bearer realm="dingpipe"';
    res.writeHead(reply.status, headers);
    res.end(req.method === "HEAD" ? undefined : payload);
  }

  const app = ((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const given = req.headers["x-request-id"];
    const requestId =
      typeof given === "string" && /^[\w.-]{1,64}$/.test(given)
        ? given
        : `${idPrefix}-${(++requests).toString(36)}`;
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      url = new URL("http://localhost/");
    }
    let route = "unmatched";
    handle(req, res, url)
      .then(
        (r) => {
          route = r.route;
          return r.reply;
        },
        (e: unknown): Reply => {
          if (e instanceof HttpError) {
            const reply: Reply = { status: e.status, body: errorBody(e) };
            // A refused body may still be arriving: do not keep reading it on this connection.
            if (e.status === 413) reply.headers = { connection: "close" };
            return reply;
          }
          logger.error("request failed", { requestId, method: req.method, path: url.pathname, error: e });
          return {
            status: 500,
            body: {
              error: { code: "internal", message: "internal error; see the service's log", requestId },
            },
          };
        },
      )
      .then((reply) => {
        if (res.headersSent || res.destroyed) return;
        send(req, res, reply, requestId);
        const seconds = (performance.now() - started) / 1000;
        metrics.httpRequests.inc({ route, method: req.method ?? "GET", status: String(reply.status) });
        metrics.httpDuration.observe(seconds, { route });
        const fields = {
          requestId,
          method: req.method,
          path: url.pathname,
          route,
          status: reply.status,
          ms: Math.round(seconds * 1000),
        };
        if (reply.status >= 500) logger.error("request", fields);
        else if (route === "/healthz" || route === "/readyz" || route === "/metrics")
          logger.debug("request", fields);
        else logger.info("request", fields);
      })
      .catch((e: unknown) => {
        logger.error("could not answer a request", { requestId, error: e });
        if (!res.headersSent) res.writeHead(500).end();
      });
  }) as App;
  Object.defineProperty(app, "metrics", { value: metrics });
  Object.defineProperty(app, "router", { value: router });
  Object.defineProperty(app, "drain", {
    value: () => {
      draining = true;
    },
  });
  return app;
}

/** An engine handle whose wake() runs at most once per `delayMs`, trailing (never drops a wake). */
function coalesced(engine: EngineHandle, delayMs: number): EngineHandle {
  if (delayMs <= 0) return engine;
  let timer: NodeJS.Timeout | undefined;
  return {
    wake() {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        engine.wake();
      }, delayMs);
      timer.unref();
    },
  };
}
