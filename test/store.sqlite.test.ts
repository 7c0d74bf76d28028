import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, it } from "node:test";
import { isDingpipeError } from "../src/errors.ts";
import { openStore } from "../src/store/index.ts";
import { MIGRATIONS } from "../src/store/sqlite/migrations.ts";
import { runStoreContract } from "../src/store/store.contract.ts";

const root = await mkdtemp(join(tmpdir(), "dingpipe-store-"));
after(() => rm(root, { recursive: true, force: true }));

let n = 0;
runStoreContract("sqlite", () => openStore(undefined, { dataDir: join(root, `db-${++n}`) }));

describe("openStore", () => {
  it("upgrades a database of the first schema: existing events join the trail's filters", async () => {
    const dir = join(root, "v1");
    await mkdir(dir, { recursive: true });
    const db = new DatabaseSync(join(dir, "dingpipe.sqlite"));
    db.exec(MIGRATIONS[0]!.sql);
    db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    );
    db.prepare("INSERT INTO schema_migrations VALUES (1, 'init', 0)").run();
    db.prepare("INSERT INTO events (source, event, received_at) VALUES ('github', ?, ?)").run(
      JSON.stringify({ pipeline: { name: "old" }, task: { name: "t", status: "failure" } }),
      Date.now(),
    );
    db.close();
    const store = await openStore(undefined, { dataDir: dir });
    const page = await store.listEvents({ pipeline: "old", status: "failure" });
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0]?.event.pipeline.name, "old");
    await store.close();
  });

  it("creates the data directory and reopens the same file with its data", async () => {
    const dir = join(root, "nested", "data");
    const store = await openStore(undefined, { dataDir: dir });
    const { id } = await store.insertEvent({
      source: "api",
      event: { pipeline: { name: "p" }, task: { name: "t", status: "success" } },
    });
    await store.close();
    const again = await openStore(undefined, { dataDir: dir });
    assert.equal((await again.getEvent(id))?.event.pipeline.name, "p");
    await again.close();
  });

  it("refuses a URL it does not know, saying what to pass", async () => {
    await assert.rejects(
      openStore("mysql://localhost/db"),
      (e) => isDingpipeError(e, "bad_database_url") && /postgres/.test(e.fix ?? ""),
    );
  });
});
