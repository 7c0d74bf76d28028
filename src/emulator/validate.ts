/**
 * Checks a robot message body the way DingTalk does: field names are case-sensitive, each message
 * type needs its own fields, and the answer names the parameter that is missing.
 */
import type { DingTalkMessage } from "../dingtalk/message.ts";

/** The message types a custom robot takes (docs: text, markdown, link, actionCard, feedCard). */
const MESSAGE_TYPES = ["text", "markdown", "link", "actionCard", "feedCard"] as const;
type MessageType = (typeof MESSAGE_TYPES)[number];

export type Validation =
  | { ok: true; message: DingTalkMessage }
  | { ok: false; errcode: number; errmsg: string };

const missing = (parameter: string): Validation => ({
  ok: false,
  errcode: 40035,
  errmsg: `missing parameter: ${parameter}`,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/** The first missing/invalid string field of `object` among `fields`, as `prefix.field`. */
function firstMissing(object: Record<string, unknown>, prefix: string, fields: string[]): string | undefined {
  const field = fields.find((f) => !nonEmpty(object[f]));
  return field === undefined ? undefined : `${prefix}.${field}`;
}

function checkActionCard(card: Record<string, unknown>): string | undefined {
  const base = firstMissing(card, "actionCard", ["title", "text"]);
  if (base) return base;
  if (card["singleTitle"] !== undefined || card["singleURL"] !== undefined) {
    return firstMissing(card, "actionCard", ["singleTitle", "singleURL"]);
  }
  const btns = card["btns"];
  if (!Array.isArray(btns) || btns.length === 0) return "actionCard.singleTitle or actionCard.btns";
  for (const [i, btn] of btns.entries()) {
    if (!isObject(btn)) return `actionCard.btns[${i}]`;
    const field = firstMissing(btn, `actionCard.btns[${i}]`, ["title", "actionURL"]);
    if (field) return field;
  }
  return undefined;
}

function checkFeedCard(card: Record<string, unknown>): string | undefined {
  const links = card["links"];
  if (!Array.isArray(links) || links.length === 0) return "feedCard.links";
  for (const [i, link] of links.entries()) {
    if (!isObject(link)) return `feedCard.links[${i}]`;
    const field = firstMissing(link, `feedCard.links[${i}]`, ["title", "messageURL"]);
    if (field) return field;
    if (typeof link["picURL"] !== "string") return `feedCard.links[${i}].picURL`;
  }
  return undefined;
}

/** Validates a parsed JSON body. */
export function validateMessage(body: unknown): Validation {
  if (!isObject(body)) return missing("json (the body must be a JSON object)");
  const msgtype = body["msgtype"];
  if (!nonEmpty(msgtype)) return missing("msgtype");
  if (!(MESSAGE_TYPES as readonly string[]).includes(msgtype)) {
    return { ok: false, errcode: 400105, errmsg: `unsupported msgtype: ${msgtype}` };
  }
  const content = body[msgtype];
  if (!isObject(content)) return missing(msgtype);
  let field: string | undefined;
  switch (msgtype as MessageType) {
    case "text":
      field = firstMissing(content, "text", ["content"]);
      break;
    case "markdown":
      field = firstMissing(content, "markdown", ["title", "text"]);
      break;
    case "link":
      field = firstMissing(content, "link", ["title", "text", "messageUrl"]);
      if (!field && content["picUrl"] !== undefined && typeof content["picUrl"] !== "string")
        field = "link.picUrl";
      break;
    case "actionCard":
      field = checkActionCard(content);
      break;
    case "feedCard":
      field = checkFeedCard(content);
      break;
  }
  if (field) return missing(field);
  if (body["at"] !== undefined && !isObject(body["at"])) return missing("at (must be an object)");
  return { ok: true, message: body as unknown as DingTalkMessage };
}

/** The text fields DingTalk searches for a robot's keywords. */
export function searchableText(message: DingTalkMessage): string {
  switch (message.msgtype) {
    case "text":
      return message.text.content;
    case "markdown":
      return `${message.markdown.title}\n${message.markdown.text}`;
    case "link":
      return `${message.link.title}\n${message.link.text}`;
    case "actionCard": {
      const c = message.actionCard;
      const buttons = (c.btns ?? []).map((b) => b.title);
      return [c.title, c.text, c.singleTitle ?? "", ...buttons].join("\n");
    }
    case "feedCard":
      return message.feedCard.links.map((l) => l.title).join("\n");
  }
}
