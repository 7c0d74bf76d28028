/**
 * `POST /open-apis/bot/v2/hook/TOKEN`: Feishu's (and Lark's) custom bot webhook, written from
 * Feishu's custom bot documentation (see docs/channels-api.md), sharing no code with dingpipe's
 * Feishu client. Checks, in order: the token, the body size (20 KB), the IP allowlist, the JSON,
 * the signature (timestamp in seconds within an hour; HMAC-SHA256 keyed by `timestamp + "\n" +
 * secret` over an empty message, base64, both in the body), the message and card shape, the
 * keywords (in text, not in links), then 100 messages a minute and 5 a second per bot.
 * Codes marked (?) are not in Feishu's documentation; each is written once, below.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Answer, isObject, parseJson, serve } from "./respond.ts";
import { checkIp, normalizeRemoteAddress } from "./security.ts";
import type { EmulatorState } from "./state.ts";
import type { ReceivedMentions } from "./types.ts";

/** "请求体大小不能超过 20 KB". */
export const MAX_BODY_BYTES = 20 * 1024;
const SIGN_WINDOW_S = 3600;

const answer = (code: number, msg: string, http = 200): Answer => ({
  http,
  errcode: code,
  errmsg: msg,
  body: { code, data: {}, msg },
});
const OK: Answer = {
  http: 200,
  errcode: 0,
  errmsg: "success",
  body: { StatusCode: 0, StatusMessage: "success", code: 0, data: {}, msg: "success" },
};
const BAD_REQUEST = answer(9499, "Bad Request", 400);
const UNKNOWN_TOKEN = answer(19001, "param invalid: incoming webhook access token invalid"); // (?)
const SIGN = answer(19021, "sign match fail or timestamp is not within one hour from current time");
const IP = answer(19022, "Ip Not Allowed");
const KEYWORDS = answer(19024, "Key Words Not Found");
const FREQ = answer(11232, "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]");
/** An injected "busy" fault: a 503 from Feishu's gateway (no Feishu code). */
const BUSY: Answer = {
  http: 503,
  errcode: -1,
  errmsg: "Service Unavailable",
  body: { error: "Service Unavailable" },
};

const COLOURS = [
  "blue",
  "wathet",
  "turquoise",
  "green",
  "yellow",
  "orange",
  "red",
  "carmine",
  "violet",
  "purple",
  "indigo",
  "grey",
  "default",
];
const ELEMENTS = ["div", "hr", "action", "note", "img", "markdown", "column_set"];

function checkSignature(secret: string, body: Record<string, unknown>, nowMs: number): boolean {
  const ts = body["timestamp"];
  const sign = body["sign"];
  const text = typeof ts === "number" ? String(ts) : typeof ts === "string" ? ts : "";
  if (!/^\d{1,12}$/.test(text) || typeof sign !== "string") return false;
  if (Math.abs(nowMs / 1000 - Number(text)) > SIGN_WINDOW_S) return false;
  const expected = Buffer.from(createHmac("sha256", `${text}\n${secret}`).update("").digest("base64"));
  const given = Buffer.from(sign);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A card's shape, as far as a custom bot's card is checked: a message for what is wrong, or undefined. */
function checkCard(card: unknown): string | undefined {
  if (!isObject(card)) return "card must be an object";
  const header = card["header"];
  if (header !== undefined) {
    if (!isObject(header) || !isObject(header["title"])) return "card.header.title is required";
    const template = header["template"];
    if (template !== undefined && !COLOURS.includes(String(template)))
      return `card.header.template ${String(template)}`;
  }
  const elements = card["elements"];
  if (!Array.isArray(elements)) return "card.elements must be a list";
  for (const e of elements) {
    if (!isObject(e) || !ELEMENTS.includes(String(e["tag"]))) return "unknown card element";
    if (e["tag"] === "action") {
      const actions = e["actions"];
      if (!Array.isArray(actions)) return "action.actions must be a list";
      for (const a of actions) {
        if (!isObject(a)) return "an action must be an object";
        const url = a["url"];
        if (url !== undefined && (typeof url !== "string" || !/^https?:\/\//.test(url)))
          return "a button url must be http(s)";
      }
    }
  }
  return undefined;
}

/** Every text a reader sees (header, text blocks, fields, buttons), links reduced to their text. */
function visibleText(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) visibleText(v, out);
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "url" || k === "href" || k === "image_key" || k === "img_key") continue;
      if ((k === "content" || k === "text") && typeof v === "string")
        out.push(v.replace(/\]\([^)]*\)/g, "]"));
      else visibleText(v, out);
    }
  }
  return out;
}

function mentionsOf(body: Record<string, unknown>): ReceivedMentions {
  const text = visibleText(body).join("\n");
  const ids = [
    ...[...text.matchAll(/<at\s+id=["']?([A-Za-z0-9_]+)["']?\s*>/g)].map((m) => m[1] ?? ""),
    ...[...text.matchAll(/<at\s+user_id=["']?([A-Za-z0-9_]+)["']?\s*>/g)].map((m) => m[1] ?? ""),
  ];
  return { mobiles: [], userIds: [...new Set(ids.filter((id) => id !== "all"))], all: ids.includes("all") };
}

function checkMessage(body: Record<string, unknown>): boolean {
  const type = body["msg_type"];
  const content = body["content"];
  switch (type) {
    case "text":
      return isObject(content) && typeof content["text"] === "string" && content["text"] !== "";
    case "post":
      return isObject(content) && isObject(content["post"]);
    case "image":
      return isObject(content) && typeof content["image_key"] === "string";
    case "share_chat":
      return isObject(content) && typeof content["share_chat_id"] === "string";
    case "interactive":
      return checkCard(body["card"]) === undefined;
    default:
      return false;
  }
}

function decide(
  state: EmulatorState,
  req: IncomingMessage,
  token: string | undefined,
  raw: Buffer,
  bytes: number,
): Answer {
  const robot = token === undefined ? undefined : state.robots.get(token);
  if (robot?.kind !== "feishu") return UNKNOWN_TOKEN;
  if (req.method !== "POST" || bytes > MAX_BODY_BYTES) return BAD_REQUEST;
  if (checkIp(robot.ipAllowlist, normalizeRemoteAddress(req.socket.remoteAddress)) !== null) return IP;
  const body = parseJson(raw);
  if (!isObject(body)) return BAD_REQUEST;
  const now = state.now();
  if (robot.secret && !checkSignature(robot.secret, body, now)) return SIGN;
  if (!checkMessage(body)) return BAD_REQUEST;
  const keywords = (robot.keywords ?? []).filter((k) => k !== "");
  if (keywords.length > 0) {
    const text = visibleText({ ...body, timestamp: undefined, sign: undefined }).join("\n");
    if (!keywords.some((k) => text.includes(k))) return KEYWORDS;
  }
  if (!state.feishuLimiter.admit(robot.token, now)) return FREQ;
  const { timestamp: _t, sign: _s, ...message } = body;
  state.recordMessage({
    token: robot.token,
    kind: "feishu",
    ...(robot.name === undefined ? {} : { robot: robot.name }),
    receivedAt: new Date(now).toISOString(),
    body: message as never,
    bytes,
    mentions: mentionsOf(message),
  });
  return OK;
}

export function handleFeishuHook(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  return serve(state, req, res, signal, {
    token,
    keep: MAX_BODY_BYTES,
    busy: BUSY,
    decide: (raw, bytes) => decide(state, req, token, raw, bytes),
  });
}
