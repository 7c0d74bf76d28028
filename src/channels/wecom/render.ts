/**
 * A Notice (and a digest) as a WeCom group robot message.
 *
 * - Markdown (`msgtype: markdown`, content ≤ 4,096 UTF-8 bytes): the title as a heading coloured by
 *   status (`<font color="warning">` failures, `info` successes, `comment` the rest), one line per
 *   fact, the custom content, the exit code and the log tail as a quote.
 * - Text (`msgtype: text`, content ≤ 2,048 bytes) when the notice mentions someone: WeCom markdown
 *   cannot mention by mobile (nor everyone), a text message can (`mentioned_mobile_list`, "@all").
 *   One message, not a markdown message plus a text one: it costs one of the robot's 20 requests a
 *   minute, and it cannot arrive half (the markdown without the mention, or twice after a retry).
 */
import { noticeTitle, titleParts, titleWith } from "../../notify/compose.ts";
import { factLabel, factMarkdown, plain } from "../../notify/content.ts";
import { fitDigestText } from "../../notify/digest-markdown.ts";
import { escapeMarkdown } from "../../notify/escape.ts";
import { fitSegments, type Segment } from "../../notify/fit.ts";
import { t } from "../../notify/i18n/index.ts";
import type { DigestNotice, Notice, NoticeMentions } from "../../notify/notice.ts";
import type { Status } from "../../pipeline/status.ts";
import type { Rendered } from "../channel.ts";
import { clipFacts, cutToBytes, FACT_CLIPS } from "../fitting.ts";
import { markdownToText, utf8Bytes } from "../markdown.ts";

/** WeCom's limits, in UTF-8 bytes of the content. */
export const MAX_MARKDOWN_BYTES = 4096;
export const MAX_TEXT_BYTES = 2048;

export interface WeComMarkdown {
  msgtype: "markdown";
  markdown: { content: string };
}

export interface WeComText {
  msgtype: "text";
  text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] };
}

export type WeComMessage = WeComMarkdown | WeComText;

/** The font colour of a status: WeCom markdown has info (green), comment (grey), warning (orange-red). */
export function statusColour(status: Status): "info" | "comment" | "warning" {
  if (status === "failure") return "warning";
  if (status === "success") return "info";
  return "comment";
}

const mentionsSomeone = (m: NoticeMentions) => m.mobiles.length > 0 || m.all;

/** The mention fields of a text message: mobiles, and "@all" for everyone. */
function mentionFields(m: NoticeMentions): { mentioned_mobile_list?: string[] } {
  const list = [...m.mobiles, ...(m.all ? ["@all"] : [])];
  return list.length > 0 ? { mentioned_mobile_list: list } : {};
}

/** One-line plain text for a text message: no markup there, but no control characters either. */
function plainText(value: string, max = 300): string {
  const line = value
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " ")
    .replace(/\s+/gu, " ")
    .trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("")}…`;
}

function markdownSegments(notice: Notice): Segment[] {
  const { pipeline, task } = titleParts(notice.title);
  const title = titleWith(notice, plain(pipeline, 60), task === undefined ? undefined : plain(task, 60));
  const segments: Segment[] = [
    { sep: "", head: `### <font color="${statusColour(notice.status)}">${title}</font>`, body: "" },
  ];
  for (const fact of notice.facts) {
    const sep = "\n";
    const value = factMarkdown(fact);
    if (fact.key === "link") segments.push({ sep, head: value, body: "" });
    else if (fact.long)
      segments.push({ sep, head: `**${factLabel(fact.key, notice.locale)}** `, body: value, shrink: "end" });
    else segments.push({ sep, head: `**${factLabel(fact.key, notice.locale)}** ${value}`, body: "" });
  }
  if (notice.custom !== undefined)
    segments.push({ sep: "\n\n", head: "", body: notice.custom, shrink: "end" });
  if (notice.exitCode !== undefined)
    segments.push({ sep: "\n\n", head: `**${t(notice.locale, "exitCode")}** ${notice.exitCode}`, body: "" });
  if (notice.logTail !== undefined) {
    const shown = notice.logTail.lines.map((line) => `> ${escapeMarkdown(line)}`);
    const { omitted } = notice.logTail;
    const lines =
      omitted > 0 ? [`> ${t(notice.locale, "output.omitted", { lines: omitted })}`, ...shown] : shown;
    const head = `**${t(notice.locale, "output.heading")}**\n`;
    segments.push({ sep: "\n\n", head, body: lines.join("\n"), shrink: "start", linePrefix: "> " });
  }
  return segments;
}

function textSegments(notice: Notice): Segment[] {
  const segments: Segment[] = [{ sep: "", head: noticeTitle(notice), body: "" }];
  const line = (label: string, value: string) => t(notice.locale, "plainFact", { label, value });
  for (const fact of notice.facts) {
    const label = factLabel(fact.key, notice.locale);
    if (fact.key === "link") segments.push({ sep: "\n", head: line(fact.text, fact.url ?? ""), body: "" });
    else if (fact.long)
      segments.push({ sep: "\n", head: line(label, ""), body: plainText(fact.text, 100_000), shrink: "end" });
    else
      segments.push({
        sep: "\n",
        head: line(label, fact.untrusted ? plainText(fact.text) : fact.text),
        body: "",
      });
  }
  if (notice.custom !== undefined)
    segments.push({ sep: "\n\n", head: "", body: markdownToText(notice.custom), shrink: "end" });
  if (notice.exitCode !== undefined)
    segments.push({
      sep: "\n\n",
      head: line(t(notice.locale, "exitCode"), String(notice.exitCode)),
      body: "",
    });
  if (notice.logTail !== undefined) {
    const shown = notice.logTail.lines.map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""));
    const { omitted } = notice.logTail;
    const lines = omitted > 0 ? [t(notice.locale, "output.omitted", { lines: omitted }), ...shown] : shown;
    const head = `${line(t(notice.locale, "output.heading"), "").trimEnd()}\n`;
    segments.push({ sep: "\n", head, body: lines.join("\n"), shrink: "start" });
  }
  return segments;
}

function rendered(message: WeComMessage, truncated: boolean, unmentionable: string[]): Rendered {
  const content = message.msgtype === "markdown" ? message.markdown.content : message.text.content;
  return {
    body: message,
    type: message.msgtype,
    bytes: utf8Bytes(content),
    maxBytes: message.msgtype === "markdown" ? MAX_MARKDOWN_BYTES : MAX_TEXT_BYTES,
    truncated,
    unmentionable,
  };
}

/**
 * Segment-wise fitting, then harder clipping of the facts, then a cut: the content always ends
 * within `max` bytes, keeping as much of the top (title, status, facts) as it can.
 */
function fitContent(
  notice: Notice,
  segments: (n: Notice) => Segment[],
  max: number,
): { text: string; truncated: boolean } {
  let last = "";
  const marker = t(notice.locale, "truncated");
  for (const [i, level] of FACT_CLIPS.entries()) {
    const fitted = fitSegments(segments(clipFacts(notice, level)), utf8Bytes, max, marker);
    if (utf8Bytes(fitted.text) <= max) return { text: fitted.text, truncated: fitted.truncated || i > 0 };
    last = fitted.text;
  }
  return { text: cutToBytes(last, max, marker), truncated: true };
}

/** The notice as a WeCom markdown message, or a text message when it mentions someone. */
export function renderNotice(notice: Notice): Rendered {
  const unmentionable = [...notice.mentions.userIds];
  if (mentionsSomeone(notice.mentions)) {
    const fitted = fitContent(notice, textSegments, MAX_TEXT_BYTES);
    const message: WeComText = {
      msgtype: "text",
      text: { content: fitted.text, ...mentionFields(notice.mentions) },
    };
    return rendered(message, fitted.truncated, unmentionable);
  }
  const fitted = fitContent(notice, markdownSegments, MAX_MARKDOWN_BYTES);
  return rendered(
    { msgtype: "markdown", markdown: { content: fitted.text } },
    fitted.truncated,
    unmentionable,
  );
}

/** A backlog as one markdown message (a text message when it mentions someone). */
export function renderDigest(digest: DigestNotice): Rendered {
  const unmentionable = [...digest.mentions.userIds];
  if (mentionsSomeone(digest.mentions)) {
    const { text } = fitDigestText(digest, {
      fits: (_t, x) => utf8Bytes(markdownToText(x)) <= MAX_TEXT_BYTES,
      heading: (t) => t,
    });
    const message: WeComText = {
      msgtype: "text",
      text: { content: markdownToText(text), ...mentionFields(digest.mentions) },
    };
    return rendered(message, false, unmentionable);
  }
  const colour = digest.failing > 0 ? "warning" : "info";
  const { text } = fitDigestText(digest, {
    fits: (_t, x) => utf8Bytes(x) <= MAX_MARKDOWN_BYTES,
    heading: (t) => `### <font color="${colour}">${t}</font>`,
  });
  return rendered({ msgtype: "markdown", markdown: { content: text } }, false, unmentionable);
}
