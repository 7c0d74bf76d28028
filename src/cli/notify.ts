/**
 * `dingpipe notify --event E`: a pipeline step. Reads the CI environment, applies every notification
 * of `.dingpipe.yml` that selects the event (concurrently, one report line each). Exit 0 delivered
 * or nothing selected, 1 a delivery failed (0 with --ignore-errors), 2 usage or configuration error.
 */
import type { EngineHttp } from "../delivery/http.ts";
import { isDingpipeError } from "../errors.ts";
import { readEnvironment } from "../pipeline/ci.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";
import {
  type DeliveryOutcome,
  deliverAll,
  loadStepConfig,
  nothingSelected,
  parseCi,
  parseEvent,
  planNotifications,
  STEP_OPTIONS,
  stepHttp,
  stepSecrets,
  stepWording,
  switchedOffNotes,
  UsageError,
} from "./pipeline-step.ts";
import { maskSecrets } from "./secrets.ts";

const HELP = `Usage: dingpipe notify --event E [--task NAME] [--pipeline NAME] [--config FILE] [--ci NAME]
                       [--locale L] [--timezone TZ]

Sends the DingTalk messages of every notification in .dingpipe.yml that selects this event for
this task, reading the run's facts from the CI environment (Gitee, GitHub Actions, GitLab CI,
Jenkins, Alibaba Cloud DevOps, Drone, Woodpecker, or DINGPIPE_* variables anywhere).

Options:
  --event E          started | success | failure | cancelled | skipped | waiting, or a platform
                     word (SUCC, FAIL, failed, ABORTED …; see docs/events.md)   (env DINGPIPE_EVENT)
  --task NAME        the task (job) name; default: the platform's job/step name  (env DINGPIPE_TASK)
  --pipeline NAME    the pipeline name; default: the platform's           (env DINGPIPE_PIPELINE)
  --config FILE      default: .dingpipe.yml in the working directory
  --ci NAME          read this platform's variables instead of detecting it:
                     gitee, github, gitlab, jenkins, yunxiao, drone, woodpecker, generic
  --locale L         the messages' language: zh-CN (default) or en, for notifications that set
                     no locale: (overrides the file's top-level locale:)   (env DINGPIPE_LOCALE)
  --timezone TZ      the IANA zone of their times, e.g. Asia/Shanghai; default: the file's
                     timezone:, else TZ, else the system's zone          (env DINGPIPE_TIMEZONE)
  --ignore-errors    exit 0 even when a message was not delivered (with a warning)
  -h, --help         this help

Exit status: 0 delivered, or no notification selects the event; 1 a message was not delivered
(errcode and the fix on stderr); 2 bad usage or a configuration error.
`;

export const run: Command = async (args: string[], io: Io): Promise<number> => {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (e) {
    io.stderr(`dingpipe notify: ${(e as Error).message}\n\nRun 'dingpipe notify --help' for the options.\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const result = await notify(
    {
      event: values.event,
      task: values.task,
      pipeline: values.pipeline,
      config: values.config,
      ci: values.ci,
      locale: values.locale,
      timezone: values.timezone,
      ignoreErrors: values["ignore-errors"] === true,
    },
    io,
  );
  return result.code;
};

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      ...STEP_OPTIONS,
      event: { type: "string", short: "e" },
      "ignore-errors": { type: "boolean" },
    },
  });
}

export interface NotifyOptions {
  /** The event word (else DINGPIPE_EVENT). */
  event?: string | undefined;
  task?: string | undefined;
  pipeline?: string | undefined;
  /** The config file (default .dingpipe.yml in io.cwd). */
  config?: string | undefined;
  /** A platform name instead of detection. */
  ci?: string | undefined;
  /** The messages' language for notifications that set none (else DINGPIPE_LOCALE, the file's, zh-CN). */
  locale?: string | undefined;
  /** Their times' IANA zone (else DINGPIPE_TIMEZONE, the file's, TZ, the system's). */
  timezone?: string | undefined;
  ignoreErrors?: boolean;
}

export interface NotifyResult {
  /** The exit status: 0 delivered or nothing selected, 1 not delivered, 2 usage or configuration. */
  code: number;
  /** The run as read from the CI environment (undefined when usage or the config stopped the step). */
  event?: PipelineEvent;
  /** One per selected notification, in the config's order (report lines, secrets masked). */
  outcomes: DeliveryOutcome[];
  /** Every secret value the step knew (to mask anything else printed about it). */
  secrets: string[];
}

/**
 * The step itself, for the command and the GitHub Action: reports go to io.stdout/io.stderr as the
 * command prints them; the result also counts them.
 */
export async function notify(options: NotifyOptions, io: Io): Promise<NotifyResult> {
  let secrets: string[] = [];
  let http: EngineHttp | undefined;
  try {
    const status = parseEvent(options.event ?? io.env["DINGPIPE_EVENT"]);
    const ci = parseCi(options.ci);
    const loaded = await loadStepConfig(options.config, io);
    if (!loaded) return { code: 2, outcomes: [], secrets };
    secrets = stepSecrets(loaded.config, io.env);
    const wording = stepWording(options, loaded.config, io.env);
    const event = readEnvironment(io.env, {
      cwd: io.cwd,
      status,
      ...(ci ? { ci } : {}),
      ...(options.task ? { task: options.task } : {}),
      ...(options.pipeline ? { pipeline: options.pipeline } : {}),
    });
    http = stepHttp(io.env);
    const planned = planNotifications(loaded, event, io.env, wording, http?.fetch);
    for (const note of switchedOffNotes(loaded.config, event)) io.stderr(`${maskSecrets(note, secrets)}\n`);
    if (planned.length === 0) {
      io.stdout(`${nothingSelected(event)}\n`);
      return { code: 0, event, outcomes: [], secrets };
    }
    const outcomes = await deliverAll(planned, { out: io.stdout, err: io.stderr, secrets });
    const failed = outcomes.filter((o) => !o.ok).length;
    if (failed === 0) return { code: 0, event, outcomes, secrets };
    const summary = `${failed} of ${outcomes.length} message${outcomes.length === 1 ? "" : "s"} not delivered`;
    if (options.ignoreErrors) {
      io.stderr(`warning: ${summary} (--ignore-errors: exit 0)\n`);
      return { code: 0, event, outcomes, secrets };
    }
    io.stderr(`${summary}\n`);
    return { code: 1, event, outcomes, secrets };
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    if (e instanceof UsageError) {
      io.stderr(
        maskSecrets(
          `dingpipe notify: ${message}\n\nRun 'dingpipe notify --help' for the options.\n`,
          secrets,
        ),
      );
      return { code: 2, outcomes: [], secrets };
    }
    if (isDingpipeError(e)) {
      // The CI environment names no pipeline, and the like: the step is misconfigured.
      io.stderr(maskSecrets(`dingpipe notify: ${message}${e.fix ? `\n  fix: ${e.fix}` : ""}\n`, secrets));
      return { code: 2, outcomes: [], secrets };
    }
    io.stderr(maskSecrets(`dingpipe notify: ${message}\n`, secrets));
    return { code: 1, outcomes: [], secrets };
  } finally {
    http?.close();
  }
}
