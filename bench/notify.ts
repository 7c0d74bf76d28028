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
 *   node bench/notify.ts --before DIR   # also another build's send and notify (a checkout with dist/bin built)
 *
 * Prints a markdown section for bench/RESULTS.md. Target: notify within 1.25x of send (issue 15).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { planNotifications } from "../src/cli/pipeline-step.ts";
import { loadConfig } from "../src/config/index.ts";
import type { DingTalkMessage } from "../src/dingtalk/message.ts";
import { readEnvironment } from "../src/pipeline/ci.ts";
import {
  buildCliBundle,
  interleave,
  machine,
  median,
  ratioRows,
  startBenchRobot,
  timedProcess,
} from "./common.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    "layer-runs": { type: "string", default: "2000" },
    "no-build": { type: "boolean", default: false },
    before: { type: "string" },
  },
});
const RUNS = Number(values.runs);
const LAYER_RUNS = Number(values["layer-runs"]);
const root = fileURLToPath(new URL("..", import.meta.url));
const node = process.execPath;

if (!values["no-build"]) buildCliBundle(root);

const SECRET = "SECfakeBenchSigningSecret0009";
const TOKEN = "tok-bench-notify-0009";
const emu = await startBenchRobot(TOKEN, SECRET);
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
      **\${GITEE_PIPELINE_NAME}** started by \${GITEE_PIPELINE_TRIGGER_USER}: \${GITEE_COMMIT_MESSAGE}
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
)[0]?.composed.rendered.body as DingTalkMessage | undefined;
if (sample?.msgtype !== "markdown") throw new Error("expected a markdown message from the config");

const timedIn = (build: string) => (args: string[]) =>
  timedProcess(node, [join(build, "bin/dingpipe.js"), ...args], { cwd: dir, env });

const commands = (timed: (args: string[]) => Promise<number>, label: string) => ({
  [`dingpipe send${label}`]: () =>
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
  [`dingpipe notify${label}`]: () => timed(["notify", "--event", "failure", "--task", "unit-tests"]),
});
const contenders: Record<string, () => Promise<number>> = {
  ...commands(timedIn(root), ""),
  ...(values.before === undefined ? {} : commands(timedIn(values.before), ", before")),
};

const samples = await interleave(contenders, RUNS);
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

const base = median(samples["dingpipe send"]!);
const ratio = median(samples["dingpipe notify"]!) / base;
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${RUNS} runs each, interleaved`,
    "",
    `Machine: ${machine()}; the CLI bundle (esbuild) in dist/bin.`,
    `Each run is a fresh process sending one signed markdown message (${sample.markdown.text.length} characters) to the emulator on 127.0.0.1 (${delivered} delivered).`,
    "",
    "| command | median ms | p90 ms | vs send |",
    "|---|---:|---:|---:|",
    ...ratioRows(samples, "dingpipe send"),
    "",
    `dingpipe notify / send = ${ratio.toFixed(2)}x (target ≤ 1.25x): ${ratio <= 1.25 ? "met" : "NOT met"}.`,
    ...(values.before === undefined
      ? []
      : [
          `Before (${values.before}): notify / send = ${(median(samples["dingpipe notify, before"]!) / median(samples["dingpipe send, before"]!)).toFixed(2)}x; notify now / before = ${(median(samples["dingpipe notify"]!) / median(samples["dingpipe notify, before"]!)).toFixed(2)}x.`,
        ]),
    "",
    `The layers in-process (${LAYER_RUNS} calls each, after warm-up; the TypeScript sources):`,
    "",
    "| layer | µs per call |",
    "|---|---:|",
    ...layerRows,
    "",
  ].join("\n"),
);
