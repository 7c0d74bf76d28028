import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openStore } from "../src/store/index.ts";
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

  it("run once when several processes start at the same time", async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(url, { poolSize: 2 })));
    try {
      for (const store of stores) assert.equal(await store.ping(), true);
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
