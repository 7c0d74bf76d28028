/**
 * `dingpipe send` end to end, against the DingTalk emulator, beside two references in ONE run:
 * `curl` posting the same signed body, and a bare `node -e` fetch (the floor: Node's own start-up
 * plus one request). Runs are interleaved so machine noise hits all three alike.
 *
 *   npm run bench:send               # builds the CLI bundle, 30 runs each
 *   node bench/send.ts --runs 50 --no-build
 *
 * Prints a markdown section for bench/RESULTS.md. Target: dingpipe within 1.5x of the floor.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { signedQuery } from "../src/dingtalk/sign.ts";
import { startEmulator } from "../src/emulator/index.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "30" }, "no-build": { type: "boolean", default: false } },
});
const RUNS = Number(values.runs);
const root = fileURLToPath(new URL("..", import.meta.url));
const node = process.execPath;

if (!values["no-build"]) {
  // What the installed bin runs: the CLI bundle in dist/bin/, built from src/ by esbuild (no tsc needed).
  spawnSync(node, [`${root}scripts/build-cli.ts`], { cwd: root, stdio: "ignore" });
}

const SECRET = "SECfakeBenchSigningSecret0004";
const TOKEN = "tok-bench-0004";
const emu = await startEmulator({
  port: 0,
  robots: [{ token: TOKEN, secret: SECRET }],
  rateLimit: { messages: 1_000_000, windowMs: 60_000, throttleMs: 1 },
});
const webhook = emu.webhookUrl(TOKEN);
const TEXT = "deploy to prod failed on main at a1b2c3d";
const body = JSON.stringify({ msgtype: "text", text: { content: TEXT } });

function timed(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env["PATH"] },
    });
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
      if (code !== 0 || (cmd === "curl" && !out.includes('"errcode":0'))) {
        reject(new Error(`${cmd} failed (${code}): ${out}`));
      } else resolve(ms);
    });
  });
}

/** Signed afresh for every run: the timestamp must be current. */
const signedUrl = () => `${webhook}&${signedQuery(SECRET, Date.now())}`;

const FLOOR =
  "const r = await fetch(process.argv[1], { method: 'POST', headers: { 'content-type': 'application/json' }, body: process.argv[2] });" +
  " if ((await r.json()).errcode !== 0) process.exitCode = 1;";

const contenders: Record<string, () => Promise<number>> = {
  "node -e fetch (floor)": () => timed(node, ["--input-type=module", "-e", FLOOR, signedUrl(), body]),
  "dingpipe send": () =>
    timed(node, ["bin/dingpipe.js", "send", "--webhook", webhook, "--secret", SECRET, "--text", TEXT]),
  curl: () =>
    timed("curl", [
      "-sS",
      "-X",
      "POST",
      "-H",
      "Content-Type: application/json",
      "--data-binary",
      body,
      signedUrl(),
    ]),
};

const names = Object.keys(contenders);
const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
// One warm-up round (file cache), not recorded.
for (const n of names) await contenders[n]!();
for (let i = 0; i < RUNS; i++) {
  // Rotate the order each round so no contender always goes first.
  for (let k = 0; k < names.length; k++) {
    const n = names[(i + k) % names.length]!;
    samples[n]!.push(await contenders[n]!());
  }
}
const delivered = emu.messages(TOKEN).length;
await emu.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p90 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
const floor = median(samples["node -e fetch (floor)"]!);
const cpu = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
const curlVersion = spawnSync("curl", ["--version"], { encoding: "utf8" }).stdout.split(" ")[1] ?? "?";

const rows = names.map((n) => {
  const xs = samples[n]!;
  return `| ${n} | ${median(xs).toFixed(1)} | ${p90(xs).toFixed(1)} | ${(median(xs) / floor).toFixed(2)}x |`;
});
const ratio = median(samples["dingpipe send"]!) / floor;
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${RUNS} runs each, interleaved`,
    "",
    `Machine: ${availableParallelism()} CPUs (nproc), ${cpu}; Node ${process.version}; curl ${curlVersion}.`,
    `Each run is a fresh process posting one signed text message to the emulator on 127.0.0.1 (${delivered} delivered).`,
    "",
    "| command | median ms | p90 ms | vs floor |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
    `dingpipe send / floor = ${ratio.toFixed(2)}x (target ≤ 1.5x): ${ratio <= 1.5 ? "met" : "NOT met"}.`,
    "",
  ].join("\n"),
);
