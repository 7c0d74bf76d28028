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
});
