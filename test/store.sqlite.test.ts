import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isDingpipeError } from "../src/errors.ts";
import { openStore } from "../src/store/index.ts";
import { runStoreContract } from "../src/store/store.contract.ts";

const root = await mkdtemp(join(tmpdir(), "dingpipe-store-"));
after(() => rm(root, { recursive: true, force: true }));

let n = 0;
runStoreContract("sqlite", () => openStore(undefined, { dataDir: join(root, `db-${++n}`) }));

describe("openStore", () => {
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
