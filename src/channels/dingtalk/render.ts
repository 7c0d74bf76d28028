/**
 * A Notice (and a digest) as a DingTalk webhook robot message. Title (chat list):
 * "❌ web-release · unit-tests failed". Text:
 *   ### ❌ web-release · unit-tests failed
 *   - **Branch** main            ← the facts, in the rule's order
 *   - [View run](https://…)
 *   <custom content>              ← DingTalk markdown as the user wrote it
 *   **Exit code** 2 + log tail     ← failures of a wrapped command, as a quote
 *   @13800000000                   ← mentions (DingTalk mentions a mobile only when the text has it too)
 * Markdown, or an actionCard with one "View run" button (style action_card). Untrusted values are
 * escaped; the JSON body is fitted under 20,000 bytes without losing the title, status, link or
 * mentions; a robot keyword missing from the message is added to the title and heading.
 */
import { bodyBytes, TRUNCATED } from "../../dingtalk/fit.ts";
import type { At, DingTalkMessage } from "../../dingtalk/message.ts";
import { MAX_BODY_BYTES } from "../../dingtalk/message.ts";
import { noticeTitle } from "../../notify/compose.ts";
import { factLabel, factMarkdown, plain, viewRunLabel } from "../../notify/content.ts";
import { fitDigestText } from "../../notify/digest-markdown.ts";
import { escapeMarkdown, plainText } from "../../notify/escape.ts";
import { fitSegments, type Segment } from "../../notify/fit.ts";
import { statusMark, statusWord } from "../../notify/format.ts";
import { atField, mentionLine } from "../../notify/mentions.ts";
import type { DigestNotice, Notice } from "../../notify/notice.ts";

export interface DingTalkRenderOptions {
  /** The robot's custom keywords: the message will contain at least one. */
  keywords?: readonly string[];
  /** Largest JSON body in UTF-8 bytes (default 20,000). */
  maxBytes?: number;
}

export interface DingTalkRendered {
  message: DingTalkMessage;
  /** Whether fitting cut something. */
  truncated: boolean;
  /** Size of the JSON body in UTF-8 bytes. */
  bytes: number;
  /** Mentions a DingTalk webhook robot cannot make (Feishu user ids). */
  unmentionable: string[];
}

/** The title as a markdown heading, names escaped. */
function headingLine(notice: Notice, keyword: string | undefined): string {
  const pipeline = plain(notice.title.pipeline, 60);
  const task = notice.title.task === undefined ? "" : ` · ${plain(notice.title.task, 60)}`;
  const suffix = keyword ? ` 【${plainText(keyword)}】` : "";
  return `### ${statusMark(notice.status)} ${pipeline}${task} ${statusWord(notice.status)}${suffix}`;
}

function actionCardUrl(notice: Notice): string | undefined {
  return notice.style === "action_card" ? notice.runUrl : undefined;
}

/** The notice as text segments (fitting shrinks the log tail, commit message and custom content). */
function segmentsOf(notice: Notice, keyword: string | undefined): Segment[] {
  const card = actionCardUrl(notice) !== undefined;
  const segments: Segment[] = [{ sep: "", head: headingLine(notice, keyword), body: "" }];
  let first = true;
  for (const fact of notice.facts) {
    if (card && fact.key === "link") continue; // the card's button is the link
    const sep = first ? "\n\n" : "\n";
    first = false;
    const value = factMarkdown(fact);
    if (fact.key === "link") segments.push({ sep, head: `- ${value}`, body: "" });
    else if (fact.long) {
      segments.push({
        sep,
        head: `- **${factLabel(fact.key, notice.locale)}** `,
        body: value,
        shrink: "end",
      });
    } else segments.push({ sep, head: `- **${factLabel(fact.key, notice.locale)}** ${value}`, body: "" });
  }
  if (notice.custom !== undefined)
    segments.push({ sep: "\n\n", head: "", body: notice.custom, shrink: "end" });
  if (notice.exitCode !== undefined) {
    segments.push({ sep: "\n\n", head: `**Exit code** ${notice.exitCode}`, body: "" });
  }
  if (notice.logTail !== undefined) {
    const shown = notice.logTail.lines.map((line) => `> ${escapeMarkdown(line)}`);
    const lines =
      notice.logTail.omitted > 0
        ? [`> ${TRUNCATED} (${notice.logTail.omitted} earlier lines)`, ...shown]
        : shown;
    segments.push({
      sep: "\n\n",
      head: "",
      body: lines.join("  \n"),
      shrink: "start",
      lineSep: "  \n",
      linePrefix: "> ",
    });
  }
  return segments;
}

function build(notice: Notice, title: string, text: string, at: At | undefined): DingTalkMessage {
  const url = actionCardUrl(notice);
  if (url) {
    return {
      msgtype: "actionCard",
      actionCard: {
        title,
        text,
        singleTitle: viewRunLabel(notice.locale),
        singleURL: url,
        btnOrientation: "0",
      },
      ...(at ? { at } : {}),
    };
  }
  return { msgtype: "markdown", markdown: { title, text }, ...(at ? { at } : {}) };
}

function hasKeyword(title: string, text: string, keywords: readonly string[]): boolean {
  return keywords.some((k) => k !== "" && (title.includes(k) || text.includes(k)));
}

/** The DingTalk message for a notice: markdown, or an actionCard with one button to the run. */
export function renderNotice(notice: Notice, options: DingTalkRenderOptions = {}): DingTalkRendered {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const { mobiles } = notice.mentions;
  const at = atField({ mobiles, all: notice.mentions.all });
  const keywords = (options.keywords ?? []).filter((k) => k.trim() !== "");

  const attempt = (keyword: string | undefined, mentionEveryone: boolean) => {
    const title = noticeTitle(notice) + (keyword ? ` 【${plainText(keyword)}】` : "");
    const segments = segmentsOf(notice, keyword);
    // Mobiles the user's custom content already writes out are not repeated…
    const written = segments.map((s) => s.head + s.body).join("\n");
    const shown = mentionEveryone ? [] : mobiles.filter((m) => written.includes(`@${m}`));
    const tail = mentionLine({ mobiles: mobiles.filter((m) => !shown.includes(m)) });
    if (tail) segments.push({ sep: "\n\n", head: tail, body: "" });
    const fitted = fitSegments(segments, (text) => bodyBytes(build(notice, title, text, at)), maxBytes);
    // …unless fitting cut them away.
    const complete = shown.every((m) => fitted.text.includes(`@${m}`));
    return { title, text: fitted.text, truncated: fitted.truncated, complete };
  };
  const run = (keyword?: string) => {
    const r = attempt(keyword, false);
    return r.complete ? r : attempt(keyword, true);
  };

  let result = run();
  if (keywords.length && !hasKeyword(result.title, result.text, keywords)) result = run(keywords[0]);
  const message = build(notice, result.title, result.text, at);
  return {
    message,
    truncated: result.truncated,
    bytes: bodyBytes(message),
    unmentionable: [...notice.mentions.userIds],
  };
}

/** One markdown message accounting for every item of a robot's backlog. */
export function renderDigest(digest: DigestNotice, options: DingTalkRenderOptions = {}): DingTalkRendered {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const at = atField({ mobiles: digest.mentions.mobiles, all: digest.mentions.all });
  const build = (title: string, text: string): DingTalkMessage => ({
    msgtype: "markdown",
    markdown: { title, text },
    ...(at ? { at } : {}),
  });
  const { title, text } = fitDigestText(digest, {
    fits: (t, x) => bodyBytes(build(t, x)) <= maxBytes,
    mentionText: mentionLine({ mobiles: digest.mentions.mobiles }),
    keywords: options.keywords ?? [],
  });
  const message = build(title, text);
  return {
    message,
    truncated: false,
    bytes: bodyBytes(message),
    unmentionable: [...digest.mentions.userIds],
  };
}
