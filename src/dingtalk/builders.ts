/**
 * Builders for every DingTalk robot message type, validating as they go, and `withMentions`,
 * which writes `@138…` into the text for each mentioned mobile (DingTalk only highlights a
 * mention whose number also appears in the text).
 */
import { DingpipeError } from "../errors.ts";
import type {
  ActionCardButton,
  ActionCardMessage,
  At,
  DingTalkMessage,
  FeedCardLink,
  FeedCardMessage,
  LinkMessage,
  MarkdownMessage,
  TextMessage,
} from "./message.ts";
import { MESSAGE_TYPES } from "./message.ts";

function invalid(message: string, fix: string): DingpipeError {
  return new DingpipeError("invalid_message", message, { fix });
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(`${what} is empty`, `give the message a non-empty ${what}`);
  }
  return value;
}

function requireUrl(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(`${what} is missing`, `set ${what} to an http(s) or dingtalk:// URL`);
  }
  if (!/^(https?|dingtalk):\/\/\S+$/i.test(value.trim())) {
    throw invalid(
      `${what} is not a URL: ${value.slice(0, 80)}`,
      `set ${what} to an http(s) or dingtalk:// URL`,
    );
  }
  return value;
}

export interface Mentions {
  /** Mobile numbers to @; each is also written into the text. */
  atMobiles?: string[];
  /** DingTalk user ids to @. */
  atUserIds?: string[];
  /** @ everyone in the group. */
  isAtAll?: boolean;
}

/** The `at` object, or undefined when nobody is mentioned. */
export function at(mentions: Mentions = {}): At | undefined {
  const result: At = {};
  const mobiles = (mentions.atMobiles ?? []).map((m) => m.trim()).filter((m) => m !== "");
  for (const m of mobiles) {
    if (!/^\+?[\d-]{5,20}$/.test(m)) {
      throw invalid(`'${m}' is not a mobile number`, "@ mentions take the mobile numbers of group members");
    }
  }
  const userIds = (mentions.atUserIds ?? []).map((u) => u.trim()).filter((u) => u !== "");
  if (mobiles.length > 0) result.atMobiles = [...new Set(mobiles)];
  if (userIds.length > 0) result.atUserIds = [...new Set(userIds)];
  if (mentions.isAtAll) result.isAtAll = true;
  return Object.keys(result).length > 0 ? result : undefined;
}

function withAt<T extends object>(message: T, mentions: Mentions | undefined): T & { at?: At } {
  const a = at(mentions);
  return a ? { ...message, at: a } : message;
}

export function text(content: string, mentions?: Mentions): TextMessage {
  return withAt({ msgtype: "text" as const, text: { content: requireText(content, "text") } }, mentions);
}

export function markdown(title: string, body: string, mentions?: Mentions): MarkdownMessage {
  return withAt(
    {
      msgtype: "markdown" as const,
      markdown: { title: requireText(title, "title"), text: requireText(body, "markdown text") },
    },
    mentions,
  );
}

export function link(options: {
  title: string;
  text: string;
  messageUrl: string;
  picUrl?: string;
}): LinkMessage {
  const l: LinkMessage["link"] = {
    title: requireText(options.title, "title"),
    text: requireText(options.text, "link text"),
    messageUrl: requireUrl(options.messageUrl, "messageUrl"),
  };
  if (options.picUrl !== undefined && options.picUrl !== "") l.picUrl = requireUrl(options.picUrl, "picUrl");
  return { msgtype: "link", link: l };
}

export interface ActionCardOptions {
  title: string;
  text: string;
  /** "0" vertical (default), "1" horizontal. */
  btnOrientation?: "0" | "1";
}

/** An actionCard with one whole-card button. */
export function actionCard(
  options: ActionCardOptions & { singleTitle: string; singleURL: string },
  mentions?: Mentions,
): ActionCardMessage {
  const card: ActionCardMessage["actionCard"] = {
    title: requireText(options.title, "title"),
    text: requireText(options.text, "actionCard text"),
    singleTitle: requireText(options.singleTitle, "singleTitle"),
    singleURL: requireUrl(options.singleURL, "singleURL"),
  };
  if (options.btnOrientation) card.btnOrientation = orientation(options.btnOrientation);
  return withAt({ msgtype: "actionCard" as const, actionCard: card }, mentions);
}

/** An actionCard with several buttons. */
export function actionCardButtons(
  options: ActionCardOptions & { buttons: ActionCardButton[] },
  mentions?: Mentions,
): ActionCardMessage {
  if (!Array.isArray(options.buttons) || options.buttons.length === 0) {
    throw invalid("actionCard has no buttons", "give it at least one { title, actionURL } button");
  }
  const btns = options.buttons.map((b, i) => ({
    title: requireText(b.title, `button ${i + 1} title`),
    actionURL: requireUrl(b.actionURL, `button ${i + 1} actionURL`),
  }));
  const card: ActionCardMessage["actionCard"] = {
    title: requireText(options.title, "title"),
    text: requireText(options.text, "actionCard text"),
    btnOrientation: orientation(options.btnOrientation ?? "0"),
    btns,
  };
  return withAt({ msgtype: "actionCard" as const, actionCard: card }, mentions);
}

function orientation(value: string): "0" | "1" {
  if (value !== "0" && value !== "1") {
    throw invalid(
      `btnOrientation '${value}' is neither "0" nor "1"`,
      'use "0" (vertical) or "1" (horizontal)',
    );
  }
  return value;
}

export function feedCard(links: FeedCardLink[]): FeedCardMessage {
  if (!Array.isArray(links) || links.length === 0) {
    throw invalid("feedCard has no links", "give it at least one { title, messageURL, picURL } link");
  }
  return {
    msgtype: "feedCard",
    feedCard: {
      links: links.map((l, i) => ({
        title: requireText(l.title, `feedCard link ${i + 1} title`),
        messageURL: requireUrl(l.messageURL, `feedCard link ${i + 1} messageURL`),
        picURL: requireUrl(l.picURL, `feedCard link ${i + 1} picURL`),
      })),
    },
  };
}

/**
 * Checks a message from outside (a --json file, an API call) and returns it typed. Rebuilding it
 * through the builders rejects unknown types, empty fields and missing URLs with the same errors.
 */
export function validateMessage(value: unknown): DingTalkMessage {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(
      "the message is not a JSON object",
      'give an object like {"msgtype":"text","text":{"content":"…"}}',
    );
  }
  const m = value as Record<string, unknown> & { msgtype?: unknown; at?: At };
  const type = m.msgtype;
  if (typeof type !== "string" || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw invalid(
      `unknown msgtype ${JSON.stringify(type)}`,
      `msgtype must be one of ${MESSAGE_TYPES.join(", ")} (case-sensitive)`,
    );
  }
  const body = m[type];
  if (typeof body !== "object" || body === null) {
    throw invalid(`a ${type} message needs a "${type}" object`, `add "${type}": {…} beside "msgtype"`);
  }
  const b = body as Record<string, unknown>;
  const str = (k: string) => b[k] as string;
  switch (type) {
    case "text":
      return text(str("content"), m.at);
    case "markdown":
      return markdown(str("title"), str("text"), m.at);
    case "link":
      return link({
        title: str("title"),
        text: str("text"),
        messageUrl: str("messageUrl"),
        picUrl: str("picUrl"),
      });
    case "actionCard": {
      const base = {
        title: str("title"),
        text: str("text"),
        btnOrientation: b["btnOrientation"] as "0" | "1" | undefined,
      };
      if (b["singleTitle"] !== undefined || b["singleURL"] !== undefined) {
        return actionCard({ ...base, singleTitle: str("singleTitle"), singleURL: str("singleURL") }, m.at);
      }
      return actionCardButtons({ ...base, buttons: b["btns"] as ActionCardButton[] }, m.at);
    }
    default:
      return feedCard(b["links"] as FeedCardLink[]);
  }
}

/** Whether a message type carries `at` (link and feedCard cannot @). */
export function canMention(
  message: DingTalkMessage,
): message is TextMessage | MarkdownMessage | ActionCardMessage {
  return message.msgtype === "text" || message.msgtype === "markdown" || message.msgtype === "actionCard";
}

/**
 * Writes `@mobile` into the text for each mentioned mobile the text lacks, on one line at the end,
 * so DingTalk highlights the mention. Link and feedCard messages are returned unchanged.
 */
export function withMentions(message: DingTalkMessage): DingTalkMessage {
  if (!canMention(message)) return message;
  const mobiles = message.at?.atMobiles ?? [];
  const current = message.msgtype === "text" ? message.text.content : bodyText(message);
  const missing = mobiles.filter((m) => !current.includes(`@${m}`));
  if (missing.length === 0) return message;
  const line = missing.map((m) => `@${m}`).join(" ");
  if (message.msgtype === "text") return { ...message, text: { content: `${current}\n${line}` } };
  // In markdown a single newline often does not break the line: use a blank line.
  const next = `${current}\n\n${line}`;
  if (message.msgtype === "markdown") return { ...message, markdown: { ...message.markdown, text: next } };
  return { ...message, actionCard: { ...message.actionCard, text: next } };
}

function bodyText(message: MarkdownMessage | ActionCardMessage): string {
  return message.msgtype === "markdown" ? message.markdown.text : message.actionCard.text;
}
