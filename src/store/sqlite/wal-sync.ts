/**
 * Syncing SQLite's write-ahead log off the event loop.
 *
 * With `synchronous=FULL`, SQLite fsyncs the WAL inside every `COMMIT`, and node:sqlite runs `COMMIT` on
 * the event loop: each group commit stopped the service for the length of the disk's flush (here ~1 ms
 * per batch, a third of the commit's time; 4–8 ms on slower disks), and no request was read meanwhile.
 * `synchronous=FULL` in WAL mode is exactly `NORMAL` plus that one sync of the WAL after each commit. So
 * the store's connection runs `NORMAL`, and the group-commit writer syncs the WAL itself — one
 * `fdatasync` of the `-wal` file on libuv's thread pool after each batch's `COMMIT` — and settles the
 * batch's promises only when it returned. "202 means durable" holds as before: nothing is acknowledged
 * before its WAL frames are on disk. While a sync is under way the next batch gathers (the loop keeps
 * reading requests), and commits when it returned.
 *
 * What differs from FULL: a committed batch is visible to readers on this connection for the length of
 * its sync (the API could list an event before it is on disk; a crash of the process loses nothing, the
 * frames are in the OS's cache, only a power cut in that window does). Every action toward a robot
 * follows a write of its own (claim, begin send) whose sync covers every earlier frame of the WAL, so
 * nothing is sent for an event that is not yet on disk.
 *
 * The `-wal` file stays the same file while this connection is open (SQLite removes it only when the
 * last connection closes, and restarts it in place after a checkpoint); its directory entry is synced
 * once when it is first opened here, as SQLite does for a new WAL.
 */
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";

/** Makes what was committed durable: `sync` off the event loop, `syncNow` on it (at close). */
export interface Durability {
  sync(done: (error: Error | null) => void): void;
  syncNow(): void;
  close(): void;
}

/**
 * For a store's own connection: when the database is in WAL mode, switches the connection to
 * `synchronous=NORMAL` and returns the sync the writer runs after each commit; otherwise (another journal
 * mode: a file system without shared memory, say) leaves `FULL` in place and returns undefined.
 */
export function walDurability(db: DatabaseSync): Durability | undefined {
  const mode = db.prepare("PRAGMA journal_mode").get()?.["journal_mode"];
  if (String(mode).toLowerCase() !== "wal") return undefined;
  // Where SQLite keeps the WAL: beside the database file it opened (a symbolic link resolved).
  const location = db.location();
  if (location === null) return undefined;
  const durability = new WalSync(`${location}-wal`);
  try {
    // SQLite creates the -wal file at the first read in WAL mode, not when the connection opens.
    db.prepare("SELECT count(*) FROM sqlite_schema").get();
    durability.open();
  } catch {
    // A database that cannot be read says so where it did before, at the store's first statement.
    // The WAL cannot be opened here (permissions, a file system that refuses): SQLite keeps syncing it.
    durability.close();
    return undefined;
  }
  db.exec("PRAGMA synchronous = NORMAL");
  return durability;
}

/**
 * A failed sync (or opening) of the WAL: what was committed since the last good sync may not be on disk, and
 * the kernel may have dropped the failed pages, so a later sync that succeeds proves nothing. The writer
 * takes no more work after it (the store says so until a restart, which recovers the WAL from the disk).
 */
export class WalSyncError extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    const code = (cause as { code?: unknown })?.code;
    const what = typeof code === "string" ? code : String((cause as Error)?.message ?? cause);
    super(`syncing the write-ahead log failed (${what})`, { cause });
    this.name = "WalSyncError";
    this.code = typeof code === "string" ? code : undefined;
  }
}

export class WalSync implements Durability {
  readonly #file: string;
  #fd: number | undefined;
  #inFlight = 0;
  #closing = false;

  constructor(file: string) {
    this.#file = file;
  }

  /** Opens the WAL file now (done at start, so a file that cannot be synced is known before any commit). */
  open(): void {
    this.#open();
  }

  sync(done: (error: Error | null) => void): void {
    let fd: number;
    try {
      fd = this.#open();
    } catch (error) {
      process.nextTick(done, new WalSyncError(error));
      return;
    }
    this.#inFlight++;
    fdatasync(fd, (error) => {
      this.#inFlight--;
      try {
        if (this.#closing && this.#inFlight === 0) this.#closeFd();
      } catch {
        // closing is not what this sync was about: its own outcome is what the batch gets
      } finally {
        done(error === null ? null : new WalSyncError(error));
      }
    });
  }

  syncNow(): void {
    try {
      fdatasyncSync(this.#open());
    } catch (error) {
      throw new WalSyncError(error);
    }
  }

  /** Closes the file once no sync is running on it (a number reused for another file must not be synced). */
  close(): void {
    this.#closing = true;
    if (this.#inFlight === 0) this.#closeFd();
  }

  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    if (this.#closing) throw new Error("the store is closed");
    const fd = openSync(this.#file, "r+");
    this.#fd = fd;
    // As SQLite does for a new WAL: best effort (some file systems cannot sync a directory).
    try {
      syncDirectory(dirname(this.#file));
    } catch {
      // the file's own syncs still hold
    }
    return fd;
  }

  #closeFd(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    closeSync(fd);
  }
}

/** Makes a new file's directory entry durable (where the platform can sync a directory). */
function syncDirectory(dir: string): void {
  if (process.platform === "win32") return;
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
