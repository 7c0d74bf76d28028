/**
 * The single executable (dist/dingpipe-linux-x64) beside `node bin/dingpipe.js` in ONE run: its size,
 * and the start-up of `--version` and of `send` to the emulator (a fresh process each time), with a
 * bare `node -e ""` as the floor any Node program pays. Runs are interleaved so machine noise hits
 * every contender alike.
 *
 *   npm run bench:executable            # builds the package and the executable, 30 runs each
 *   node bench/executable.ts --runs 50 --no-build
 *
 * Prints a markdown section for bench/RESULTS.md.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { baseNode, buildExecutable } from "../scripts/build-sea.ts";
import { interleave, machine, median, p90, startBenchRobot, timedProcess } from "./common.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "30" }, "no-build": { type: "boolean", default: false } },
});
const RUNS = Number(values.runs);
const root = fileURLToPath(new URL("..", import.meta.url));
const node = process.execPath;

if (!values["no-build"]) {
  spawnSync("npm", ["run", "build:package"], { cwd: root, stdio: "ignore" });
}
const { path: exe } = await buildExecutable();

const SECRET = "SECfakeBenchSigningSecret0005";
const TOKEN = "tok-bench-0005";
const emu = await startBenchRobot(TOKEN, SECRET);
const webhook = emu.webhookUrl(TOKEN);
const TEXT = "deploy to prod failed on main at a1b2c3d";
const send = ["send", "--webhook", webhook, "--secret", SECRET, "--text", TEXT];
const run = { cwd: root, env: { PATH: process.env["PATH"] } };
/** The executable runs with no PATH at all: it needs nothing from the machine. */
const bare = { cwd: root, env: { PATH: "" } };

const samples = await interleave(
  {
    'node -e "" (floor)': () => timedProcess(node, ["-e", ""], run),
    "node bin/dingpipe.js --version": () => timedProcess(node, ["bin/dingpipe.js", "--version"], run),
    "dingpipe-linux-x64 --version": () => timedProcess(exe, ["--version"], bare),
    "node bin/dingpipe.js send": () => timedProcess(node, ["bin/dingpipe.js", ...send], run),
    "dingpipe-linux-x64 send": () => timedProcess(exe, send, bare),
  },
  RUNS,
);
const delivered = emu.messages(TOKEN).length;
await emu.close();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const bundle = readdirSync(join(root, "dist", "bin")).reduce(
  (n, f) => n + statSync(join(root, "dist", "bin", f)).size,
  0,
);
const floor = median(samples['node -e "" (floor)']!);
const rows = Object.entries(samples).map(
  ([n, xs]) =>
    `| ${n} | ${median(xs).toFixed(1)} | ${p90(xs).toFixed(1)} | ${(median(xs) / floor).toFixed(2)}x |`,
);
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${RUNS} runs each, interleaved`,
    "",
    `Machine: ${machine()}. Each run is a fresh process; \`send\` posts one signed text message to the emulator on 127.0.0.1 (${delivered} delivered).`,
    "",
    "| what | size |",
    "|---|---:|",
    `| dist/dingpipe-linux-x64 (Node inside) | ${mb(statSync(exe).size)} |`,
    `| its base, node_modules/node/bin/node | ${mb(statSync(baseNode()).size)} |`,
    `| the CLI bundle bin/dingpipe.js runs (dist/bin) | ${mb(bundle)} |`,
    "",
    "| command | median ms | p90 ms | vs floor |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n"),
);
