/**
 * Delivery engine throughput across many robots, on the DingTalk emulator with rate limits lifted,
 * and the engine process's memory (RSS) idle and under load.
 *
 *   npm run bench:delivery                        # SQLite in a temp dir
 *   npm run bench:delivery -- --postgres URL      # PostgreSQL (an empty database)
 *   npm run bench:delivery -- --robots 200 --per-robot 50 --concurrency 8 --from dist|ts
 *   npm run bench:delivery -- --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=prof   # profile it
 *   npm run bench:delivery -- --compare=--max-semi-space-size=2 --rounds 3   # other V8 flags beside, one run
 *   npm run bench:delivery -- --deadline 600      # seconds a run may take to send everything (else it fails)
 *
 * Build first (`npm run build`): the measured process is a child running only the store and the
 * engine (and accepting the event batches, as the HTTP layer would), from the built `dist/` — what
 * users run — unless `--from ts`
 * (or no build): then from the .ts sources, with Node's type stripper in the process — and with the
 * V8 flags and malloc setting bin/dingpipe.js gives `serve` and `worker` (`--plain`: Node's defaults). The emulator runs
 * in this process, so its memory is not counted.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { getHeapStatistics } from "node:v8";
import { startEmulator } from "../src/emulator/index.ts";
import { bounded, exitOf, stopChild } from "../test/helpers/bounded.ts";
import { median } from "./common.ts";

const { values } = parseArgs({
  options: {
    robots: { type: "string", default: "200" },
    "per-robot": { type: "string", default: "50" },
    concurrency: { type: "string", default: "8" },
    postgres: { type: "string" },
    from: { type: "string" },
    /** Extra flags for the measured process, for profiling only (--cpu-prof, --trace-gc…). */
    "node-arg": { type: "string", multiple: true },
    plain: { type: "boolean", default: false },
    /** Another set of V8 flags (and NAME=value environment) measured beside the service's, in the same run (repeatable). */
    compare: { type: "string", multiple: true },
    /** Rounds of every variant, interleaved (with --compare; medians are reported). */
    rounds: { type: "string", default: "1" },
    /** Seconds a run may take to send every message: then it fails (exit 1), no rate over part of them. */
    deadline: { type: "string", default: "600" },
  },
});
const DEADLINE_S = Number(values.deadline);
const ROOT = new URL("..", import.meta.url).pathname;
const FROM = values.from ?? (existsSync(join(ROOT, "dist/delivery/index.js")) ? "dist" : "ts");
const ext = FROM === "dist" ? "js" : "ts";
const base = join(ROOT, FROM === "dist" ? "dist" : "src");

const robots = Number(values.robots);
const tokens = Array.from({ length: robots }, (_, i) => `bench${i}`);
const emulator = await startEmulator({
  port: 0,
  robots: tokens.map((token) => ({ token })),
  rateLimit: { messages: 1e9, windowMs: 1000, throttleMs: 1 },
  maxStored: 1000,
});

// The measured process: plain JavaScript, importing the engine and the store from `base`.
const script = `
import { performance } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
const { openStore } = await import(${JSON.stringify(join(base, `store/index.${ext}`))});
const { startDeliveryEngine } = await import(${JSON.stringify(join(base, `delivery/index.${ext}`))});
const cfg = JSON.parse(process.env.BENCH);
const total = cfg.robots * cfg.perRobot;
const mb = (bytes) => Math.round(bytes / 1024 / 1024);
const { readFileSync } = await import("node:fs");
// Resident memory by kind (Linux): anonymous (heap, malloc) and file-backed (mostly the node binary's pages).
const resident = () => {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = (key) => Number(status.match(new RegExp(key + ":\\\\s+(\\\\d+)"))?.[1] ?? 0);
  return { anon: Math.round(kb("RssAnon") / 1024), file: Math.round(kb("RssFile") / 1024) };
};
const store = await openStore(cfg.postgres, { dataDir: cfg.dir, poolSize: 16 });
for (let i = 0; i < cfg.robots; i++) {
  await store.createCredential({ name: "r" + i, sealed: "opaque", hint: "bench", hasSecret: false, keywords: [],
    rateLimit: { messages: 1_000_000, perSeconds: 1 } });
  await store.createNotification({ credential: "r" + i, pipelines: ["p" + i], events: ["success", "failure"],
    content: ["pipeline", "task", "status", "branch", "commit", "link"] });
}
let sent = 0, requests = 0, requestMs = 0;
const engine = startDeliveryEngine({
  store,
  resolveCredential: async (name) => ({
    webhook: cfg.emulator + "/robot/send?access_token=bench" + name.slice(1),
    keywords: [],
    rateLimit: { messages: 1_000_000, perSeconds: 1 },
  }),
  ...(cfg.concurrency ? { concurrency: cfg.concurrency } : {}),
  pollMs: 200,
  observer: {
    request: (info) => { requests++; requestMs += info.durationMs; },
    sent: (info) => { sent += info.deliveries; },
  },
});
// Idle: the store open and the engine polling, nothing to send.
await new Promise((r) => setTimeout(r, 3000));
const idleRss = process.memoryUsage.rss();
const idleResident = resident();
let residentAtPeak = idleResident;
let peakRss = idleRss;
let peakHeap = 0;
let atPeak = process.memoryUsage();
let spacesAtPeak = {};
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapTotal);
  if (m.rss > peakRss) {
    peakRss = m.rss;
    atPeak = m;
    residentAtPeak = resident();
    spacesAtPeak = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
  }
}, 50);
// Load: events accepted in batches (as the HTTP layer would) while the engine delivers them.
const started = performance.now();
const cpu0 = process.cpuUsage();
const elu = performance.eventLoopUtilization();
for (let n = 0; n < total; n += 500) {
  await Promise.all(Array.from({ length: Math.min(500, total - n) }, (_, k) => {
    const i = n + k;
    return store.insertEvent({ source: "api", event: {
      pipeline: { name: "p" + (i % cfg.robots) },
      run: { id: String(i), number: i, url: "https://ci.example/runs/" + i },
      task: { name: "task-" + i, status: i % 5 === 0 ? "failure" : "success" },
      source: { branch: "main", commit: { sha: "a1b2c3d4e5f6a1b2", message: "bench" } },
    } });
  }));
  engine.wake();
}
const acceptedSeconds = (performance.now() - started) / 1000;
while (sent < total) {
  if (performance.now() - started > cfg.deadline * 1000) {
    process.stderr.write(sent + " of " + total + " messages were sent when the " + cfg.deadline
      + " s deadline passed: no rate to report (a stuck engine, or raise --deadline)\\n");
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 20));
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const busy = performance.eventLoopUtilization(elu).utilization;
clearInterval(sampler);
// Idle again after the load.
await new Promise((r) => setTimeout(r, 3000));
const afterRss = process.memoryUsage.rss();
await engine.stop();
const stats = await store.deliveryStats();
await store.close();
process.stdout.write(JSON.stringify({
  store: store.dialect, seconds: Number(seconds.toFixed(2)), acceptedSeconds: Number(acceptedSeconds.toFixed(2)),
  messagesPerSecond: Math.round(total / seconds),
  // The process's CPU (user + system, all its threads) per message: steadier than messages/s on a shared machine.
  cpuUsPerMessage: Math.round((cpu.user + cpu.system) / total),
  requestMeanMs: Number((requestMs / Math.max(1, requests)).toFixed(1)),
  eventLoopBusy: Number(busy.toFixed(2)),
  rssIdleMB: mb(idleRss), rssPeakMB: mb(peakRss), heapPeakMB: mb(peakHeap), rssAfterMB: mb(afterRss),
  idleMB: idleResident, peakMB: residentAtPeak,
  atPeakMB: { heapTotal: mb(atPeak.heapTotal), heapUsed: mb(atPeak.heapUsed), external: mb(atPeak.external), spaces: spacesAtPeak },
  sent: stats.byState.sent,
}) + "\\n");
`;

// The V8 flags bin/dingpipe.js starts `serve` and `worker` with (the same function gives them), so the
// engine runs as in the service (--plain: without them).
const { serviceFlags } = (await import(new URL("../bin/service-flags.js", import.meta.url).href)) as {
  serviceFlags: (given: readonly string[], heapSizeLimit: number) => string[];
};
const SERVICE_FLAGS = values.plain
  ? []
  : serviceFlags(
      [...process.execArgv, ...(process.env["NODE_OPTIONS"] ?? "").split(/\s+/)],
      getHeapStatistics().heap_size_limit,
    );
const SERVICE_ENV: Record<string, string> = values.plain ? {} : { MALLOC_ARENA_MAX: "2" };

/** One measured process with these extra flags, on a fresh store; its result line, parsed. */
async function runOnce(words: string[]): Promise<Record<string, unknown>> {
  // NAME=value words are the process's environment (MALLOC_ARENA_MAX=2…), the others Node flags.
  const env = Object.fromEntries(
    words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => w.split(/=(.*)/s).slice(0, 2)),
  );
  const flags = words.filter((w) => !/^[A-Z_]+=/.test(w));
  const dir = await mkdtemp(join(tmpdir(), "dingpipe-bench-"));
  try {
    const child = spawn(
      process.execPath,
      [...SERVICE_FLAGS, ...(values["node-arg"] ?? []), ...flags, "--input-type=module", "-e", script],
      {
        env: {
          ...SERVICE_ENV,
          ...process.env,
          ...env,
          BENCH: JSON.stringify({
            robots,
            perRobot: Number(values["per-robot"]),
            concurrency: Number(values.concurrency),
            postgres: values.postgres,
            dir,
            emulator: emulator.url,
            deadline: DEADLINE_S,
          }),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    // The run's own deadline, plus its set-up and the idle seconds before and after the load.
    let code: number | string;
    try {
      code = await bounded(exitOf(child), (DEADLINE_S + 300) * 1000, "the engine process to end its run");
    } catch (error) {
      await stopChild(child, "SIGTERM", "the engine process", 10_000).catch(() => {});
      throw error;
    }
    if (code !== 0) throw new Error(`the engine process exited with ${code}`);
    // The last line is the result; what comes before (--trace-gc…) goes to stderr.
    return JSON.parse(report(out)) as Record<string, unknown>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const header = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  from: FROM,
  robots,
  messages: robots * Number(values["per-robot"]),
  concurrency: Number(values.concurrency),
  v8Flags:
    [...Object.entries(SERVICE_ENV).map(([k, v]) => `${k}=${v}`), ...SERVICE_FLAGS].join(" ") || "none",
};

const compare = values.compare ?? [];
/** One run, or the whole benchmark fails: exit 1 saying why, with no numbers. */
async function measure(words: string[]): Promise<Record<string, unknown>> {
  try {
    return await runOnce(words);
  } catch (error) {
    await emulator.close();
    process.stderr.write(`bench:delivery failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (compare.length === 0 && Number(values.rounds) <= 1) {
  const result = { ...header, ...(await measure([])) };
  await emulator.close();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  // Side by side: the service's flags, then each --compare set on top, interleaved over rounds
  // (rotating which goes first); medians per variant.
  const variants = [{ label: header.v8Flags, flags: [] as string[] }].concat(
    compare.map((c) => ({ label: c, flags: c.split(/\s+/).filter(Boolean) })),
  );
  const runs = new Map<string, Array<Record<string, number & { anon: number; file: number }>>>(
    variants.map((v) => [v.label, []]),
  );
  for (let r = 0; r < Math.max(1, Number(values.rounds)); r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + r) % variants.length]!;
      const result = await measure(v.flags);
      runs.get(v.label)!.push(result as never);
      process.stderr.write(`round ${r + 1}: ${v.label}: ${JSON.stringify(result)}\n`);
    }
  }
  await emulator.close();
  const lines = [
    `${header.date} — ${header.robots} robots × ${header.messages / header.robots} messages, concurrency ${header.concurrency}, from ${header.from}, ${Math.max(1, Number(values.rounds))} rounds interleaved`,
    `Machine: ${header.machine}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} at the end.`,
    "",
    "| V8 flags | messages/s (median) | each round | CPU µs/message (median) | each round | RSS idle | RSS peak (median) | each round | anon / file at peak | V8 heap peak |",
    "|---|---:|---|---:|---|---:|---:|---|---:|---:|",
  ];
  for (const v of variants) {
    const rs = runs.get(v.label)!;
    const n = (key: string) => rs.map((x) => Number(x[key]));
    const peak = rs.map((x) => x["peakMB"] as unknown as { anon: number; file: number });
    lines.push(
      `| ${v.label === header.v8Flags ? v.label : `${header.v8Flags} ${v.label}`} | ${median(n("messagesPerSecond"))} | ${n("messagesPerSecond").join(", ")} | ${median(n("cpuUsPerMessage"))} | ${n("cpuUsPerMessage").join(", ")} | ${median(n("rssIdleMB"))} MB | ${median(n("rssPeakMB"))} MB | ${n("rssPeakMB").join(", ")} | ${median(peak.map((p) => p.anon))} / ${median(peak.map((p) => p.file))} MB | ${median(n("heapPeakMB"))} MB |`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

function report(text: string): string {
  const lines = text.trimEnd().split("\n");
  const last = lines.pop() ?? "{}";
  if (lines.length > 0) process.stderr.write(`${lines.join("\n")}\n`);
  return last;
}
