/**
 * Once `serve` or `worker` has started, V8's mid-tier compiler (Maglev) frees each finished compilation job on
 * the main thread as its code is installed (`--no-maglev-destroy-on-background`), instead of handing it back to
 * V8's background threads to be freed.
 *
 * Why: at warm-up many functions get hot at once; their jobs (graph and zones, ~10 MB of malloc's peak under
 * SQLite ingest by heaptrack) then wait for background threads that a loaded two-core machine starves, and
 * glibc keeps what they held once they are freed at last. A run's peak RSS varied with that wait: 94–108 MB
 * under SQLite ingest, 91–95 with the jobs freed as installed, at the same CPU per event within the bench's
 * spread (bench/RESULTS.md, session 13).
 *
 * Why at run time and not among bin/dingpipe.js's flags: start-up's own jobs still go to the background threads,
 * which keeps an idle service's RSS where it was (the flag from the start cost it 0.3–0.5 MB); and a V8 that no
 * longer knows the flag refuses it on the command line ("bad option": the service would not start), where here
 * it only prints a line — which the version check below spares too. A flag the user gave either way wins.
 */
import { setFlagsFromString } from "node:v8";

const FLAG = "maglev-destroy-on-background";

/**
 * The V8 majors checked to have the flag: 12.4 (Node 22), 13.6 (Node 24), 14.1 (Node 25), 14.6 (Node 26).
 * A later one is left as V8 has it until someone checks it (a test fails on the project's own Node when it
 * moves past these).
 */
export const CHECKED_V8_MAJORS: readonly number[] = [12, 13, 14];

/** Whether the user gave the flag either way: `--name`, `--no-name`, `--noname`, `--name=…`, `_` for `-`. */
export function flagGiven(given: readonly string[]): boolean {
  return given.some((word) => {
    if (!word.startsWith("--")) return false;
    const name = word.slice(2).replaceAll("_", "-").split("=")[0];
    return name === FLAG || name === `no-${FLAG}` || name === `no${FLAG}`;
  });
}

/**
 * Turns the flag off for the rest of this process's life, unless the user set it or this V8 is not one checked.
 * Returns whether it did.
 */
export function freeCompileJobsOnMainThread(
  given: readonly string[] = [...process.execArgv, ...(process.env["NODE_OPTIONS"] ?? "").split(/\s+/)],
  v8Version: string = process.versions.v8,
): boolean {
  if (flagGiven(given) || !CHECKED_V8_MAJORS.includes(Number(v8Version.split(".")[0]))) return false;
  setFlagsFromString(`--no-${FLAG}`);
  return true;
}
