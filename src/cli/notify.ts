/**
 * `dingpipe notify --event E`: a pipeline step. Reads the CI environment, applies every notification
 * of `.dingpipe.yml` that selects the event (concurrently, one report line each). Exit 0 delivered
 * or nothing selected, 1 a delivery failed (0 with --ignore-errors), 2 usage or configuration error.
 */
import { isDingpipeError } from "../errors.ts";
import { readEnvironment } from "../pipeline/ci.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";
import {
  deliverAll,
  loadStepConfig,
  nothingSelected,
  parseCi,
  parseEvent,
  planNotifications,
  stepSecrets,
  UsageError,
} from "./pipeline-step.ts";
import { maskSecrets } from "./secrets.ts";

const HELP = `Usage: dingpipe notify --event E [--task NAME] [--pipeline NAME] [--config FILE] [--ci NAME]

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
  --ignore-errors    exit 0 even when a message was not delivered (with a warning)
  -h, --help         this help

Exit status: 0 delivered, or no notification selects the event; 1 a message was not delivered
(errcode and the fix on stderr); 2 bad usage or a configuration error.
`;

export const run: Command = async (args: string[], io: Io): Promise<number> => {
  let secrets: string[] = [];
  try {
    const { values } = parseCommandArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        event: { type: "string", short: "e" },
        task: { type: "string", short: "t" },
        pipeline: { type: "string" },
        config: { type: "string", short: "c" },
        ci: { type: "string" },
        "ignore-errors": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const status = parseEvent(values.event ?? io.env["DINGPIPE_EVENT"]);
    const ci = parseCi(values.ci);
    const loaded = await loadStepConfig(values.config, io);
    if (!loaded) return 2;
    secrets = stepSecrets(loaded.config, io.env);
    const event = readEnvironment(io.env, {
      cwd: io.cwd,
      status,
      ...(ci ? { ci } : {}),
      ...(values.task ? { task: values.task } : {}),
      ...(values.pipeline ? { pipeline: values.pipeline } : {}),
    });
    const planned = planNotifications(loaded, event, io.env);
    if (planned.length === 0) {
      io.stdout(`${nothingSelected(event)}\n`);
      return 0;
    }
    const outcomes = await deliverAll(planned, { out: io.stdout, err: io.stderr, secrets });
    const failed = outcomes.filter((o) => !o.ok).length;
    if (failed === 0) return 0;
    const summary = `${failed} of ${outcomes.length} message${outcomes.length === 1 ? "" : "s"} not delivered`;
    if (values["ignore-errors"]) {
      io.stderr(`warning: ${summary} (--ignore-errors: exit 0)\n`);
      return 0;
    }
    io.stderr(`${summary}\n`);
    return 1;
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(
        maskSecrets(
          `dingpipe notify: ${message}\n\nRun 'dingpipe notify --help' for the options.\n`,
          secrets,
        ),
      );
      return 2;
    }
    if (isDingpipeError(e)) {
      // The CI environment names no pipeline, and the like: the step is misconfigured.
      io.stderr(maskSecrets(`dingpipe notify: ${message}${e.fix ? `\n  fix: ${e.fix}` : ""}\n`, secrets));
      return 2;
    }
    io.stderr(maskSecrets(`dingpipe notify: ${message}\n`, secrets));
    return 1;
  }
};
