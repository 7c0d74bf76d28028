/**
 * What `POST /api/events` spends in-process besides the database and HTTP, per accepted event: checking the
 * body against the PipelineEvent declaration (validateEvent), and the metrics it updates (events received,
 * HTTP requests by route/method/status, the request duration histogram); and what one `/metrics` scrape costs
 * with 50 robots' series. Contenders run side by side in one process, interleaved, against a floor that does
 * the same loop without the work. `--also-validate FILE` / `--also-metrics FILE` add another implementation
 * of validateEvent / createMetrics (e.g. an earlier one checked out from git) to compare.
 *
 *   npm run bench:ingest-path -- [--events 100000] [--scrapes 100] [--rounds 5] [--also-metrics old/metrics.ts]
 *
 * Prints a markdown section for bench/RESULTS.md.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Store } from "../src/store/store.ts";
import { machine, median } from "./common.ts";
import { benchEvent } from "./ingest/event.ts";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    scrapes: { type: "string", default: "100" },
    rounds: { type: "string", default: "5" },
    "also-metrics": { type: "string", multiple: true, default: [] },
    "also-validate": { type: "string", multiple: true, default: [] },
  },
});
const EVENTS = Number(values.events);
const SCRAPES = Number(values.scrapes);
const ROUNDS = Number(values.rounds);

type Labels = Record<string, string>;
interface Metrics {
  eventsIn: { inc(labels?: Labels, by?: number): void };
  httpRequests: { inc(labels?: Labels, by?: number): void };
  httpDuration: { observe(value: number, labels?: Labels): void };
  deliveries: { inc(labels?: Labels, by?: number): void };
  render(store?: Store): Promise<string>;
}
type Validate = (body: unknown) => unknown;

const FLOOR = "none (floor)";
const metrics: Record<string, (() => Metrics) | undefined> = {
  [FLOOR]: undefined,
  "prom-client (src/server/metrics.ts)": (await import("../src/server/metrics.ts")).createMetrics,
};
for (const file of values["also-metrics"]) metrics[file] = (await import(resolve(file))).createMetrics;
const validators: Record<string, Validate | undefined> = {
  [FLOOR]: undefined,
  "the declaration (src/server/validate-event.ts)": (await import("../src/server/validate-event.ts"))
    .validateEvent,
};
for (const file of values["also-validate"]) validators[file] = (await import(resolve(file))).validateEvent;

/** A fuller event than bench/ingest/loadgen.ts sends (its pipeline and run, bench/ingest/event.ts): every field a CI fills, a status to map ("FAIL"), variables, so validation does all its work. */
const body = (i: number) => ({
  ...benchEvent(i),
  task: {
    name: "build",
    status: i % 7 === 0 ? "FAIL" : "success",
    startedAt: "2026-11-23T08:00:00Z",
    durationMs: 61000,
  },
  source: {
    provider: "gitee",
    repo: "acme/web",
    branch: "main",
    commit: { sha: "abc1234def", message: "fix" },
  },
  variables: { ENV_NAME: "staging" },
});
const bodies = Array.from({ length: 1000 }, (_, i) => body(i));

const ROBOTS = Array.from({ length: 50 }, (_, i) => `robot-${i}`);
const store = {
  deliveryStats: async () => ({
    byState: { pending: 12, sending: 1, sent: 90_000, merged: 40, dead: 3 },
    backlogByCredential: Object.fromEntries(ROBOTS.map((r, i) => [r, i])),
  }),
} as unknown as Store;

let sink = 0;
/** CPU time (user + system) since `start`, in µs: steadier than the clock on a machine others share. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return u.user + u.system;
}
/** CPU ns per event. */
function timeLoop(work: (i: number) => void): number {
  const start = process.cpuUsage();
  for (let i = 0; i < EVENTS; i++) work(i);
  return (cpuSince(start) / EVENTS) * 1000;
}
const metricWork = (m: Metrics | undefined) => (i: number) => {
  const seconds = (i % 97) / 1000;
  if (!m) {
    sink += seconds;
    return;
  }
  m.eventsIn.inc({ source: "api" });
  m.httpRequests.inc({ route: "/api/events", method: "POST", status: "202" });
  m.httpDuration.observe(seconds, { route: "/api/events" });
};
const validateWork = (v: Validate | undefined) => (i: number) => {
  const b = bodies[i % bodies.length]!;
  if (v) sink += v(b) === undefined ? 0 : 1;
  else sink += b.run.number;
};

async function interleaved<T>(
  contenders: Record<string, T | undefined>,
  measure: (c: T | undefined) => Promise<number[]>,
): Promise<Record<string, number[][]>> {
  const out: Record<string, number[][]> = {};
  const names = Object.keys(contenders);
  for (let round = 0; round <= ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const r = await measure(contenders[name]);
      if (round > 0) out[name] = [...(out[name] ?? []), r];
    }
  }
  return out;
}

const validation = await interleaved(validators, async (v) => [timeLoop(validateWork(v))]);
const metering = await interleaved(metrics, async (factory) => {
  const m = factory?.();
  const ns = timeLoop(metricWork(m));
  if (!m) return [ns, 0];
  for (const r of ROBOTS) m.deliveries.inc({ credential: r, outcome: "sent" }, 3);
  const start = process.cpuUsage();
  for (let i = 0; i < SCRAPES; i++) sink += (await m.render(store)).length;
  return [ns, cpuSince(start) / SCRAPES];
});

const col = (rows: number[][], i: number) => median(rows.map((r) => r[i]!));
const vFloor = col(validation[FLOOR]!, 0);
const mFloor = col(metering[FLOOR]!, 0);
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${EVENTS} events × ${ROUNDS} rounds, ${SCRAPES} scrapes, interleaved`,
    "",
    `Machine: ${machine()}.`,
    "",
    "CPU time (user + system), not the clock: the machine is shared.",
    "",
    "| validating the body | CPU ns per event | over the floor |",
    "|---|---:|---:|",
    ...Object.keys(validators).map((n) => {
      const ns = col(validation[n]!, 0);
      return `| ${n} | ${ns.toFixed(0)} | ${(ns - vFloor).toFixed(0)} |`;
    }),
    "",
    "| metrics | CPU ns per event (3 updates) | over the floor | CPU µs per scrape (50 robots) |",
    "|---|---:|---:|---:|",
    ...Object.keys(metrics).map((n) => {
      const ns = col(metering[n]!, 0);
      return `| ${n} | ${ns.toFixed(0)} | ${(ns - mFloor).toFixed(0)} | ${n === FLOOR ? "—" : col(metering[n]!, 1).toFixed(0)} |`;
    }),
    "",
    sink > 0 ? "" : "(no work measured)",
  ].join("\n"),
);
