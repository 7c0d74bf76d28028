/**
 * Opening the store: no URL → SQLite in `<dataDir>/dingpipe.sqlite` (dataDir defaults to
 * ./dingpipe-data and is created); `postgres://` or `postgresql://` → PostgreSQL. Migrations run
 * before the store is returned.
 */
import { join } from "node:path";
import { DingpipeError, isDingpipeError } from "../errors.ts";
import { postgresBreakage, sqliteBreakage } from "./health.ts";
import type { Store } from "./store.ts";

export interface OpenStoreOptions {
  /** Where the SQLite file lives (default ./dingpipe-data). */
  dataDir?: string;
  /** The clock (epoch ms) used for stored times; tests inject one. */
  now?: () => number;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export async function openStore(url?: string, options: OpenStoreOptions = {}): Promise<Store> {
  const now = options.now ?? Date.now;
  let store: Store;
  let where: string;
  if (url === undefined || url === "") {
    const dir = options.dataDir ?? "dingpipe-data";
    where = join(dir, "dingpipe.sqlite");
    try {
      // Loaded only for SQLite, as PostgreSQL's store is only for PostgreSQL: a process keeps what it
      // loads. A Node.js without node:sqlite fails here, with the store's own "cannot open".
      const [{ ensureDir }, { SqliteStore }] = await Promise.all([
        import("./sqlite/connection.ts"),
        import("./sqlite/store.ts"),
      ]);
      ensureDir(dir);
      store = new SqliteStore(where, now);
    } catch (error) {
      throw cannotOpen(where, error);
    }
  } else if (/^postgres(ql)?:\/\//i.test(url)) {
    const { PostgresStore } = await import("./postgres/store.ts");
    where = shownUrl(url);
    store = new PostgresStore(url, { now, poolSize: options.poolSize ?? 10 });
  } else {
    throw new DingpipeError(
      "bad_database_url",
      "The database URL is neither postgres:// nor postgresql://.",
      {
        fix: "Pass --database-url postgres://user:password@host:5432/dbname, or omit it to use SQLite in the data directory.",
      },
    );
  }
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    throw cannotOpen(where, error);
  }
  return store;
}

/** A PostgreSQL URL as it may be shown: no password. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return `${u.protocol}//${u.username ? `${u.username}@` : ""}${u.host}${u.pathname}`;
  } catch {
    return "the --database-url";
  }
}

const FS_ERRORS: Record<string, { what: string; fix: string }> = {
  EACCES: {
    what: "permission denied",
    fix: "give the user running dingpipe read and write access to the data directory and its files (chown/chmod), or pass another --data-dir",
  },
  EPERM: {
    what: "operation not permitted",
    fix: "give the user running dingpipe read and write access to the data directory and its files, or pass another --data-dir",
  },
  EROFS: { what: "the file system is read-only", fix: "pass a --data-dir on a writable file system" },
  ENOTDIR: {
    what: "a part of the path is a file, not a directory",
    fix: "pass a --data-dir that is a directory",
  },
  EISDIR: { what: "it is a directory", fix: "move that directory away, or pass another --data-dir" },
  ENOSPC: { what: "the disk is full", fix: "free space on the data directory's disk" },
};

const PG_OPEN: Record<string, { what: string; fix: string }> = {
  "28P01": {
    what: "the password was refused",
    fix: "check the user and password in --database-url (DINGPIPE_DATABASE_URL)",
  },
  "28000": {
    what: "the server refused this user",
    fix: "check the user in --database-url and the server's pg_hba.conf",
  },
  "3D000": {
    what: "the database does not exist",
    fix: "create it (createdb NAME), or fix the database name in --database-url",
  },
  "42501": {
    what: "the user may not create the tables",
    fix: "grant the user of --database-url CREATE on the database (or run the first start as its owner)",
  },
};

/**
 * Why a database cannot be opened, as one error saying which file (or server), what is wrong and
 * what to do: code "database_unavailable". Anything unforeseen keeps its own message.
 */
export function cannotOpen(where: string, error: unknown): DingpipeError {
  if (isDingpipeError(error, "database_unavailable"))
    return new DingpipeError(
      "database_unavailable",
      `cannot open the database ${where}: ${error.message.replace(/^the database is unavailable: /, "")}`,
      { fix: error.fix, cause: error },
    );
  const code = (error as { code?: unknown })?.code;
  if (code === "ERR_UNKNOWN_BUILTIN_MODULE")
    return new DingpipeError(
      "database_unavailable",
      `cannot open the database ${where}: this Node.js (${process.version}) has no node:sqlite`,
      {
        fix: "run dingpipe on Node.js 24 or later (npm install installs it), or pass --database-url postgres://… to use PostgreSQL",
        cause: error,
      },
    );
  const fs = typeof code === "string" ? FS_ERRORS[code] : undefined;
  const pg = typeof code === "string" ? PG_OPEN[code] : undefined;
  const known = fs ?? pg ?? sqliteBreakage(error) ?? postgresBreakage(error);
  if (known === undefined) {
    return new DingpipeError(
      "database_unavailable",
      `cannot open the database ${where}: ${(error as Error)?.message ?? String(error)}`,
      {
        fix: "check the data directory (or --database-url) and the log; then start again",
        cause: error,
      },
    );
  }
  const what = "what" in known ? known.what : known.reason;
  return new DingpipeError("database_unavailable", `cannot open the database ${where}: ${what}`, {
    fix: known.fix,
    cause: error,
  });
}

export type { DeliveryStore } from "../delivery/delivery-store.ts";
export type * from "./store.ts";
