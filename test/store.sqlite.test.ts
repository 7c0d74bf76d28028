import assert from "node:assert/strict";
import { readlinkSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, it } from "node:test";
import type { RuleSelector } from "../src/delivery/delivery-store.ts";
import { isDingpipeError } from "../src/errors.ts";
import type { PipelineEvent } from "../src/pipeline/event.ts";
import { runKeyOf } from "../src/runs/state.ts";
import { outcomeKeyOf } from "../src/runs/transition.ts";
import { openStore } from "../src/store/index.ts";
import { openDatabase } from "../src/store/sqlite/connection.ts";
import { MIGRATIONS } from "../src/store/sqlite/migrations.ts";
import { eventOf, ruleFor, runStoreContract } from "../src/store/store.contract.ts";

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

  it("opens the database with savepoint journals in memory (no temporary file per batch), WAL and synchronous=FULL", async () => {
    const dir = join(root, "temp-store");
    await mkdir(dir, { recursive: true });
    const db = openDatabase(join(dir, "dingpipe.sqlite"));
    assert.equal(db.prepare("PRAGMA temp_store").get()?.["temp_store"], 2, "MEMORY");
    assert.equal(db.prepare("PRAGMA synchronous").get()?.["synchronous"], 2, "FULL");
    assert.equal(db.prepare("PRAGMA journal_mode").get()?.["journal_mode"], "wal");
    db.close();
  });

  it("a store syncs its WAL itself: it holds the -wal file open for it beside SQLite, and what it acknowledged is in the file", {
    skip: process.platform === "linux" ? false : "reads /proc/self/fd",
  }, async () => {
    const dir = join(root, "wal-sync");
    const store = await openStore(undefined, { dataDir: dir });
    const { id } = await store.insertEvent({
      source: "api",
      event: { pipeline: { name: "p" }, task: { name: "t", status: "success" } },
    });
    const wal = join(dir, "dingpipe.sqlite-wal");
    const open = (await readdir("/proc/self/fd")).filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === wal;
      } catch {
        return false;
      }
    });
    assert.equal(open.length, 2, "SQLite's own descriptor and the store's for syncing");
    const reader = new DatabaseSync(join(dir, "dingpipe.sqlite"));
    assert.equal(reader.prepare("SELECT count(*) AS n FROM events WHERE id = ?").get(Number(id))?.["n"], 1);
    reader.close();
    await store.close();
  });

  it("refuses a URL it does not know, saying what to pass", async () => {
    await assert.rejects(
      openStore("mysql://localhost/db"),
      (e) => isDingpipeError(e, "bad_database_url") && /postgres/.test(e.fix ?? ""),
    );
  });
});

describe("expanding events in the transaction that inserts them (expandOnInsert)", () => {
  const select: RuleSelector = (event, rules) => rules.filter((r) => r.events.includes(event.task.status));
  // The SQLite store has expandOnInsert: without it these cases would pass without expanding anything.
  const open = async () => {
    const store = await openStore(undefined, { dataDir: join(root, `inline-${++n}`) });
    assert.equal(typeof store.expandOnInsert, "function", "the SQLite store expands on insert");
    return store;
  };

  it("an accepted event is already expanded when its insert resolves: deliveries, run state, transition", async () => {
    const store = await open();
    const now = Date.parse("2026-11-30T08:00:00Z");
    await store.createNotification(ruleFor("ops"));
    store.expandOnInsert?.({ select, now: () => now });
    const [a, b, c] = await Promise.all([
      store.insertEvent({ source: "api", event: eventOf("build", "failure") }),
      store.insertEvent({ source: "api", event: eventOf("lint", "started") }),
      store.insertEvent({ source: "api", event: eventOf("test", "success") }),
    ]);
    assert.equal(await store.hasUnexpanded(), false);
    for (const e of [a, b, c]) assert.equal((await store.getEvent(e!.id))?.expanded, true);
    assert.equal((await store.getEvent(a!.id))?.transition, "broken");
    const deliveries = await store.listDeliveries({});
    assert.deepEqual(deliveries.items.map((d) => d.eventId).sort(), [a!.id, c!.id].sort());
    assert.deepEqual(
      (await store.getRun("api\u001f\u001fweb-release\u001f9001"))?.state.tasks.map((t) => t.name),
      ["build", "lint", "test"],
    );
    // Nothing is left for the engine's own expansion.
    assert.deepEqual(await store.expandEvents({ limit: 10, now, select }), { events: 0, deliveries: 0 });
    await store.close();
  });

  it("older events waiting to be expanded go first, so a task's history folds in order", async () => {
    const store = await open();
    const now = Date.now();
    await store.createNotification(ruleFor("ops"));
    const failed = await store.insertEvent({ source: "api", event: eventOf("build", "failure") });
    assert.equal(await store.hasUnexpanded(), true);
    store.expandOnInsert?.({ select, now: () => now });
    const fixed = await store.insertEvent({ source: "api", event: eventOf("build", "success") });
    assert.equal(await store.hasUnexpanded(), false);
    assert.equal((await store.getEvent(failed.id))?.transition, "broken");
    assert.equal((await store.getEvent(fixed.id))?.transition, "fixed");
    await store.close();
  });

  it("each event is expanded as its row reads back, whether the insert kept it as given or had to read its JSON", async () => {
    const store = await open();
    const now = Date.now();
    await store.createNotification(ruleFor("ops"));
    const seen: unknown[] = [];
    store.expandOnInsert?.({
      select: (event, rules, facts) => {
        seen.push(event);
        return select(event, rules, facts);
      },
      now: () => now,
    });
    const plain = eventOf("build", "failure");
    // What a webhook reader leaves when the platform did not send a field: JSON drops it.
    const withHoles = {
      ...eventOf("lint", "failure"),
      task: { name: "lint", status: "failure", startedAt: undefined, url: undefined },
      variables: { KEPT: "x", GONE: undefined },
    } as unknown as PipelineEvent;
    const ids = await Promise.all([
      store.insertEvent({ source: "api", event: plain }),
      store.insertEvent({ source: "github", event: withHoles }),
    ]);
    assert.equal(seen.length, 2, "both expanded inline, in one batch");
    for (const [i, { id }] of ids.entries())
      assert.deepStrictEqual(seen[i], (await store.getEvent(id))?.event, `event ${i + 1} as stored`);
    assert.equal(seen[0], plain, "a plain event is not copied");
    assert.equal((await store.listDeliveries({})).items.length, 2);
    await store.close();
  });

  it("a batch of more events than one expansion takes leaves the newest waiting, oldest first", async () => {
    const store = await open();
    const now = Date.now();
    store.expandOnInsert?.({ select, now: () => now });
    const ids = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.insertEvent({ source: "api", event: eventOf(`task-${i}`, "success") }),
      ),
    );
    assert.equal((await store.getEvent(ids[255]!.id))?.expanded, true);
    assert.equal((await store.getEvent(ids[256]!.id))?.expanded, false);
    assert.deepEqual(await store.expandEvents({ limit: 100, now, select }), { events: 44, deliveries: 0 });
    const run = await store.getRun("api\u001f\u001fweb-release\u001f9001");
    assert.deepEqual(
      run?.state.tasks.map((t) => t.name),
      ids.map((_, i) => `task-${i}`),
    );
    await store.close();
  });

  it("a batch touching more runs and last outcomes than one statement writes keeps every one", async () => {
    const store = await open();
    const now = Date.now();
    store.expandOnInsert?.({ select, now: () => now });
    // 33 runs and 33 tasks: two full statements of 16 rows and one of 1, for each table.
    const events = Array.from({ length: 33 }, (_, i) => ({
      ...eventOf(`task-${i}`, i % 2 === 0 ? "failure" : "success"),
      run: { id: `run-${i}`, number: i },
    }));
    const ids = await Promise.all(events.map((event) => store.insertEvent({ source: "api", event })));
    for (const [i, event] of events.entries()) {
      const run = await store.getRun(runKeyOf("api", event)!);
      assert.deepEqual(
        run?.state.tasks.map((t) => [t.name, t.status]),
        [[`task-${i}`, event.task.status]],
      );
      const outcome = await store.getTaskOutcome(outcomeKeyOf(event));
      assert.equal(outcome?.outcome, event.task.status, `task-${i}`);
      assert.equal(outcome?.eventId, ids[i]!.id);
    }
    await store.close();
  });

  /** An inline expansion whose rule matching throws: the batch's events stay accepted and waiting. */
  const failing = (now: number) => ({
    select: () => {
      throw new Error("a rule that cannot be matched");
    },
    now: () => now,
  });

  it("an expansion that fails leaves the events accepted and waiting, for the engine's own expansion", async () => {
    const store = await open();
    const now = Date.now();
    await store.createNotification(ruleFor("ops"));
    store.expandOnInsert?.(failing(now));
    const e = await store.insertEvent({ source: "api", event: eventOf("build", "failure") });
    assert.equal((await store.getEvent(e.id))?.expanded, false);
    assert.equal((await store.listDeliveries({})).items.length, 0);
    assert.equal(
      await store.getRun("api\u001f\u001fweb-release\u001f9001"),
      undefined,
      "its run state undone too",
    );
    assert.deepEqual(await store.expandEvents({ limit: 10, now, select }), { events: 1, deliveries: 1 });
    // Turned off: events wait for expandEvents again.
    store.expandOnInsert?.(undefined);
    await store.insertEvent({ source: "api", event: eventOf("lint", "failure") });
    assert.equal(await store.hasUnexpanded(), true);
    await store.close();
  });

  it("an engine expansion in the same batch as new events leaves each of them one delivery, not two", async () => {
    const store = await open();
    const now = Date.now();
    await store.createNotification(ruleFor("ops"));
    // One event left waiting (its inline expansion failed), so the engine's expandEvents queues a job.
    store.expandOnInsert?.(failing(now));
    const waiting = await store.insertEvent({ source: "api", event: eventOf("build", "failure") });
    store.expandOnInsert?.({ select, now: () => now });
    // In the same turn: the insert's job, then the engine's expansion (which takes both events), then the
    // batch's inline expansion of the insert.
    const [fresh] = await Promise.all([
      store.insertEvent({ source: "api", event: eventOf("lint", "failure") }),
      store.expandEvents({ limit: 10, now, select }),
    ]);
    const deliveries = (await store.listDeliveries({})).items.map((d) => d.eventId).sort();
    assert.deepEqual(deliveries, [waiting.id, fresh.id].sort(), "one delivery per event");
    assert.equal(await store.hasUnexpanded(), false);
    await store.close();
  });
});
