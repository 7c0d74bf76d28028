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
 * shares this machine's CPUs, so the load average is printed beside the numbers.
 *
 *   npm run build && node bench/ingest.ts [--events 20000] [--rounds 2] [--concurrency 64] [--seconds 8]
 *     [--only sqlite|postgres] [--from dist|ts] [--args="--no-worker"] [--node-arg=--cpu-prof --node-arg=--cpu-prof-dir=prof]
 */
import { execFile, execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs, promisify } from "node:util";
import { startPostgres } from "../test/helpers/postgres.ts";
import { machine, median } from "./common.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    warmup: { type: "string", default: "1000" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "64" },
    seconds: { type: "string", default: "8" },
    only: { type: "string" },
    from: { type: "string" },
    args: { type: "string", default: "" },
    /** Extra flags for the services, for profiling only (--cpu-prof, --trace-gc…). */
    "node-arg": { type: "string", multiple: true, default: [] },
  },
});
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);
const ROOT = new URL("..", import.meta.url).pathname;
const FROM = values.from ?? (existsSync(join(ROOT, "dist/bin/cli.js")) ? "dist" : "ts");
const ADMIN = `dp_bench_${randomBytes(16).toString("hex")}`;
const run = promisify(execFile);

interface Target {
  name: string;
  pid: number;
  url: string;
  idle: number;
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

function startService(args: string[], cwd: string) {
  const entry =
    FROM === "dist"
      ? [join(ROOT, "bin/dingpipe.js")]
      : [
          "--input-type=module",
          "-e",
          `import { main } from ${JSON.stringify(join(ROOT, "src/cli/main.ts"))}; process.exitCode = await main(process.argv.slice(1));`,
          "--",
        ];
  return spawnUntil(
    "dingpipe serve",
    [...values["node-arg"], ...entry, "serve", "--port", "0", ...args],
    /console (http:\/\/[^/\s]+)\//,
    cwd,
    { PATH: process.env["PATH"] ?? "", DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_LOG_LEVEL: "warn" },
  );
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

interface LoadResult {
  sent: number;
  accepted: number;
  other: number;
  rate: number;
  p50: number;
  p99: number;
  peak: number;
}

/** One load run by the separate load generator, sampling the target's RSS every 50 ms meanwhile. */
async function load(target: Target, events: number, offset: number): Promise<LoadResult> {
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(target.pid));
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
        `--seconds=${values.seconds}`,
        `--offset=${offset}`,
      ],
      { timeout: (Number(values.seconds) + 30) * 1000 },
    );
    return { ...JSON.parse(stdout), peak: Math.max(peak, rssMb(target.pid)) };
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
  targets.push({ name: "node:http floor (parse + 202)", ...floor, idle: 0 });
  const extra = values.args === "" ? [] : values.args.split(" ");
  const addService = async (name: string, args: string[]) => {
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-bench-ingest-"));
    dirs.push(dir);
    const service = await startService(["--data-dir", join(dir, "data"), ...args, ...extra], dir);
    targets.push({ name, ...service, idle: 0 });
  };
  if (values.only !== "postgres") await addService("SQLite (WAL, synchronous=FULL, group commit)", []);
  if (values.only !== "sqlite") {
    pg = await startPostgres();
    await addService("PostgreSQL (embedded test server)", ["--database-url", await pg.url()]);
  }
  await new Promise((r) => setTimeout(r, 2000));
  for (const t of targets) t.idle = rssMb(t.pid);
  let offset = 0;
  for (const t of targets) {
    await load(t, Number(values.warmup), offset);
    offset += Number(values.warmup);
  }
  const results = new Map<string, Array<LoadResult & { ratio: number }>>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = targets.map((_, k) => targets[(round + k) % targets.length]!);
    const got = new Map<Target, LoadResult>();
    for (const t of order) {
      got.set(t, await load(t, EVENTS, offset));
      offset += EVENTS;
    }
    const floorRate = got.get(targets[0]!)!.rate;
    for (const [t, r] of got) results.get(t.name)!.push({ ...r, ratio: r.rate / floorRate });
  }
  const load2 = loadavg()[0]!;
  console.log(
    `### ${new Date().toISOString().slice(0, 10)} — ${EVENTS} events × ${ROUNDS} rounds, ${values.concurrency} keep-alive clients, service from ${FROM}`,
  );
  console.log("");
  console.log(
    `Machine: ${machine()}; ${execSync("uname -sr").toString().trim()}; load average ${load1.toFixed(1)} at the start, ${load2.toFixed(1)} at the end.`,
  );
  console.log("");
  console.log(
    "| target | events/s (median) | vs floor (median of rounds) | p50 ms | p99 ms | RSS idle | RSS peak under load | sent | not 202 |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const t of targets) {
    const rs = results.get(t.name)!;
    const m = (f: (r: LoadResult & { ratio: number }) => number) => median(rs.map(f));
    console.log(
      `| ${t.name} | ${m((r) => r.rate).toFixed(0)} | ${m((r) => r.ratio).toFixed(2)} | ${m((r) => r.p50).toFixed(1)} | ${m((r) => r.p99).toFixed(1)} | ${t === targets[0] ? "—" : `${t.idle.toFixed(0)} MB`} | ${t === targets[0] ? "—" : `${Math.max(...rs.map((r) => r.peak)).toFixed(0)} MB`} | ${rs.reduce((n, r) => n + r.sent, 0)} | ${rs.reduce((n, r) => n + r.other, 0)} |`,
    );
  }
  console.log("");
  console.log(
    `Rounds (events/s, ratio): ${targets
      .map(
        (t) =>
          `${t.name.split(" ")[0]} ${results
            .get(t.name)!
            .map((r) => `${r.rate.toFixed(0)} (${r.ratio.toFixed(2)})`)
            .join(", ")}`,
      )
      .join("; ")}`,
  );
} finally {
  for (const t of targets) await t.stop();
  await pg?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
