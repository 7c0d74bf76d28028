/**
 * Reading the CI environment of a pipeline step (`dingpipe notify`, `dingpipe run`) into a
 * PipelineEvent: detect the platform, apply its mapping (env/<platform>.ts), let DINGPIPE_*
 * variables and then the command's options override it.
 */
import { readFileSync } from "node:fs";
import { drone } from "./env/drone.ts";
import { generic } from "./env/generic.ts";
import { gitee } from "./env/gitee.ts";
import { github } from "./env/github.ts";
import { gitlab } from "./env/gitlab.ts";
import { jenkins } from "./env/jenkins.ts";
import type { Env, EnvReader } from "./env/reader.ts";
import { woodpecker } from "./env/woodpecker.ts";
import { yunxiao } from "./env/yunxiao.ts";
import { CiEnvironmentError } from "./errors.ts";
import type { PipelineEvent } from "./event.ts";
import { type CiFacts, present, toEvent } from "./facts.ts";
import { gitCommitReader, type ReadCommit } from "./git.ts";
import type { Status } from "./status.ts";
import { text } from "./values.ts";

export type CiName =
  | "gitee"
  | "github"
  | "gitlab"
  | "jenkins"
  | "yunxiao"
  | "drone"
  | "woodpecker"
  | "generic";

/** The readers, in detection order: platforms with an unambiguous marker first, generic last. */
const READERS: Readonly<Record<CiName, EnvReader>> = {
  github,
  gitlab,
  woodpecker,
  drone,
  jenkins,
  gitee,
  yunxiao,
  generic,
};

export const CI_NAMES: readonly CiName[] = Object.keys(READERS) as CiName[];

/** Every platform's untrusted variable names: copied into `event.variables` whichever platform runs. */
export const UNTRUSTED_VARIABLES: ReadonlySet<string> = new Set(
  Object.values(READERS).flatMap((reader) => reader.untrusted),
);

/** Every variable some platform's reader reads or copies into `event.variables`. */
export const CI_VARIABLES: ReadonlySet<string> = new Set(
  Object.values(READERS).flatMap((reader) => [...reader.variables, ...reader.untrusted]),
);

/** Each platform's variables (read or copied into `event.variables`), platform by platform: the console's catalogue. */
export function ciVariableCatalogue(): Array<{ ci: CiName; names: string[] }> {
  return CI_NAMES.map((ci) => ({
    ci,
    names: [...new Set([...READERS[ci].variables, ...READERS[ci].untrusted])],
  }));
}

/** The CI platform this environment belongs to and why: the variables that say so. */
export interface Detected {
  ci: CiName;
  reason: string;
}

/** The CI platform this environment belongs to, and the variables that decided it; `generic` when none matches. */
export function explainCi(env: Env): Detected {
  for (const ci of CI_NAMES) {
    const reason = READERS[ci].detect(env);
    if (reason !== undefined) return { ci, reason };
  }
  return { ci: "generic", reason: "no CI platform's variables set" };
}

/** The CI platform this environment belongs to; `generic` when nothing matches. */
export function detectCi(env: Env): CiName {
  return explainCi(env).ci;
}

export interface ReadOptions {
  /** Force a platform instead of detecting it. */
  ci?: CiName;
  status: Status;
  /** Task name; else DINGPIPE_TASK, the platform's job/step name, the stage, the pipeline. */
  task?: string;
  /** Pipeline name; else DINGPIPE_PIPELINE, the platform's, the repository. */
  pipeline?: string;
  /** Reads GITHUB_EVENT_PATH; defaults to the file system. */
  readFile?: (path: string) => string | undefined;
  /**
   * Reads a commit the environment names but does not describe (message, author); defaults to
   * `git` in `cwd`. Pass `() => undefined` to never run git.
   */
  readCommit?: ReadCommit;
  /** The step's working directory, where the checkout is; defaults to the process's. */
  cwd?: string;
}

/** The PipelineEvent the current CI step describes. Throws CiEnvironmentError when no pipeline name can be found. */
export function readEnvironment(env: Env, options: ReadOptions): PipelineEvent {
  const ci = options.ci ?? detectCi(env);
  const reader = READERS[ci];
  const context = {
    readFile: options.readFile ?? readFileOrUndefined,
    readCommit: options.readCommit ?? gitCommitReader(options.cwd ?? process.cwd()),
  };
  const own = present(reader.read(env, context));
  const overrides = reader === generic ? {} : present(generic.read(env, context));
  const facts = withCheckout(overlay(own, overrides), context.readCommit);
  const pipeline = text(options.pipeline) ?? facts.pipeline ?? facts.repo;
  if (pipeline === undefined) {
    throw new CiEnvironmentError(
      `no pipeline name in the ${ci} environment`,
      "Pass --pipeline NAME or set DINGPIPE_PIPELINE in the step's environment.",
    );
  }
  const task = text(options.task) ?? facts.task ?? facts.stage ?? pipeline;
  return toEvent({ ...facts, pipeline, task }, options.status, variablesOf(env, reader));
}

/**
 * The platform's facts with the DINGPIPE_* ones laid over them. A DINGPIPE_COMMIT naming another
 * commit takes the platform's message, author and link of its commit away with it.
 */
function overlay(own: CiFacts, overrides: CiFacts): CiFacts {
  if (overrides.commitSha !== undefined && overrides.commitSha !== own.commitSha) {
    const { commitMessage: _m, commitAuthor: _a, commitUrl: _u, ...rest } = own;
    return { ...rest, ...overrides };
  }
  return { ...own, ...overrides };
}

/**
 * The commit's message (and its author, when missing too) from the checkout, where the environment
 * gave no message for the commit reported. Git is not asked when the CI gave the message: a step
 * spends no process on an author alone.
 */
function withCheckout(facts: CiFacts, readCommit: ReadCommit): CiFacts {
  if (facts.commitSha === undefined || facts.commitMessage !== undefined) return facts;
  const commit = readCommit(facts.commitSha);
  if (commit === undefined) return facts;
  return {
    ...facts,
    ...(facts.commitMessage === undefined && text(commit.message) ? { commitMessage: commit.message } : {}),
    ...(facts.commitAuthor === undefined && text(commit.author) ? { commitAuthor: commit.author } : {}),
  };
}

/**
 * The platform's, DINGPIPE_ and every platform's untrusted variables that are set — never the
 * whole environment (it holds secrets). Being in `event.variables` gets a value escaped in custom content.
 */
function variablesOf(env: Env, reader: EnvReader): Record<string, string> {
  const names = new Set([...reader.variables, ...generic.variables, ...UNTRUSTED_VARIABLES]);
  const out: Array<[string, string]> = [];
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== "") out.push([name, value]);
  }
  return Object.fromEntries(out);
}

function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
