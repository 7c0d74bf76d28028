/**
 * Delivery across many robots measured on `dingpipe serve` as users run it (`bin/dingpipe.js` and the CLI
 * bundle, SQLite, the engine in the service), where bench/delivery.ts measures a process holding only the
 * engine and the store from the library build. Robots, credentials and notifications go through the API;
 * the events too (POST /api/events, 32 at a time); the robots are the DingTalk emulator in this process,
 * rate limits lifted. The service's memory is read from /proc (RSS, anonymous, file-backed; idle 3 s after
 * the set-up, peak sampled every 50 ms until every delivery is sent), its CPU from /proc/PID/stat, and
 * "sent" from the service's database (read-only; /metrics is not scraped, as that would load prom-client).
 *
 *   node bench/delivery-serve.ts [--robots 200] [--per-robot 25] [--rounds 3] [--before DIR] [--deadline 600]
 *
 * `--before DIR`: another build (a checkout with dist/ built) measured beside this one, rounds interleaved.
 * `--deadline S`: the seconds a round may take to send every message. A round that has not sent them all by
 * then fails the run (exit 1, saying how many were sent): a rate over part of the messages is not reported.
 * Linux only (/proc).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { startEmulator } from "../src/emulator/index.ts";
import { stopChild } from "../test/helpers/bounded.ts";
import { median } from "./common.ts";

const { values } = parseArgs({
  options: {
    robots: { type: "string", default: "200" },
    "per-robot": { type: "string", default: "25" },
    rounds: { type: "string", default: "1" },
    before: { type: "string" },
    deadline: { type: "string", default: "600" },
  },
});
const ROOT = new URL("..", import.meta.url).pathname;
const ADMIN = "dp_bench_delivery_serve_token_0123456789";
const robots = Number(values.robots);
const total = robots * Number(values["per-robot"]);

const emulator = await startEmulator({
  port: 0,
  robots: Array.from({ length: robots }, (_, i) => ({ token: `bench${i}` })),
  rateLimit: { messages: 1e9, windowMs: 1000, throttleMs: 1 },
  maxStored: 1000,
});
const emulatorHost = new URL(emulator.url).host;

const mb = (kb: number) => Math.round(kb / 1024);
function resident(pid: number): { rss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile") };
}
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8")
    .replace(/^.*\) /, "")
    .split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

async function runOnce(root: string): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), "dingpipe-bench-serve-"));
  const child = spawn(
    process.execPath,
    [join(root, "bin/dingpipe.js"), "serve", "--port", "0", "--data-dir", dir, "--allow-host", emulatorHost],
    {
      env: { PATH: process.env["PATH"] ?? "", DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("dingpipe serve did not start")), 30_000);
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on("line", (line) => {
          const m = /console (http:\/\/[^/\s]+)\//.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      }
    });
    const pid = child.pid!;
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, {
        signal: AbortSignal.timeout(60_000),
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    for (let i = 0; i < robots; i++) {
      await api("/api/credentials", {
        name: `r${i}`,
        webhook: `${emulator.url}/robot/send?access_token=bench${i}`,
        rateLimit: { messages: 10_000, perSeconds: 1 },
      });
      await api("/api/notifications", {
        credential: `r${i}`,
        pipelines: [`p${i}`],
        events: ["success", "failure"],
        content: ["pipeline", "task", "status", "branch", "commit", "link"],
      });
    }
    await new Promise((r) => setTimeout(r, 3000));
    const idle = resident(pid);
    let peak = idle;
    const sampler = setInterval(() => {
      const now = resident(pid);
      if (now.rss > peak.rss) peak = now;
    }, 50);
    const db = new DatabaseSync(join(dir, "dingpipe.sqlite"), { readOnly: true });
    const cpu0 = cpuMs(pid);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < total; i = next++) {
          await api("/api/events", {
            pipeline: { name: `p${i % robots}` },
            run: { id: String(i), number: i, url: `https://ci.example/runs/${i}` },
            task: { name: `task-${i}`, status: i % 5 === 0 ? "failure" : "success" },
            source: { branch: "main", commit: { sha: "a1b2c3d4e5f6a1b2", message: "bench" } },
          });
        }
      }),
    );
    const count = db.prepare("SELECT count(*) AS n FROM deliveries WHERE state = 'sent'");
    const deadline = Date.now() + Number(values.deadline) * 1000;
    while (Number((count.get() as { n: number }).n) < total && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuMs(pid) - cpu0;
    clearInterval(sampler);
    const sent = Number((count.get() as { n: number }).n);
    db.close();
    if (sent < total) {
      throw new Error(
        `${sent} of ${total} messages were sent when the ${values.deadline} s deadline passed: no rate to report (a stuck engine, or raise --deadline)`,
      );
    }
    return {
      messagesPerSecond: Math.round(total / seconds),
      // The service's CPU over the load (accepting the events through HTTP and delivering them) per message.
      cpuUsPerMessage: Math.round((cpu * 1000) / total),
      rssIdleMB: mb(idle.rss),
      rssPeakMB: mb(peak.rss),
      peakAnonMB: mb(peak.anon),
      peakFileMB: mb(peak.file),
      sent,
    };
  } finally {
    try {
      await stopChild(child, "SIGTERM", "dingpipe serve", 30_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

const variants = [{ label: "this build", root: ROOT }].concat(
  values.before === undefined ? [] : [{ label: "before", root: values.before }],
);
const runs = new Map<string, Record<string, number>[]>(variants.map((v) => [v.label, []]));
const load0 = loadavg()[0]!;
try {
  for (let r = 0; r < Number(values.rounds); r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + r) % variants.length]!;
      const result = await runOnce(v.root);
      runs.get(v.label)!.push(result as Record<string, number>);
      process.stderr.write(`round ${r + 1}: ${v.label}: ${JSON.stringify(result)}\n`);
    }
  }
} catch (error) {
  await emulator.close();
  process.stderr.write(`bench:delivery-serve failed: ${(error as Error).message}\n`);
  process.exit(1);
}
await emulator.close();
const lines = [
  `${new Date().toISOString().slice(0, 10)} — dingpipe serve, ${robots} robots × ${total / robots} messages, ${values.rounds} rounds interleaved`,
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end.`,
  "",
  "| build | messages/s (median) | each round | CPU µs/message (median) | each round | RSS idle | RSS peak (median) | each round | anon / file at peak |",
  "|---|---:|---|---:|---|---:|---:|---|---:|",
];
for (const v of variants) {
  const rs = runs.get(v.label)!;
  const n = (key: string) => rs.map((x) => Number(x[key]));
  lines.push(
    `| ${v.label} | ${median(n("messagesPerSecond"))} | ${n("messagesPerSecond").join(", ")} | ${median(n("cpuUsPerMessage"))} | ${n("cpuUsPerMessage").join(", ")} | ${median(n("rssIdleMB"))} MB | ${median(n("rssPeakMB"))} MB | ${n("rssPeakMB").join(", ")} | ${median(n("peakAnonMB"))} / ${median(n("peakFileMB"))} MB |`,
  );
}
process.stdout.write(`${lines.join("\n")}\n`);
