/**
 * Delivery engine throughput across many robots, on the DingTalk emulator with rate limits lifted,
 * and the process's memory (RSS) idle and under load.
 *
 *   npm run bench:delivery                        # SQLite in a temp dir
 *   npm run bench:delivery -- --postgres URL      # PostgreSQL (an empty database)
 *   npm run bench:delivery -- --robots 200 --per-robot 50 --concurrency 32
 *
 * The emulator runs in a child process so that the RSS measured is the engine's (plus the store).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startDeliveryEngine } from "../src/delivery/index.ts";
import { openStore } from "../src/store/index.ts";

const { values } = parseArgs({
  options: {
    robots: { type: "string", default: "200" },
    "per-robot": { type: "string", default: "50" },
    concurrency: { type: "string", default: "32" },
    postgres: { type: "string" },
  },
});
const robots = Number(values.robots);
const perRobot = Number(values["per-robot"]);
const total = robots * perRobot;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function startEmulatorProcess(tokens: string[]): Promise<{ url: string; stop: () => void }> {
  const entry = fileURLToPath(new URL("../src/emulator/index.ts", import.meta.url));
  const script = `
    const { startEmulator } = await import(${JSON.stringify(entry)});
    const tokens = JSON.parse(process.env.TOKENS);
    const emulator = await startEmulator({ port: 0, robots: tokens.map((token) => ({ token })),
      rateLimit: { messages: 1e9, windowMs: 1000, throttleMs: 1 }, maxStored: 1000 });
    process.stdout.write(emulator.url + "\\n");`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, TOKENS: JSON.stringify(tokens) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`emulator exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

const tokens = Array.from({ length: robots }, (_, i) => `bench${i}`);
const emulator = await startEmulatorProcess(tokens);
const dir = await mkdtemp(join(tmpdir(), "dingpipe-bench-"));
const store = await openStore(values.postgres, { dataDir: dir, poolSize: 16 });

for (let i = 0; i < robots; i++) {
  await store.createCredential({
    name: `r${i}`,
    sealed: "opaque",
    hint: "bench",
    hasSecret: false,
    keywords: [],
    rateLimit: { messages: 1_000_000, perSeconds: 1 },
  });
  await store.createNotification({
    credential: `r${i}`,
    pipelines: [`p${i}`],
    events: ["success", "failure"],
    content: ["pipeline", "task", "status", "branch", "commit", "link"],
  });
}
let sent = 0;
let requests = 0;
let requestMs = 0;
const engine = startDeliveryEngine({
  store,
  resolveCredential: async (name) => ({
    webhook: `${emulator.url}/robot/send?access_token=bench${name.slice(1)}`,
    keywords: [],
    rateLimit: { messages: 1_000_000, perSeconds: 1 },
  }),
  concurrency: Number(values.concurrency),
  pollMs: 200,
  observer: {
    request: (info) => {
      requests++;
      requestMs += info.durationMs;
    },
    sent: (info) => {
      sent += info.deliveries;
    },
  },
});

// Idle: the store open and the engine polling, nothing to send.
await new Promise((r) => setTimeout(r, 2000));
const idleRss = process.memoryUsage.rss();
let peakRss = idleRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 100);

// Load: events accepted in batches (as the HTTP layer would) while the engine delivers them.
const started = performance.now();
const elu = performance.eventLoopUtilization();
for (let n = 0; n < total; n += 500) {
  await Promise.all(
    Array.from({ length: Math.min(500, total - n) }, (_, k) => {
      const i = n + k;
      return store.insertEvent({
        source: "api",
        event: {
          pipeline: { name: `p${i % robots}` },
          run: { id: String(i), number: i, url: `https://ci.example/runs/${i}` },
          task: { name: `task-${i}`, status: i % 5 === 0 ? "failure" : "success" },
          source: { branch: "main", commit: { sha: "a1b2c3d4e5f6a1b2", message: "bench" } },
        },
      });
    }),
  );
  engine.wake();
}
const acceptedSeconds = (performance.now() - started) / 1000;
while (sent < total) await new Promise((r) => setTimeout(r, 50));
const seconds = (performance.now() - started) / 1000;
const busy = performance.eventLoopUtilization(elu).utilization;
clearInterval(sampler);
await engine.stop();
const stats = await store.deliveryStats();
await store.close();
emulator.stop();
await rm(dir, { recursive: true, force: true });

const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  store: store.dialect,
  robots,
  messages: total,
  concurrency: Number(values.concurrency),
  seconds: Number(seconds.toFixed(2)),
  acceptedSeconds: Number(acceptedSeconds.toFixed(2)),
  messagesPerSecond: Math.round(total / seconds),
  /** Mean time of one request to the emulator, as the engine saw it. */
  requestMeanMs: Number((requestMs / Math.max(1, requests)).toFixed(1)),
  /** Share of the time the engine process's event loop was busy. */
  eventLoopBusy: Number(busy.toFixed(2)),
  rssIdleMB: mb(idleRss),
  rssPeakMB: mb(peakRss),
  sent: stats.byState.sent,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
