/**
 * A Notice (and a digest) as a Feishu / Lark interactive card (`msg_type: interactive`):
 * - the header: the title, coloured by status (red failures, green successes, grey cancelled or
 *   skipped, orange waiting, blue started);
 * - the facts as short fields (`lark_md`), the commit message as its own block;
 * - the custom content, converted from DingTalk markdown to lark_md; the exit code and log tail;
 * - the mentions (`<at id=all></at>`, `<at id=ou_…></at>`) — Feishu cannot mention by mobile;
 * - a button to the run.
 * The JSON body stays within 20,000 bytes (signature included): the log tail, commit message and
 * custom content shrink first. Keywords count in text, not in links: a missing one joins the header.
 */
import { TRUNCATED } from "../../dingtalk/fit.ts";
import { noticeTitle } from "../../notify/compose.ts";
import { factLabel, factMarkdown, viewRunLabel } from "../../notify/content.ts";
import { fitDigestText } from "../../notify/digest-markdown.ts";
import { escapeMarkdown, plainText } from "../../notify/escape.ts";
import { fitSegments, type Segment } from "../../notify/fit.ts";
import type { DigestNotice, Notice, NoticeMentions } from "../../notify/notice.ts";
import type { Status } from "../../pipeline/status.ts";
import type { Rendered, RenderOptions } from "../channel.ts";
import { clipFacts, FACT_CLIPS } from "../fitting.ts";
import { markdownToLarkMd, utf8Bytes } from "../markdown.ts";

/** Feishu's body limit is 20 KB; dingpipe keeps a margin under it. */
export const MAX_BODY_BYTES = 20_000;
/** Room kept for `"timestamp":"…","sign":"…"` when the bot signs. */
export const SIGNATURE_BYTES = 96;

type Template = "red" | "green" | "grey" | "orange" | "blue";

export function headerTemplate(status: Status): Template {
  switch (status) {
    case "failure":
      return "red";
    case "success":
      return "green";
    case "waiting":
      return "orange";
    case "started":
      return "blue";
    default:
      return "grey";
  }
}

interface LarkMd {
  tag: "lark_md";
  content: string;
}
type Element =
  | { tag: "div"; text: LarkMd }
  | { tag: "div"; fields: Array<{ is_short: boolean; text: LarkMd }> }
  | { tag: "hr" }
  | {
      tag: "action";
      actions: Array<{
        tag: "button";
        text: { tag: "plain_text"; content: string };
        type: "primary" | "danger" | "default";
        url: string;
      }>;
    };

export interface FeishuCard {
  msg_type: "interactive";
  card: {
    config: { wide_screen_mode: true };
    header: { template: Template; title: { tag: "plain_text"; content: string } };
    elements: Element[];
  };
}

const md = (content: string): LarkMd => ({ tag: "lark_md", content });

/** Untrusted lark_md text: DingTalk's escaping plus `~` (lark_md's strikethrough). */
const larkSafe = (s: string) => s.replace(/~/g, "～");

export function mentionMarkup(m: NoticeMentions): string {
  return [...(m.all ? ["<at id=all></at>"] : []), ...m.userIds.map((id) => `<at id=${id}></at>`)].join(" ");
}

/** The card's text as Feishu checks keywords: header, lark_md and buttons, links reduced to their text. */
export function cardText(card: FeishuCard): string {
  const parts: string[] = [card.card.header.title.content];
  for (const e of card.card.elements) {
    if ("text" in e) parts.push(e.text.content);
    if ("fields" in e) for (const f of e.fields) parts.push(f.text.content);
    if ("actions" in e) for (const a of e.actions) parts.push(a.text.content);
  }
  return parts.join("\n").replace(/\]\([^)\s]*\)/g, "]");
}

export function cardBytes(card: object, signed: boolean): number {
  return utf8Bytes(JSON.stringify(card)) + (signed ? SIGNATURE_BYTES : 0);
}

interface Part {
  role: "fields" | "block";
  segment: Segment;
}

function parts(notice: Notice): Part[] {
  const out: Part[] = [];
  const fields: string[] = [];
  for (const fact of notice.facts) {
    if (fact.key === "link" && notice.runUrl !== undefined) continue; // the button is the link
    const label = factLabel(fact.key, notice.locale);
    const value = fact.untrusted ? larkSafe(factMarkdown(fact)) : factMarkdown(fact);
    if (fact.long) {
      out.push({ role: "block", segment: { sep: "\n", head: `**${label}**\n`, body: value, shrink: "end" } });
    } else fields.push(`**${label}**\n${value}`);
  }
  if (fields.length > 0) {
    out.unshift({ role: "fields", segment: { sep: "", head: fields.join("\u0000"), body: "" } });
  }
  if (notice.custom !== undefined) {
    out.push({
      role: "block",
      segment: { sep: "\n", head: "", body: markdownToLarkMd(notice.custom), shrink: "end" },
    });
  }
  if (notice.exitCode !== undefined) {
    out.push({ role: "block", segment: { sep: "\n", head: `**Exit code** ${notice.exitCode}`, body: "" } });
  }
  if (notice.logTail !== undefined) {
    const shown = notice.logTail.lines.map((line) => larkSafe(escapeMarkdown(line)));
    const lines =
      notice.logTail.omitted > 0
        ? [`${TRUNCATED} (${notice.logTail.omitted} earlier lines)`, ...shown]
        : shown;
    out.push({ role: "block", segment: { sep: "\n", head: "", body: lines.join("\n"), shrink: "start" } });
  }
  const mentions = mentionMarkup(notice.mentions);
  if (mentions !== "") out.push({ role: "block", segment: { sep: "\n", head: mentions, body: "" } });
  return out;
}

function card(notice: Notice, title: string, ps: readonly Part[]): FeishuCard {
  const elements: Element[] = [];
  for (const p of ps) {
    const text = p.segment.head + p.segment.body;
    if (text === "") continue;
    if (p.role === "fields") {
      elements.push({
        tag: "div",
        fields: p.segment.head.split("\u0000").map((f) => ({ is_short: true, text: md(f) })),
      });
    } else elements.push({ tag: "div", text: md(text) });
  }
  if (notice.runUrl !== undefined) {
    elements.push({
      tag: "action",
      actions: [
        {
          tag: "button",
          text: { tag: "plain_text", content: viewRunLabel(notice.locale) },
          type: notice.status === "failure" ? "danger" : "primary",
          url: notice.runUrl,
        },
      ],
    });
  }
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: { template: headerTemplate(notice.status), title: { tag: "plain_text", content: title } },
      elements,
    },
  };
}

function hasKeyword(text: string, keywords: readonly string[]): boolean {
  return keywords.some((k) => k !== "" && text.includes(k));
}

/** The notice as a Feishu interactive card, within 20,000 bytes. */
export function renderNotice(notice: Notice, options: RenderOptions = {}): Rendered {
  const keywords = (options.keywords ?? []).map((k) => k.trim()).filter((k) => k !== "");
  const signed = options.signed ?? false;
  const attempt = (n: Notice, keyword: string | undefined) => {
    const title = noticeTitle(n) + (keyword ? ` 【${plainText(keyword)}】` : "");
    const ps = parts(n);
    const fitted = fitSegments(
      ps.map((p) => p.segment),
      () => cardBytes(card(n, title, ps), signed),
      MAX_BODY_BYTES,
    );
    return { body: card(n, title, ps), truncated: fitted.truncated };
  };
  // As composed; when the fixed parts alone are too big (many long names), the facts clipped harder.
  const fit = (keyword: string | undefined) => {
    let r = attempt(notice, keyword);
    for (const level of FACT_CLIPS.slice(1)) {
      if (cardBytes(r.body, signed) <= MAX_BODY_BYTES) break;
      r = { ...attempt(clipFacts(notice, level), keyword), truncated: true };
    }
    return r;
  };
  let result = fit(undefined);
  if (keywords.length > 0 && !hasKeyword(cardText(result.body), keywords)) result = fit(keywords[0]);
  const unmentionable = [...notice.mentions.mobiles];
  return {
    body: result.body,
    type: "interactive",
    bytes: cardBytes(result.body, signed),
    maxBytes: MAX_BODY_BYTES,
    truncated: result.truncated,
    unmentionable,
  };
}

/** A backlog as one card: the digest's lines in lark_md, the mentions, every event accounted for. */
export function renderDigest(digest: DigestNotice, options: RenderOptions = {}): Rendered {
  const keywords = (options.keywords ?? []).map((k) => k.trim()).filter((k) => k !== "");
  const signed = options.signed ?? false;
  const build = (title: string, text: string): FeishuCard => ({
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: { template: digest.failing > 0 ? "red" : "blue", title: { tag: "plain_text", content: title } },
      elements: text === "" ? [] : [{ tag: "div", text: md(markdownToLarkMd(text)) }],
    },
  });
  const { title, text } = fitDigestText(digest, {
    fits: (t, x) => cardBytes(build(t, x), signed) <= MAX_BODY_BYTES,
    heading: () => "",
    mentionText: mentionMarkup(digest.mentions),
    keywords,
    searchable: (text) => text.replace(/\]\([^)\s]*\)/g, "]"),
  });
  const body = build(title, text);
  return {
    body,
    type: "interactive",
    bytes: cardBytes(body, signed),
    maxBytes: MAX_BODY_BYTES,
    truncated: false,
    unmentionable: [...digest.mentions.mobiles],
  };
}
