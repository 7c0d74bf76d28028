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
import { present, toEvent } from "./facts.ts";
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

/** The CI platform this environment belongs to; `generic` when nothing matches. */
export function detectCi(env: Env): CiName {
  for (const name of CI_NAMES) if (READERS[name].detect(env)) return name;
  return "generic";
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
}

/** The PipelineEvent the current CI step describes. Throws CiEnvironmentError when no pipeline name can be found. */
export function readEnvironment(env: Env, options: ReadOptions): PipelineEvent {
  const ci = options.ci ?? detectCi(env);
  const reader = READERS[ci];
  const context = { readFile: options.readFile ?? readFileOrUndefined };
  const facts = {
    ...present(reader.read(env, context)),
    ...(reader === generic ? {} : present(generic.read(env, context))),
  };
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
