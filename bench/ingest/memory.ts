/**
 * The ingest benchmark's memory probe, loaded into a service with `--import` (bench/ingest.ts `--memory`):
 * every 50 ms it samples `process.memoryUsage()` and V8's heap spaces, and keeps the sample taken at the
 * highest RSS, beside each field's own maximum. It writes them, as JSON, to the file named by its URL's
 * `out` query every second (the service may end by a signal, so not only at exit). Every sample is also
 * appended, with its time (`t`, Date.now()), as a JSON line to `out` + ".series", so the bench can read the
 * heap at each load run's own peak. Bench-only: the product never loads it.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { appendFileSync, writeFileSync } from "node:fs";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";

const params = new URL(import.meta.url).searchParams;
const out = params.get("out");
if (out === null) throw new Error("memory probe: ?out=FILE is required");

const MB = 1024 * 1024;
type Sample = Record<string, number>;

function sample(): Sample {
  const m = process.memoryUsage();
  const s: Sample = {
    rss: m.rss / MB,
    heapTotal: m.heapTotal / MB,
    heapUsed: m.heapUsed / MB,
    external: m.external / MB,
    arrayBuffers: m.arrayBuffers / MB,
  };
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_size > 0) s[space.space_name] = space.space_size / MB;
  }
  return s;
}

let atPeak: Sample = sample();
/**
 * Taken `idle` seconds (default 3) after the service listens, as the benchmark reads its idle RSS
 * (`--idle-seconds` after the service answered): counted from the probe's own start, it came one
 * start-up earlier than the RSS beside it.
 */
let idle: Sample = atPeak;
/** Node's channel for a server that has started listening: the first one starts the idle timer. */
const LISTENING = "tracing:net.server.listen:asyncEnd";
const takeIdle = () => {
  unsubscribe(LISTENING, takeIdle);
  setTimeout(
    () => {
      idle = sample();
    },
    Number(params.get("idle") ?? 3) * 1000,
  ).unref();
};
subscribe(LISTENING, takeIdle);
const max: Sample = { ...atPeak };
let series: string[] = [];
setInterval(() => {
  const s = sample();
  series.push(JSON.stringify({ t: Date.now(), ...s }));
  if (s["rss"]! > atPeak["rss"]!) atPeak = s;
  for (const [k, v] of Object.entries(s)) max[k] = Math.max(max[k] ?? 0, v);
}, 50).unref();
/** Garbage collections on the main thread by kind: how many, and their pause in ms (summed). */
const gc: Record<string, number> = { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    const which =
      kind === constants.NODE_PERFORMANCE_GC_MAJOR
        ? "major"
        : kind === constants.NODE_PERFORMANCE_GC_MINOR
          ? "minor"
          : undefined;
    if (which === undefined) continue;
    gc[which]! += 1;
    gc[`${which}Ms`]! += entry.duration;
  }
}).observe({ entryTypes: ["gc"] });
setInterval(() => {
  writeFileSync(out, JSON.stringify({ idle, atPeak, max, gc }));
  if (series.length > 0) appendFileSync(`${out}.series`, `${series.join("\n")}\n`);
  series = [];
}, 1000).unref();
