/**
 * Upgrading a database written by the first schema: credentials without robot keys, deliveries
 * pending on lanes named after credentials, a paused lane, a send log. After the upgrade (and the
 * robot keys the service assigns at start) nothing is lost, the send log and the pause carry over,
 * and two credentials on one robot share its lane. Real SQLite files and a real PostgreSQL.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, it } from "node:test";
import pg from "pg";
import { channelFor } from "../src/channels/index.ts";
import { createRobotKeyer } from "../src/channels/robot-key.ts";
import { createSealer } from "../src/server/crypto.ts";
import { createLogger } from "../src/server/log.ts";
import { assignRobotKeys } from "../src/server/robots.ts";
import { openStore } from "../src/store/index.ts";
import { MIGRATIONS as PG_MIGRATIONS } from "../src/store/postgres/migrations.ts";
import { MIGRATIONS as SQLITE_MIGRATIONS } from "../src/store/sqlite/migrations.ts";
import type { Store } from "../src/store/store.ts";
import { startPostgres, type TestPostgres } from "./helpers/postgres.ts";

const NOW = Date.now();
const EVENT = JSON.stringify({ pipeline: { name: "p" }, task: { name: "build", status: "failure" } });
const RULE = JSON.stringify({ credential: "ci", events: ["failure"], content: ["task"] });

/** The first schema's rows, as `dingpipe serve` 0.1 left them; `$n` placeholders become `?n` on SQLite. */
const V1_ROWS: Array<[string, unknown[]]> = [
  [
    "INSERT INTO credentials (name, sealed, hint, has_secret, keywords, rate_messages, rate_per_seconds, created_at, updated_at) VALUES ($1, 'sealed', 'h', $2, '[]', 20, 60, $3, $3)",
    ["ci", false, NOW],
  ],
  [
    "INSERT INTO credentials (name, sealed, hint, has_secret, keywords, rate_messages, rate_per_seconds, created_at, updated_at) VALUES ($1, 'sealed', 'h', $2, '[]', 20, 60, $3, $3)",
    ["ci-copy", false, NOW],
  ],
  [
    "INSERT INTO notifications (credential, rule, created_at, updated_at) VALUES ('ci', $1, $2, $2)",
    [RULE, NOW],
  ],
  [
    "INSERT INTO events (source, event, received_at, expanded) VALUES ('api', $1, $2, $3)",
    [EVENT, NOW, true],
  ],
  [
    "INSERT INTO events (source, event, received_at, expanded) VALUES ('api', $1, $2, $3)",
    [EVENT, NOW, true],
  ],
  // Accepted, not expanded yet when the service stopped: still waiting after the upgrade.
  [
    "INSERT INTO events (source, event, received_at, expanded) VALUES ('api', $1, $2, $3)",
    [EVENT, NOW, false],
  ],
  ...[1, 2].map((event): [string, unknown[]] => [
    `INSERT INTO deliveries (event_id, notification_id, credential, pipeline, task, event_status, rule, state, run_at, created_at)
     VALUES ($1, '1', $2, 'p', 'build', 'failure', $3, 'pending', $4, $4)`,
    [event, event === 1 ? "ci" : "ci-copy", RULE, NOW],
  ]),
  [
    "INSERT INTO lanes (credential, paused_until, pause_reason) VALUES ('ci', $1, 'throttled: 130101')",
    [NOW + 600_000],
  ],
  ["INSERT INTO lanes (credential) VALUES ('ci-copy')", []],
  ["INSERT INTO send_log (credential, at) VALUES ('ci', $1)", [NOW - 1000]],
  ["INSERT INTO send_log (credential, at) VALUES ('ci-copy', $1)", [NOW - 500]],
];

/** What every dialect must show after the upgrade. */
async function checkUpgraded(store: Store): Promise<void> {
  // Until the keys are assigned, each credential is its own lane, named by its name: as before.
  assert.equal((await store.dueDeliveries("ci", NOW, 10)).total, 1);
  assert.deepEqual(await store.laneSends("ci", 0), [NOW - 1000]);
  assert.equal((await store.laneStates(["ci"])).get("ci")?.pausedUntil, NOW + 600_000);
  // The service gives both (same robot) their key: one lane, one window, the pause carried over.
  await store.assignRobotKey("ci", "dingtalk:same");
  await store.assignRobotKey("ci-copy", "dingtalk:same");
  const due = await store.dueDeliveries("dingtalk:same", NOW, 10);
  assert.deepEqual(due.items.map((d) => d.credential).sort(), ["ci", "ci-copy"]);
  assert.equal(due.items[0]?.event.task.name, "build");
  assert.deepEqual(await store.laneSends("dingtalk:same", 0), [NOW - 1000, NOW - 500]);
  const state = (await store.laneStates(["dingtalk:same"])).get("dingtalk:same");
  assert.equal(state?.pausedUntil, NOW + 600_000);
  assert.equal(state?.pauseReason, "throttled: 130101");
  assert.equal(await store.claimLane({ owner: "w", now: NOW, leaseMs: 1000 }), undefined, "still paused");
  assert.equal(await store.claimLane({ owner: "w", now: NOW + 600_000, leaseMs: 1000 }), "dingtalk:same");
  assert.equal((await store.listDeliveries({ credential: "ci-copy" })).items.length, 1);
  // The events expanded before stay so; the one still waiting is expanded next.
  assert.equal((await store.getEvent("1"))?.expanded, true);
  assert.equal((await store.getEvent("3"))?.expanded, false);
  assert.equal(await store.hasUnexpanded(), true);
  assert.deepEqual(await store.expandEvents({ limit: 10, now: NOW, select: () => [] }), {
    events: 1,
    deliveries: 0,
  });
  assert.equal((await store.getEvent("3"))?.expanded, true);
  assert.equal(await store.hasUnexpanded(), false);
}

describe("upgrading a first-schema database", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("SQLite: keeps every delivery, its window and its pause", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-upgrade-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = new DatabaseSync(join(dir, "dingpipe.sqlite"));
    db.exec(SQLITE_MIGRATIONS[0]!.sql);
    db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    );
    db.prepare("INSERT INTO schema_migrations VALUES (1, 'init', ?)").run(NOW);
    for (const [sql, params] of V1_ROWS) {
      db.prepare(sql.replace(/\$(\d+)/g, "?$1")).run(
        ...(params.map((p) => (typeof p === "boolean" ? Number(p) : p)) as never[]),
      );
    }
    db.close();
    const store = await openStore(undefined, { dataDir: dir });
    cleanups.push(() => store.close());
    await checkUpgraded(store);
  });

  it("PostgreSQL: keeps every delivery, its window and its pause", async () => {
    const server: TestPostgres = await startPostgres();
    cleanups.push(() => server.stop());
    const url = await server.url();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(PG_MIGRATIONS[0]!.sql);
      await client.query(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
      );
      await client.query("INSERT INTO schema_migrations VALUES (1, 'init', $1)", [NOW]);
      for (const [sql, params] of V1_ROWS) await client.query(sql, params);
    } finally {
      await client.end();
    }
    const store = await openStore(url);
    cleanups.push(() => store.close());
    await checkUpgraded(store);
  });
});

const WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa";
const FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f";
const DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef";

/**
 * Rows as the last release (schema up to "credential kind") left them: robots of three kinds, two
 * WeCom credentials on one robot with a pending delivery each, and one sealed under another key.
 */
function releasedRows(sealer: ReturnType<typeof createSealer>): Array<[string, unknown[]]> {
  const credentials: Array<[name: string, kind: string, sealed: string]> = [
    ["wc-a", "wecom", sealer.seal("wc-a", { webhook: WECOM })],
    ["wc-b", "wecom", sealer.seal("wc-b", { webhook: WECOM })],
    ["fs", "feishu", sealer.seal("fs", { webhook: FEISHU })],
    ["dt", "dingtalk", sealer.seal("dt", { webhook: DINGTALK })],
    ["lost", "wecom", createSealer(randomBytes(32)).seal("lost", { webhook: WECOM })],
  ];
  return [
    ...credentials.map(([name, kind, sealed]): [string, unknown[]] => [
      `INSERT INTO credentials (name, sealed, hint, has_secret, keywords, rate_messages, rate_per_seconds,
         created_at, updated_at, kind) VALUES ($1, $2, 'h', $3, '[]', 20, 60, $4, $4, $5)`,
      [name, sealed, false, NOW, kind],
    ]),
    [
      "INSERT INTO notifications (credential, rule, created_at, updated_at) VALUES ('wc-a', $1, $2, $2)",
      [RULE, NOW],
    ],
    [
      "INSERT INTO events (source, event, received_at, expanded) VALUES ('api', $1, $2, $3)",
      [EVENT, NOW, true],
    ],
    ...["wc-a", "wc-b"].map((credential): [string, unknown[]] => [
      `INSERT INTO deliveries (event_id, notification_id, credential, pipeline, task, event_status, rule, state, run_at, created_at)
       VALUES (1, '1', $1, 'p', 'build', 'failure', $2, 'pending', $3, $3)`,
      [credential, RULE, NOW],
    ]),
  ];
}

/** After the upgrade, the keys the service assigns at start: one per real robot, through its channel. */
async function checkRobotKeys(
  store: Store,
  key: Buffer,
  sealer: ReturnType<typeof createSealer>,
): Promise<void> {
  const warnings: string[] = [];
  const logger = createLogger({ level: "warn", write: (line) => warnings.push(line) });
  const keyer = createRobotKeyer(key);
  assert.equal(await assignRobotKeys(store, sealer, keyer, logger), 4);
  const keyOf = async (name: string) => (await store.getCredential(name))?.robotKey;
  const wecom = channelFor("wecom").robotKey({ kind: "wecom", webhook: WECOM }, keyer);
  assert.ok(wecom?.startsWith("wecom:"));
  assert.equal(await keyOf("wc-a"), wecom);
  assert.equal(await keyOf("wc-b"), wecom, "two credentials on one WeCom robot: one key");
  assert.equal(await keyOf("fs"), channelFor("feishu").robotKey({ kind: "feishu", webhook: FEISHU }, keyer));
  assert.match((await keyOf("dt")) ?? "", /^dingtalk:/);
  // Sealed under another key: left on its own lane, with a warning that shows no secret.
  assert.equal(await keyOf("lost"), undefined);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /could not tell which robot/);
  assert.ok(!warnings[0]!.includes("693a91f6"), "the key is not in the log");
  // The two WeCom credentials' deliveries are in one lane now.
  const due = await store.dueDeliveries(wecom!, NOW, 10);
  assert.deepEqual(due.items.map((d) => d.credential).sort(), ["wc-a", "wc-b"]);
  assert.equal(await assignRobotKeys(store, sealer, keyer, logger), 0, "once assigned, kept");
}

/** The migrations of the last release: up to "credential kind" (SQLite 4, PostgreSQL 5). */
function released<M extends { name: string }>(migrations: readonly M[]): M[] {
  return migrations.slice(0, migrations.findIndex((m) => m.name === "credential kind") + 1);
}

describe("upgrading a database of the released schema (robots of every kind)", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("SQLite: WeCom, Feishu and DingTalk credentials stored before robot keys get them at start, one lane per robot", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-upgrade-kinds-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const key = randomBytes(32);
    const sealer = createSealer(key);
    const db = new DatabaseSync(join(dir, "dingpipe.sqlite"));
    db.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    );
    const migrations = released(SQLITE_MIGRATIONS);
    assert.equal(migrations.at(-1)?.version, 4);
    for (const m of migrations) {
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)").run(m.version, m.name, NOW);
    }
    for (const [sql, params] of releasedRows(sealer)) {
      db.prepare(sql.replace(/\$(\d+)/g, "?$1")).run(
        ...(params.map((p) => (typeof p === "boolean" ? Number(p) : p)) as never[]),
      );
    }
    db.close();
    const store = await openStore(undefined, { dataDir: dir });
    cleanups.push(() => store.close());
    await checkRobotKeys(store, key, sealer);
  });

  it("PostgreSQL: the same, from the released schema's version 5", async () => {
    const server: TestPostgres = await startPostgres();
    cleanups.push(() => server.stop());
    const url = await server.url();
    const key = randomBytes(32);
    const sealer = createSealer(key);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
      );
      const migrations = released(PG_MIGRATIONS);
      assert.equal(migrations.at(-1)?.version, 5);
      for (const m of migrations) {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations VALUES ($1, $2, $3)", [m.version, m.name, NOW]);
      }
      for (const [sql, params] of releasedRows(sealer)) await client.query(sql, params);
    } finally {
      await client.end();
    }
    const store = await openStore(url);
    cleanups.push(() => store.close());
    await checkRobotKeys(store, key, sealer);
  });
});
