/**
 * `dingpipe preview --event E`: exactly what `notify` would send — for each notification the event
 * selects, the robot, the byte count and the JSON body — and optionally a standalone HTML page
 * drawing the messages as each robot's app does (DingTalk, WeCom, Feishu). Sends nothing. Without a CI environment the run's facts
 * come from sampleEvent, overridden by whatever DINGPIPE_* variables are set.
 */
import { writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { CHANNEL_CSS, drawMessage } from "../channels/draw.ts";
import { escapeHtml } from "../dingtalk/render.ts";
import { isDingpipeError } from "../errors.ts";
import { sampleEvent } from "../notify/sample.ts";
import { type CiName, explainCi, readEnvironment } from "../pipeline/ci.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";
import {
  composeWarnings,
  loadStepConfig,
  type Planned,
  parseCi,
  parseEvent,
  planNotifications,
  STEP_OPTIONS,
  stepSecrets,
  stepWording,
  switchedOffNotes,
  UsageError,
} from "./pipeline-step.ts";
import { maskSecrets } from "./secrets.ts";

const HELP = `Usage: dingpipe preview --event E [--task NAME] [--pipeline NAME] [--config FILE] [--ci NAME]
                        [--html FILE] [--locale L] [--timezone TZ]

Prints exactly what 'dingpipe notify' would send for this event: per notification that selects it,
the robot, the size and the JSON body. Sends nothing. It says on stderr which CI it read and why
(the variables that identify it). Outside a CI system the run's facts are sample values (pipeline
web-release, task unit-tests …) overridden by the DINGPIPE_* variables set.

Options:
  --event E          started | success | failure | cancelled | skipped | waiting, or a platform word
  --task NAME        the task (job) name                                 (env DINGPIPE_TASK)
  --pipeline NAME    the pipeline name                                   (env DINGPIPE_PIPELINE)
  --config FILE      default: .dingpipe.yml in the working directory
  --ci NAME          read this platform's variables instead of detecting it
  --html FILE        also write a page showing the messages as each app draws them
  --locale L         the messages' language: zh-CN (default) or en, for notifications that set
                     no locale: (overrides the file's top-level locale:)   (env DINGPIPE_LOCALE)
  --timezone TZ      the IANA zone of their times, e.g. Asia/Shanghai; default: the file's
                     timezone:, else TZ, else the system's zone          (env DINGPIPE_TIMEZONE)
  -h, --help         this help

Exit status: 0 shown (or nothing selected), 2 bad usage or a configuration error.
`;

interface EventOptions {
  status: Status;
  ci?: CiName;
  /** The step's working directory (where the checkout is). */
  cwd?: string;
  task?: string;
  pipeline?: string;
}

const given = (v: string | undefined): string | undefined => (v && v.trim() !== "" ? v : undefined);

/** The event to preview, whether it is made of sample values (no CI environment here), and which CI and why. */
export function previewEvent(
  env: Io["env"],
  o: EventOptions,
): { event: PipelineEvent; sample: boolean; ci: CiName; why: string } {
  const pick = { ...(o.task ? { task: o.task } : {}), ...(o.pipeline ? { pipeline: o.pipeline } : {}) };
  const detected = o.ci !== undefined ? { ci: o.ci, reason: `--ci ${o.ci}` } : explainCi(env);
  if (o.ci !== undefined || detected.ci !== "generic") {
    return {
      event: readEnvironment(env, {
        status: o.status,
        ...(o.ci ? { ci: o.ci } : {}),
        ...(o.cwd ? { cwd: o.cwd } : {}),
        ...pick,
      }),
      sample: false,
      ci: detected.ci,
      why: detected.reason,
    };
  }
  const sample = sampleEvent(o.status);
  const pipeline = o.pipeline ?? given(env["DINGPIPE_PIPELINE"]);
  const task = o.task ?? given(env["DINGPIPE_TASK"]) ?? sample.task.name;
  const real = readEnvironment(env, {
    status: o.status,
    ci: "generic",
    ...(o.cwd ? { cwd: o.cwd } : {}),
    task,
    pipeline: pipeline ?? sample.pipeline.name,
  });
  const commit = real.source?.commit?.sha
    ? real.source.commit
    : { ...sample.source?.commit, ...real.source?.commit };
  const event: PipelineEvent = {
    pipeline: pipeline ? real.pipeline : { ...sample.pipeline, ...real.pipeline },
    run: { ...sample.run, ...real.run, trigger: { ...sample.run?.trigger, ...real.run?.trigger } },
    task: { ...sample.task, ...real.task },
    source: {
      ...sample.source,
      ...real.source,
      ...(commit.sha ? { commit: { ...commit, sha: commit.sha } } : {}),
    },
    variables: { ...sample.variables, ...real.variables },
  };
  const stage = real.stage ?? sample.stage;
  if (stage) event.stage = stage;
  return { event, sample: true, ci: "generic", why: detected.reason };
}

function header(p: Planned, bytes: number): string {
  const { rendered, kind } = p.composed;
  return `── notification #${p.number}${p.rule.name === undefined ? "" : ` '${p.rule.name}'`} → ${p.name} · ${rendered.type} · ${bytes} bytes of ${kind.label}'s ${rendered.maxBytes.toLocaleString("en")} ──`;
}

function page(
  event: PipelineEvent,
  sample: boolean,
  items: Array<{ p: Planned; message: unknown; bytes: number }>,
  off: readonly string[] = [],
): string {
  const sections = items
    .map(({ p, message, bytes }) => {
      const bubble = drawMessage(p.composed.kind.kind, message);
      const problem = p.problem
        ? `<p class="problem">cannot be sent: ${escapeHtml(p.problem.message)}</p>`
        : "";
      return (
        `<section class="group"><h2>${escapeHtml(p.name)}</h2>` +
        `<p class="meta">${escapeHtml(p.composed.kind.label)} · notification #${p.number} · ${escapeHtml(p.composed.rendered.type)} · ${bytes} bytes</p>${problem}` +
        `<div class="row"><div class="avatar" aria-hidden="true">${escapeHtml(p.name.slice(0, 1).toUpperCase())}</div>` +
        `<div class="col">${bubble}</div></div></section>`
      );
    })
    .join("");
  const about = `event ${event.task.status} · task ${event.task.name} · pipeline ${event.pipeline.name}${sample ? " · sample values" : ""}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>dingpipe preview · ${escapeHtml(event.task.status)}</title><style>${CHANNEL_CSS}${PREVIEW_CSS}</style></head>
<body><header><h1>dingpipe preview</h1><p>${escapeHtml(about)} · nothing was sent</p></header>
<main>${sections || "<p>No notification selects this event.</p>"}${off.map((n) => `<p class="off">${escapeHtml(n)}</p>`).join("")}</main></body></html>
`;
}

const PREVIEW_CSS = `
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#1f2329}
header{padding:14px 20px;background:#fff;border-bottom:1px solid #dee0e3}header h1{margin:0;font-size:18px}header p{margin:4px 0 0;color:#646a73;font-size:13px}
main{max-width:720px;margin:0 auto;padding:16px}
.group{margin:0 0 20px}.group h2{font-size:15px;margin:0}.meta{margin:2px 0 8px;color:#8f959e;font-size:12px}
.problem{color:#d83931;font-size:13px;margin:0 0 8px}.off{color:#646a73;font-size:13px}
.row{display:flex;gap:10px;align-items:flex-start}.col{flex:1;min-width:0;max-width:560px}
.avatar{width:36px;height:36px;border-radius:50%;background:#3370ff;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600;flex:none}
`;

export const run: Command = async (args: string[], io: Io): Promise<number> => {
  let secrets: string[] = [];
  try {
    const { values } = parseCommandArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...STEP_OPTIONS,
        event: { type: "string", short: "e" },
        html: { type: "string" },
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
    const wording = stepWording(values, loaded.config, io.env);
    const mask = (text: string) => maskSecrets(text, secrets);
    const {
      event,
      sample,
      ci: shown,
      why,
    } = previewEvent(io.env, {
      status,
      cwd: io.cwd,
      ...(ci ? { ci } : {}),
      ...(values.task ? { task: values.task } : {}),
      ...(values.pipeline ? { pipeline: values.pipeline } : {}),
    });
    io.stderr(sample ? `CI: none detected (${why})\n` : `CI: ${shown} (${why})\n`);
    if (sample) {
      io.stderr(
        `no CI environment here: sample values (pipeline '${event.pipeline.name}', task '${event.task.name}', branch '${event.source?.branch ?? ""}' …) merged with the DINGPIPE_* variables that are set\n`,
      );
    }
    const planned = planNotifications(loaded, event, io.env, wording);
    const off = switchedOffNotes(loaded.config, event, "shown");
    const items = planned.map((p) => {
      const { rendered } = p.composed;
      const prepared = p.robot
        ? p.robot.prepare(rendered.body)
        : { body: rendered.body, bytes: rendered.bytes };
      return { p, message: prepared.body, bytes: prepared.bytes };
    });
    for (const { p, message, bytes } of items) {
      const where = p.robot
        ? `POST ${p.robot.endpoint}${loaded.config.credentials[p.name]?.secret ? " (signed)" : ""}`
        : "(cannot be sent: see below)";
      // The body is printed as it is sent: its secret values were masked when it was composed.
      io.stdout(`${mask(`${header(p, bytes)}\n${where}`)}\n${JSON.stringify(message, null, 2)}\n\n`);
      for (const w of composeWarnings(p)) io.stderr(`${mask(w)}\n`);
      if (p.problem) {
        const fix = p.problem.fix ? ` — fix: ${p.problem.fix}` : "";
        io.stderr(mask(`✗ ${p.name} could not be sent: ${p.problem.message}${fix}\n`));
      }
    }
    for (const note of off) io.stderr(`${mask(note)}\n`);
    if (values.html) {
      const path = isAbsolute(values.html) ? values.html : join(io.cwd, values.html);
      await writeFile(path, mask(page(event, sample, items, off)));
      io.stderr(`wrote ${values.html}\n`);
    }
    io.stderr(
      items.length === 0
        ? `no notification selects ${event.task.status} for task '${event.task.name}' of pipeline '${event.pipeline.name}': nothing would be sent\n`
        : `${items.length} message${items.length === 1 ? "" : "s"} shown; nothing sent\n`,
    );
    return 0;
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    const fix = isDingpipeError(e) && e.fix ? `\n  fix: ${e.fix}` : "";
    const more = isDingpipeError(e) ? "" : "\n\nRun 'dingpipe preview --help' for the options.";
    io.stderr(maskSecrets(`dingpipe preview: ${message}${fix}${more}\n`, secrets));
    return e instanceof UsageError ||
      isDingpipeError(e) ||
      (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
      ? 2
      : 1;
  }
};
