/**
 * `POST /cgi-bin/webhook/send?key=KEY`: WeCom's group robot webhook, written from WeCom's robot
 * documentation (see docs/channels-api.md), sharing no code with dingpipe's WeCom client. Answers
 * HTTP 200 with `{errcode, errmsg}`, checking: the key, the JSON, the message type and its content
 * (text ≤ 2,048 bytes, markdown ≤ 4,096 bytes, UTF-8), then 20 messages a minute per robot.
 * Codes marked (?) are not in WeCom's robot documentation; each is written once, below.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Answer, isObject, parseJson, serve } from "./respond.ts";
import type { EmulatorState } from "./state.ts";
import type { ReceivedMentions } from "./types.ts";

const MAX_TEXT_BYTES = 2048;
const MAX_MARKDOWN_BYTES = 4096;
/** Bodies larger than this are not read further (every limit above is far below it). */
const KEEP_BYTES = 64 * 1024;

const TYPES = ["text", "markdown", "markdown_v2", "image", "news", "file", "voice", "template_card"];

const answer = (errcode: number, errmsg: string): Answer => ({
  http: 200,
  errcode,
  errmsg,
  body: { errcode, errmsg },
});

const OK = answer(0, "ok");
const INVALID_KEY = answer(
  93000,
  "invalid webhook url, hint: [1700000000_emulator], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000",
);
const FREQ = answer(45009, "api freq out of limit");
const BAD_TYPE = answer(40008, "invalid message type");
const BAD_JSON = answer(40035, "invalid json"); // (?)
const TOO_LONG = (what: string, max: number) => answer(40058, `${what} exceed max length ${max}`); // (?)
const EMPTY = (what: string) => answer(44004, `${what} is empty`); // (?)
const BUSY = answer(-1, "system busy");

const strings = (v: unknown): string[] | undefined =>
  v === undefined
    ? []
    : Array.isArray(v) && v.every((x) => typeof x === "string")
      ? (v as string[])
      : undefined;

function mentionsOf(msgtype: string, content: Record<string, unknown>): ReceivedMentions {
  if (msgtype === "text") {
    const users = strings(content["mentioned_list"]) ?? [];
    const mobiles = strings(content["mentioned_mobile_list"]) ?? [];
    return {
      mobiles: mobiles.filter((m) => m !== "@all"),
      userIds: users.filter((u) => u !== "@all"),
      all: users.includes("@all") || mobiles.includes("@all"),
    };
  }
  // markdown (v1) mentions a user id with <@userid>; no mobiles, no @all
  const text = typeof content["content"] === "string" ? content["content"] : "";
  const userIds = msgtype === "markdown" ? [...text.matchAll(/<@([^>\s]+)>/g)].map((m) => m[1] ?? "") : [];
  return { mobiles: [], userIds, all: false };
}

function decide(
  state: EmulatorState,
  method: string | undefined,
  key: string | undefined,
  raw: Buffer,
): Answer {
  const robot = key === undefined ? undefined : state.robots.get(key);
  if (robot?.kind !== "wecom") return INVALID_KEY;
  if (method !== "POST") return answer(43002, "require POST method"); // (?)
  const body = parseJson(raw);
  if (!isObject(body)) return BAD_JSON;
  const msgtype = body["msgtype"];
  if (typeof msgtype !== "string" || !TYPES.includes(msgtype)) return BAD_TYPE;
  const content = body[msgtype];
  if (!isObject(content)) return BAD_TYPE;
  if (msgtype === "text" || msgtype === "markdown" || msgtype === "markdown_v2") {
    const text = content["content"];
    if (typeof text !== "string" || text === "") return EMPTY(`${msgtype}.content`);
    const max = msgtype === "text" ? MAX_TEXT_BYTES : MAX_MARKDOWN_BYTES;
    if (Buffer.byteLength(text, "utf8") > max) return TOO_LONG(`${msgtype}.content`, max);
    if (
      msgtype === "text" &&
      (strings(content["mentioned_list"]) === undefined ||
        strings(content["mentioned_mobile_list"]) === undefined)
    ) {
      return answer(40035, "mentioned_list and mentioned_mobile_list must be lists of strings"); // (?)
    }
  }
  const now = state.now();
  if (!state.wecomLimiter.admit(robot.token, now)) return FREQ;
  state.recordMessage({
    token: robot.token,
    kind: "wecom",
    ...(robot.name === undefined ? {} : { robot: robot.name }),
    receivedAt: new Date(now).toISOString(),
    body: body as never,
    bytes: raw.length,
    mentions: mentionsOf(msgtype, content),
  });
  return OK;
}

export function handleWeComSend(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  signal: AbortSignal,
): Promise<void> {
  const key = url.searchParams.get("key") || undefined;
  return serve(state, req, res, signal, {
    token: key,
    keep: KEEP_BYTES,
    busy: BUSY,
    decide: (raw) => decide(state, req.method, key, raw),
  });
}
