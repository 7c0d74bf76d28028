import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, it } from "node:test";
import { makeUnwritable } from "../../../test/helpers/immutable.ts";
import { HealthTracker, sqliteBreakage } from "../health.ts";
import { openDatabase } from "./connection.ts";
import { type Durability, WalSync, WalSyncError, walDurability } from "./wal-sync.ts";
import { GroupCommitWriter } from "./writer.ts";

const root = await mkdtemp(join(tmpdir(), "dingpipe-writer-"));
after(() => rm(root, { recursive: true, force: true }));

let n = 0;
/** A writer over a real database file, and a second connection that sees only what was committed. */
function open(durability?: (db: DatabaseSync, file: string) => Durability | undefined) {
  const file = join(root, `w-${++n}.sqlite`);
  const db = openDatabase(file);
  db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  const health = new HealthTracker(sqliteBreakage);
  const writer = new GroupCommitWriter(db, health, durability?.(db, file));
  const reader = new DatabaseSync(file);
  const rows = () =>
    reader
      .prepare("SELECT k FROM t ORDER BY k")
      .all()
      .map((r) => Number(r["k"]));
  const close = () => {
    writer.close();
    db.close();
    reader.close();
  };
  return { db, file, writer, health, rows, close };
}

/** The real WAL sync, held: each sync runs only when the test lets it go (or fails it). */
function heldSync(file: string) {
  const real = new WalSync(`${file}-wal`);
  const held: Array<(error: Error | null) => void> = [];
  let syncedNow = 0;
  let failNow: Error | undefined;
  const durability: Durability = {
    sync: (done) => held.push(done),
    syncNow: () => {
      syncedNow++;
      if (failNow !== undefined) throw failNow;
      real.syncNow();
    },
    close: () => real.close(),
  };
  /** Lets the oldest held sync run (or fail with `error`); `ran`: it already ran before the file was closed. */
  const release = (error: Error | null = null, ran = false) => {
    const done = held.shift();
    assert.ok(done, "a sync is under way");
    if (error !== null || ran) return done(error);
    real.sync(done);
  };
  /** The sync at close fails with `error`. */
  const failSyncNow = (error: Error) => {
    failNow = error;
  };
  return { durability, release, failSyncNow, held: () => held.length, syncedNow: () => syncedNow };
}

/** A writer whose WAL syncs the test holds (heldSync), and `insert(k)`: a job writing one row. */
function openHeld() {
  let sync!: ReturnType<typeof heldSync>;
  const opened = open((_db, file) => {
    sync = heldSync(file);
    return sync.durability;
  });
  const insert = (k: number) =>
    opened.writer.run(() => opened.db.prepare("INSERT INTO t VALUES (?, 'x')").run(k), { single: true });
  return { ...opened, sync, insert };
}

/** Whether a promise settled, after every callback queued now ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

const settle = (promises: Array<Promise<unknown>>) =>
  Promise.allSettled(promises).then((r) => r.map((x) => x.status));

describe("group commit writer", () => {
  it("a failing operation is undone alone, with or without its savepoint; the others commit together", async () => {
    const { db, writer, rows, close } = open();
    const insert = (sql: string) => () => db.prepare(sql).run();
    const outcome = await settle([
      writer.run(insert("INSERT INTO t VALUES (1, 'a')"), { single: true }),
      // One statement writing two rows, the second refused: SQLite undoes the whole statement.
      writer.run(insert("INSERT INTO t VALUES (2, 'b'), (1, 'dup')"), { single: true }),
      // Two statements, the second throws: its savepoint undoes the first.
      writer.run(() => {
        db.prepare("INSERT INTO t VALUES (3, 'c')").run();
        throw new Error("refused after a write");
      }),
      writer.run(insert("INSERT INTO t VALUES (4, 'd')")),
      writer.run(insert("INSERT INTO t VALUES (5, 'e')"), { single: true }),
    ]);
    assert.deepEqual(outcome, ["fulfilled", "rejected", "rejected", "fulfilled", "fulfilled"]);
    assert.deepEqual(rows(), [1, 4, 5]);
    close();
  });

  it("when SQLite ends the whole transaction under an operation (disk full, I/O error), the whole batch fails and nothing of it is kept", async () => {
    const { db, writer, rows, close } = open();
    const outcome = await settle([
      writer.run(() => db.prepare("INSERT INTO t VALUES (1, 'a')").run(), { single: true }),
      writer.run(() => db.prepare("INSERT INTO t VALUES (2, 'b')").run()),
      writer.run(
        () => {
          // What SQLite does on SQLITE_FULL or SQLITE_IOERR: the transaction is rolled back, the statement fails.
          db.exec("ROLLBACK");
          throw new Error("database or disk is full");
        },
        { single: true },
      ),
      writer.run(() => db.prepare("INSERT INTO t VALUES (3, 'c')").run(), { single: true }),
    ]);
    assert.deepEqual(outcome, ["rejected", "rejected", "rejected", "rejected"]);
    assert.deepEqual(rows(), []);
    // The next batch works again.
    await writer.run(() => db.prepare("INSERT INTO t VALUES (4, 'd')").run(), { single: true });
    assert.deepEqual(rows(), [4]);
    close();
  });

  it("tells batches apart: one number for a batch's jobs and its tail, another for every later batch, a failed one included", async () => {
    const { db, writer, close } = open();
    const seen: Array<[string, number]> = [];
    const note = (what: string) => () => seen.push([what, writer.batch]);
    const first = writer.run(note("job 1"));
    writer.run(note("job 2"), { single: true });
    writer.atEnd(note("tail"));
    await first;
    await writer
      .run(() => {
        note("failed")();
        db.exec("ROLLBACK");
        throw new Error("database or disk is full");
      })
      .catch(() => {});
    await writer.run(note("after"));
    const [a, b, c, d, e] = seen.map(([, n]) => n);
    assert.deepEqual(
      seen.map(([what]) => what),
      ["job 1", "job 2", "tail", "failed", "after"],
    );
    assert.equal(a, b);
    assert.equal(b, c);
    assert.notEqual(d, c);
    assert.notEqual(e, d);
    assert.notEqual(e, c);
    close();
  });

  it("syncs the WAL after each commit and settles the batch only when that sync returned; what gathers meanwhile commits as one batch after it", async () => {
    const { writer, rows, close, sync, insert } = openHeld();
    const first = insert(1);
    assert.equal(await settled(first), false, "not acknowledged before its sync returned");
    assert.deepEqual(rows(), [1], "committed (visible to a reader) while its sync runs");
    assert.equal(sync.held(), 1);
    const batchOfFirst = writer.batch;
    const later = [insert(2), insert(3)];
    assert.equal(await settled(later[0]!), false);
    assert.deepEqual(rows(), [1], "the next batch waits for the sync under way");
    sync.release();
    await first;
    for (let i = 0; i < 5 && writer.batch === batchOfFirst; i++)
      await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(rows(), [1, 2, 3]);
    assert.equal(writer.batch, batchOfFirst + 1, "both later inserts went in one batch");
    assert.equal(await settled(later[1]!), false);
    sync.release();
    await Promise.all(later);
    close();
  });

  it("after a sync returned, what arrives in the loop's next turn joins the batch that waited for it", async () => {
    const { writer, rows, close, sync, insert } = openHeld();
    const first = insert(1);
    await settled(first);
    const second = insert(2);
    const before = writer.batch;
    // The sync returns (its answer handled here, as libuv's callback would), then a request is read in the next turn.
    sync.release(null, true);
    let third: Promise<unknown> | undefined;
    setImmediate(() => {
      third = insert(3);
    });
    await first;
    for (let i = 0; i < 5 && writer.batch === before; i++)
      await new Promise((resolve) => setImmediate(resolve));
    assert.equal(writer.batch, before + 1);
    assert.deepEqual(rows(), [1, 2, 3], "the event read after the sync went in with the one that waited");
    sync.release();
    await Promise.all([second, third]);
    close();
  });

  it("a failed sync of the WAL rejects its batch, and every later job, saying what is wrong: a sync that succeeds later proves nothing", async () => {
    const { health, rows, close, sync, insert } = openHeld();
    const first = insert(1);
    await settled(first);
    const queued = insert(2);
    const eio = Object.assign(new Error("EIO: i/o error, fdatasync"), {
      code: "EIO",
      errno: -5,
      syscall: "fdatasync",
    });
    sync.release(new WalSyncError(eio));
    const unavailable = (error: Error & { code?: string; fix?: string }) => {
      assert.equal(error.code, "database_unavailable");
      assert.match(error.message, /syncing the write-ahead log failed \(EIO\).*may not be on disk/);
      assert.match(error.fix ?? "", /restart the service/);
      return true;
    };
    await assert.rejects(first, unavailable);
    // Gathered while the failing sync ran: refused, not committed.
    await assert.rejects(queued, unavailable);
    await assert.rejects(insert(3), unavailable);
    assert.deepEqual(rows(), [1], "the failed batch stays committed; nothing after it was written");
    assert.equal(sync.held(), 0, "no further sync was started");
    const state = health.state();
    assert.equal(state.ok, false);
    assert.equal(state.mayBeStored, true);
    // Not mended by anything but a restart: a write going through does not count.
    health.wrote();
    assert.equal(health.state().ok, false);
    close();
  });

  it("any error of the WAL's sync (an unknown code too) is the database being unavailable, not an internal error", async () => {
    const { db, writer, close, sync } = openHeld();
    const first = writer.run(() => db.prepare("INSERT INTO t VALUES (1, 'x')").run(), { single: true });
    await settled(first);
    sync.release(
      new WalSyncError(Object.assign(new Error("EINVAL: invalid argument, fdatasync"), { code: "EINVAL" })),
    );
    await assert.rejects(first, (error: Error & { code?: string }) => error.code === "database_unavailable");
    close();
  });

  it("closing while a sync is under way commits what is queued and syncs it before returning", async () => {
    const { db, file, writer, close, sync } = openHeld();
    const first = writer.run(() => db.prepare("INSERT INTO t VALUES (1, 'x')").run(), { single: true });
    await settled(first);
    const queued = writer.run(() => db.prepare("INSERT INTO t VALUES (2, 'x')").run(), { single: true });
    writer.close();
    await assert.rejects(
      writer.run(() => 0),
      /closed/,
    );
    assert.equal(sync.syncedNow(), 1);
    await queued;
    // The sync under way at close returns later (the real one keeps its file open until then).
    sync.release(null, true);
    await first;
    close();
    const reader = new DatabaseSync(file);
    assert.deepEqual(
      reader
        .prepare("SELECT k FROM t ORDER BY k")
        .all()
        .map((r) => Number(r["k"])),
      [1, 2],
    );
    reader.close();
  });

  it("a sync that fails at close rejects what close committed, saying what is wrong", async () => {
    const { writer, health, close, sync, insert } = openHeld();
    const queued = insert(1);
    sync.failSyncNow(new WalSyncError(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" })));
    writer.close();
    await assert.rejects(queued, (error: Error & { code?: string }) => {
      assert.equal(error.code, "database_unavailable");
      assert.match(error.message, /syncing the write-ahead log failed \(EIO\)/);
      return true;
    });
    assert.equal(health.state().ok, false);
    close();
  });

  it("a WAL database's own connection runs synchronous=NORMAL with the writer's sync; any other journal keeps FULL", async () => {
    const wal = open((db) => walDurability(db));
    assert.equal(wal.db.prepare("PRAGMA synchronous").get()?.["synchronous"], 1);
    await wal.writer.run(() => wal.db.prepare("INSERT INTO t VALUES (1, 'x')").run(), { single: true });
    assert.deepEqual(wal.rows(), [1]);
    wal.close();

    const file = join(root, `w-${++n}.sqlite`);
    const db = new DatabaseSync(file);
    db.exec("PRAGMA journal_mode = DELETE");
    db.exec("PRAGMA synchronous = FULL");
    assert.equal(walDurability(db), undefined);
    assert.equal(db.prepare("PRAGMA synchronous").get()?.["synchronous"], 2);
    db.close();
  });

  it("the real WAL sync syncs the database's -wal file, and refuses once closed", async () => {
    const file = join(root, `w-${++n}.sqlite`);
    const db = openDatabase(file);
    db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
    const sync = new WalSync(`${file}-wal`);
    await new Promise<void>((resolve, reject) => sync.sync((error) => (error ? reject(error) : resolve())));
    sync.syncNow();
    // Closed while a sync runs: the file stays open until that sync returned.
    const last = new Promise<void>((resolve, reject) =>
      sync.sync((error) => (error ? reject(error) : resolve())),
    );
    sync.close();
    await last;
    await assert.rejects(
      new Promise<void>((resolve, reject) => sync.sync((error) => (error ? reject(error) : resolve()))),
      /closed/,
    );
    const missing = new WalSync(join(root, "no-such-database.sqlite-wal"));
    await assert.rejects(
      new Promise<void>((resolve, reject) => missing.sync((error) => (error ? reject(error) : resolve()))),
      (error: NodeJS.ErrnoException) => error.code === "ENOENT",
    );
    db.close();
  });

  it("syncs the WAL SQLite writes, beside the file a symbolic link points to", async () => {
    const real = join(root, "real");
    const link = join(root, "link");
    await mkdir(real);
    await symlink(real, link);
    const db = openDatabase(join(link, "db.sqlite"));
    db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
    const durability = walDurability(db);
    assert.ok(durability, "WAL mode: the writer syncs");
    const writer = new GroupCommitWriter(db, new HealthTracker(sqliteBreakage), durability);
    await writer.run(() => db.prepare("INSERT INTO t VALUES (1)").run(), { single: true });
    writer.close();
    db.close();
  });

  it("a WAL this process cannot open for syncing leaves SQLite syncing it (FULL), the writer without a sync of its own", async (t) => {
    const file = join(root, `w-${++n}.sqlite`);
    const db = openDatabase(file);
    db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
    const undo = makeUnwritable([`${file}-wal`]);
    if (undo === undefined) return t.skip("needs a file this process cannot write (chattr +i as root)");
    try {
      assert.equal(walDurability(db), undefined);
      assert.equal(db.prepare("PRAGMA synchronous").get()?.["synchronous"], 2);
    } finally {
      undo();
      db.close();
    }
  });
});
