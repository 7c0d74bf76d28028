/**
 * Opening the SQLite database: one connection per process (node:sqlite is synchronous, so one
 * connection serializes everything anyway and keeps transactions short by construction).
 *
 * Durability choice: WAL with synchronous=FULL. In WAL mode NORMAL only syncs at checkpoints, so a
 * power loss may drop the last commits — events we already answered 202 for. FULL syncs the WAL on
 * every COMMIT; group commit (writer.ts) makes that one fsync per batch rather than per event, which
 * keeps ingest fast while "202 = durably stored" stays true even across a power cut. A store's own
 * connection then moves that sync off the event loop: `synchronous=NORMAL` plus the writer's own
 * `fdatasync` of the WAL after each commit, the batch acknowledged after it (wal-sync.ts). A bare
 * connection opened here (tools, tests) keeps FULL.
 *
 * Savepoint journals in memory (`temp_store = MEMORY`): every operation of a group commit runs in a
 * savepoint, and SQLite keeps the original of each page a savepoint changes in a "sub-journal" that it
 * moves to a temporary file past 64 KiB — an expansion of a batch of events passes that, so each batch
 * created, wrote and deleted a file (three system calls and a page copy per page). It is only used to roll
 * a savepoint back, never for recovery (the WAL is), so durability does not change; it holds the pages one
 * batch touches (typically a few hundred KiB) until the batch commits, and event data no longer passes
 * through the temporary directory.
 *
 * Privacy: the data directory is created 0700 and the database file 0600 before SQLite opens it;
 * SQLite gives the -wal and -shm files it creates the database file's mode, and existing ones are
 * set to 0600 right after opening (a database made by an older version included).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { MIGRATIONS } from "./migrations.ts";

export function openDatabase(file: string): DatabaseSync {
  closeSync(openSync(file, "a", 0o600));
  privateFile(file);
  const db = new DatabaseSync(file);
  try {
    db.exec("PRAGMA busy_timeout = 10000");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA temp_store = MEMORY");
  } catch (error) {
    db.close();
    throw error;
  }
  for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) privateFile(f);
  return db;
}

/** 0600, when this process may change it (a file of another owner keeps its mode). */
function privateFile(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch {
    // not ours: its owner decides
  }
}

/** Creates the data directory 0700 (whatever the umask); an existing one keeps its mode. */
export function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Applies missing migrations in order, under SQLite's write lock (safe with several processes). */
export function migrate(db: DatabaseSync, now: number): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    );
    const applied = new Set(
      db
        .prepare("SELECT version FROM schema_migrations")
        .all()
        .map((r) => Number(r["version"])),
    );
    const insert = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      insert.run(m.version, m.name, now);
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}
