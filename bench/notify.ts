/**
 * `dingpipe notify` end to end beside `dingpipe send`, against the DingTalk emulator, interleaved in
 * ONE run: both are fresh processes of the built bin (the CLI bundle) sending one signed markdown
 * message to the same robot; notify also reads a `.dingpipe.yml`, the CI environment (Gitee's
 * variables) and composes the message. The difference is what the config and CI layers cost a pipeline step.
 * A second table times those layers in-process (load + check the config, read the environment,
 * select and compose) so the cost is visible without process noise.
 *
 *   npm run bench:notify               # builds the CLI bundle, 30 runs each
 *   node bench/notify.ts --runs 50 --no-build
 *
 * Prints a markdown section for bench/RESULTS.md. Target: notify within 1.2x of send.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { planNotifications } from "../src/cli/pipeline-step.ts";
import { loadConfig } from "../src/config/index.ts";
import { startEmulator } from "../src/emulator/index.ts";
import { readEnvironment } from "../src/pipeline/ci.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    "layer-runs": { type: "string", default: "2000" },
    "no-build": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const LAYER_RUNS = Number(values["layer-runs"]);
const root = fileURLToPath(new URL("..", import.meta.url));
const node = process.execPath;

if (!values["no-build"]) {
  // What the installed bin runs: the CLI bundle in dist/bin/, built from src/ by esbuild (no tsc needed).
  spawnSync(node, [`${root}scripts/build-cli.ts`], { cwd: root, stdio: "ignore" });
}

const SECRET = "SECfakeBenchSigningSecret0009";
const TOKEN = "tok-bench-notify-0009";
const emu = await startEmulator({
  port: 0,
  robots: [{ token: TOKEN, secret: SECRET }],
  rateLimit: { messages: 1_000_000, windowMs: 60_000, throttleMs: 1 },
});
const webhook = emu.webhookUrl(TOKEN);

const CONFIG = `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
notifications:
  - credential: ci-group
    events: [failure, success]
    content: [pipeline, build_number, task, status, trigger_user, branch, commit, duration, link]
    custom: |
      **\${GITEE_PIPELINE_NAME}** built \`\${GITEE_SHORT_COMMIT}\`: \${GITEE_COMMIT_MESSAGE}
    at: [13800000000]
  - credential: ci-group
    tasks: [deploy-*]
    events: [started]
`;
const dir = await mkdtemp(join(tmpdir(), "dingpipe-bench-notify-"));
await writeFile(join(dir, ".dingpipe.yml"), CONFIG);
const fixture = JSON.parse(readFileSync(join(root, "test/fixtures/ci/gitee.env.json"), "utf8")) as Record<
  string,
  string
>;
const env = {
  ...fixture,
  PATH: process.env["PATH"] ?? "",
  DINGTALK_WEBHOOK: webhook,
  DINGTALK_SECRET: SECRET,
};

// `send` posts a markdown message of the same size as notify's, so only the layers differ.
const sample = planNotifications(
  { ...(await loadConfig(join(dir, ".dingpipe.yml"), env)), diagnostics: [] } as Parameters<
    typeof planNotifications
  >[0],
  readEnvironment(env, { status: "failure", task: "unit-tests" }),
  env,
)[0]?.composed.message;
if (sample?.msgtype !== "markdown") throw new Error("expected a markdown message from the config");

function timed(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(node, [join(root, "bin/dingpipe.js"), ...args], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env,
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
      if (code !== 0) reject(new Error(`dingpipe ${args[0]} failed (${code}): ${out}`));
      else resolve(ms);
    });
  });
}

const contenders: Record<string, () => Promise<number>> = {
  "dingpipe send": () =>
    timed([
      "send",
      "--webhook",
      webhook,
      "--secret",
      SECRET,
      "--markdown",
      sample.markdown.text,
      "--title",
      sample.markdown.title,
      "--at",
      "13800000000",
    ]),
  "dingpipe notify": () => timed(["notify", "--event", "failure", "--task", "unit-tests"]),
};

const names = Object.keys(contenders);
const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (const n of names) await contenders[n]!(); // warm-up (file cache), not recorded
for (let i = 0; i < RUNS; i++) {
  for (let k = 0; k < names.length; k++) {
    const n = names[(i + k) % names.length]!;
    samples[n]!.push(await contenders[n]!());
  }
}
const delivered = emu.messages(TOKEN).length;
await emu.close();

// The layers in-process: per call, what notify adds before its one HTTP request.
const layers: Record<string, () => Promise<unknown> | unknown> = {
  "load + check .dingpipe.yml": () => loadConfig(join(dir, ".dingpipe.yml"), env),
  "read the CI environment": () => readEnvironment(env, { status: "failure", task: "unit-tests" }),
  "select + compose (+ robot)": async () =>
    planNotifications(
      { ...(await loadConfig(join(dir, ".dingpipe.yml"), env)), diagnostics: [] } as Parameters<
        typeof planNotifications
      >[0],
      readEnvironment(env, { status: "failure", task: "unit-tests" }),
      env,
    ),
};
const layerRows: string[] = [];
for (const [name, fn] of Object.entries(layers)) {
  for (let i = 0; i < 50; i++) await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < LAYER_RUNS; i++) await fn();
  const us = ((performance.now() - start) / LAYER_RUNS) * 1000;
  layerRows.push(`| ${name} | ${us.toFixed(0)} |`);
}
await rm(dir, { recursive: true, force: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p90 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;
const base = median(samples["dingpipe send"]!);
const cpu = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
const rows = names.map((n) => {
  const xs = samples[n]!;
  return `| ${n} | ${median(xs).toFixed(1)} | ${p90(xs).toFixed(1)} | ${(median(xs) / base).toFixed(2)}x |`;
});
const ratio = median(samples["dingpipe notify"]!) / base;
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${RUNS} runs each, interleaved`,
    "",
    `Machine: ${availableParallelism()} CPUs (nproc), ${cpu}; Node ${process.version}; the CLI bundle (esbuild) in dist/bin.`,
    `Each run is a fresh process sending one signed markdown message (${sample.markdown.text.length} characters) to the emulator on 127.0.0.1 (${delivered} delivered).`,
    "",
    "| command | median ms | p90 ms | vs send |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
    `dingpipe notify / send = ${ratio.toFixed(2)}x (target ≤ 1.2x): ${ratio <= 1.2 ? "met" : "NOT met"}.`,
    "",
    `The layers in-process (${LAYER_RUNS} calls each, after warm-up; the TypeScript sources):`,
    "",
    "| layer | µs per call |",
    "|---|---:|",
    ...layerRows,
    "",
  ].join("\n"),
);
