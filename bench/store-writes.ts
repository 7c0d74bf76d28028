/**
 * What the SQLite store writes per accepted event, and what each index costs: the store alone (`openStore`,
 * inline expansion with no rules, as `dingpipe serve` runs it), ingest-like batches (`--batch` inserts per turn
 * of the loop, one group commit each), on a database grown first to a realistic size. Each variant is a copy
 * of that database changed before the store opens it (an index dropped, another page size); every measurement
 * is a fresh process, variants alternate round by round, and the table gives medians and each variant's
 * paired difference from the first (same round).
 *
 * Per event: CPU (`process.cpuUsage`, user + system, all threads: the WAL's sync runs on libuv's pool), WAL
 * frames (read from the WAL index's `mxFrame` in the `-shm` file after each batch, counting restarts), WAL
 * bytes (frames × (page size + 24)), and all bytes written and read through system calls (`/proc/self/io`:
 * WAL frames, checkpoints into the database file, pages read back from the OS).
 *
 *   node bench/store-writes.ts --dir DIR [--grow 1000000] [--set indexes|pages|keyed] [--rounds 6] [--events 20000]
 *
 * `--grow N` first fills DIR/base with N events of the ingest bench's shape (one run per event; ~1.3 KB of
 * database per event). `--keyed` events carry an Idempotency-Key (a random UUID: the dedup index's case).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { validateEvent } from "../src/server/validate.ts";
import { openStore } from "../src/store/index.ts";
import { machine, median } from "./common.ts";
import { benchEvent } from "./ingest/event.ts";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    grow: { type: "string", default: "0" },
    set: { type: "string", default: "indexes" },
    rounds: { type: "string", default: "6" },
    events: { type: "string", default: "20000" },
    warm: { type: "string", default: "3000" },
    batch: { type: "string", default: "30" },
    // one measurement (what the orchestrating process runs for each variant and round)
    one: { type: "boolean", default: false },
    sql: { type: "string", default: "" },
    pragma: { type: "string", default: "" },
    keyed: { type: "boolean", default: false },
  },
});
if (values.dir === undefined) throw new Error("--dir: where the databases go");
const DIR = values.dir;

interface Variant {
  name: string;
  /** Run on the copy before each measurement (idempotent). */
  sql?: string;
  /** Run once on the copy, followed by VACUUM (a page size needs the rollback journal while it is set). */
  setup?: string;
  keyed?: boolean;
}
const drop = (...names: string[]) => names.map((n) => `DROP INDEX IF EXISTS ${n};`).join(" ");
const SETS: Record<string, Variant[]> = {
  indexes: [
    { name: "base" },
    { name: "-events_source", sql: drop("events_source") },
    { name: "-events_pipeline", sql: drop("events_pipeline") },
    { name: "-events_received", sql: drop("events_received") },
    { name: "-runs_pipeline", sql: drop("runs_pipeline") },
    { name: "-runs_updated", sql: drop("runs_updated") },
    {
      name: "-all five",
      sql: drop("events_source", "events_pipeline", "events_received", "runs_pipeline", "runs_updated"),
    },
    { name: "keyed (Idempotency-Key)", keyed: true },
  ],
  pages: [
    { name: "page 4096" },
    { name: "page 2048", setup: "PRAGMA journal_mode = DELETE; PRAGMA page_size = 2048" },
    { name: "page 1024", setup: "PRAGMA journal_mode = DELETE; PRAGMA page_size = 1024" },
  ],
  keyed: [{ name: "base" }, { name: "keyed (Idempotency-Key)", keyed: true }],
};

/** The ingest bench's event: a new run per event. */
const body = benchEvent;

/** Ingests `events` after `warm` into the store in `dir`; prints one JSON line of per-event figures. */
async function measure(dir: string, events: number, warm: number, keyed: boolean): Promise<void> {
  const file = `${dir}/dingpipe.sqlite`;
  const batch = Number(values.batch);
  // Run ids after the ones already there (the database keeps growing by what each measurement adds).
  const start = existsSync(file)
    ? (() => {
        const d = new DatabaseSync(file);
        const n = Number(d.prepare("SELECT coalesce(max(id), 0) + 1 AS n FROM events").get()?.["n"] ?? 1);
        d.close();
        return n;
      })()
    : 1;
  const store = await openStore(undefined, { dataDir: dir });
  store.expandOnInsert?.({ select: () => [], now: Date.now });
  const inputs = Array.from({ length: warm + events }, (_, k) => {
    const event = validateEvent(body(start + k));
    return keyed
      ? { source: "api", event, dedupKey: `api:${crypto.randomUUID()}` }
      : { source: "api", event };
  });
  const shm = openSync(`${file}-shm`, "r");
  const header = Buffer.alloc(24);
  const mxFrame = () => {
    readSync(shm, header, 0, 24, 0);
    return header.readUInt32LE(16);
  };
  const io = () => {
    const text = readFileSync("/proc/self/io", "utf8");
    const field = (k: string) => Number(new RegExp(`${k}: (\\d+)`).exec(text)?.[1]);
    return { written: field("wchar"), read: field("rchar") };
  };
  let frames = 0;
  let last = mxFrame();
  const ingest = async (from: number, to: number) => {
    for (let k = from; k < to; k += batch) {
      const pending = [];
      for (let j = k; j < Math.min(to, k + batch); j++) pending.push(store.insertEvent(inputs[j]!));
      await Promise.all(pending);
      const now = mxFrame();
      frames += now >= last ? now - last : now; // the WAL restarted after a checkpoint
      last = now;
    }
  };
  await ingest(0, warm);
  frames = 0;
  const io0 = io();
  const cpu0 = process.cpuUsage();
  await ingest(warm, warm + events);
  const cpu = process.cpuUsage(cpu0);
  const io1 = io();
  await store.close();
  const d = new DatabaseSync(file);
  const pageSize = Number(d.prepare("PRAGMA page_size").get()?.["page_size"]);
  const rows = Number(d.prepare("SELECT count(*) AS n FROM events").get()?.["n"]);
  d.close();
  console.log(
    JSON.stringify({
      us: (cpu.user + cpu.system) / events,
      frames: frames / events,
      walBytes: (frames * (pageSize + 24)) / events,
      written: (io1.written - io0.written) / events,
      read: (io1.read - io0.read) / events,
      rows,
    }),
  );
}

if (values.one) {
  const file = `${DIR}/dingpipe.sqlite`;
  for (const sql of [values.pragma, values.sql]) {
    if (!sql) continue;
    const d = new DatabaseSync(file);
    d.exec(sql);
    if (sql === values.pragma) d.exec("VACUUM");
    d.close();
  }
  await measure(DIR, Number(values.events), Number(values.warm), values.keyed);
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (args: string[]) =>
    execFileSync(process.execPath, [self, ...args], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop()!;
  const base = `${DIR}/base`;
  const grow = Number(values.grow);
  if (grow > 0) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    run(["--one", "--dir", base, "--events", String(grow), "--warm", "0"]);
  }
  const variants = SETS[values.set!];
  if (variants === undefined) throw new Error(`--set: one of ${Object.keys(SETS).join(", ")}`);
  for (const [i, v] of variants.entries()) {
    const d = `${DIR}/${values.set}-${i}`;
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    if (existsSync(`${base}/dingpipe.sqlite`)) cpSync(`${base}/dingpipe.sqlite`, `${d}/dingpipe.sqlite`);
    if (v.setup) run(["--one", "--dir", d, "--pragma", v.setup, "--events", "30", "--warm", "0"]);
  }
  type Row = { us: number; frames: number; walBytes: number; written: number; read: number; rows: number };
  const results: Row[][] = variants.map(() => []);
  for (let r = 0; r < Number(values.rounds); r++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (k + r) % variants.length;
      const v = variants[i]!;
      const args = [
        "--one",
        "--dir",
        `${DIR}/${values.set}-${i}`,
        "--events",
        values.events!,
        "--warm",
        values.warm!,
      ];
      if (v.sql) args.push("--sql", v.sql);
      if (v.keyed) args.push("--keyed");
      results[i]!.push(JSON.parse(run(args)) as Row);
    }
    process.stderr.write(`round ${r + 1} of ${values.rounds}\n`);
  }
  console.log(
    `${machine()}; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}\n`,
  );
  console.log(
    "| variant | CPU µs/event | paired Δ vs first | lower in rounds | WAL frames/event | WAL bytes/event | written B/event | read B/event | events at the end |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  const first = results[0]!;
  for (const [i, v] of variants.entries()) {
    const rows = results[i]!;
    const diff = rows.map((x, j) => x.us - first[j]!.us);
    const m = (f: (x: Row) => number, digits: number) => median(rows.map(f)).toFixed(digits);
    console.log(
      `| ${v.name} | ${m((x) => x.us, 1)} | ${median(diff).toFixed(1)} | ${i === 0 ? "—" : `${diff.filter((x) => x < 0).length} of ${rows.length}`} | ${m((x) => x.frames, 2)} | ${m((x) => x.walBytes, 0)} | ${m((x) => x.written, 0)} | ${m((x) => x.read, 0)} | ${rows.at(-1)!.rows} |`,
    );
  }
}
