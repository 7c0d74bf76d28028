/**
 * What the end-to-end command benchmarks (send.ts, notify.ts) share: building the CLI bundle the bin
 * runs, a rate-unlimited emulator robot, timing a fresh process, interleaving contenders round-robin,
 * and the statistics and machine line of the markdown they print for bench/RESULTS.md.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";

/** Builds what the installed bin runs: the CLI bundle in dist/bin/ (esbuild, no tsc needed). */
export function buildCliBundle(root: string): void {
  spawnSync(process.execPath, [`${root}scripts/build-cli.ts`], { cwd: root, stdio: "ignore" });
}

/** The emulator with one signing robot whose rate limit is lifted (the benchmark times sending, not waiting). */
export function startBenchRobot(token: string, secret: string): Promise<Emulator> {
  return startEmulator({
    port: 0,
    robots: [{ token, secret }],
    rateLimit: { messages: 1_000_000, windowMs: 60_000, throttleMs: 1 },
  });
}

/** Milliseconds from spawning a process to its exit; rejects when it fails or `ok(output)` says no. */
export function timedProcess(
  cmd: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; ok?: (output: string) => boolean },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"], env: options.env });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - start;
      if (code !== 0 || (options.ok && !options.ok(out))) {
        reject(new Error(`${cmd} ${args[0] ?? ""} failed (${code}): ${out}`));
      } else resolve(ms);
    });
  });
}

/**
 * Runs every contender `runs` times after one unrecorded warm-up round (file cache), rotating the
 * order each round so no contender always goes first. Returns the samples per contender.
 */
export async function interleave(
  contenders: Record<string, () => Promise<number>>,
  runs: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await contenders[n]!();
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length]!;
      samples[n]!.push(await contenders[n]!());
    }
  }
  return samples;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function p90(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
}

/** Markdown rows `| name | median | p90 | ratio |`, each median divided by the median of `base`. */
export function ratioRows(samples: Record<string, number[]>, base: string): string[] {
  const baseline = median(samples[base]!);
  return Object.entries(samples).map(
    ([n, xs]) =>
      `| ${n} | ${median(xs).toFixed(1)} | ${p90(xs).toFixed(1)} | ${(median(xs) / baseline).toFixed(2)}x |`,
  );
}

/** "2 CPUs (nproc), <CPU model>; Node vX" for the results' machine line. */
export function machine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
  return `${availableParallelism()} CPUs (nproc), ${cpu}; Node ${process.version}`;
}
