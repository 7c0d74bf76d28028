/**
 * The ingest benchmark's load generator, in its own process (so its work is not mixed into the measuring
 * process's event loop): `--concurrency` keep-alive clients POST distinct PipelineEvents to `--url`
 * (`/api/events`) until `--events` were answered or `--seconds` passed, whichever comes first — it stops by
 * itself. Prints one JSON line: { sent, accepted, other, seconds, rate, p50, p99, max } (ms per request, seen
 * by the client; rate = accepted / seconds).
 *
 * With `--rate R` it is an open loop instead: a request is due every 1/R s whatever the answers do (at most
 * `--concurrency` in flight; one due while all are busy waits for a free one), and each is timed from when
 * it was DUE, not when it left — so a stall of the service counts for every request scheduled behind it
 * (no coordinated omission). That reads latency at a load the service can carry, where the closed loop
 * reads it at saturation (where it is mostly the queue of 64 clients on a few CPUs).
 *
 *   node bench/ingest/loadgen.ts --url http://127.0.0.1:PORT --token T [--events 20000] [--concurrency 64]
 *     [--seconds 15] [--offset 0] [--rate R]
 */
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";
import { benchEvent } from "./event.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string", default: "" },
    events: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    seconds: { type: "string", default: "15" },
    offset: { type: "string", default: "0" },
    /** Requests per second, open loop (0: closed loop, each client sends again once answered). */
    rate: { type: "string", default: "0" },
  },
});
if (values.url === undefined) throw new Error("--url is required");
const url = new URL(values.url);
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const DEADLINE_MS = Number(values.seconds) * 1000;
const OFFSET = Number(values.offset);
const RATE = Number(values.rate);
if (!(RATE >= 0)) throw new Error("--rate: requests per second (0 for a closed loop)");

/** The event `i` as the body sent (bench/ingest/event.ts). */
export function eventBody(i: number): string {
  return JSON.stringify(benchEvent(i));
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
if (RATE > 0) await openLoop();
else
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

/** `--rate`: one request due every 1/RATE s until `--events` or `--seconds`; each timed from when it was due. */
async function openLoop(): Promise<void> {
  const interval = 1000 / RATE;
  const total = Math.min(EVENTS, Math.floor(DEADLINE_MS / interval));
  let inFlight = 0;
  const free: Array<() => void> = [];
  const answers: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
    while (inFlight >= CONCURRENCY) await new Promise<void>((r) => free.push(r));
    inFlight++;
    answers.push(
      post(eventBody(OFFSET + i)).then((status) => {
        latencies[done++] = performance.now() - due;
        if (status === 202) accepted++;
        else other++;
        inFlight--;
        free.shift()?.();
      }),
    );
  }
  await Promise.all(answers);
}
const seconds = (performance.now() - started) / 1000;
agent.destroy();
const sorted = Array.from(latencies.subarray(0, done)).sort((a, b) => a - b);
const pct = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({ sent: done, accepted, other, seconds, rate: accepted / seconds, p50: pct(50), p99: pct(99), max: sorted[sorted.length - 1] ?? Number.NaN })}\n`,
);
