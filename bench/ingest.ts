/**
 * Ingest benchmark: how many PipelineEvents per second `dingpipe serve` accepts durably (POST /api/events →
 * 202 only after commit), with per-request latency p50/p99, and the service's RSS idle and under load, on
 * SQLite and on PostgreSQL. The service runs as a child process (what users run); the load generator runs
 * here with keep-alive connections, so both share this machine's CPUs.
 *
 *   npm run build && node bench/ingest.ts [--events 50000] [--concurrency 64] [--only sqlite|postgres] [--from dist|ts]
 */
import { execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { startPostgres } from "../test/helpers/postgres.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "50000" },
    concurrency: { type: "string", default: "64" },
    only: { type: "string" },
    from: { type: "string" },
    args: { type: "string", default: "" },
  },
});
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const ROOT = new URL("..", import.meta.url).pathname;
const FROM = values.from ?? (existsSync(join(ROOT, "dist/cli/serve.js")) ? "dist" : "ts");
const ADMIN = `dp_bench_${randomBytes(16).toString("hex")}`;

interface Service {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

async function startService(args: string[], cwd: string): Promise<Service> {
  const entry =
    FROM === "dist"
      ? [join(ROOT, "bin/dingpipe.js")]
      : [
          "--input-type=module",
          "-e",
          `import { main } from ${JSON.stringify(join(ROOT, "src/cli/main.ts"))}; process.exitCode = await main(process.argv.slice(1));`,
          "--",
        ];
  const child = spawn(process.execPath, [...entry, "serve", "--port", "0", ...args], {
    cwd,
    env: { PATH: process.env["PATH"] ?? "", DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines: string[] = [];
    const timer = setTimeout(() => reject(new Error(lines.join("\n"))), 30_000);
    createInterface({ input: child.stderr }).on("line", (line) => {
      lines.push(line);
      const m = /console (http:\/\/[^/\s]+)\//.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stdout.resume();
  });
  return {
    pid: child.pid!,
    url,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function event(i: number): string {
  return JSON.stringify({
    pipeline: { name: "bench", url: "https://ci.example/p/1" },
    run: {
      id: `r${i}`,
      number: i,
      url: `https://ci.example/p/1/runs/${i}`,
      trigger: { user: "lin", event: "push" },
    },
    task: {
      name: `task-${i % 50}`,
      status: i % 10 === 0 ? "failure" : "success",
      startedAt: "2026-11-23T08:00:00Z",
    },
    source: {
      provider: "github",
      repo: "acme/web",
      branch: "main",
      commit: { sha: "a1b2c3d4e5f6", message: "fix login" },
    },
  });
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: "/api/events",
        method: "POST",
        headers: {
          authorization: `Bearer ${ADMIN}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function load(service: Service, count: number, offset: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(service.url);
  const latencies = new Float64Array(count);
  let next = 0;
  let failed = 0;
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(service.pid));
  }, 50);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        const status = await post(agent, url, event(offset + i));
        latencies[i] = performance.now() - t;
        if (status !== 202) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(service.pid));
  agent.destroy();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { rate: count / seconds, p50: pct(50), p99: pct(99), failed, peak };
}

async function measure(name: string, args: string[]) {
  const dir = await mkdtemp(join(tmpdir(), "dingpipe-bench-ingest-"));
  const extra = values.args === "" ? [] : values.args.split(" ");
  const service = await startService(["--data-dir", join(dir, "data"), ...args, ...extra], dir);
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const idle = rssMb(service.pid);
    await load(service, Math.min(2000, EVENTS), 0); // warm-up
    const r = await load(service, EVENTS, 1_000_000);
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssMb(service.pid);
    const row = `| ${name} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${idle.toFixed(0)} MB | ${r.peak.toFixed(0)} MB | ${after.toFixed(0)} MB |${r.failed ? ` ${r.failed} not 202` : ""}`;
    console.log(row);
    return row;
  } finally {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `## ${new Date().toISOString().slice(0, 10)} — ${EVENTS} events, ${CONCURRENCY} concurrent keep-alive clients, service from ${FROM}`,
);
console.log(
  `Machine: ${cpus().length} CPUs, ${cpu}; Node ${process.version}; ${execSync("uname -sr").toString().trim()}`,
);
console.log("| store | events/s accepted | p50 ms | p99 ms | RSS idle | RSS peak under load | RSS after |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
if (values.only !== "postgres") await measure("SQLite (WAL, synchronous=FULL, group commit)", []);
if (values.only !== "sqlite") {
  const pg = await startPostgres();
  try {
    await measure("PostgreSQL (embedded test server)", ["--database-url", await pg.url()]);
  } finally {
    await pg.stop();
  }
}
