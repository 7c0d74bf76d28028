/**
 * What the service's metrics cost on the ingest path: per accepted event, the updates `POST /api/events` makes
 * (events received, HTTP requests by route/method/status, request duration histogram), and a scrape of
 * `/metrics` with 50 robots' series. Contenders run side by side in one process, interleaved, against a floor
 * that does the same loop without metrics. `--also FILE` adds another implementation of createMetrics (e.g.
 * an earlier one, checked out from git) to compare.
 *
 *   node bench/metrics.ts [--updates 200000] [--scrapes 200] [--rounds 5] [--also /tmp/old/metrics.ts]
 *
 * Prints a markdown section for bench/RESULTS.md.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Store } from "../src/store/store.ts";
import { machine, median } from "./common.ts";

const { values } = parseArgs({
  options: {
    updates: { type: "string", default: "200000" },
    scrapes: { type: "string", default: "200" },
    rounds: { type: "string", default: "5" },
    also: { type: "string", multiple: true, default: [] },
  },
});
const UPDATES = Number(values.updates);
const SCRAPES = Number(values.scrapes);
const ROUNDS = Number(values.rounds);

interface Metrics {
  eventsIn: { inc(labels?: Record<string, string>, by?: number): void };
  httpRequests: { inc(labels?: Record<string, string>, by?: number): void };
  httpDuration: { observe(value: number, labels?: Record<string, string>): void };
  deliveries: { inc(labels?: Record<string, string>, by?: number): void };
  render(store?: Store): Promise<string>;
}
type Factory = () => Metrics;

const contenders: Record<string, Factory | undefined> = { "no metrics (floor)": undefined };
contenders["prom-client (src/server/metrics.ts)"] = (await import("../src/server/metrics.ts")).createMetrics;
for (const file of values.also) {
  contenders[`also: ${file}`] = (await import(resolve(file))).createMetrics as Factory;
}

const ROBOTS = Array.from({ length: 50 }, (_, i) => `robot-${i}`);
const store = {
  deliveryStats: async () => ({
    byState: { pending: 12, sending: 1, sent: 90_000, merged: 40, dead: 3 },
    backlogByCredential: Object.fromEntries(ROBOTS.map((r, i) => [r, i])),
  }),
} as unknown as Store;

let sink = 0;
function updates(m: Metrics | undefined): number {
  const start = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    const seconds = (i % 97) / 1000;
    if (m) {
      m.eventsIn.inc({ source: "api" });
      m.httpRequests.inc({ route: "/api/events", method: "POST", status: "202" });
      m.httpDuration.observe(seconds, { route: "/api/events" });
    } else sink += seconds;
  }
  return ((performance.now() - start) / UPDATES) * 1e6; // ns per event
}
async function scrapes(m: Metrics | undefined): Promise<number> {
  if (!m) return 0;
  for (const r of ROBOTS) m.deliveries.inc({ credential: r, outcome: "sent" }, 3);
  const start = performance.now();
  for (let i = 0; i < SCRAPES; i++) sink += (await m.render(store)).length;
  return ((performance.now() - start) / SCRAPES) * 1000; // µs per scrape
}

const perEvent: Record<string, number[]> = {};
const perScrape: Record<string, number[]> = {};
const names = Object.keys(contenders);
for (let round = 0; round <= ROUNDS; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length]!;
    const factory = contenders[name];
    const m = factory?.();
    const ns = updates(m);
    const us = await scrapes(m);
    if (round === 0) continue; // warm-up
    perEvent[name] = [...(perEvent[name] ?? []), ns];
    perScrape[name] = [...(perScrape[name] ?? []), us];
  }
}
const floor = median(perEvent[names[0]!]!);
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${UPDATES} events × ${ROUNDS} rounds, ${SCRAPES} scrapes, interleaved`,
    "",
    `Machine: ${machine()}.`,
    "",
    "| implementation | ns per accepted event (3 updates) | over the floor | µs per scrape (50 robots) |",
    "|---|---:|---:|---:|",
    ...names.map((n) => {
      const ns = median(perEvent[n]!);
      return `| ${n} | ${ns.toFixed(0)} | ${(ns - floor).toFixed(0)} | ${n === names[0] ? "—" : median(perScrape[n]!).toFixed(0)} |`;
    }),
    "",
    sink > 0 ? "" : "(no work measured)",
  ].join("\n"),
);
