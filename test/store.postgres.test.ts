import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import postgres from "pg";
import type { RuleSelector } from "../src/delivery/delivery-store.ts";
import type { PipelineEvent } from "../src/pipeline/event.ts";
import { applyEvent, newRun, runKeyOf } from "../src/runs/state.ts";
import { openStore } from "../src/store/index.ts";
import { MIGRATIONS } from "../src/store/postgres/migrations.ts";
import { MAX_WAITING } from "../src/store/postgres/waiting.ts";
import { eventOf, ruleFor, runStoreContract } from "../src/store/store.contract.ts";
import type { Store } from "../src/store/store.ts";
import { bounded } from "./helpers/bounded.ts";
import { startPostgres, type TestPostgres, waitingAtLock } from "./helpers/postgres.ts";

const pg: TestPostgres = await startPostgres();
after(() => pg.stop());

runStoreContract("postgres", async () => openStore(await pg.url()));

/** The rules whose events include the event's status. */
const byStatus: RuleSelector = (event, rules) => rules.filter((r) => r.events.includes(event.task.status));

/** One expansion by byStatus, and each event as the expansion saw it, in order. */
async function expandSeeing(store: Store, now: number) {
  const seen: PipelineEvent[] = [];
  const result = await store.expandEvents({
    limit: 100,
    now,
    select: (event, rules, facts) => {
      seen.push(event);
      return byStatus(event, rules, facts);
    },
  });
  return { result, seen };
}

/** Two connections of their own: one holds a lock in its transaction, the other watches who waits for it. */
async function lockerAndAdmin(url: string): Promise<[postgres.Client, postgres.Client]> {
  const clients = [0, 1].map(
    () => new postgres.Client({ connectionString: url, connectionTimeoutMillis: 30_000 }),
  );
  for (const client of clients) await client.connect();
  return [clients[0]!, clients[1]!];
}

/**
 * An expansion held at a lock: `locker` takes `lock` in a transaction, the expansion starts and waits at the
 * statement LIKE `at`; then `meanwhile` (given that backend's pid) runs, the transaction ends with `end`, and
 * what the expansion failed with (undefined if it did not) comes back. Each wait at most 30 s.
 */
async function expansionHeldAtLock(
  on: { store: Store; locker: postgres.Client; admin: postgres.Client; select: RuleSelector; now: number },
  hold: { lock: string; at: string; end: "COMMIT" | "ROLLBACK" },
  meanwhile: (pid: number) => Promise<void>,
): Promise<unknown> {
  await on.locker.query("BEGIN");
  await on.locker.query(`LOCK TABLE ${hold.lock}`);
  const expanding = on.store.expandEvents({ limit: 100, now: on.now, select: on.select }).then(
    () => undefined,
    (error: unknown) => error,
  );
  try {
    const [pid] = await waitingAtLock(on.admin, hold.at, `the expansion to wait at ${hold.at}`);
    await meanwhile(pid!);
  } finally {
    await on.locker.query(hold.end);
  }
  return bounded(expanding, 30_000, "the expansion to end");
}

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

describe("postgres: the events this process accepted are expanded from memory (waiting.ts)", () => {
  const select = byStatus;

  it("each event is expanded as its row reads back, kept in memory or read, in the order accepted", async () => {
    const url = await pg.url();
    const store = await openStore(url);
    const other = await openStore(url); // another process on the same database
    try {
      const now = Date.now();
      await store.createNotification(ruleFor("ops"));
      // This process expands: from now on it keeps what it accepts.
      await store.expandEvents({ limit: 100, now, select });
      const plain = eventOf("build", "failure");
      // What a webhook reader leaves when the platform did not send a field: JSON drops it.
      const withHoles = {
        ...eventOf("lint", "failure"),
        task: { name: "lint", status: "failure", startedAt: undefined, url: undefined },
        variables: { KEPT: "x", GONE: undefined },
      } as unknown as PipelineEvent;
      const a = await store.insertEvent({ source: "api", event: plain });
      const b = await other.insertEvent({ source: "api", event: eventOf("build", "success") });
      const c = await store.insertEvent({ source: "github", event: withHoles });
      const d = await store.insertEvent({ source: "api", event: eventOf("build", "failure") });
      const { result, seen } = await expandSeeing(store, now);
      assert.deepEqual(result, { events: 4, deliveries: 4 });
      const ids = [a.id, b.id, c.id, d.id];
      for (const [i, id] of ids.entries())
        assert.deepStrictEqual(seen[i], (await store.getEvent(id))?.event, `event ${i + 1} as stored`);
      assert.equal(seen[0], plain, "taken from memory: a plain event is not read back");
      assert.notEqual(seen[2], withHoles, "an event JSON does not keep as it is: its stored form");
      // The other process's event sits between this one's: the history folds in the order accepted.
      assert.deepEqual(await Promise.all(ids.map(async (id) => (await store.getEvent(id))?.transition)), [
        "broken",
        "fixed",
        "broken",
        "broken",
      ]);
      assert.equal(await store.hasUnexpanded(), false);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it("more events than it keeps, and events another process expanded: every one expanded once, in order", async () => {
    const url = await pg.url();
    const store = await openStore(url);
    const other = await openStore(url);
    try {
      const now = Date.now();
      await store.expandEvents({ limit: 100, now, select });
      // Kept by this process, then expanded by the other: this one must not expand them again.
      const early = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.insertEvent({ source: "api", event: eventOf(`early-${i}`, "success") }),
        ),
      );
      assert.equal((await other.expandEvents({ limit: 100, now, select })).events, 20);
      // More than MAX_WAITING at once: the rest is read from the rows.
      const many = await Promise.all(
        Array.from({ length: MAX_WAITING + 200 }, (_, i) =>
          store.insertEvent({ source: "api", event: eventOf(`task-${i}`, "success") }),
        ),
      );
      let events = 0;
      for (;;) {
        const r = await store.expandEvents({ limit: 500, now, select });
        if (r.events === 0) break;
        events += r.events;
      }
      assert.equal(events, MAX_WAITING + 200, "each once; none of the early ones again");
      for (const { id } of [...early, ...many]) assert.equal((await store.getEvent(id))?.expanded, true);
      // In the order accepted: by id (two batches in flight at once may interleave their ids).
      const accepted = [
        ...early.map((e, i) => [e.id, `early-${i}`] as const),
        ...many.map((e, i) => [e.id, `task-${i}`] as const),
      ].sort(([x], [y]) => Number(x) - Number(y));
      const run = await store.getRun("api\u001f\u001fweb-release\u001f9001");
      assert.deepEqual(
        run?.state.tasks.map((t) => t.name),
        accepted.map(([, name]) => name),
      );
    } finally {
      await other.close();
      await store.close();
    }
  });
});

describe("postgres: a failing read of the events this process does not keep", () => {
  const select = byStatus;

  it("leaves every event waiting, the kept ones kept; the next expansion takes each once, in order", async () => {
    const url = await pg.url();
    const store = await openStore(url);
    const other = await openStore(url); // another process on the same database: its events are read back
    const [locker, admin] = await lockerAndAdmin(url);
    try {
      const now = Date.now();
      await store.createNotification(ruleFor("ops"));
      await store.expandEvents({ limit: 100, now, select }); // from now on it keeps what it accepts
      const kept = eventOf("build", "failure");
      const a = await store.insertEvent({ source: "api", event: kept });
      const b = await other.insertEvent({ source: "api", event: eventOf("build", "success") });
      const c = await store.insertEvent({ source: "api", event: eventOf("build", "failure") });
      // Reads of events wait behind this lock: the expansion waits at its read of the other's event, and is
      // cancelled there, as a statement timeout or an operator would.
      const failure = await expansionHeldAtLock(
        { store, locker, admin, select, now },
        { lock: "events IN ACCESS EXCLUSIVE MODE", at: "%FROM events WHERE id = ANY%", end: "ROLLBACK" },
        async (pid) => {
          await admin.query("SELECT pg_cancel_backend($1)", [pid]);
        },
      );
      assert.ok(failure instanceof Error, "the read failed: so did the expansion");
      assert.match(failure.message, /cancel/, "at the read, not something else");
      assert.equal(await store.hasUnexpanded(), true, "the events still wait");
      for (const { id } of [a, b, c]) assert.equal((await store.getEvent(id))?.expanded, false);

      const { result, seen } = await expandSeeing(store, now);
      assert.deepEqual(result, { events: 3, deliveries: 3 }, "each once: the failed attempt left nothing");
      assert.equal(seen[0], kept, "still kept in memory after the failed attempt");
      assert.deepEqual(
        await Promise.all([a, b, c].map(async ({ id }) => (await store.getEvent(id))?.transition)),
        ["broken", "fixed", "broken"],
      );
      assert.equal(await store.hasUnexpanded(), false);
      assert.deepEqual(await store.expandEvents({ limit: 100, now, select }), { events: 0, deliveries: 0 });
    } finally {
      await locker.end();
      await admin.end();
      await other.close();
      await store.close();
    }
  });
});

describe("postgres: a run the expansion did not load is inserted, not upserted", () => {
  const select: RuleSelector = () => [];

  it("a run row that appears between the load and the insert fails the expansion; the retry loads it and folds the event in", async () => {
    const url = await pg.url();
    const store = await openStore(url);
    const [locker, admin] = await lockerAndAdmin(url);
    try {
      const now = Date.now();
      const event = eventOf("test", "success");
      const key = runKeyOf("api", event);
      assert.ok(key);
      await store.insertEvent({ source: "api", event });
      // Writes to runs wait behind this lock (reads do not): the expansion loads, finds no run, and waits
      // at its insert while a row with the same key is written and committed beside it.
      const failure = await expansionHeldAtLock(
        { store, locker, admin, select, now },
        { lock: "runs IN SHARE ROW EXCLUSIVE MODE", at: "%INSERT INTO runs (run_key%", end: "COMMIT" },
        async () => {
          const at = new Date(now - 60_000).toISOString();
          const built = eventOf("build", "failure");
          const earlier = applyEvent(newRun("api", built, at), built, "1", at);
          assert.ok(earlier);
          await locker.query(
            `INSERT INTO runs (run_key, source, pipeline, run_id, state, version, created_at, updated_at)
             VALUES ($1, 'api', $2, $3, $4, 1, $5, $5)`,
            [key, earlier.pipeline, earlier.runId, JSON.stringify(earlier), now - 60_000],
          );
        },
      );
      assert.ok(failure instanceof Error, "the insert met the row: the expansion failed");
      assert.match(failure.message, /runs_pkey/, "on the run's key, not something else");
      assert.equal(await store.hasUnexpanded(), true, "the event still waits");
      // The retry loads the row and upserts it: the event's task joins what was there.
      assert.deepEqual(await store.expandEvents({ limit: 100, now, select }), { events: 1, deliveries: 0 });
      assert.deepEqual(
        (await store.getRun(key))?.state.tasks.map((t) => [t.name, t.status]),
        [
          ["build", "failure"],
          ["test", "success"],
        ],
      );
      assert.equal(await store.hasUnexpanded(), false);
    } finally {
      await locker.end();
      await admin.end();
      await store.close();
    }
  });
});
