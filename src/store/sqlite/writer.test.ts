import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, it } from "node:test";
import { HealthTracker, sqliteBreakage } from "../health.ts";
import { openDatabase } from "./connection.ts";
import { GroupCommitWriter } from "./writer.ts";

const root = await mkdtemp(join(tmpdir(), "dingpipe-writer-"));
after(() => rm(root, { recursive: true, force: true }));

let n = 0;
/** A writer over a real database file, and a second connection that sees only what was committed. */
function open() {
  const file = join(root, `w-${++n}.sqlite`);
  const db = openDatabase(file);
  db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  const writer = new GroupCommitWriter(db, new HealthTracker(sqliteBreakage));
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
  return { db, writer, rows, close };
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
});
