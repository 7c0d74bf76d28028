/**
 * The GitHub Action (action.yml, `runs.using: node24`): `dingpipe notify` as a JavaScript action.
 * The runner starts action/index.mjs (this module bundled with everything it imports, committed, so
 * a job needs neither the npm registry nor setup-node) with the inputs in INPUT_* variables, named
 * the way GitHub names them: upper-cased, spaces to `_`, hyphens kept (`INPUT_IGNORE-ERRORS`).
 * It writes the outputs `delivered` and `failed` to $GITHUB_OUTPUT and a job summary to
 * $GITHUB_STEP_SUMMARY, and exits like `dingpipe notify` (0, 1, 2).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import type { Io } from "../cli/io.ts";
import { type NotifyResult, notify } from "../cli/notify.ts";
import { maskSecrets } from "../cli/secrets.ts";
import { commandValue, markdownText, summary } from "./summary.ts";

type Env = Record<string, string | undefined>;

export interface ActionInputs {
  event: string;
  task: string;
  config: string;
  webhook: string;
  secret: string;
  ignoreErrors: boolean;
}

/** A bad input: reported as an error annotation, exit 2. */
export class InputError extends Error {}

/** An input as the runner passes it (trimmed, like @actions/core's getInput); "" when absent. */
export function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** The YAML 1.2 core booleans GitHub's own actions accept; anything else is an error. */
function booleanInput(env: Env, name: string): boolean {
  const value = input(env, name);
  if (["", "false", "False", "FALSE"].includes(value)) return false;
  if (["true", "True", "TRUE"].includes(value)) return true;
  throw new InputError(`input ${name} is '${value}': give true or false`);
}

export function readInputs(env: Env): ActionInputs {
  const event = input(env, "event");
  if (event === "") {
    throw new InputError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, written for the user
      "input event is required: pass the job's status (event: ${{ job.status }}) or started, skipped, waiting",
    );
  }
  return {
    event,
    task: input(env, "task"),
    config: input(env, "config") || ".dingpipe.yml",
    webhook: input(env, "webhook"),
    secret: input(env, "secret"),
    ignoreErrors: booleanInput(env, "ignore-errors"),
  };
}

/** The one-robot config used when the config file is absent and the webhook input is given. */
export function oneRobotConfig(withSecret: boolean): string {
  return [
    "credentials:",
    "  dingtalk:",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${…} is the config's own interpolation
    "    webhook: ${DINGTALK_WEBHOOK}",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
    ...(withSecret ? ["    secret: ${DINGTALK_SECRET}"] : []),
    "notifications:",
    "  - credential: dingtalk",
    "    events: [started, success, failure, cancelled, skipped, waiting]",
    "",
  ].join("\n");
}

/** Runs the action; returns the exit status. `io.env` is the step's environment. */
export async function runAction(io: Io): Promise<number> {
  const onGitHub = io.env["GITHUB_ACTIONS"] === "true";
  let inputs: ActionInputs;
  try {
    inputs = readInputs(io.env);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stdout(`::error title=dingpipe::${commandValue(e.message)}\n`);
    await writeSummary(io.env, `### dingpipe notify\n\nNot run: ${markdownText(e.message)}\n`);
    return 2;
  }
  // The runner hides these in every later log line (they usually come from secrets, which it hides
  // already; this covers a webhook given in plain text).
  if (onGitHub) {
    for (const value of [inputs.webhook, inputs.secret]) {
      if (value !== "") io.stdout(`::add-mask::${commandValue(value)}\n`);
    }
  }
  const env: Env = { ...io.env };
  if (inputs.webhook !== "") env["DINGTALK_WEBHOOK"] = inputs.webhook;
  if (inputs.secret !== "") env["DINGTALK_SECRET"] = inputs.secret;

  let config = inputs.config;
  let written: string | undefined;
  const path = isAbsolute(config) ? config : join(io.cwd, config);
  if (!existsSync(path) && inputs.webhook !== "") {
    written = join(
      io.env["RUNNER_TEMP"] || tmpdir(),
      `dingpipe-action-${randomBytes(6).toString("hex")}.yml`,
    );
    await writeFile(written, oneRobotConfig(inputs.secret !== ""), { mode: 0o600 });
    io.stdout(`dingpipe: no ${config} here: every event goes to the robot of the webhook input\n`);
    config = written;
  }
  let result: NotifyResult;
  try {
    result = await notify(
      {
        event: inputs.event,
        task: inputs.task || undefined,
        config,
        ci: "github",
        ignoreErrors: inputs.ignoreErrors,
      },
      { ...io, env },
    );
  } finally {
    if (written !== undefined) await rm(written, { force: true });
  }

  const delivered = result.outcomes.filter((o) => o.ok).length;
  const failed = result.outcomes.length - delivered;
  const level = inputs.ignoreErrors ? "warning" : "error";
  for (const o of result.outcomes.filter((x) => !x.ok)) {
    const title = commandValue(`dingpipe: ${o.name} not delivered`, true);
    io.stdout(`::${level} title=${title}::${commandValue(o.line)}\n`);
  }
  const outputFile = io.env["GITHUB_OUTPUT"];
  if (outputFile) await appendFile(outputFile, `delivered=${delivered}\nfailed=${failed}\n`);
  const text = summary(inputs.event, result);
  await writeSummary(io.env, maskSecrets(text, [...result.secrets, inputs.webhook, inputs.secret]));
  return result.code;
}

async function writeSummary(env: Env, markdown: string): Promise<void> {
  const file = env["GITHUB_STEP_SUMMARY"];
  if (file) await appendFile(file, markdown);
}
