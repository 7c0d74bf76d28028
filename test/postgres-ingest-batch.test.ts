/**
 * Group commit of events on PostgreSQL (src/store/postgres/event-batch.ts), against a real server:
 * concurrent ingests go to the server as one statement, none is answered before that statement
 * committed, and a batch whose connection dies before its commit is answered with an error for every
 * event in it — none of them acknowledged, none stored. The batch is held at the server by a table
 * lock another session takes, so nothing here depends on timing; every wait is bounded.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import type { PipelineEvent } from "../src/pipeline/event.ts";
import { openStore } from "../src/store/index.ts";
import type { Store } from "../src/store/store.ts";
import { bounded } from "./helpers/bounded.ts";
import { startPostgres, type TestPostgres, waitingAtLock } from "./helpers/postgres.ts";

const server: TestPostgres = await startPostgres();
after(() => server.stop());

const eventOf = (task: string): PipelineEvent => ({
  pipeline: { name: "web" },
  task: { name: task, status: "success" },
});

/** The server processes running our batched insert while it waits on the table lock (polled ≤ 30 s). */
async function waitingBatches(admin: pg.Client): Promise<number[]> {
  await waitingAtLock(admin, "%INSERT INTO events%", "the batch to reach the lock");
  // Every insert was queued in the same turn of the event loop as the first: any other statement
  // carrying some of them was sent with it, so it shows here too.
  const again = await admin.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND state = 'active' AND query LIKE '%INSERT INTO events%'`,
  );
  return again.rows.map((row) => Number(row.pid));
}

describe("postgres: events are group-committed", () => {
  let url = "";
  let store: Store;
  let locker: pg.Client;
  let admin: pg.Client;
  before(async () => {
    url = await server.url();
    store = await openStore(url);
    locker = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
    admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
    await locker.connect();
    await admin.connect();
  });
  after(async () => {
    await store.close();
    await locker.end();
    await admin.end();
  });

  const count = async (source: string) =>
    Number((await admin.query("SELECT count(*) AS n FROM events WHERE source = $1", [source])).rows[0].n);

  it("concurrent ingests go as one statement and each is answered only after that statement committed", async () => {
    await locker.query("BEGIN");
    // Blocks inserts (ROW EXCLUSIVE), not reads: the batch waits at the server until COMMIT below.
    await locker.query("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
    const answered: string[] = [];
    const inserts = Array.from({ length: 40 }, (_, i) =>
      store
        .insertEvent({ source: "batch", dedupKey: i % 10 === 9 ? "same" : `k${i}`, event: eventOf(`t${i}`) })
        .then((r) => {
          answered.push(r.id);
          return r;
        }),
    );
    let pids: number[];
    try {
      pids = await waitingBatches(admin);
      assert.equal(pids.length, 1, "40 concurrent ingests make one statement");
      assert.deepEqual(answered, [], "nothing is answered before its batch committed");
      assert.equal(await count("batch"), 0);
    } finally {
      await locker.query("COMMIT");
    }
    const results = await bounded(Promise.all(inserts), 30_000, "the batch to commit");
    const stored = results.filter((r) => !r.duplicate);
    assert.equal(stored.length, 37, "the same delivery key four times is stored once");
    assert.equal(new Set(stored.map((r) => r.id)).size, 37);
    const same = results.filter((_, i) => i % 10 === 9);
    assert.equal(same.filter((r) => !r.duplicate).length, 1);
    assert.equal(new Set(same.map((r) => r.id)).size, 1, "its duplicates answer with the stored event's id");
    assert.equal(await count("batch"), 37);
    for (const r of stored) assert.equal((await store.getEvent(r.id))?.source, "batch");

    // A key stored by an earlier batch is a duplicate of that event.
    const again = await store.insertEvent({ source: "batch", dedupKey: "k0", event: eventOf("again") });
    assert.deepEqual(again, { id: results[0]!.id, duplicate: true });
  });

  it("a batch without delivery keys is a plain insert; one holding a key still deduplicates; each event stored once, queued, in order", async () => {
    const sentQuery = async (): Promise<string> => {
      const [pid] = await waitingBatches(admin);
      const r = await admin.query("SELECT query FROM pg_stat_activity WHERE pid = $1", [pid]);
      return String(r.rows[0].query);
    };
    const run = async (inputs: Array<{ dedupKey?: string; task: string }>) => {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
      const pending = inputs.map(({ dedupKey, task }) =>
        store.insertEvent({
          source: "mixed",
          event: eventOf(task),
          ...(dedupKey === undefined ? {} : { dedupKey }),
        }),
      );
      let query: string;
      try {
        query = await sentQuery();
      } finally {
        await locker.query("COMMIT");
      }
      return { query, results: await bounded(Promise.all(pending), 30_000, "the batch to commit") };
    };

    const unkeyed = await run(Array.from({ length: 20 }, (_, i) => ({ task: `u${i}` })));
    assert.doesNotMatch(unkeyed.query, /ON CONFLICT/, "no key in the batch: a plain insert");
    assert.ok(unkeyed.results.every((r) => !r.duplicate));
    const ids = unkeyed.results.map((r) => BigInt(r.id));
    assert.deepEqual(
      [...ids].sort((a, b) => (a < b ? -1 : 1)),
      ids,
      "ids in the order the events came",
    );

    const mixed = await run([
      { task: "m0", dedupKey: "m-key" },
      { task: "m1" },
      { task: "m2", dedupKey: "m-key" },
      { task: "m3" },
    ]);
    assert.match(mixed.query, /ON CONFLICT/, "a key in the batch: the deduplicating insert");
    assert.deepEqual(
      mixed.results.map((r) => r.duplicate),
      [false, false, true, false],
    );
    assert.equal(mixed.results[2]!.id, mixed.results[0]!.id);

    assert.equal(await count("mixed"), 23);
    const queued = await admin.query(
      "SELECT count(*) AS n FROM event_queue q JOIN events e ON e.id = q.id WHERE e.source = 'mixed'",
    );
    assert.equal(Number(queued.rows[0].n), 23, "every stored event waits for expansion");
    for (const [i, r] of unkeyed.results.entries())
      assert.equal((await store.getEvent(r.id))?.event.task.name, `u${i}`);
  });

  it("a batch whose connection is killed before its commit: none of its events is acknowledged or stored", async () => {
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
    const inserts = Array.from({ length: 30 }, (_, i) =>
      store.insertEvent({ source: "killed", event: eventOf(`t${i}`) }),
    );
    // Watched from now on: the answers may come before pg_terminate_backend's own.
    const answers = Promise.allSettled(inserts);
    let settled: PromiseSettledResult<unknown>[];
    try {
      const pids = await waitingBatches(admin);
      assert.equal(pids.length, 1);
      await admin.query("SELECT pg_terminate_backend($1)", [pids[0]]);
      settled = await bounded(answers, 30_000, "the killed batch to fail");
    } finally {
      await locker.query("ROLLBACK");
    }
    assert.deepEqual(
      settled.map((s) => s.status),
      Array.from({ length: 30 }, () => "rejected"),
      "every event of the killed batch is answered with an error",
    );
    assert.equal(await count("killed"), 0, "and none of them was stored");

    // The store goes on with a new connection.
    const next = await store.insertEvent({ source: "killed", event: eventOf("after") });
    assert.equal(next.duplicate, false);
    assert.equal(await count("killed"), 1);
  });
});
