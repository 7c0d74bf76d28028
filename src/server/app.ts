/**
 * createApp: the whole HTTP service as one request listener — tests start it on 127.0.0.1:0, `dingpipe serve`
 * on its configured address. Public: /healthz, /readyz, /metrics, /api/openapi.json, /hooks/* (verified by
 * their own secrets) and the console's files; everything else under /api needs `Authorization: Bearer`.
 * Handlers verify, normalize, store and answer; they never wait on DingTalk.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRobotKeyer } from "../channels/robot-key.ts";
import { randomTag } from "../random-tag.ts";
import type { ApiTokenRecord, Store } from "../store/store.ts";
import { asUnavailable } from "./accepting.ts";
import { createAllowlist, guardedFetch } from "./allowlist.ts";
import type { EngineHandle, HookSource, Services } from "./context.ts";
import { createSealer } from "./crypto.ts";
import { errorBody, HttpError, slowDown, unauthorized } from "./errors.ts";
import { checkHost, normalHost } from "./hosts.ts";
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
import { tokenRoutes } from "./routes/tokens.ts";
import { createStatic, DEFAULT_WEB_DIST } from "./static.ts";
import type { ThrottleOptions } from "./throttle.ts";
import { createTokenChecker, fixedTokenCheck } from "./tokens.ts";

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
  /** A token for /metrics alone (a Prometheus scraper), besides the API tokens. */
  metricsToken?: string;
  /**
   * The Host names requests may carry (any port); others get 403. Set when the service listens on
   * loopback, so a web page whose name resolves to 127.0.0.1 (DNS rebinding) cannot read it.
   */
  allowedHostNames?: string[];
  /** How wrong API tokens are slowed down per client address (see throttle.ts). */
  authThrottle?: ThrottleOptions;
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
    robotKeyer: createRobotKeyer(config.secretKey),
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
  const tokens = createTokenChecker(store, now, {
    cacheMs: 10_000,
    ...(config.authThrottle ? { throttle: config.authThrottle } : {}),
  });
  const isMetricsToken = fixedTokenCheck(config.metricsToken);
  const hostNames =
    config.allowedHostNames === undefined ? undefined : new Set(config.allowedHostNames.map(normalHost));
  const serveStatic = createStatic(config.webDist ?? DEFAULT_WEB_DIST);
  let draining = false;
  // Request ids: a random prefix per app and a counter (no randomness per request). They only tell
  // requests apart in the logs, so Math.random is enough, and an idle service need not load node:crypto.
  const idPrefix = randomTag();
  let requests = 0;

  const router = new Router();
  healthRoutes(router, { store, metrics, draining: () => draining });
  router.get("/api/openapi.json", () => ({ status: 200, body: openApiDocument() }));
  router.get("/api/session", () => ({ status: 200, body: { ok: true, token: { name: "admin" } } }));
  credentialRoutes(router, services);
  notificationRoutes(router, services);
  tokenRoutes(router, services, tokens);
  eventRoutes(router, services);
  eventTrailRoutes(router, services);
  deliveryRoutes(router, services);
  cardRoutes(router, services);
  hookRoutes(router, services);

  const PUBLIC_API = new Set(["/api/openapi.json"]);

  /** The token's record, or the error to answer with (401, or 429 for an address sending wrong ones). */
  async function authenticate(req: IncomingMessage, metrics: boolean): Promise<ApiTokenRecord | undefined> {
    const header = req.headers.authorization;
    if (metrics && isMetricsToken?.(header)) return undefined;
    const result = await tokens.check(header, req.socket.remoteAddress ?? "unknown");
    if (result.ok) return result.record;
    if (result.reason === "slow_down") throw slowDown(result.retryAfterMs);
    throw unauthorized();
  }

  /** `route` is set as soon as the request is matched, so errors are counted under their route. */
  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
    at: { route: string },
  ): Promise<Reply> {
    const path = target.pathname;
    const method = req.method ?? "GET";
    if (hostNames !== undefined) checkHost(req.headers.host, hostNames);
    const isApi = path === "/api" || path.startsWith("/api/");
    const match = router.match(method, path);
    if (match !== undefined && !("allowed" in match)) at.route = match.route;
    let tokenName: string | undefined;
    if ((isApi && !PUBLIC_API.has(path)) || path === "/metrics") {
      tokenName = (await authenticate(req, path === "/metrics"))?.name;
    }
    if (match === undefined) {
      if (!isApi && !path.startsWith("/hooks/") && (method === "GET" || method === "HEAD")) {
        const file = await serveStatic(path);
        if (file) {
          at.route = "static";
          return file;
        }
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
    const reply = await match.handler({
      req,
      res,
      get url() {
        return target.url();
      },
      params: match.params,
      route: match.route,
    });
    if (match.route === "/api/session" && tokenName !== undefined)
      reply.body = { ok: true, token: { name: tokenName } };
    return reply;
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

  /** The reply to a request whose handling threw. */
  function failure(e: unknown, req: IncomingMessage, path: string, requestId: string): Reply {
    // A database that broke under this request: 503 with the reason, not a 500.
    const unavailable = asUnavailable(services, e);
    if (unavailable !== undefined) e = unavailable;
    if (e instanceof HttpError) {
      const reply: Reply = { status: e.status, body: errorBody(e) };
      if (e.headers !== undefined) reply.headers = { ...e.headers };
      // A refused body may still be arriving: do not keep reading it on this connection.
      if (e.status === 413) reply.headers = { ...reply.headers, connection: "close" };
      return reply;
    }
    logger.error("request failed", { requestId, method: req.method, path, error: e });
    return {
      status: 500,
      body: {
        error: { code: "internal", message: "internal error; see the service's log", requestId },
      },
    };
  }

  async function respond(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const started = performance.now();
    const target = requestTarget(req.url);
    const at = { route: "unmatched" };
    let reply: Reply;
    try {
      reply = await handle(req, res, target, at);
    } catch (e) {
      reply = failure(e, req, target.pathname, requestId);
    }
    if (res.headersSent || res.destroyed) return;
    const route = at.route;
    send(req, res, reply, requestId);
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ route, method: req.method ?? "GET", status: String(reply.status) });
    metrics.httpDuration.observe(seconds, { route });
    const fields = {
      requestId,
      method: req.method,
      path: target.pathname,
      route,
      status: reply.status,
      ms: Math.round(seconds * 1000),
    };
    if (reply.status >= 500) logger.error("request", fields);
    else if (route === "/healthz" || route === "/readyz" || route === "/metrics")
      logger.debug("request", fields);
    else logger.info("request", fields);
  }

  const app = ((req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers["x-request-id"];
    const requestId =
      typeof given === "string" && /^[\w.-]{1,64}$/.test(given)
        ? given
        : `${idPrefix}-${(++requests).toString(36)}`;
    respond(req, res, requestId).catch((e: unknown) => {
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

/** A request's path, and its URL parsed only when a handler asks for it (its query, say). */
interface RequestTarget {
  pathname: string;
  url(): URL;
}

/** A plain path ("/api/events": segments of letters, digits, _ and -) is its own pathname. */
const PLAIN_PATH = /^\/(?:[\w-]+\/)*[\w-]*$/;

/**
 * What a request asks for. WHATWG URL parsing (dot segments, %-escapes, "//host") is ~0.6 µs and an object
 * graph per request; a plain path, which is what API clients send, parses to itself, so the URL is built
 * only when something reads it.
 */
export function requestTarget(raw: string | undefined): RequestTarget {
  const given = raw ?? "/";
  let parsed: URL | undefined;
  const url = () => {
    if (parsed === undefined) {
      try {
        parsed = new URL(given, "http://localhost");
      } catch {
        parsed = new URL("http://localhost/");
      }
    }
    return parsed;
  };
  return { pathname: PLAIN_PATH.test(given) ? given : url().pathname, url };
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
