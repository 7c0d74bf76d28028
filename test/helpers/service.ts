/**
 * Starts the HTTP service in-process for integration tests: a temp SQLite data dir, an admin token, the
 * app on 127.0.0.1:0, and a `api()` helper that sends JSON with the bearer token.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAllowlist } from "../../src/server/allowlist.ts";
import { type AppOptions, createApp, type ServerConfig } from "../../src/server/app.ts";
import { createSealer } from "../../src/server/crypto.ts";
import { robotFetch, startEngine } from "../../src/server/engine.ts";
import { listen } from "../../src/server/listen.ts";
import { type Logger, silentLogger } from "../../src/server/log.ts";
import { createMetrics } from "../../src/server/metrics.ts";
import { createCredentialResolver } from "../../src/server/resolve.ts";
import type { RunningEngine } from "../../src/server/service.ts";
import { hashToken, newApiToken } from "../../src/server/tokens.ts";
import { openStore } from "../../src/store/index.ts";
import type { Store } from "../../src/store/store.ts";

/** A parsed JSON answer (JSON.parse's own type): tests read into it freely. */
export type Json = ReturnType<typeof JSON.parse>;

export interface TestService {
  url: string;
  token: string;
  store: Store;
  dataDir: string;
  /** Every route the app serves (method + pattern), for tests that must cover them all. */
  routes: Array<{ method: string; pattern: string }>;
  /** fetch with the bearer token and JSON body. */
  api(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  close(): Promise<void>;
}

export async function startService(
  options: {
    config?: Partial<ServerConfig>;
    engine?: AppOptions["engine"];
    /** Run the real delivery engine in-process. */
    deliver?: boolean;
    store?: Store;
    /** Where the engine and the app log (default: nowhere). */
    logger?: Logger;
    /** The in-process engine puts at most this many deliveries in one message. */
    maxDigest?: number;
  } = {},
): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), "dingpipe-server-"));
  const store = options.store ?? (await openStore(undefined, { dataDir }));
  const token = newApiToken();
  await store.createApiToken("admin", hashToken(token));
  const secretKey = options.config?.secretKey ?? randomBytes(32);
  const metrics = createMetrics();
  let engine: RunningEngine | undefined;
  if (options.deliver) {
    const allowlist = createAllowlist(options.config?.allowHosts ?? []);
    const resolveCredential = createCredentialResolver(store, createSealer(secretKey), allowlist);
    // As `dingpipe serve` runs it: every robot request through the allowlist, never following redirects.
    engine = startEngine({
      store,
      resolveCredential,
      metrics,
      logger: options.logger ?? silentLogger,
      fetch: robotFetch(allowlist, process.env).fetch,
      ...(options.maxDigest === undefined ? {} : { maxDigest: options.maxDigest }),
    });
  }
  const handle = options.engine ?? engine;
  const app = createApp({
    store,
    ...(handle ? { engine: handle } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    metrics,
    // Tests send many wrong tokens on purpose: slowing them down is tested on its own (server.access).
    config: { authThrottle: { freeFailures: 1_000_000 }, ...options.config, secretKey },
  });
  const listening = await listen(app, { host: "127.0.0.1", port: 0 });
  return {
    url: listening.url,
    token,
    store,
    dataDir,
    routes: app.router.routes(),
    async api(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const t = init.token === undefined ? token : init.token;
      if (t !== null) headers["authorization"] = `Bearer ${t}`;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      const res = await fetch(listening.url + path, {
        method: init.method ?? (body ? "POST" : "GET"),
        headers,
        body,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {}
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await listening.close(1000);
      await engine?.stop();
      if (!options.store) await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
