/**
 * compose(rule, event): the channel-neutral Notice one notification says about one event — the
 * status, the title's parts (the task left out when it is the pipeline: "❌ CI failed"), the rule's
 * content items as facts (label key + value, untrusted values marked), the custom content with its
 * `${VAR}`s substituted, the mentions, the run's link and, for a failed command, its exit code and
 * log tail. Pure: no I/O, no clock, no robot dialect.
 *
 * Worded in the notification's `locale` (else the context's, else zh-CN), its times in its
 * `timezone` (else the context's, else the process's TZ or the system's zone). Custom content is the
 * user's and never translated.
 *
 * A channel turns it into its robot's message (src/channels/<kind>/): DingTalk markdown, WeCom
 * markdown, a Feishu card — each fitted within its own size limit without losing the title, the
 * status, the link or the mentions.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import { isTransition, type Transition } from "../pipeline/status.ts";
import { clip, itemFact, runUrl } from "./content.ts";
import { escapeInline, escapeMarkdown, plainText } from "./escape.ts";
import { isPipelineLevel, statusMark } from "./format.ts";
import { defaultTimeZone, statusWord, t, transitionWord } from "./i18n/index.ts";
import { resolveMentions } from "./mentions.ts";
import {
  DEFAULT_LOCALE,
  type Locale,
  type Notice,
  type NoticeFact,
  type NoticeLogTail,
  type NoticeTitle,
} from "./notice.ts";
import type { NotificationRule } from "./rule.ts";
import { builtinVariables, renderTemplate, UNTRUSTED_BUILTINS } from "./template.ts";

export interface ComposeContext {
  /** Trusted variables (the user's environment): substituted into custom content as they are. */
  env?: Record<string, string | undefined>;
  /** The language of notifications that set none (default zh-CN). */
  locale?: Locale;
  /**
   * The IANA time zone of the times shown, for notifications that set none (default: the process's
   * TZ, else the system's zone).
   */
  timeZone?: string;
  /** What the event means in the task's history (the service derives it from the outcomes it keeps). */
  transition?: Transition;
}

/**
 * The locale and time zone a notification's messages use: its own, else the context's, else the defaults.
 * The zone is looked up when first read (a getter): finding the system's zone wakes ICU's date
 * formatting (~10 ms of a pipeline step), and most messages show no time of day at all.
 */
export function wording(
  rule: Pick<NotificationRule, "locale" | "timezone"> | undefined,
  ctx: Pick<ComposeContext, "locale" | "timeZone">,
): { locale: Locale; readonly timeZone: string } {
  const locale = rule?.locale ?? ctx.locale ?? DEFAULT_LOCALE;
  if (rule?.timezone !== undefined) return { locale, timeZone: rule.timezone };
  let zone: string | undefined;
  return {
    locale,
    get timeZone() {
      zone ??= ctx.timeZone ?? defaultTimeZone();
      return zone;
    },
  };
}

/** Longest pipeline or task name shown in a title. */
export const MAX_NAME_CHARS = 60;
/** Lines of a log tail shown, at most. */
export const MAX_LOG_LINES = 30;

/**
 * The title's parts as shown: one line each, clipped, without control or bidi characters (NUL, BEL,
 * ESC, U+202E… would reach the chat list and the push banner); still untrusted (plain text).
 */
export function titleParts(title: NoticeTitle): NoticeTitle {
  const pipeline = clip(plainText(title.pipeline), MAX_NAME_CHARS);
  return title.task === undefined
    ? { pipeline }
    : { pipeline, task: clip(plainText(title.task), MAX_NAME_CHARS) };
}

type Titled = Pick<Notice, "status" | "title"> & Partial<Pick<Notice, "locale" | "transition">>;

/** The title's status words: "failed", "运行失败", with the transition when there is one ("运行失败（仍未修复）"). */
export function titleStatus(notice: Omit<Titled, "title">): string {
  const locale = notice.locale ?? DEFAULT_LOCALE;
  const status = statusWord(locale, notice.status);
  return notice.transition === undefined
    ? status
    : t(locale, "withTransition", { status, transition: transitionWord(locale, notice.transition) });
}

/**
 * The title with the names as a channel writes them (plain, or escaped for its markup):
 * "❌ web-release · unit-tests 运行失败", "❌ CI failed" when there is no task.
 */
export function titleWith(notice: Omit<Titled, "title">, pipeline: string, task: string | undefined): string {
  const locale = notice.locale ?? DEFAULT_LOCALE;
  const mark = statusMark(notice.status);
  const status = titleStatus(notice);
  return task === undefined
    ? t(locale, "titleRun", { mark, pipeline, status })
    : t(locale, "title", { mark, pipeline, task, status });
}

/**
 * "❌ web-release · unit-tests 运行失败" ("❌ CI failed" in English when the task is the pipeline) —
 * plain text, for a chat list or a card's header.
 */
export function noticeTitle(notice: Titled): string {
  const { pipeline, task } = titleParts(notice.title);
  return titleWith(notice, pipeline, task);
}

/** The title of the notice compose would make for an event: "❌ web-release · unit-tests 运行失败". */
export function composeTitle(event: PipelineEvent, locale: Locale = DEFAULT_LOCALE): string {
  return noticeTitle({ status: event.task.status, title: eventTitle(event), locale });
}

/** The title's parts of an event; a whole pipeline run (its task is the pipeline) is named once. */
export function eventTitle(event: PipelineEvent): NoticeTitle {
  const pipeline = event.pipeline.displayName || event.pipeline.name;
  return isPipelineLevel(event) ? { pipeline } : { pipeline, task: event.task.name };
}

/** Lookup for custom content: builtin variables, then the event's variables, then ctx.env. */
export function customLookup(
  event: PipelineEvent,
  ctx: ComposeContext,
): (name: string) => string | undefined {
  // ctx itself, not a copy: its time zone is read only if a time variable is used.
  const builtins = builtinVariables(event, ctx);
  const variables = event.variables ?? {};
  const env = ctx.env ?? {};
  return (name) => {
    if (Object.hasOwn(builtins, name)) {
      const value = builtins[name]!;
      if (!UNTRUSTED_BUILTINS.has(name)) return value;
      return name === "DINGPIPE_LOG_TAIL"
        ? escapeMarkdown(value).split("\n").join("  \n")
        : escapeInline(value);
    }
    if (Object.hasOwn(variables, name) && typeof variables[name] === "string")
      return escapeInline(variables[name]);
    if (Object.hasOwn(env, name)) return env[name];
    return undefined;
  };
}

/** Raw lookup for `at:` entries: the event's variables, then ctx.env. */
export function mentionLookup(
  event: Pick<PipelineEvent, "variables">,
  env: Record<string, string | undefined> = {},
): (name: string) => string | undefined {
  const variables = event.variables ?? {};
  return (name) =>
    Object.hasOwn(variables, name) ? variables[name] : Object.hasOwn(env, name) ? env[name] : undefined;
}

const EVERYONE = /^\s*(all|所有人)\s*$/iu;

/** The mentions a rule asks for on one event; `all` only when the rule says it literally. */
export function ruleMentions(
  rule: Pick<NotificationRule, "at">,
  lookup: (name: string) => string | undefined,
): { mobiles: string[]; userIds: string[]; all: boolean; dropped: string[] } {
  const entries = rule.at ?? [];
  const resolved = resolveMentions(
    entries.filter((e) => !EVERYONE.test(e)),
    lookup,
  );
  // A variable's value could come from a webhook: it never mentions everyone.
  const all = entries.some((e) => EVERYONE.test(e));
  const dropped = resolved.dropped.filter((d) => d.toLowerCase() !== "all" && d !== "所有人");
  return { mobiles: resolved.mobiles, userIds: resolved.userIds, all, dropped };
}

function logTail(text: string): NoticeLogTail | undefined {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[lines.length - 1]!.trim() === "") lines.pop();
  if (lines.length === 0) return undefined;
  return {
    lines: lines.slice(-MAX_LOG_LINES).map((line) => line.trimEnd()),
    omitted: Math.max(0, lines.length - MAX_LOG_LINES),
  };
}

/** The neutral notice one notification rule makes of one event. */
export function compose(rule: NotificationRule, event: PipelineEvent, ctx: ComposeContext = {}): Notice {
  const words = wording(rule, ctx);
  const { locale } = words;
  const zone = () => words.timeZone;
  const facts: NoticeFact[] = [];
  for (const item of rule.content) {
    const fact = itemFact(item, event, zone, locale);
    if (fact !== undefined) facts.push(fact);
  }
  const mentions = ruleMentions(rule, mentionLookup(event, ctx.env));
  const notice: Notice = {
    status: event.task.status,
    title: eventTitle(event),
    facts,
    mentions: { mobiles: mentions.mobiles, userIds: mentions.userIds, all: mentions.all },
    style: rule.style ?? "markdown",
    locale,
    get timeZone() {
      return words.timeZone;
    },
    unknownVariables: [],
    droppedMentions: mentions.dropped,
  };
  // The transition is said to notifications that select transitions: to the others it is noise.
  if (ctx.transition !== undefined && rule.events.some(isTransition)) notice.transition = ctx.transition;
  const url = runUrl(event);
  if (url !== undefined) notice.runUrl = url;
  if (rule.custom && rule.custom.trim() !== "") {
    const lookup = customLookup(event, {
      ...(ctx.env ? { env: ctx.env } : {}),
      locale,
      get timeZone() {
        return words.timeZone;
      },
    });
    const rendered = renderTemplate(rule.custom, lookup);
    notice.unknownVariables = rendered.unknown;
    const text = rendered.text.replace(/\r\n?/g, "\n").trim();
    if (text !== "") notice.custom = text;
  }
  if (event.task.status === "failure") {
    const { exitCode } = event.task;
    if (typeof exitCode === "number" && Number.isInteger(exitCode)) notice.exitCode = exitCode;
    const tail = event.task.logTail ? logTail(event.task.logTail) : undefined;
    if (tail !== undefined) notice.logTail = tail;
  }
  return notice;
}
