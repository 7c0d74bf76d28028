/**
 * Opening the store: no URL → SQLite in `<dataDir>/dingpipe.sqlite` (dataDir defaults to
 * ./dingpipe-data and is created); `postgres://` or `postgresql://` → PostgreSQL. Migrations run
 * before the store is returned.
 */
import { join } from "node:path";
import { DingpipeError } from "../errors.ts";
import { ensureDir } from "./sqlite/connection.ts";
import { SqliteStore } from "./sqlite/store.ts";
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
  if (url === undefined || url === "") {
    const dir = options.dataDir ?? "dingpipe-data";
    ensureDir(dir);
    store = new SqliteStore(join(dir, "dingpipe.sqlite"), now);
  } else if (/^postgres(ql)?:\/\//i.test(url)) {
    const { PostgresStore } = await import("./postgres/store.ts");
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
    throw error;
  }
  return store;
}

export type { DeliveryStore } from "../delivery/delivery-store.ts";
export type * from "./store.ts";
