/**
 * The ingest benchmark's load generator, in its own process (so its work is not mixed into the measuring
 * process's event loop): `--concurrency` keep-alive clients POST distinct PipelineEvents to `--url`
 * (`/api/events`) until `--events` were answered or `--seconds` passed, whichever comes first — it stops by
 * itself. Prints one JSON line: { sent, accepted, other, seconds, rate, p50, p99, max } (ms per request, seen
 * by the client; rate = accepted / seconds).
 *
 *   node bench/ingest/loadgen.ts --url http://127.0.0.1:PORT --token T [--events 20000] [--concurrency 64]
 *     [--seconds 15] [--offset 0]
 */
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string", default: "" },
    events: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    seconds: { type: "string", default: "15" },
    offset: { type: "string", default: "0" },
  },
});
if (values.url === undefined) throw new Error("--url is required");
const url = new URL(values.url);
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const DEADLINE_MS = Number(values.seconds) * 1000;
const OFFSET = Number(values.offset);

/** A typical PipelineEvent (a GitHub push build), distinct per i (run id, number, task). */
export function eventBody(i: number): string {
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

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const headers = (body: string) => ({
  ...(values.token ? { authorization: `Bearer ${values.token}` } : {}),
  "content-type": "application/json",
  "content-length": Buffer.byteLength(body),
});

function post(body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: "/api/events",
        method: "POST",
        headers: headers(body),
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error("no answer in 10 s")));
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

const latencies = new Float64Array(EVENTS);
let next = 0;
let done = 0;
let accepted = 0;
let other = 0;
const started = performance.now();
const deadline = started + DEADLINE_MS;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < EVENTS && performance.now() < deadline) {
      const i = next++;
      const body = eventBody(OFFSET + i);
      const t = performance.now();
      const status = await post(body);
      latencies[done++] = performance.now() - t;
      if (status === 202) accepted++;
      else other++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
const sorted = Array.from(latencies.subarray(0, done)).sort((a, b) => a - b);
const pct = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({ sent: done, accepted, other, seconds, rate: accepted / seconds, p50: pct(50), p99: pct(99), max: sorted[sorted.length - 1] ?? Number.NaN })}\n`,
);
