/**
 * compose(rule, event): the DingTalk message one notification sends for one event.
 *
 * Title (chat list): "❌ web-release · unit-tests failed" ("❌ CI failed" when the task is the pipeline). Text:
 *   ### ❌ web-release · unit-tests failed
 *   - **Branch** main            ← the rule's content items, in the rule's order
 *   - [View run](https://…)
 *   <custom content>              ← the user's markdown, ${VAR}s substituted
 *   **Exit code** 2 + log tail     ← failures of a wrapped command, as a quote
 *   @13800000000                   ← mentions
 * Untrusted values are escaped (escape.ts); the JSON body is fitted under maxBytes without
 * losing the title, status, link or mentions (fit.ts). Pure: no I/O, no clock.
 */

import { bodyBytes, TRUNCATED } from "../dingtalk/fit.ts";
import type { DingTalkMessage } from "../dingtalk/message.ts";
import { MAX_BODY_BYTES } from "../dingtalk/message.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { clip, itemLine, plain, runUrl } from "./content.ts";
import { escapeInline, escapeMarkdown, plainText } from "./escape.ts";
import { fitSegments, type Segment } from "./fit.ts";
import { DEFAULT_UTC_OFFSET_MINUTES, isPipelineLevel, statusMark, statusWord } from "./format.ts";
import { atField, mentionLine, resolveMentions } from "./mentions.ts";
import type { NotificationRule } from "./rule.ts";
import { builtinVariables, renderTemplate, UNTRUSTED_BUILTINS } from "./template.ts";

export interface ComposeContext {
  /** Trusted variables (the user's environment): substituted into custom content as they are. */
  env?: Record<string, string | undefined>;
  /** The robot's custom keywords: the message will contain at least one. */
  keywords?: string[];
  /** Largest JSON body in UTF-8 bytes (default 20,000). */
  maxBytes?: number;
  /** Offset of the times shown, in minutes east of UTC (default 480: UTC+8). */
  utcOffsetMinutes?: number;
}

export interface Composed {
  message: DingTalkMessage;
  /** Variables the custom content references that have no value (rendered empty). */
  unknownVariables: string[];
  /** `at:` entries that resolved to neither a mobile nor `all`. */
  droppedMentions: string[];
  /** Whether fitting cut something. */
  truncated: boolean;
  /** Size of the JSON body in UTF-8 bytes. */
  bytes: number;
}

/** Longest pipeline or task name shown in a title. */
const MAX_NAME_CHARS = 60;
/** Lines of a log tail shown, at most. */
export const MAX_LOG_LINES = 30;

/** "❌ web-release · unit-tests failed" — plain text, for the chat list (no control or bidi characters). */
export function composeTitle(event: PipelineEvent): string {
  const pipeline = clip(plainText(event.pipeline.displayName || event.pipeline.name), MAX_NAME_CHARS);
  const task = isPipelineLevel(event) ? "" : ` · ${clip(plainText(event.task.name), MAX_NAME_CHARS)}`;
  return `${statusMark(event.task.status)} ${pipeline}${task} ${statusWord(event.task.status)}`;
}

/** The same as a markdown heading, names escaped. */
function headingLine(event: PipelineEvent, keyword: string | undefined): string {
  const pipeline = plain(event.pipeline.displayName || event.pipeline.name, MAX_NAME_CHARS);
  const task = isPipelineLevel(event) ? "" : ` · ${plain(event.task.name, MAX_NAME_CHARS)}`;
  const suffix = keyword ? ` 【${plainText(keyword)}】` : "";
  return `### ${statusMark(event.task.status)} ${pipeline}${task} ${statusWord(event.task.status)}${suffix}`;
}

/** Lookup for custom content: builtin variables, then the event's variables, then ctx.env. */
export function customLookup(
  event: PipelineEvent,
  ctx: ComposeContext,
): (name: string) => string | undefined {
  const builtins = builtinVariables(event, { utcOffsetMinutes: ctx.utcOffsetMinutes });
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
function mentionLookup(event: PipelineEvent, ctx: ComposeContext): (name: string) => string | undefined {
  const variables = event.variables ?? {};
  const env = ctx.env ?? {};
  return (name) =>
    Object.hasOwn(variables, name) ? variables[name] : Object.hasOwn(env, name) ? env[name] : undefined;
}

function logTailLines(logTail: string): string[] {
  const lines = logTail.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[lines.length - 1]!.trim() === "") lines.pop();
  const shown = lines.slice(-MAX_LOG_LINES).map((line) => `> ${escapeMarkdown(line.trimEnd())}`);
  return lines.length > MAX_LOG_LINES
    ? [`> ${TRUNCATED} (${lines.length - MAX_LOG_LINES} earlier lines)`, ...shown]
    : shown;
}

interface Draft {
  segments: Segment[];
  unknownVariables: string[];
}

function draft(rule: NotificationRule, event: PipelineEvent, ctx: ComposeContext, keyword?: string): Draft {
  const offset = ctx.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  const actionCard = rule.style === "action_card" && runUrl(event) !== undefined;
  const segments: Segment[] = [{ sep: "", head: headingLine(event, keyword), body: "" }];

  let first = true;
  for (const item of rule.content) {
    if (actionCard && item === "link") continue; // the card's button is the link
    const line = itemLine(item, event, offset);
    if (line === undefined) continue;
    const sep = first ? "\n\n" : "\n";
    first = false;
    if (item === "commit_message") {
      const head = line.slice(0, line.indexOf("** ") + 3);
      segments.push({ sep, head, body: line.slice(head.length), shrink: "end" });
    } else segments.push({ sep, head: line, body: "" });
  }

  let unknownVariables: string[] = [];
  if (rule.custom && rule.custom.trim() !== "") {
    const rendered = renderTemplate(rule.custom, customLookup(event, ctx));
    unknownVariables = rendered.unknown;
    const text = rendered.text.replace(/\r\n?/g, "\n").trim();
    if (text !== "") segments.push({ sep: "\n\n", head: "", body: text, shrink: "end" });
  }

  const { exitCode, logTail } = event.task;
  if (event.task.status === "failure") {
    if (Number.isInteger(exitCode))
      segments.push({ sep: "\n\n", head: `**Exit code** ${exitCode}`, body: "" });
    const lines = logTail ? logTailLines(logTail) : [];
    if (lines.length) {
      segments.push({
        sep: "\n\n",
        head: "",
        body: lines.join("  \n"),
        shrink: "start",
        lineSep: "  \n",
        linePrefix: "> ",
      });
    }
  }
  return { segments, unknownVariables };
}

function build(
  rule: NotificationRule,
  event: PipelineEvent,
  title: string,
  text: string,
  at: ReturnType<typeof atField>,
): DingTalkMessage {
  const url = rule.style === "action_card" ? runUrl(event) : undefined;
  if (url) {
    return {
      msgtype: "actionCard",
      actionCard: { title, text, singleTitle: "View run", singleURL: url, btnOrientation: "0" },
      ...(at ? { at } : {}),
    };
  }
  return { msgtype: "markdown", markdown: { title, text }, ...(at ? { at } : {}) };
}

function hasKeyword(title: string, text: string, keywords: readonly string[]): boolean {
  return keywords.some((k) => k !== "" && (title.includes(k) || text.includes(k)));
}

/** compose() with what preview and the console also want to know. */
export function composeDetailed(
  rule: NotificationRule,
  event: PipelineEvent,
  ctx: ComposeContext = {},
): Composed {
  const maxBytes = ctx.maxBytes ?? MAX_BODY_BYTES;
  const mentions = resolveMentions(
    (rule.at ?? []).filter((e) => !/^\s*(all|所有人)\s*$/iu.test(e)),
    mentionLookup(event, ctx),
  );
  // `all` only counts when the rule says it literally: a variable's value could come from a webhook.
  const all = (rule.at ?? []).some((e) => /^\s*(all|所有人)\s*$/iu.test(e));
  const dropped = mentions.dropped.filter((d) => d.toLowerCase() !== "all" && d !== "所有人");
  const at = atField({ mobiles: mentions.mobiles, all });
  const keywords = (ctx.keywords ?? []).filter((k) => k.trim() !== "");

  const attempt = (keyword: string | undefined, mentionEveryone: boolean) => {
    const title = composeTitle(event) + (keyword ? ` 【${plainText(keyword)}】` : "");
    const d = draft(rule, event, ctx, keyword);
    // Mobiles the user's custom content already writes out are not repeated…
    const written = d.segments.map((s) => s.head + s.body).join("\n");
    const shown = mentionEveryone ? [] : mentions.mobiles.filter((m) => written.includes(`@${m}`));
    const tail = mentionLine({ mobiles: mentions.mobiles.filter((m) => !shown.includes(m)) });
    if (tail) d.segments.push({ sep: "\n\n", head: tail, body: "" });
    const fitted = fitSegments(
      d.segments,
      (text) => bodyBytes(build(rule, event, title, text, at)),
      maxBytes,
    );
    // …unless fitting cut them away.
    const complete = shown.every((m) => fitted.text.includes(`@${m}`));
    return { title, text: fitted.text, truncated: fitted.truncated, unknown: d.unknownVariables, complete };
  };
  const run = (keyword?: string) => {
    const r = attempt(keyword, false);
    return r.complete ? r : attempt(keyword, true);
  };

  let result = run();
  if (keywords.length && !hasKeyword(result.title, result.text, keywords)) result = run(keywords[0]);
  const message = build(rule, event, result.title, result.text, at);
  return {
    message,
    unknownVariables: result.unknown,
    droppedMentions: dropped,
    truncated: result.truncated,
    bytes: bodyBytes(message),
  };
}

/** The message one notification rule sends for one event: markdown, or an actionCard. */
export function compose(
  rule: NotificationRule,
  event: PipelineEvent,
  ctx: ComposeContext = {},
): DingTalkMessage {
  return composeDetailed(rule, event, ctx).message;
}
