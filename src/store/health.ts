/**
 * Whether the database works: a store notes every error that says the database itself is broken
 * (not a bad row or a lost race) and every write that went through. The service reads it to stop
 * accepting events (503 with the reason), to fail /readyz, and the engine to log once per change.
 *
 * - broken for good: the file is damaged (SQLite "malformed", "not a database", PostgreSQL data
 *   corruption) — until the operator restores it and restarts;
 * - broken for now: read-only, disk full, I/O errors, permissions, a database server that does not
 *   answer — until a write goes through again (the store probes with one while broken).
 */
import { DingpipeError, isDingpipeError } from "../errors.ts";

export interface StoreHealth {
  ok: boolean;
  /** What is wrong, in words (no secrets): "the database file is damaged (database disk image is malformed)". */
  reason?: string;
  /** When it broke (ISO time). */
  since?: string;
  /** What to do about it. */
  fix?: string;
  /** What failed may have been stored all the same: a client should send it again with its Idempotency-Key. */
  mayBeStored?: boolean;
}

export interface Breakage {
  /** True when a write going through does not mend it (restore, or restart, the reason says which). */
  lasting: boolean;
  reason: string;
  fix: string;
  /** The failed write may have been stored all the same (committed, its sync failed). */
  mayBeStored?: boolean;
}

// SQLite primary result codes (the extended code's low byte).
const SQLITE: Record<number, Omit<Breakage, "reason"> & { what: string }> = {
  3: {
    lasting: false,
    what: "access to the database file was denied",
    fix: "give the user running dingpipe read and write access to the data directory and its files",
  },
  8: {
    lasting: false,
    what: "the database is read-only",
    fix: "make the data directory and its files writable by the user running dingpipe (and the file system writable)",
  },
  10: {
    lasting: false,
    what: "the disk reported an I/O error",
    fix: "check the disk and the file system of the data directory (read-only, full, failing)",
  },
  11: {
    lasting: true,
    what: "the database file is damaged",
    fix: "stop the service, restore the database from a backup (or move it away to start empty), then start again",
  },
  13: { lasting: false, what: "the disk is full", fix: "free space on the data directory's disk" },
  14: {
    lasting: false,
    what: "the database file cannot be opened",
    fix: "check that the data directory exists and is writable by the user running dingpipe",
  },
  26: {
    lasting: true,
    what: "the file is not a SQLite database (or it is damaged)",
    fix: "stop the service, restore the database from a backup (or move it away to start empty), then start again",
  },
};

/** What a SQLite error says about the database, or undefined for an error that does not break it. */
export function sqliteBreakage(error: unknown): Breakage | undefined {
  const errcode = (error as { errcode?: unknown })?.errcode;
  if (typeof errcode !== "number") return walSyncBreakage(error);
  const kind = SQLITE[errcode & 0xff];
  if (kind === undefined) return undefined;
  const detail = (error as { errstr?: string }).errstr ?? (error as Error).message;
  return { lasting: kind.lasting, reason: `${kind.what} (${detail})`, fix: kind.fix };
}

/**
 * A failed sync of SQLite's write-ahead log by the store itself (wal-sync.ts, name "WalSyncError"): lasting until a
 * restart, since a later sync that succeeds no longer proves the earlier frames reached the disk.
 */
function walSyncBreakage(error: unknown): Breakage | undefined {
  if ((error as Error | undefined)?.name !== "WalSyncError") return undefined;
  return {
    lasting: true,
    reason: `${(error as Error).message}: what was accepted since the last good sync may not be on disk`,
    fix: "check the disk and the file system of the data directory, then restart the service (SQLite recovers the write-ahead log from what is on disk)",
    mayBeStored: true,
  };
}

const PG_CONNECTION = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

/** What a PostgreSQL (pg) error says about the database, or undefined for one that does not break it. */
export function postgresBreakage(error: unknown): Breakage | undefined {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? String(error);
  if (typeof code === "string") {
    if (PG_CONNECTION.has(code))
      return {
        lasting: false,
        reason: `the database server does not answer (${code})`,
        fix: "start the PostgreSQL server (or check the network to it); the service resumes by itself",
      };
    // 08: connection exception; 57P: operator intervention (shutdown…); 53: insufficient resources.
    if (/^(08|57P|53)/.test(code))
      return {
        lasting: false,
        reason: `the database server is unavailable (${code}: ${message})`,
        fix: "check the PostgreSQL server (running, not in recovery, disk space, connections); the service resumes by itself",
      };
    if (code === "25006")
      return {
        lasting: false,
        reason: "the database is read-only (a standby?)",
        fix: "point --database-url at the primary",
      };
    if (code === "XX001" || code === "XX002")
      return {
        lasting: true,
        reason: `the database is damaged (${message})`,
        fix: "restore the database from a backup, then restart the service",
      };
  }
  // The pool's own failures when the server is gone: "Connection terminated…", "timeout exceeded when trying to connect".
  if (
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  )
    return {
      lasting: false,
      reason: `the database server does not answer (${message})`,
      fix: "start the PostgreSQL server (or check the network to it); the service resumes by itself",
    };
  return undefined;
}

/** The error a store throws once it knows the database is broken: code "database_unavailable". */
export function unavailable(breakage: Pick<Breakage, "reason" | "fix">, cause?: unknown): DingpipeError {
  return new DingpipeError("database_unavailable", `the database is unavailable: ${breakage.reason}`, {
    retryable: true,
    fix: breakage.fix,
    cause,
  });
}

export class HealthTracker {
  readonly #classify: (error: unknown) => Breakage | undefined;
  readonly #now: () => number;
  #broken: (Breakage & { since: number }) | undefined;

  constructor(classify: (error: unknown) => Breakage | undefined, now: () => number = Date.now) {
    this.#classify = classify;
    this.#now = now;
  }

  /**
   * Notes a failed operation: when it says the database is broken, returns the "database_unavailable"
   * error to throw in its place; otherwise the error itself.
   */
  failed(error: unknown): unknown {
    if (isDingpipeError(error, "database_unavailable")) return error;
    const breakage = this.#classify(error);
    if (breakage === undefined) return error;
    if (this.#broken === undefined || (breakage.lasting && !this.#broken.lasting))
      this.#broken = { ...breakage, since: this.#now() };
    return unavailable(breakage, error);
  }

  /** A write went through: a passing breakage is over (a damaged file stays damaged). */
  wrote(): void {
    if (this.#broken !== undefined && !this.#broken.lasting) this.#broken = undefined;
  }

  /** True while broken in a way a write may mend (the store then probes with one). */
  get mendable(): boolean {
    return this.#broken !== undefined && !this.#broken.lasting;
  }

  state(): StoreHealth {
    const b = this.#broken;
    if (b === undefined) return { ok: true };
    return {
      ok: false,
      reason: b.reason,
      since: new Date(b.since).toISOString(),
      fix: b.fix,
      ...(b.mayBeStored ? { mayBeStored: true } : {}),
    };
  }
}
