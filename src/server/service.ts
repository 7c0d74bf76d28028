/**
 * Running the service as a process: open the store (migrations run), load the secret key, make sure an
 * admin token exists, start the delivery engine (unless API-only) and the HTTP server; `stop()` shuts down
 * gracefully — stop accepting, finish in-flight requests, let the engine finish or hand back its
 * deliveries, close the database. Used by `dingpipe serve` and `dingpipe worker`.
 */
import { statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { createRobotKeyer } from "../channels/robot-key.ts";
import type { Store } from "../store/store.ts";
import { createAllowlist } from "./allowlist.ts";
import { createApp } from "./app.ts";
import { createSealer, loadSecretKey } from "./crypto.ts";
import { robotFetch } from "./engine.ts";
import { isLoopback, LOOPBACK_NAMES } from "./hosts.ts";
import { listen } from "./listen.ts";
import type { Logger } from "./log.ts";
import { createMetrics, type ServiceMetrics } from "./metrics.ts";
import { createOpsApp } from "./ops.ts";
import type { ServiceOptions } from "./options.ts";
import { createCredentialResolver, type ResolvedCredential } from "./resolve.ts";
import { assignRobotKeys } from "./robots.ts";
import { ensureAdminToken } from "./tokens.ts";

/** A running delivery engine, as the service drives it. */
export interface RunningEngine {
  wake(): void;
  stop(): Promise<void>;
}

export interface EngineDeps {
  store: Store;
  resolveCredential: (name: string) => Promise<ResolvedCredential | undefined>;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Every request to a robot goes through it (the service passes the allowlist-guarded fetch). */
  fetch?: typeof fetch;
  leaseMs?: number;
  /** At most this many deliveries in one message (default: the engine's, MAX_DIGEST). */
  maxDigest?: number;
}

export interface ServiceDeps {
  env: Record<string, string | undefined>;
  cwd: string;
  logger: Logger;
  /** Human-facing lines (the console URL, the first-start admin token): never the logs. */
  say: (line: string) => void;
  openStore: (url: string | undefined, options: { dataDir: string }) => Promise<Store>;
  startEngine?: (deps: EngineDeps) => RunningEngine;
}

export interface RunningService {
  /** http://host:port of the API; for a worker, of its --metrics-port listener (undefined without one). */
  url?: string;
  stop(): Promise<void>;
}

export async function startService(
  options: ServiceOptions,
  deps: ServiceDeps,
  mode: "serve" | "worker",
): Promise<RunningService> {
  const dataDir = isAbsolute(options.dataDir) ? options.dataDir : join(deps.cwd, options.dataDir);
  const { logger } = deps;
  const store = await deps.openStore(options.databaseUrl, { dataDir });
  if (options.databaseUrl === undefined) warnIfShared(dataDir, logger);
  let engine: RunningEngine | undefined;
  let robots: ReturnType<typeof robotFetch> | undefined;
  try {
    const key = loadSecretKey({ env: deps.env, dataDir });
    if (key.created) logger.info("secret key created", { file: join(dataDir, "secret.key"), mode: "0600" });
    const metrics = createMetrics();
    const allowlist = createAllowlist(options.allowHosts);
    const sealer = createSealer(key.key);
    // Credentials stored before robot keys existed get theirs, before any delivery goes out.
    await assignRobotKeys(store, sealer, createRobotKeyer(key.key), logger);
    const resolveCredential = createCredentialResolver(store, sealer, allowlist);
    robots = robotFetch(allowlist, deps.env);
    engine =
      (mode === "worker" || options.worker) && deps.startEngine
        ? deps.startEngine({
            store,
            resolveCredential,
            metrics,
            logger,
            fetch: robots.fetch,
            ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
          })
        : undefined;

    // On loopback, only requests addressed to a loopback name (or --host-name) are answered.
    const allowedHostNames = isLoopback(options.host) ? [...LOOPBACK_NAMES, ...options.hostNames] : undefined;
    const opsApp = () =>
      createOpsApp({
        store,
        metrics,
        logger,
        ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
        ...(allowedHostNames === undefined ? {} : { allowedHostNames }),
      });
    if (mode === "worker") {
      const ops =
        options.metricsPort === undefined
          ? undefined
          : await listen(opsApp(), { host: options.host, port: options.metricsPort });
      logger.info("worker started", { database: store.dialect, ...(ops ? { url: ops.url } : {}) });
      return {
        ...(ops ? { url: ops.url } : {}),
        async stop() {
          await ops?.close(5_000);
          await engine?.stop();
          robots?.close();
          await store.close();
          logger.info("worker stopped");
        },
      };
    }

    const admin = await ensureAdminToken(store, deps.env);
    if (admin.replaced > 0)
      logger.info("the previous DINGPIPE_ADMIN_TOKEN no longer signs in", { revoked: admin.replaced });
    const app = createApp({
      store,
      ...(engine ? { engine } : {}),
      config: {
        secretKey: key.key,
        allowHosts: options.allowHosts,
        hookSecrets: options.hookSecrets,
        ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
        ...(allowedHostNames === undefined ? {} : { allowedHostNames }),
        ...(options.hookDedupWindowMs === undefined ? {} : { hookDedupWindowMs: options.hookDedupWindowMs }),
      },
      logger,
      metrics,
    });
    const server = await listen(app, { host: options.host, port: options.port });
    const ops =
      options.metricsPort === undefined
        ? undefined
        : await listen(opsApp(), { host: options.host, port: options.metricsPort }).catch(
            async (e: unknown) => {
              await server.close(1000);
              throw e;
            },
          );
    logger.info("listening", {
      url: server.url,
      database: store.dialect,
      worker: engine !== undefined,
      allowHosts: allowlist.hosts,
      hooks: Object.keys(options.hookSecrets),
    });
    deps.say(
      `dingpipe is running: console ${server.url}/  ·  API ${server.url}/api (OpenAPI: ${server.url}/api/openapi.json)${ops ? `  ·  metrics ${ops.url}/metrics` : ""}`,
    );
    if (admin.created && admin.token) {
      deps.say(
        `Admin API token (shown once — keep it; set DINGPIPE_ADMIN_TOKEN to choose your own): ${admin.token}`,
      );
    } else if (!admin.fromEnv) {
      // Later starts print no token: say which one signs in, and how to get in when it is lost.
      deps.say(
        "Sign in with the admin API token printed on the first start (lost it? `dingpipe token create NAME` makes a new one, `dingpipe token list` shows them all)",
      );
    }
    return {
      url: server.url,
      async stop() {
        logger.info("shutting down");
        await ops?.close(5_000);
        await server.close(10_000);
        await engine?.stop();
        robots?.close();
        await store.close();
        logger.info("stopped");
      },
    };
  } catch (e) {
    // A start that fails after the engine started (the port is taken, say) must not leave it polling a
    // closed database, nor delivering from a service that never came up.
    await engine?.stop().catch(() => {});
    robots?.close();
    await store.close().catch(() => {});
    throw e;
  }
}

/** The data directory holds the database and the secret key: say so when others may read it. */
function warnIfShared(dataDir: string, logger: Logger): void {
  try {
    const mode = statSync(dataDir).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      logger.warn("the data directory can be read by other users", {
        dir: dataDir,
        mode: `0${mode.toString(8)}`,
        fix: `chmod 700 ${dataDir}`,
      });
    }
  } catch {
    // it was just opened; nothing to say if it cannot be looked at
  }
}
