/**
 * Keeps a message within what the robot accepts before it is sent:
 * - `fitMessage`: a body over 20,000 UTF-8 bytes (of the JSON body) is shortened on a line
 *   boundary with a visible marker ("…truncated" unless another is given, e.g. the channel's "…已截断"); link lines (`[x](url)`) and mention lines are kept;
 * - `ensureKeyword`: when the robot has keywords and the message contains none, one is added.
 */
import { DingpipeError } from "../errors.ts";
import type { DingTalkMessage } from "./message.ts";
import { MAX_BODY_BYTES } from "./message.ts";

export const TRUNCATED = "…truncated";

export interface FitResult {
  message: DingTalkMessage;
  /** Whether anything was cut. */
  fitted: boolean;
  /** UTF-8 bytes of the JSON body of `message`. */
  bytes: number;
}

export function bodyBytes(message: DingTalkMessage): number {
  return Buffer.byteLength(JSON.stringify(message), "utf8");
}

function tooLong(bytes: number, maxBytes: number): DingpipeError {
  return new DingpipeError(
    "message_too_long",
    `the message is ${bytes} bytes and cannot be shortened to ${maxBytes}`,
    { fix: "shorten the title, URLs or mention lists: they are kept whole when the text is cut" },
  );
}

/** The text field that may be shortened, and how to put a new one in. */
function textSlot(
  message: DingTalkMessage,
): { get: string; set: (t: string) => DingTalkMessage } | undefined {
  switch (message.msgtype) {
    case "text":
      return { get: message.text.content, set: (t) => ({ ...message, text: { content: t } }) };
    case "markdown":
      return {
        get: message.markdown.text,
        set: (t) => ({ ...message, markdown: { ...message.markdown, text: t } }),
      };
    case "actionCard":
      return {
        get: message.actionCard.text,
        set: (t) => ({ ...message, actionCard: { ...message.actionCard, text: t } }),
      };
    case "link":
      return { get: message.link.text, set: (t) => ({ ...message, link: { ...message.link, text: t } }) };
    default:
      return undefined;
  }
}

const LINK_LINE = /\[[^\]]*\]\([^)\s]+\)/;

function isKept(line: string, mentions: string[]): boolean {
  if (LINK_LINE.test(line)) return true;
  return mentions.some((m) => line.includes(m));
}

/** The largest n in [0, max] for which ok(n) holds, assuming ok is monotone (ok(0) is checked by the caller). */
function largest(max: number, ok: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function fitMessage(
  message: DingTalkMessage,
  maxBytes: number = MAX_BODY_BYTES,
  marker: string = TRUNCATED,
): FitResult {
  const bytes = bodyBytes(message);
  if (bytes <= maxBytes) return { message, fitted: false, bytes };
  if (message.msgtype === "feedCard") {
    const links = message.feedCard.links;
    const fits = (n: number) =>
      bodyBytes({ msgtype: "feedCard", feedCard: { links: links.slice(0, n) } }) <= maxBytes;
    if (!fits(1)) throw tooLong(bytes, maxBytes);
    const n = largest(links.length, (k) => k >= 1 && fits(k));
    const fitted: DingTalkMessage = { msgtype: "feedCard", feedCard: { links: links.slice(0, n) } };
    return { message: fitted, fitted: true, bytes: bodyBytes(fitted) };
  }
  const slot = textSlot(message);
  if (!slot) throw tooLong(bytes, maxBytes);
  const markdownish = message.msgtype === "markdown" || message.msgtype === "actionCard";
  const sep = markdownish ? "\n\n" : "\n";
  const mentions = [
    ...("at" in message && message.at?.atMobiles ? message.at.atMobiles.map((m) => `@${m}`) : []),
    ...("at" in message && message.at?.atUserIds ? message.at.atUserIds.map((u) => `@${u}`) : []),
  ];
  const lines = slot.get.split("\n");
  const build = (head: string[], cut: string, kept: string[]) =>
    [...head, ...(cut === "" ? [] : [cut])].join("\n").replace(/\n+$/, "") +
    sep +
    marker +
    (kept.length > 0 ? sep + kept.join(sep) : "");
  const keptAfter = (n: number) => lines.slice(n).filter((l) => isKept(l, mentions));
  const size = (t: string) => bodyBytes(slot.set(t));

  // 1. Whole lines from the top, the link and mention lines of the rest kept below the marker.
  const fitsLines = (n: number) => size(build(lines.slice(0, n), "", keptAfter(n))) <= maxBytes;
  if (fitsLines(0)) {
    const n = largest(lines.length, fitsLines);
    let text = build(lines.slice(0, n), "", keptAfter(n));
    if (n === 0) {
      // The first line alone is too long: keep as much of its start as fits.
      const chars = Array.from(lines[0] ?? "");
      const kept = keptAfter(1);
      const c = largest(chars.length, (k) => size(build([], chars.slice(0, k).join(""), kept)) <= maxBytes);
      if (c > 0) text = build([], chars.slice(0, c).join(""), kept);
    }
    const result = slot.set(text);
    return { message: result, fitted: true, bytes: bodyBytes(result) };
  }
  // 2. The kept lines alone are too many: keep mentions first, then as many links as fit.
  const all = keptAfter(0);
  const mentionLines = all.filter((l) => mentions.some((m) => l.includes(m)));
  const linkLines = all.filter((l) => !mentionLines.includes(l));
  const withLinks = (k: number) => [...linkLines.slice(0, k), ...mentionLines];
  if (size(build([], "", mentionLines)) > maxBytes) throw tooLong(bytes, maxBytes);
  const k = largest(linkLines.length, (n) => size(build([], "", withLinks(n))) <= maxBytes);
  const result = slot.set(build([], "", withLinks(k)));
  return { message: result, fitted: true, bytes: bodyBytes(result) };
}

/**
 * When the robot has keywords and the message contains none, the first one is put in front of the
 * text (`[CI] …`) — in front, so that fitting never cuts it — and of the title, which the chat list
 * shows. A message that already contains one is returned unchanged.
 */
export function ensureKeyword(
  message: DingTalkMessage,
  keywords: readonly string[] | undefined,
): DingTalkMessage {
  const usable = (keywords ?? []).map((k) => k.trim()).filter((k) => k !== "");
  const first = usable[0];
  if (first === undefined) return message;
  const body = bodyOf(message);
  if (usable.some((k) => body.includes(k))) return message;
  const tag = `[${first}] `;
  switch (message.msgtype) {
    case "text":
      return { ...message, text: { content: tag + message.text.content } };
    case "markdown":
      return {
        ...message,
        markdown: { title: prefix(tag, message.markdown.title, first), text: tag + message.markdown.text },
      };
    case "actionCard":
      return {
        ...message,
        actionCard: {
          ...message.actionCard,
          title: prefix(tag, message.actionCard.title, first),
          text: tag + message.actionCard.text,
        },
      };
    case "link":
      // The link card shows its title first and big: the keyword goes there.
      return { ...message, link: { ...message.link, title: tag + message.link.title } };
    default: {
      const [head, ...rest] = message.feedCard.links;
      if (!head) return message;
      return { ...message, feedCard: { links: [{ ...head, title: tag + head.title }, ...rest] } };
    }
  }
}

function prefix(tag: string, title: string, keyword: string): string {
  return title.includes(keyword) ? title : tag + title;
}

/** The text shown in the message body (where the keyword must be for DingTalk to see it for sure). */
function bodyOf(message: DingTalkMessage): string {
  switch (message.msgtype) {
    case "text":
      return message.text.content;
    case "markdown":
      return message.markdown.text;
    case "actionCard":
      return message.actionCard.text;
    case "link":
      return `${message.link.title}\n${message.link.text}`;
    default:
      return message.feedCard.links.map((l) => l.title).join("\n");
  }
}
