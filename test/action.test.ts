/**
 * The GitHub Action as the runner runs it: action.yml says `node24` and `action/index.mjs`, and the
 * runner starts that committed file with Node, the inputs in INPUT_* (hyphens kept:
 * INPUT_IGNORE-ERRORS), the GITHUB_* variables, the event at GITHUB_EVENT_PATH (octokit/webhooks'
 * recorded push, test/fixtures/README.md), and files for GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 * DingTalk is the emulator over HTTP. The committed bundle must be what the sources build.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ACTION_BUNDLE, bundleAction } from "../scripts/build-action.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { textOf } from "./helpers/pipeline-cli.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EVENT = fileURLToPath(new URL("fixtures/ci/github.event.push.json", import.meta.url));
const GOOD = { token: "action-good-robot", secret: "SECactionGoodRobotSigningSecret0123456789" };
const OTHER = { token: "action-other-robot", secret: "SECactionOtherRobotSigningSecret987654321" };

let emulator: Emulator;
let dir = "";
before(async () => {
  emulator = await startEmulator({ port: 0, robots: [GOOD, OTHER] });
  dir = await mkdtemp(join(tmpdir(), "dingpipe-action-"));
});
after(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
  summary: string;
  temp: string[];
}

let runs = 0;
/**
 * Runs action/index.mjs in a fresh workspace the way the runner does: inputs as action.yml declares
 * them, `files` in the workspace, `stepEnv` as the workflow step's `env:`.
 */
async function runAction(
  inputs: Record<string, string>,
  files: Record<string, string> = {},
  stepEnv: Record<string, string> = {},
): Promise<Ran> {
  const run = join(dir, `run-${++runs}`);
  const workspace = join(run, "workspace");
  const temp = join(run, "_temp");
  await mkdir(workspace, { recursive: true });
  await mkdir(temp);
  for (const [name, text] of Object.entries(files)) await writeFile(join(workspace, name), text);
  const output = join(temp, "_runner_file_commands", "set_output");
  const summary = join(temp, "_runner_file_commands", "step_summary");
  await mkdir(join(temp, "_runner_file_commands"));
  await writeFile(output, "");
  await writeFile(summary, "");
  // Every declared input arrives, with its default when the workflow does not set it.
  const declared = { task: "", config: ".dingpipe.yml", webhook: "", secret: "", "ignore-errors": "false" };
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    HOME: run,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION: "__dingpipe_dingpipe",
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_ACTOR: "Codertocat",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: EVENT,
    GITHUB_JOB: "build",
    GITHUB_REF: "refs/heads/master",
    GITHUB_REF_NAME: "master",
    GITHUB_REPOSITORY: "Codertocat/Hello-World",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_RUN_ID: "9876543210",
    GITHUB_RUN_NUMBER: "42",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_SHA: "6113728f27ae82c7b1a177c8d03f9e96e0adf246", // the recorded push's head commit
    GITHUB_WORKFLOW: "CI",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: temp,
    ...stepEnv,
  };
  for (const [name, value] of Object.entries({ ...declared, ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  const meta = parse(await readFile(join(ROOT, "action.yml"), "utf8")) as { runs: { main: string } };
  const child = spawn(process.execPath, [join(ROOT, meta.runs.main)], { cwd: workspace, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  clearTimeout(killer);
  return {
    code,
    stdout,
    stderr,
    output: await readFile(output, "utf8"),
    summary: await readFile(summary, "utf8"),
    temp: (await readdir(temp)).filter((f) => f !== "_runner_file_commands"),
  };
}

function noSecrets(r: Ran, ...secrets: string[]): void {
  const unmasked = r.stdout
    .split("\n")
    .filter((l) => !l.startsWith("::add-mask::"))
    .join("\n");
  for (const s of secrets) {
    for (const [where, text] of [
      ["stdout", unmasked],
      ["stderr", r.stderr],
      ["summary", r.summary],
    ] as const) {
      assert.ok(!text.includes(s), `${where} shows a secret: ${text}`);
    }
  }
}

test("action.yml is a node24 JavaScript action on the committed bundle, with no npx and no setup-node", async () => {
  const text = await readFile(join(ROOT, "action.yml"), "utf8");
  const meta = parse(text) as {
    inputs: Record<string, { required?: boolean }>;
    outputs: Record<string, unknown>;
    runs: Record<string, unknown>;
  };
  assert.deepEqual(meta.runs, { using: "node24", main: "action/index.mjs" });
  assert.deepEqual(Object.keys(meta.inputs), [
    "event",
    "task",
    "config",
    "webhook",
    "secret",
    "ignore-errors",
  ]);
  assert.equal(meta.inputs["event"]?.required, true);
  assert.deepEqual(Object.keys(meta.outputs), ["delivered", "failed"]);
  assert.doesNotMatch(text, /npx|setup-node|@latest/);
});

test("the committed action/index.mjs is what the sources build (run `npm run build` and commit it)", async () => {
  const committed = await readFile(ACTION_BUNDLE);
  const fresh = await bundleAction();
  assert.ok(
    committed.equals(fresh),
    "action/index.mjs is stale: run `npm run build` and commit action/index.mjs",
  );
  // One file: nothing from node_modules is loaded at run time, only Node's built-ins.
  const imports = [...committed.toString("utf8").matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
  assert.ok(imports.length > 0);
  assert.deepEqual(
    imports.filter((i) => !i?.startsWith("node:")),
    [],
  );
});

test("without a .dingpipe.yml the webhook input's robot gets the failure, signed, with the run's facts", async () => {
  emulator.clear();
  const webhook = emulator.webhookUrl(GOOD.token);
  const r = await runAction({ event: "failure", webhook, secret: GOOD.secret });
  assert.equal(r.code, 0, r.stderr);
  const got = emulator.messages(GOOD.token);
  assert.equal(got.length, 1);
  const text = textOf(got[0]);
  // The run's facts from the GITHUB_* variables.
  assert.match(text, /^### ❌ CI · build failed/);
  assert.ok(text.includes("(https://github.com/Codertocat/Hello-World/actions/runs/9876543210)"));
  assert.match(r.stdout, /no \.dingpipe\.yml here: every event goes to the robot of the webhook input/);
  assert.match(r.stdout, /✓ dingtalk \(markdown, /);
  assert.equal(r.output, "delivered=1\nfailed=0\n");
  assert.match(r.summary, /^### dingpipe notify\n/);
  assert.match(r.summary, /\*\*failure\*\* of task \*\*build\*\* in pipeline \*\*CI\*\*/);
  assert.match(r.summary, /1 delivered, 0 not delivered\./);
  // The runner hides both values from here on.
  assert.ok(r.stdout.includes(`::add-mask::${webhook}\n`));
  assert.ok(r.stdout.includes(`::add-mask::${GOOD.secret}\n`));
  noSecrets(r, GOOD.secret, GOOD.token);
  assert.deepEqual(r.temp, [], "the one-robot config written in RUNNER_TEMP is removed");
});

test("a .dingpipe.yml with two robots, one with a wrong secret: exit 1, outputs 1 and 1, an error annotation", async () => {
  emulator.clear();
  const config = [
    "credentials:",
    "  good:",
    `    webhook: ${emulator.webhookUrl(GOOD.token)}`,
    `    secret: \${GOOD_SECRET}`,
    "  other:",
    `    webhook: ${emulator.webhookUrl(OTHER.token)}`,
    `    secret: \${DINGTALK_SECRET}`,
    "notifications:",
    "  - credential: good",
    "    events: [failure]",
    "    content: [task, status, repo, commit_message, author]",
    "  - credential: other",
    "    events: [failure]",
    "",
  ].join("\n");
  const wrong = "SECnotTheOtherRobotsSecret000000000000000";
  const inputs = { event: "failure", secret: wrong };
  const files = { ".dingpipe.yml": config };
  const r = await runAction(inputs, files, { GOOD_SECRET: GOOD.secret });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(emulator.messages(GOOD.token).length, 1);
  assert.equal(emulator.messages(OTHER.token).length, 0);
  // From GITHUB_EVENT_PATH: the recorded push's head commit message and author.
  const text = textOf(emulator.messages(GOOD.token)[0]);
  assert.match(text, /Initial commit/);
  assert.match(text, /Codertocat/);
  assert.equal(r.output, "delivered=1\nfailed=1\n");
  assert.match(r.stdout, /^::error title=dingpipe%3A other not delivered::✗ other: .*310000/m);
  assert.match(r.summary, /1 delivered, 1 not delivered\./);
  assert.match(r.summary, /- ✗ other/);
  noSecrets(r, wrong, GOOD.secret);

  // ignore-errors: true — the same failure only warns and the step succeeds.
  const ignored = await runAction({ ...inputs, "ignore-errors": "true" }, files, {
    GOOD_SECRET: GOOD.secret,
  });
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.match(ignored.stdout, /^::warning title=dingpipe%3A other not delivered::/m);
  assert.equal(ignored.output, "delivered=1\nfailed=1\n");
});

test("an event nothing selects sends nothing: exit 0, outputs 0 and 0", async () => {
  emulator.clear();
  const files = {
    "notify.yml": [
      "credentials:",
      "  good:",
      `    webhook: ${emulator.webhookUrl(GOOD.token)}`,
      `    secret: \${DINGTALK_SECRET}`,
      "notifications:",
      "  - credential: good",
      "    events: [failure]",
      "",
    ].join("\n"),
  };
  const r = await runAction({ event: "success", config: "notify.yml", secret: GOOD.secret }, files);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(emulator.messages().length, 0);
  assert.equal(r.output, "delivered=0\nfailed=0\n");
  assert.match(r.summary, /No notification selects this event: nothing sent\./);
});

test("the task input names the task the notifications select on (default: GITHUB_JOB)", async () => {
  emulator.clear();
  const files = {
    ".dingpipe.yml": [
      "credentials:",
      "  gh:",
      `    webhook: \${DINGTALK_WEBHOOK}`,
      `    secret: \${DINGTALK_SECRET}`,
      "notifications:",
      "  - credential: gh",
      "    tasks: [deploy]",
      "    events: [success]",
      "",
    ].join("\n"),
  };
  const inputs = { event: "success", webhook: emulator.webhookUrl(GOOD.token), secret: GOOD.secret };
  const build = await runAction(inputs, files);
  assert.equal(build.code, 0, build.stderr);
  assert.match(build.stdout, /no notification selects success for task 'build'/);
  assert.equal(emulator.messages().length, 0);
  const deploy = await runAction({ ...inputs, task: "deploy" }, files);
  assert.equal(deploy.code, 0, deploy.stderr);
  assert.equal(deploy.output, "delivered=1\nfailed=0\n");
  assert.match(textOf(emulator.messages(GOOD.token)[0]), /^### ✅ CI · deploy succeeded/);
});

test("bad inputs stop the step with exit 2, an error annotation and a summary that says so", async () => {
  const noEvent = await runAction({ event: "" });
  assert.equal(noEvent.code, 2);
  assert.match(noEvent.stdout, /^::error title=dingpipe::input event is required/m);
  assert.match(noEvent.summary, /Not run: input event is required/);
  assert.equal(noEvent.output, "");

  const yes = await runAction({ event: "failure", "ignore-errors": "yes" });
  assert.equal(yes.code, 2);
  assert.match(yes.stdout, /input ignore-errors is 'yes': give true or false/);

  const typo = await runAction({ event: "fial", webhook: emulator.webhookUrl(GOOD.token) });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /unknown event 'fial' — did you mean 'failure'\?/);
  assert.match(typo.summary, /Not run \(exit 2\)/);
  assert.equal(typo.output, "delivered=0\nfailed=0\n");

  const noConfig = await runAction({ event: "failure" });
  assert.equal(noConfig.code, 2);
  assert.match(noConfig.stderr, /\.dingpipe\.yml/);
  assert.ok(existsSync(ACTION_BUNDLE));
});
