/**
 * Group commit for node:sqlite. Every write is a small synchronous function queued here; all the
 * functions queued during one turn of the event loop run in ONE `BEGIN IMMEDIATE … COMMIT`, each
 * inside its own SAVEPOINT (so one failing operation rolls back alone), and every promise settles
 * only after the batch is durable: after the writer's own sync of the WAL (below), or, without one, after
 * the COMMIT returned (SQLite's synchronous=FULL, see connection.ts). One fsync then covers a whole batch of accepted events, which is what lets ingest
 * keep durability and throughput together. BEGIN IMMEDIATE takes SQLite's write lock up front, so an
 * operation that reads then writes (claiming a lane) is atomic against other processes too.
 *
 * An operation that makes at most one change (`{ single: true }`: one INSERT, say, after reads) runs
 * without its savepoint: SQLite undoes a failing statement by itself, and a savepoint costs its pair of
 * statements plus a copy of every page the operation touches (~5 µs per accepted event). Should SQLite
 * have rolled back the whole transaction instead (disk full, I/O error), the batch fails as a whole —
 * as it does when a savepoint can no longer be rolled back to.
 *
 * Given a `Durability` (the store's connection runs `synchronous=NORMAL`, see wal-sync.ts), the WAL is
 * synced after each `COMMIT` off the event loop, and the batch's promises settle when that sync returned;
 * meanwhile the next batch gathers, and commits one turn of the loop after it did (one commit and one sync
 * at a time; the requests read in that turn join the batch). A failed sync refuses every later job until a
 * restart.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { HealthTracker } from "../health.ts";
import type { Durability } from "./wal-sync.ts";

interface Job {
  fn: () => unknown;
  single: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitWriter {
  readonly #db: DatabaseSync;
  readonly #health: HealthTracker;
  #queue: Job[] = [];
  #scheduled = false;
  #closed = false;
  #savepoint: { begin: StatementSync; release: StatementSync; rollback: StatementSync } | undefined;
  /** Run once at the end of the next batch, after its jobs (see `atEnd`). */
  #tail: Array<() => void> = [];
  /** Counts the batches run: what a job records for its batch's tail is told apart from an earlier batch's. */
  #batches = 0;

  /** Syncs the WAL after a commit (undefined: SQLite's own `synchronous=FULL` did, inside `COMMIT`). */
  readonly #durability: Durability | undefined;
  /** A committed batch's sync is under way: the next batch waits for it. */
  #syncing = false;
  /**
   * Set when a sync failed: what was committed since the last good one may not be on disk, and a later sync
   * that succeeds would not prove it was (the kernel may drop pages it failed to write). Every later job is
   * refused with it, until a restart lets SQLite recover the WAL from the disk.
   */
  #syncFailed: unknown;

  constructor(db: DatabaseSync, health: HealthTracker, durability?: Durability) {
    this.#db = db;
    this.#health = health;
    this.#durability = durability;
  }

  /**
   * Runs `fn` inside the next batch transaction; resolves after that transaction committed. `single`: `fn`
   * makes at most one change (one statement that writes) and throws only before or by that statement, so it
   * needs no savepoint of its own.
   */
  run<T>(fn: () => T, options?: { single?: boolean }): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("the store is closed"));
    if (this.#syncFailed !== undefined) return Promise.reject(this.#syncFailed);
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        fn,
        single: options?.single === true,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      // While a sync runs, its end schedules the next batch.
      if (!this.#scheduled && !this.#syncing) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /**
   * Runs `fn` once at the end of the batch being gathered now (call it right after `run`), after every
   * job, in the same transaction and in its own savepoint: what it does commits with the batch, and if it
   * throws, only its own changes are undone (the jobs still commit). Used to expand the events a batch
   * inserts in the batch's own transaction. The same `fn` given twice for one batch runs once.
   */
  atEnd(fn: () => void): void {
    if (!this.#tail.includes(fn)) this.#tail.push(fn);
  }

  /**
   * The batch running now (while jobs and tails run inside `#flush`): a number that changes with every batch,
   * so a job can keep something for its batch's tail that a failed earlier batch cannot have left behind.
   */
  get batch(): number {
    return this.#batches;
  }

  /** Runs what is queued now, then refuses new work. */
  close(): void {
    this.#flush(true);
    this.#closed = true;
    this.#durability?.close();
  }

  /** Prepared once: parsing the three statements again for every operation was most of their cost. */
  #savepoints(): { begin: StatementSync; release: StatementSync; rollback: StatementSync } {
    this.#savepoint ??= {
      begin: this.#db.prepare("SAVEPOINT op"),
      release: this.#db.prepare("RELEASE op"),
      rollback: this.#db.prepare("ROLLBACK TO op"),
    };
    return this.#savepoint;
  }

  /**
   * Runs `fn` in its own savepoint: released when it returns, rolled back (its changes alone undone) when
   * it throws. A statement that fails here (the transaction itself is gone) throws and fails the batch.
   */
  #inSavepoint(fn: () => unknown): { ok: boolean; value: unknown } {
    const savepoint = this.#savepoints();
    savepoint.begin.run();
    try {
      const value = fn();
      savepoint.release.run();
      return { ok: true, value };
    } catch (error) {
      savepoint.rollback.run();
      savepoint.release.run();
      return { ok: false, value: error };
    }
  }

  #totalChanges(): number {
    return Number(this.#db.prepare("SELECT total_changes() AS n").get()?.["n"] ?? 0);
  }

  /** `final` (at close): runs now even while a sync is under way, and syncs on the event loop. */
  #flush(final = false): void {
    this.#scheduled = false;
    // What gathers while a sync runs commits when it returned (the sync's callback schedules it).
    if (this.#syncing && !final) return;
    const jobs = this.#queue;
    const tail = this.#tail;
    this.#queue = [];
    this.#tail = [];
    if (jobs.length === 0) return;
    if (this.#syncFailed !== undefined) {
      for (const job of jobs) job.reject(this.#syncFailed);
      return;
    }
    this.#batches++;
    const db = this.#db;
    const results: Array<{ ok: boolean; value: unknown }> = [];
    // While the database is broken in a way a write may mend, only a batch that changed rows (and so
    // wrote to disk at COMMIT) says it works again — a claim that found nothing commits without writing.
    const changesBefore = this.#health.mendable ? this.#totalChanges() : undefined;
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      const failure = this.#health.failed(error);
      for (const job of jobs) job.reject(failure);
      return;
    }
    try {
      for (const job of jobs) {
        if (job.single) {
          try {
            results.push({ ok: true, value: job.fn() });
          } catch (error) {
            // Only that statement was undone, unless SQLite ended the whole transaction.
            if (!db.isTransaction) throw error;
            results.push({ ok: false, value: error });
          }
          continue;
        }
        results.push(this.#inSavepoint(job.fn));
      }
      // A tail that throws is undone alone: what it would have done is left for later (the engine
      // expands on its own).
      for (const fn of tail) this.#inSavepoint(fn);
      db.exec("COMMIT");
    } catch (error) {
      try {
        db.exec("ROLLBACK");
      } catch {
        // the transaction is already gone
      }
      const failure = this.#health.failed(error);
      for (const job of jobs) job.reject(failure);
      return;
    }
    const changed = changesBefore === undefined || this.#totalChanges() > changesBefore;
    const durability = this.#durability;
    if (durability === undefined) {
      this.#settle(jobs, results, changed, null);
      return;
    }
    if (final) {
      let error: Error | null = null;
      try {
        durability.syncNow();
      } catch (e) {
        error = e as Error;
      }
      this.#settle(jobs, results, changed, error);
      return;
    }
    this.#syncing = true;
    durability.sync((error) => {
      this.#syncing = false;
      this.#settle(jobs, results, changed, error);
      if (this.#queue.length > 0 && !this.#scheduled && !this.#closed) {
        this.#scheduled = true;
        // One more turn of the loop first: the requests read in it join this batch. Committing as soon as the
        // sync returned made batches of ~25 events instead of ~30 and cost ~10 % more CPU per event, which took
        // back most of what the sync off the loop gave (bench/RESULTS.md).
        setImmediate(() => setImmediate(() => this.#flush()));
      }
    });
  }

  /** Settles a committed batch's jobs: each with its own result once durable, all with the failure if the sync failed. */
  #settle(
    jobs: Job[],
    results: Array<{ ok: boolean; value: unknown }>,
    changed: boolean,
    syncError: Error | null,
  ): void {
    if (syncError !== null) {
      const failure = this.#health.failed(syncError);
      this.#syncFailed ??= failure;
      for (const job of jobs) job.reject(failure);
      return;
    }
    if (changed) this.#health.wrote();
    jobs.forEach((job, i) => {
      const result = results[i]!;
      if (result.ok) job.resolve(result.value);
      else job.reject(result.value);
    });
  }
}
