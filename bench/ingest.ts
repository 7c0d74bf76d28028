/**
 * Ingest benchmark: how many PipelineEvents per second `dingpipe serve` accepts durably (POST /api/events →
 * 202 only after commit) on SQLite and on PostgreSQL, side by side in one run with the floor — a bare
 * `node:http` server in its own process that reads the body, parses it and answers 202 (bench/ingest/floor.ts).
 * Each store's throughput is printed as a ratio of the floor's measured in the same round, with per-request
 * latency p50/p99, and the service's RSS idle and at its peak under load.
 *
 * Every process is separate: the floor, one service per store (a child from `dist/`, as users run it), and
 * the load generator (bench/ingest/loadgen.ts: keep-alive clients, stops after `--events` or `--seconds`).
 * Rounds interleave the targets (rotating which goes first); the table gives medians over rounds. All of it
 * shares this machine's CPUs, so the load average is printed beside the numbers, and the CPU time each
 * target spends per accepted event (and the PostgreSQL server's, summed over its processes) — steadier
 * than events/s when other work competes for the CPUs — also as a ratio of the floor's in the same round. `--before DIR` measures another build (a checkout of
 * earlier code with its dist/ built) beside this one, in the same rounds.
 *
 *   npm run build && node bench/ingest.ts [--events 20000] [--rounds 2] [--concurrency 64] [--seconds 6]
 *     [--only sqlite|postgres] [--from dist|ts] [--log-level warn|info] [--args="--no-worker"] [--node-arg=--cpu-prof --node-arg=--cpu-prof-dir=prof] [--before DIR] [--compare-flags=--max-semi-space-size=2 …] [--memory]
 *     [--idle-seconds 30] [--idle-only] [--paced 1000] [--paced-seconds 5] [--separate-worker]
 *
 * After the throughput rounds, each target is also loaded at a fixed `--paced` events/s (open loop, every
 * request timed from when it was due: bench/ingest/loadgen.ts), one run per round, interleaved like the
 * rounds: the latency table there is read at a load every target carries, where the closed loop's p99 is
 * mostly the queue of 64 clients on this machine's CPUs (the bare floor's own p99 is tens of ms there).
 */
import { execFile, execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import pgClient from "pg";
import { startPostgres } from "../test/helpers/postgres.ts";
import { machine, median } from "./common.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    warmup: { type: "string", default: "1000" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "64" },
    seconds: { type: "string", default: "6" },
    only: { type: "string" },
    from: { type: "string" },
    args: { type: "string", default: "" },
    /** Extra flags for the services, for profiling only (--cpu-prof, --trace-gc…). */
    "node-arg": { type: "string", multiple: true, default: [] },
    /** Another build of dingpipe (a checkout with its dist/ built) to measure beside this one, e.g. the code before a change. */
    before: { type: "string" },
    /** The services' log level: warn (the default, as every earlier entry) or info, what users run (a JSON line per request). */
    "log-level": { type: "string", default: "warn" },
    /** Node flags for another copy of each store's service, measured beside the first (e.g. a V8 setting); repeatable. */
    "compare-flags": { type: "string", multiple: true, default: [] },
    /** Load bench/ingest/memory.ts into each service and print its heap breakdown at peak RSS. */
    memory: { type: "boolean", default: false },
    /** When each service's idle RSS is read: this many seconds after it started (an idle service still grows for ~30 s). */
    "idle-seconds": { type: "string", default: "2" },
    /** Only the idle reading (no load): each service's RSS at points up to --idle-seconds, and its smaps_rollup then. */
    "idle-only": { type: "boolean", default: false },
    /** Events per second of the open-loop latency runs after the rounds (0: none). */
    paced: { type: "string", default: "1000" },
    /** How long each open-loop latency run lasts. */
    "paced-seconds": { type: "string", default: "5" },
    /**
     * Each service as `serve --no-worker` with a `dingpipe worker` beside it on the same database: the CPU per
     * event is both processes'. (After each load run the bench waits until every event accepted is expanded,
     * whoever expands it; the events/s count acceptance only.)
     */
    "separate-worker": { type: "boolean", default: false },
  },
});
const IDLE_SECONDS = Number(values["idle-seconds"]);
if (!(IDLE_SECONDS >= 0)) throw new Error("--idle-seconds: a number of seconds");
const EVENTS = Number(values.events);
const PACED = Number(values.paced);
const PACED_SECONDS = Number(values["paced-seconds"]);
if (!(PACED >= 0) || !(PACED_SECONDS > 0))
  throw new Error("--paced: events per second (0: none); --paced-seconds: > 0");
const ROUNDS = Number(values.rounds);
const ROOT = new URL("..", import.meta.url).pathname;
const FROM = values.from ?? (existsSync(join(ROOT, "dist/bin/cli.js")) ? "dist" : "ts");
const ADMIN = `dp_bench_${randomBytes(16).toString("hex")}`;
const run = promisify(execFile);

interface Target {
  name: string;
  /** The memory probe's output (with `--memory`). */
  memory?: string;
  pid: number;
  url: string;
  idle: number;
  /** When the service printed its URL (Date.now()). */
  started: number;
  /** The database server's process, when it is a separate one (PostgreSQL). */
  server?: number;
  /** `--separate-worker`: the worker process beside the service. */
  worker?: { pid: number; stop(): Promise<void> };
  /** How many events wait for expansion in the service's database (unless nothing expands them). */
  backlog?: Backlog;
  stop(): Promise<void>;
}

/** Spawns a child and waits (≤ 30 s) for `pattern` on one of its output lines; the match is its URL. */
async function spawnUntil(
  name: string,
  args: string[],
  pattern: RegExp,
  cwd: string,
  env: NodeJS.ProcessEnv,
) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines: string[] = [];
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${lines.join("\n")}`)), 30_000);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        lines.push(line);
        const m = pattern.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    }
  });
  return {
    pid: child.pid!,
    url,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The memory probe as plain JavaScript in `dir`: loading a .ts file into the service would load Node's
 * TypeScript stripper there too (~18 MB of RSS the service never has).
 */
function probeScript(dir: string): string {
  const file = join(dir, "memory-probe.mjs");
  writeFileSync(file, stripTypeScriptTypes(readFileSync(join(ROOT, "bench/ingest/memory.ts"), "utf8")));
  return file;
}

/** How a build's `dingpipe` is started: its bin from `dist`, or this checkout's sources (`--from ts`). */
function entryOf(root: string): string[] {
  return FROM === "dist" || root !== ROOT
    ? [join(root, "bin/dingpipe.js")]
    : [
        "--input-type=module",
        "-e",
        `import { main } from ${JSON.stringify(join(ROOT, "src/cli/main.ts"))}; process.exitCode = await main(process.argv.slice(1));`,
        "--",
      ];
}

function startService(args: string[], cwd: string, root = ROOT, flags: string[] = []) {
  return spawnUntil(
    "dingpipe serve",
    [...values["node-arg"], ...flags, ...entryOf(root), "serve", "--port", "0", ...args],
    /console (http:\/\/[^/\s]+)\//,
    cwd,
    { PATH: process.env["PATH"] ?? "", DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_LOG_LEVEL: values["log-level"] },
  );
}

/** `dingpipe worker` on a service's database (`--separate-worker`). */
function startWorker(args: string[], cwd: string, root: string, flags: string[]) {
  return spawnUntil(
    "dingpipe worker",
    [...flags, ...entryOf(root), "worker", "--log-level", "info", "--log-format", "json", ...args],
    /"msg":"worker (started)"/,
    cwd,
    { PATH: process.env["PATH"] ?? "" },
  );
}

interface Backlog {
  waiting(): Promise<number>;
  close(): Promise<void>;
}

/** How many events wait for expansion in a service's database: its PostgreSQL queue, or SQLite's rows. */
async function openBacklog(dataDir: string, database: string | undefined): Promise<Backlog> {
  if (database !== undefined) {
    const client = new pgClient.Client({ connectionString: database });
    await client.connect();
    return {
      waiting: async () => Number((await client.query("SELECT count(*) AS n FROM event_queue")).rows[0].n),
      close: () => client.end(),
    };
  }
  const db = new DatabaseSync(join(dataDir, "dingpipe.sqlite"), { readOnly: true });
  const count = db.prepare("SELECT count(*) AS n FROM events WHERE expanded = 0");
  return { waiting: async () => Number(count.get()?.["n"]), close: async () => db.close() };
}

/** CPU time (ms) a process used (user + system, all its threads), and with `children` its live children's too. */
function cpuMs(pid: number, children = false): number {
  const fields = (p: number) => {
    try {
      return readFileSync(`/proc/${p}/stat`, "utf8")
        .replace(/^.*\) /, "")
        .split(" ");
    } catch {
      return undefined;
    }
  };
  const own = fields(pid);
  if (own === undefined) return Number.NaN;
  // Fields after the name: state ppid … utime(12) stime(13) cutime(14) cstime(15), in clock ticks (1/100 s).
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  if (children) {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const f = fields(Number(entry));
      if (f !== undefined && Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
    }
  }
  return ticks * 10;
}

/** The PostgreSQL server process (postmaster) listening on `port`, found by its command line. */
function postmasterOn(port: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (/postgres$/.test(args[0] ?? "") && args.includes("-D") && args[args.indexOf("-p") + 1] === port)
        return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** A process's RSS and its parts from /proc/PID/status (MB): anonymous, file-backed, shmem. */
function rssParts(pid: number): { rss: number; anon: number; file: number; shmem: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile"), shmem: kb("RssShmem") };
}

/**
 * A process's resident pages by mapping (MB, /proc/PID/smaps): malloc's main arena (`[heap]`), the
 * database's files mapped (the WAL index `-shm`, the database, its `-wal`), the node binary, other
 * anonymous mappings (V8's heap pages, other arenas, stacks) and other files (shared libraries).
 */
function smapsParts(pid: number): Record<string, number> {
  const parts: Record<string, number> = { heap: 0, shm: 0, db: 0, node: 0, anon: 0, files: 0 };
  let part = "anon";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1]!;
      part =
        name === "[heap]"
          ? "heap"
          : name.endsWith("-shm")
            ? "shm"
            : /\.(db|sqlite)(-wal)?$/.test(name)
              ? "db"
              : name === process.execPath || name.endsWith("/node")
                ? "node"
                : name === "" || name.startsWith("[")
                  ? "anon"
                  : "files";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) parts[part]! += Number(rss[1]) / 1024;
  }
  return parts;
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** A process's /proc/PID/smaps_rollup, in MB by field (Rss, Pss_Anon, Pss_File, Private_Dirty…). */
function smapsRollup(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").matchAll(/^(\w+):\s+(\d+) kB$/gm))
    out[m[1]!] = Number(m[2]) / 1024;
  return out;
}

/**
 * --idle-only: each service's RSS at points up to --idle-seconds after it started (no load), then its
 * smaps_rollup (what the pages are: anonymous or file-backed) and, with --memory, its heap spaces.
 */
async function idleOnly(services: Target[]): Promise<void> {
  const points = [2, 5, 10, 20, 30, 45, 60, 90, 120].filter((p) => p < IDLE_SECONDS).concat(IDLE_SECONDS);
  const rss = new Map<Target, number[]>(services.map((t) => [t, []]));
  const start = Math.min(...services.map((t) => t.started));
  for (const p of points) {
    await sleepUntil(start + p * 1000);
    for (const t of services) rss.get(t)!.push(rssParts(t.pid).rss);
  }
  const rollups = new Map(services.map((t) => [t, smapsRollup(t.pid)]));
  const load2 = loadavg()[0]!;
  console.log(
    `### ${new Date().toISOString().slice(0, 10)} — idle only, service from ${FROM}, logging at ${values["log-level"]}`,
  );
  console.log("");
  console.log(
    `Machine: ${machine()}; ${execSync("uname -sr").toString().trim()}; load average ${load1.toFixed(1)} at the start, ${load2.toFixed(1)} at the end.`,
  );
  console.log("");
  console.log(
    `RSS (MB) after start, no load (services started within ${((Math.max(...services.map((t) => t.started)) - start) / 1000).toFixed(1)} s of each other):`,
  );
  console.log("");
  console.log(`| target | ${points.map((p) => `${p} s`).join(" | ")} |`);
  console.log(`|---|${points.map(() => "---:").join("|")}|`);
  for (const t of services)
    console.log(
      `| ${t.name} | ${rss
        .get(t)!
        .map((v) => v.toFixed(1))
        .join(" | ")} |`,
    );
  const fields = [
    "Rss",
    "Pss_Anon",
    "Pss_File",
    "Shared_Clean",
    "Private_Clean",
    "Private_Dirty",
    "Anonymous",
  ];
  console.log("");
  console.log(`smaps_rollup at ${IDLE_SECONDS} s (MB):`);
  console.log("");
  console.log(`| target | ${fields.join(" | ")} |`);
  console.log(`|---|${fields.map(() => "---:").join("|")}|`);
  for (const t of services)
    console.log(`| ${t.name} | ${fields.map((f) => (rollups.get(t)![f] ?? 0).toFixed(1)).join(" | ")} |`);
  if (!values.memory) return;
  await new Promise((r) => setTimeout(r, 1200));
  const spaces = [
    "heapTotal",
    "heapUsed",
    "external",
    "new_space",
    "old_space",
    "code_space",
    "trusted_space",
    "large_object_space",
  ];
  console.log("");
  console.log(`Heap at ${IDLE_SECONDS} s (MB, the probe's "idle" sample):`);
  console.log("");
  console.log(`| target | ${spaces.join(" | ")} |`);
  console.log(`|---|${spaces.map(() => "---:").join("|")}|`);
  for (const t of services) {
    if (t.memory === undefined || !existsSync(t.memory)) continue;
    const m = JSON.parse(readFileSync(t.memory, "utf8")) as { idle: Record<string, number> };
    console.log(`| ${t.name} | ${spaces.map((f) => (m.idle[f] ?? 0).toFixed(1)).join(" | ")} |`);
  }
}

interface LoadResult {
  sent: number;
  accepted: number;
  other: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  peak: number;
  /** /proc/PID/status at the peak sample (MB): anonymous, file-backed and shmem pages. */
  peakParts: { anon: number; file: number; shmem: number };
  /** When the load ran (Date.now()), to find the memory probe's samples of it. */
  from: number;
  to: number;
  /** CPU µs per accepted event: the target's process (and its worker's), and the database server's. */
  cpu: number;
  /** ms after the load until every event it accepted was expanded. */
  catchUp: number;
  serverCpu: number;
}

/** CPU time (ms) of a target: its service, and its worker with `--separate-worker`. */
function targetCpuMs(t: Target): number {
  return cpuMs(t.pid) + (t.worker === undefined ? 0 : cpuMs(t.worker.pid));
}

/** Waits (≤ 120 s) until every event the target accepted is expanded; the ms waited. */
async function caughtUp(t: Target): Promise<number> {
  if (t.backlog === undefined) return 0;
  const from = Date.now();
  while ((await t.backlog.waiting()) > 0) {
    if (Date.now() - from > 120_000)
      throw new Error(`${t.name}: its expansion did not catch up within 120 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - from;
}

/** One load run by the separate load generator, sampling the target's RSS every 50 ms meanwhile. */
async function load(
  target: Target,
  events: number,
  offset: number,
  seconds = values.seconds,
  rate = 0,
): Promise<LoadResult> {
  let peak = rssParts(target.pid);
  const from = Date.now();
  const cpu0 = targetCpuMs(target);
  const server0 = target.server === undefined ? 0 : cpuMs(target.server, true);
  const sampler = setInterval(() => {
    const now = rssParts(target.pid);
    if (now.rss > peak.rss) peak = now;
  }, 50);
  try {
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, "bench/ingest/loadgen.ts"),
        `--url=${target.url}`,
        `--token=${ADMIN}`,
        `--events=${events}`,
        `--concurrency=${values.concurrency}`,
        `--seconds=${seconds}`,
        `--offset=${offset}`,
        `--rate=${rate}`,
      ],
      { timeout: (Math.max(Number(values.seconds), Number(seconds)) + 30) * 1000 },
    );
    const r = JSON.parse(stdout) as Omit<
      LoadResult,
      "peak" | "peakParts" | "from" | "to" | "cpu" | "serverCpu" | "catchUp"
    >;
    const catchUp = await caughtUp(target);
    const server = target.server === undefined ? 0 : cpuMs(target.server, true) - server0;
    const last = rssParts(target.pid);
    if (last.rss > peak.rss) peak = last;
    return {
      ...r,
      peak: peak.rss,
      peakParts: { anon: peak.anon, file: peak.file, shmem: peak.shmem },
      from,
      to: Date.now(),
      cpu: ((targetCpuMs(target) - cpu0) * 1000) / r.accepted,
      catchUp,
      serverCpu: (server * 1000) / r.accepted,
    };
  } finally {
    clearInterval(sampler);
  }
}

const dirs: string[] = [];
const targets: Target[] = [];
let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
const load1 = loadavg()[0]!;
try {
  const floor = await spawnUntil("floor", [join(ROOT, "bench/ingest/floor.ts")], /floor (http:\S+)/, ROOT, {
    PATH: process.env["PATH"] ?? "",
  });
  targets.push({ name: "node:http floor (parse + 202)", ...floor, idle: 0, started: Date.now() });
  const extra = values.args === "" ? [] : values.args.split(" ");
  const roots: Array<[string, string, string[]]> = [["", ROOT, []]];
  if (values.before !== undefined) roots.push([", before", values.before, []]);
  for (const compare of values["compare-flags"]) roots.push([`, ${compare}`, ROOT, compare.split(" ")]);
  const addService = async (name: string, args: string[], server?: () => number | undefined) => {
    for (const [label, root, flags] of roots) {
      const dir = await mkdtemp(join(tmpdir(), "dingpipe-bench-ingest-"));
      dirs.push(dir);
      const more = args.map((a) => (a === "DB" ? "" : a));
      const database = args.includes("DB") ? await pg!.url() : undefined;
      if (database !== undefined) more[args.indexOf("DB")] = database;
      const memory = join(dir, "memory.json");
      const probe = values.memory
        ? [
            `--import=${pathToFileURL(probeScript(dir)).href}?out=${encodeURIComponent(memory)}&idle=${IDLE_SECONDS}`,
          ]
        : [];
      const separate = values["separate-worker"] ? ["--no-worker"] : [];
      const service = await startService(
        ["--data-dir", join(dir, "data"), ...more, ...separate, ...extra],
        dir,
        root,
        [...probe, ...flags],
      );
      const worker = values["separate-worker"]
        ? await startWorker(["--data-dir", join(dir, "data"), ...more], dir, root, flags)
        : undefined;
      // Nothing expands with --args="--no-worker" and no worker beside: nothing to wait for then.
      const expands = worker !== undefined || !extra.includes("--no-worker");
      const backlog = expands ? await openBacklog(join(dir, "data"), database) : undefined;
      const db = server?.();
      targets.push({
        name: `${name}${label}`,
        ...service,
        idle: 0,
        started: Date.now(),
        ...(values.memory ? { memory } : {}),
        ...(db === undefined ? {} : { server: db }),
        ...(worker === undefined ? {} : { worker }),
        ...(backlog === undefined ? {} : { backlog }),
      });
    }
  };
  if (values.only !== "postgres") await addService("SQLite (WAL synced per batch, group commit)", []);
  if (values.only !== "sqlite") {
    pg = await startPostgres();
    const port = new URL(await pg.url()).port;
    await addService("PostgreSQL (embedded test server)", ["--database-url", "DB"], () => postmasterOn(port));
  }
  // Each service's idle RSS, --idle-seconds after it started (in the order they started).
  const services = targets.slice(1);
  if (values["idle-only"]) await idleOnly(services);
  else await measureLoad(services);
} finally {
  for (const t of targets) await t.backlog?.close();
  for (const t of targets) await t.worker?.stop();
  for (const t of targets) await t.stop();
  await pg?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}

/** The load rounds and their tables (after each service's idle reading). */
async function measureLoad(services: Target[]): Promise<void> {
  for (const t of services) {
    await sleepUntil(t.started + IDLE_SECONDS * 1000);
    t.idle = rssParts(t.pid).rss;
  }
  let offset = 0;
  for (const t of targets) {
    await load(t, Number(values.warmup), offset, "3");
    offset += Number(values.warmup);
  }
  const results = new Map<string, Array<LoadResult & { ratio: number; cpuRatio: number }>>(
    targets.map((t) => [t.name, []]),
  );
  /** Each service's resident pages by mapping right after each of its rounds (RSS is not given back). */
  const ends = new Map<Target, Array<Record<string, number>>>(services.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = targets.map((_, k) => targets[(round + k) % targets.length]!);
    const got = new Map<Target, LoadResult>();
    for (const t of order) {
      got.set(t, await load(t, EVENTS, offset));
      offset += EVENTS;
      if (t !== targets[0]) ends.get(t)!.push(smapsParts(t.pid));
    }
    const floor = got.get(targets[0]!)!;
    // Paired by round: the CPU each event cost, over the floor's in the same round (steadier than either alone).
    for (const [t, r] of got)
      results.get(t.name)!.push({ ...r, ratio: r.rate / floor.rate, cpuRatio: r.cpu / floor.cpu });
  }
  // Latency at a fixed load: one open-loop run per target per round, in the rounds' rotating order.
  const paced = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
  if (PACED > 0)
    for (let round = 0; round < ROUNDS; round++)
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(round + k) % targets.length]!;
        const n = Math.ceil(PACED * PACED_SECONDS);
        paced.get(t.name)!.push(await load(t, n, offset, String(PACED_SECONDS), PACED));
        offset += n;
      }
  const load2 = loadavg()[0]!;
  console.log(
    `### ${new Date().toISOString().slice(0, 10)} — ${EVENTS} events × ${ROUNDS} rounds, ${values.concurrency} keep-alive clients, service from ${FROM}, logging at ${values["log-level"]}`,
  );
  console.log("");
  console.log(
    `Machine: ${machine()}; ${execSync("uname -sr").toString().trim()}; load average ${load1.toFixed(1)} at the start, ${load2.toFixed(1)} at the end.`,
  );
  console.log("");
  console.log(
    `| target | events/s (median) | vs floor (median of rounds) | p50 ms | p99 ms | CPU µs/event | CPU vs floor's (median of rounds) | DB server CPU µs/event | RSS idle (${IDLE_SECONDS} s) | RSS peak under load | sent | not 202 |`,
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const t of targets) {
    const rs = results.get(t.name)!;
    const m = (f: (r: LoadResult & { ratio: number; cpuRatio: number }) => number) => median(rs.map(f));
    console.log(
      `| ${t.name} | ${m((r) => r.rate).toFixed(0)} | ${m((r) => r.ratio).toFixed(2)} | ${m((r) => r.p50).toFixed(1)} | ${m((r) => r.p99).toFixed(1)} | ${m((r) => r.cpu).toFixed(0)} | ${m((r) => r.cpuRatio).toFixed(2)}x | ${t.server === undefined ? "—" : m((r) => r.serverCpu).toFixed(0)} | ${t === targets[0] ? "—" : `${t.idle.toFixed(0)} MB`} | ${t === targets[0] ? "—" : `${Math.max(...rs.map((r) => r.peak)).toFixed(0)} MB`} | ${rs.reduce((n, r) => n + r.sent, 0)} | ${rs.reduce((n, r) => n + r.other, 0)} |`,
    );
  }
  console.log("");
  console.log(
    `Rounds (events/s, ratio; CPU µs/event): ${targets
      .map(
        (t) =>
          `${t.name} ${results
            .get(t.name)!
            .map((r) => `${r.rate.toFixed(0)} (${r.ratio.toFixed(2)}; ${r.cpu.toFixed(0)})`)
            .join(", ")}`,
      )
      .join("; ")}`,
  );
  if (services.some((t) => t.backlog !== undefined)) {
    console.log("");
    console.log(
      `${values["separate-worker"] ? "Each service ran with --no-worker and a `dingpipe worker` beside it (CPU above: both). " : ""}After each round, what was left for expansion was expanded in (ms): ${services
        .map(
          (t) =>
            `${t.name} ${results
              .get(t.name)!
              .map((r) => r.catchUp)
              .join(", ")}`,
        )
        .join("; ")}`,
    );
  }
  if (PACED > 0) {
    console.log("");
    console.log(
      `Latency at a fixed ${PACED} events/s (open loop, ${PACED_SECONDS} s a run, each request timed from when it was due; medians of ${ROUNDS} runs):`,
    );
    console.log("");
    console.log("| target | events/s | p50 ms | p99 ms | max ms | CPU µs/event | not 202 |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const t of targets) {
      const rs = paced.get(t.name)!;
      const m = (f: (r: LoadResult) => number) => median(rs.map(f));
      console.log(
        `| ${t.name} | ${m((r) => r.rate).toFixed(0)} | ${m((r) => r.p50).toFixed(1)} | ${m((r) => r.p99).toFixed(1)} | ${m((r) => r.max).toFixed(1)} | ${m((r) => r.cpu).toFixed(0)} | ${rs.reduce((n, r) => n + r.other, 0)} |`,
      );
    }
  }
  // Per round: does the peak grow with the events the database holds, and in which part?
  console.log("");
  console.log(
    `Per round (MB): peak RSS sampled every 50 ms and its parts then (/proc/PID/status); the mappings' resident pages right after the round (/proc/PID/smaps: malloc's main arena, the WAL index -shm, the database's files, the node binary, other anonymous, other files)${values.memory ? "; V8's heap at the round's peak sample (the probe's), and the round's largest heapTotal" : ""}:`,
  );
  console.log("");
  const heapFields = values.memory ? ["heapTotal", "old_space", "new_space", "external", "heap max"] : [];
  console.log(
    `| target | round | events/s | peak | anon | file | shmem | [heap] | -shm | db | node | other anon | other files |${heapFields.map((f) => ` ${f} |`).join("")}`,
  );
  console.log(`|---|---:|${"---:|".repeat(11 + heapFields.length)}`);
  for (const t of services) {
    const series =
      t.memory !== undefined && existsSync(`${t.memory}.series`)
        ? readFileSync(`${t.memory}.series`, "utf8")
            .split("\n")
            .filter((l) => l !== "")
            .map((l) => JSON.parse(l) as Record<string, number>)
        : [];
    results.get(t.name)!.forEach((r, round) => {
      const e = ends.get(t)![round]!;
      const inRound = series.filter((x) => x["t"]! >= r.from && x["t"]! <= r.to);
      const top = inRound.reduce<Record<string, number> | undefined>(
        (a, x) => (a === undefined || x["rss"]! > a["rss"]! ? x : a),
        undefined,
      );
      console.log(
        `| ${t.name} | ${round + 1} | ${r.rate.toFixed(0)} | ${r.peak.toFixed(1)} | ${r.peakParts.anon.toFixed(1)} | ${r.peakParts.file.toFixed(1)} | ${r.peakParts.shmem.toFixed(1)} | ${["heap", "shm", "db", "node", "anon", "files"].map((f) => e[f]!.toFixed(1)).join(" | ")} |${heapFields.map((f) => ` ${(f === "heap max" ? Math.max(...inRound.map((x) => x["heapTotal"]!)) : top?.[f])?.toFixed(1) ?? "—"} |`).join("")}`,
      );
    });
  }
  if (values.memory) {
    // The probe writes every second: the last write has seen the whole load.
    await new Promise((r) => setTimeout(r, 1200));
    const fields = [
      "rss",
      "heapTotal",
      "heapUsed",
      "external",
      "arrayBuffers",
      "new_space",
      "old_space",
      "large_object_space",
      "new_large_object_space",
      "code_space",
      "trusted_space",
    ];
    console.log("");
    console.log(
      `Memory (MB, process.memoryUsage and V8 heap spaces; "idle" ${IDLE_SECONDS} s after start, "at peak" = the sample with the highest RSS, "max" = each field's own maximum):`,
    );
    console.log("");
    console.log(`| target | when | ${fields.join(" | ")} |`);
    console.log(`|---|---|${fields.map(() => "---:").join("|")}|`);
    for (const t of targets) {
      if (t.memory === undefined || !existsSync(t.memory)) continue;
      const m = JSON.parse(readFileSync(t.memory, "utf8")) as Record<string, Record<string, number>>;
      for (const when of ["idle", "atPeak", "max"])
        console.log(
          `| ${t.name} | ${when} | ${fields.map((f) => (m[when]![f] ?? 0).toFixed(1)).join(" | ")} |`,
        );
    }
    console.log("");
    console.log(
      "Garbage collections on the main thread over the whole run (warm-up included): count, pause ms.",
    );
    console.log("");
    for (const t of targets) {
      if (t.memory === undefined || !existsSync(t.memory)) continue;
      const gc = (JSON.parse(readFileSync(t.memory, "utf8")) as { gc: Record<string, number> }).gc;
      console.log(
        `- ${t.name}: scavenges ${gc["minor"]} (${gc["minorMs"]!.toFixed(0)} ms), mark-compacts ${gc["major"]} (${gc["majorMs"]!.toFixed(0)} ms)`,
      );
    }
  }
}
