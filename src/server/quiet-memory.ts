/**
 * Gives memory back once the service has gone quiet: one memory-reducing garbage collection (V8's
 * "last resort" flavour, which also shrinks the young generation) per quiet spell.
 *
 * Why: start-up and every burst of requests grow V8's young generation to its largest (2 × 4 MB with the
 * service's flags, bin/dingpipe.js), and V8 shrinks it only in a collection meant to reduce memory. Its own
 * memory reducer runs one only after a full collection, which an idle service never makes: the pages
 * stayed resident, and the young generation went on touching them at every idle poll. One such collection
 * when quiet takes an idle service from ~61 to ~58 MB on PostgreSQL (bench/RESULTS.md); it pauses the
 * loop for ~40 ms on a small machine, once per quiet spell, never under load.
 *
 * Quiet means the event loop was busy under 1 % of a whole period (idle polls: 0.1–0.4 %). Busy for one
 * period (a burst of webhooks, deliveries) arms it again. The collection is V8's `gc()`, given to the
 * service processes by `--expose-gc` (bin/service-flags.js); without it (a library user) nothing runs.
 */
import { performance } from "node:perf_hooks";

export type CollectGarbage = (options: { type: "major"; flavor: "last-resort" }) => void;

export interface QuietMemoryOptions {
  /** V8's gc(), when the process was started with --expose-gc. */
  gc?: CollectGarbage | undefined;
  /** The length of a period looked at (default 5 s). */
  periodMs?: number;
  /** The share of a period the loop may be busy and still be quiet (default 0.01). */
  quietBelow?: number;
  /** Told after each collection, with the resident memory before and after (bytes). */
  collected?: (rssBefore: number, rssAfter: number) => void;
}

export function giveMemoryBackWhenQuiet(options: QuietMemoryOptions = {}): { stop(): void } {
  const gc = options.gc ?? (globalThis as { gc?: CollectGarbage }).gc;
  if (typeof gc !== "function") return { stop() {} };
  const quietBelow = options.quietBelow ?? 0.01;
  let last = performance.eventLoopUtilization();
  // Start-up was busy: the first quiet period collects.
  let armed = true;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (busy >= quietBelow) {
      armed = true;
      return;
    }
    if (!armed) return;
    armed = false;
    const before = process.memoryUsage.rss();
    gc({ type: "major", flavor: "last-resort" });
    options.collected?.(before, process.memoryUsage.rss());
    // The collection's own pause is not activity.
    last = performance.eventLoopUtilization();
  }, options.periodMs ?? 5_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
