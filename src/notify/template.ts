/**
 * `${VAR}` templates for custom content (and `at:` entries).
 *
 * Syntax:
 * - `${NAME}` — the variable's value; an unknown variable renders empty and is reported.
 * - `${NAME:-default}` — the default when the variable is unset or empty (not reported).
 * - `$${` — a literal `${` (so `$${NAME}` renders `${NAME}`). A `$` anywhere else is plain text.
 * NAME is `[A-Za-z_][A-Za-z0-9_]*`; anything else after `${` is left as written.
 *
 * Pure: no I/O. Escaping of untrusted values is the caller's choice (see compose.ts), made
 * through the `lookup` function.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import { zonedTime } from "./content.ts";
import { safeUrl } from "./escape.ts";
import { eventDurationMs, shortSha, statusMark } from "./format.ts";
import {
  DEFAULT_MESSAGE_LOCALE,
  defaultTimeZone,
  formatDuration,
  type MessageLocale,
  statusWord,
} from "./i18n/index.ts";

/** dingpipe's own variables, always available to custom content when the event has the fact. */
export const BUILTIN_VARIABLES: Record<string, string> = {
  DINGPIPE_STATUS: "canonical task status: started, success, failure, cancelled, skipped or waiting",
  DINGPIPE_STATUS_MARK:
    "the status mark: ✅ success, ❌ failure, ⏹ cancelled, ⏭ skipped, ⏳ waiting, ▶ started",
  DINGPIPE_STATUS_TEXT:
    'the status as the title says it, in the message\'s locale: "运行成功", "运行失败" … ("succeeded", "failed" … in en)',
  DINGPIPE_PIPELINE: "pipeline name (its display name when the platform has one)",
  DINGPIPE_PIPELINE_URL: "link to the pipeline",
  DINGPIPE_TASK: "task (job) name",
  DINGPIPE_TASK_URL: "link to the task",
  DINGPIPE_STAGE: "stage name",
  DINGPIPE_BUILD_NUMBER: "run (build) number",
  DINGPIPE_RUN_ID: "the platform's run id",
  DINGPIPE_RUN_URL: "link to the run",
  DINGPIPE_TRIGGER_USER: "who triggered the run",
  DINGPIPE_TRIGGER_EVENT: "what triggered the run (push, merge_request, schedule …)",
  DINGPIPE_PROVIDER: "the code host or CI platform (gitee, github, gitlab …)",
  DINGPIPE_REPO: "repository (owner/name)",
  DINGPIPE_BRANCH: "branch",
  DINGPIPE_COMMIT: "full commit sha",
  DINGPIPE_SHORT_COMMIT: "first 7 characters of the commit sha",
  DINGPIPE_COMMIT_MESSAGE: "commit message, on one line",
  DINGPIPE_COMMIT_URL: "link to the commit",
  DINGPIPE_AUTHOR: "commit author",
  DINGPIPE_PR_ID: "pull (merge) request id",
  DINGPIPE_PR_TITLE: "pull (merge) request title",
  DINGPIPE_PR_URL: "link to the pull (merge) request",
  DINGPIPE_STARTED_AT: 'when the task started, in the message\'s time zone ("2026-11-23 16:00:00 (UTC+8)")',
  DINGPIPE_FINISHED_AT: "when the task finished, in the message's time zone",
  DINGPIPE_DURATION: 'how long the task ran, in the message\'s locale ("3分05秒"; "3m 05s" in en)',
  DINGPIPE_EXIT_CODE: "exit code of a command wrapped by `dingpipe run`",
  DINGPIPE_LOG_TAIL: "last lines of output of a command wrapped by `dingpipe run`",
};

/**
 * Builtin variables whose values come from people who can push code or send webhooks (names,
 * branches, messages, titles, logs). compose.ts escapes these when it substitutes them.
 * URL variables are not here: builtinVariables() already keeps only safe http(s) URLs.
 */
export const UNTRUSTED_BUILTINS: ReadonlySet<string> = new Set([
  "DINGPIPE_PIPELINE",
  "DINGPIPE_TASK",
  "DINGPIPE_STAGE",
  "DINGPIPE_RUN_ID",
  "DINGPIPE_TRIGGER_USER",
  "DINGPIPE_TRIGGER_EVENT",
  "DINGPIPE_PROVIDER",
  "DINGPIPE_REPO",
  "DINGPIPE_BRANCH",
  "DINGPIPE_COMMIT",
  "DINGPIPE_SHORT_COMMIT",
  "DINGPIPE_COMMIT_MESSAGE",
  "DINGPIPE_AUTHOR",
  "DINGPIPE_PR_ID",
  "DINGPIPE_PR_TITLE",
  "DINGPIPE_LOG_TAIL",
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Piece = { literal: string } | { name: string; fallback: string | undefined };

/** Split a template into literal text and variable references. */
function parse(template: string): Piece[] {
  const pieces: Piece[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    const at = template.indexOf("$", i);
    if (at < 0) {
      text += template.slice(i);
      break;
    }
    text += template.slice(i, at);
    if (template.startsWith("$${", at)) {
      text += "${";
      i = at + 3;
      continue;
    }
    if (template[at + 1] === "{") {
      const close = template.indexOf("}", at + 2);
      const inner = close < 0 ? "" : template.slice(at + 2, close);
      const sep = inner.indexOf(":-");
      const name = sep < 0 ? inner : inner.slice(0, sep);
      if (close >= 0 && NAME.test(name)) {
        if (text) pieces.push({ literal: text });
        text = "";
        pieces.push({ name, fallback: sep < 0 ? undefined : inner.slice(sep + 2) });
        i = close + 1;
        continue;
      }
    }
    text += "$";
    i = at + 1;
  }
  if (text) pieces.push({ literal: text });
  return pieces;
}

/** The variable names a template references, each once, in order of first use. */
export function referencedVariables(template: string): string[] {
  const names: string[] = [];
  for (const p of parse(template)) if ("name" in p && !names.includes(p.name)) names.push(p.name);
  return names;
}

/**
 * Render a template. `lookup` answers a variable's value or undefined; unknown variables (no
 * value and no default) render empty and are listed in `unknown`, each once.
 */
export function renderTemplate(
  template: string,
  lookup: (name: string) => string | undefined,
): { text: string; unknown: string[] } {
  let text = "";
  const unknown: string[] = [];
  for (const p of parse(template)) {
    if ("literal" in p) {
      text += p.literal;
      continue;
    }
    const value = lookup(p.name);
    if (value !== undefined && value !== "") text += value;
    else if (p.fallback !== undefined) text += p.fallback;
    else if (value === undefined && !unknown.includes(p.name)) unknown.push(p.name);
  }
  return { text, unknown };
}

export interface BuiltinOptions {
  /** The words of DINGPIPE_STATUS_TEXT and DINGPIPE_DURATION (default zh-CN). */
  locale?: MessageLocale | undefined;
  /** The IANA zone of DINGPIPE_STARTED_AT / _FINISHED_AT (default: TZ, else the system's zone). */
  timeZone?: string | undefined;
}

/** dingpipe's builtin variables for one event: only those the event has, raw (not escaped). */
export function builtinVariables(event: PipelineEvent, options: BuiltinOptions = {}): Record<string, string> {
  const locale = options.locale ?? DEFAULT_MESSAGE_LOCALE;
  let timeZone: string | undefined;
  const vars: Record<string, string> = {};
  // A time is written (and the zone looked up: ICU's date formatting, ~10 ms cold) only when read.
  const putTime = (name: string, iso: string | undefined) => {
    if (!iso || Number.isNaN(Date.parse(iso))) return;
    Object.defineProperty(vars, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        timeZone ??= options.timeZone ?? defaultTimeZone();
        const value = zonedTime(iso, timeZone)!;
        Object.defineProperty(vars, name, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  };
  const put = (name: string, value: string | number | undefined) => {
    if (value === undefined) return;
    const s = String(value);
    if (s !== "") vars[name] = s;
  };
  const { pipeline, run, stage, task, source } = event;
  put("DINGPIPE_STATUS", task.status);
  put("DINGPIPE_STATUS_MARK", statusMark(task.status));
  put("DINGPIPE_STATUS_TEXT", statusWord(locale, task.status));
  put("DINGPIPE_PIPELINE", pipeline.displayName || pipeline.name);
  put("DINGPIPE_PIPELINE_URL", safeUrl(pipeline.url));
  put("DINGPIPE_TASK", task.name);
  put("DINGPIPE_TASK_URL", safeUrl(task.url));
  put("DINGPIPE_STAGE", stage?.name);
  put("DINGPIPE_BUILD_NUMBER", Number.isFinite(run?.number) ? run?.number : undefined);
  put("DINGPIPE_RUN_ID", run?.id);
  put("DINGPIPE_RUN_URL", safeUrl(run?.url));
  put("DINGPIPE_TRIGGER_USER", run?.trigger?.user);
  put("DINGPIPE_TRIGGER_EVENT", run?.trigger?.event);
  put("DINGPIPE_PROVIDER", source?.provider);
  put("DINGPIPE_REPO", source?.repo);
  put("DINGPIPE_BRANCH", source?.branch);
  const commit = source?.commit;
  if (commit?.sha) {
    put("DINGPIPE_COMMIT", commit.sha);
    put("DINGPIPE_SHORT_COMMIT", shortSha(commit.sha));
  }
  put("DINGPIPE_COMMIT_MESSAGE", commit?.message?.replace(/\s+/gu, " ").trim());
  put("DINGPIPE_COMMIT_URL", safeUrl(commit?.url));
  put("DINGPIPE_AUTHOR", commit?.author);
  const pr = source?.pullRequest;
  put("DINGPIPE_PR_ID", pr?.id);
  put("DINGPIPE_PR_TITLE", pr?.title);
  put("DINGPIPE_PR_URL", safeUrl(pr?.url));
  putTime("DINGPIPE_STARTED_AT", task.startedAt);
  putTime("DINGPIPE_FINISHED_AT", task.finishedAt);
  const ms = eventDurationMs(event);
  put("DINGPIPE_DURATION", ms === undefined ? undefined : formatDuration(ms, locale));
  put("DINGPIPE_EXIT_CODE", Number.isInteger(task.exitCode) ? task.exitCode : undefined);
  put("DINGPIPE_LOG_TAIL", task.logTail);
  return vars;
}
