import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import postgres from "pg";
import { openStore } from "../src/store/index.ts";
import { MIGRATIONS } from "../src/store/postgres/migrations.ts";
import { runStoreContract } from "../src/store/store.contract.ts";
import { startPostgres, type TestPostgres } from "./helpers/postgres.ts";

const pg: TestPostgres = await startPostgres();
after(() => pg.stop());

runStoreContract("postgres", async () => openStore(await pg.url()));

describe("postgres migrations", () => {
  let url = "";
  before(async () => {
    url = await pg.url();
  });

  it("four stores, each with its own connections, opening one new database at once: every migration is applied once and they share the data", async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(url, { poolSize: 2 })));
    try {
      for (const store of stores) assert.equal(await store.ping(), true);
      const client = new postgres.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
      await client.connect();
      try {
        const applied = await client.query("SELECT version FROM schema_migrations ORDER BY version");
        assert.deepEqual(
          applied.rows.map((r) => Number(r.version)),
          MIGRATIONS.map((m) => m.version),
        );
      } finally {
        await client.end();
      }
      const { id } = await stores[0]!.insertEvent({
        source: "api",
        event: { pipeline: { name: "p" }, task: { name: "t", status: "success" } },
      });
      assert.equal((await stores[3]!.getEvent(id))?.event.task.name, "t");
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it("an event inserted the way an older version does (no queue in its statement) still waits for expansion, once", async () => {
    const store = await openStore(url);
    const client = new postgres.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
    await client.connect();
    try {
      await store.expandEvents({ limit: 100, now: Date.now(), select: () => [] });
      // The insert of a process still running the version before migration 9, beside this one.
      const event = { pipeline: { name: "old" }, task: { name: "t", status: "failure" as const } };
      const rows = await client.query(
        `INSERT INTO events (source, dedup_key, pipeline, status, event, received_at)
         VALUES ('api', NULL, 'old', 'failure', $1, $2), ('api', NULL, 'old', 'failure', $1, $2) RETURNING id`,
        [JSON.stringify(event), Date.now()],
      );
      const ids = rows.rows.map((r) => String(r.id));
      for (const id of ids) assert.equal((await store.getEvent(id))?.expanded, false);
      assert.equal(await store.hasUnexpanded(), true);
      const expanded = await store.expandEvents({ limit: 100, now: Date.now(), select: () => [] });
      assert.equal(expanded.events, 2);
      for (const id of ids) assert.equal((await store.getEvent(id))?.expanded, true);
      assert.equal(await store.hasUnexpanded(), false);
      // A duplicate the insert skipped is not queued again.
      const dup = { source: "api", dedupKey: "k-1", event } as const;
      const first = await store.insertEvent(dup);
      const again = await store.insertEvent(dup);
      assert.equal(again.id, first.id);
      assert.equal(again.duplicate, true);
      assert.equal((await store.expandEvents({ limit: 100, now: Date.now(), select: () => [] })).events, 1);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
