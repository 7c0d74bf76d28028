/**
 * DingTalk's app robot API (api.dingtalk.com), as docs/channels-api.md §1 describes it, written from
 * those facts alone (it shares no code with the client in src/dingtalk-app/):
 * - `POST /v1.0/oauth2/accessToken` {appKey, appSecret} → {accessToken, expireIn}; the same token while
 *   it is valid (its expiry renewed), 400 `invalidClientIdOrSecret` for a wrong pair;
 * - every other call needs the header `x-acs-dingtalk-access-token`: 400 `InvalidAuthentication` when it
 *   is missing, unknown or expired;
 * - `POST /v1.0/robot/groupMessages/send` {robotCode, openConversationId, msgKey, msgParam (a JSON
 *   string, at most 15,000 bytes)} → {processQueryKey};
 * - `POST /v1.0/im/v1.0/robot/interactiveCards/send` {cardTemplateId: StandardCard, robotCode, cardBizId,
 *   openConversationId, cardData (a JSON string)} → {processQueryKey}; the cardBizId is the card's
 *   idempotent id: sending it again answers the first send's key and changes nothing;
 * - `PUT /v1.0/im/robots/interactiveCards` {cardBizId, cardData} replaces the card's data in place.
 * Errors are HTTP 4xx/5xx with {code, message, requestid}. Where DingTalk's pages name no code
 * (a card update of an unknown cardBizId, an oversized msgParam, a template other than StandardCard)
 * the emulator answers a code of the same family and docs/app-robot.md says so.
 */

import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { EmulatorState } from "../state.ts";
import type { AppState } from "./state.ts";
import type { EmulatorApp } from "./types.ts";

export const APP_PATHS = [
  "/v1.0/oauth2/accessToken",
  "/v1.0/robot/groupMessages/send",
  "/v1.0/im/v1.0/robot/interactiveCards/send",
  "/v1.0/im/robots/interactiveCards",
] as const;

/** The most msgParam bytes DingTalk takes. */
const MSG_PARAM_LIMIT = 15_000;
/** Bodies larger than this are refused before parsing (DingTalk's gateway limit is not published). */
const BODY_LIMIT = 1_000_000;

/** The fields each msgKey needs. */
const MSG_KEYS: Record<string, string[]> = {
  sampleText: ["content"],
  sampleMarkdown: ["title", "text"],
  sampleLink: ["text", "title", "picUrl", "messageUrl"],
  sampleImageMsg: ["photoURL"],
  sampleActionCard: ["title", "text", "singleTitle", "singleURL"],
  sampleActionCard6: ["title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"],
};
for (const n of [2, 3, 4, 5]) {
  MSG_KEYS[`sampleActionCard${n}`] = [
    "title",
    "text",
    ...Array.from({ length: n }, (_, i) => [`actionTitle${i + 1}`, `actionURL${i + 1}`]).flat(),
  ];
}

interface Failure {
  http: number;
  code: string;
  message: string;
}

type Outcome =
  | { ok: true; body: Record<string, unknown>; conversationId?: string }
  | (Failure & { ok: false });

const fail = (http: number, code: string, message: string): Outcome => ({ ok: false, http, code, message });

const INVALID_TOKEN = fail(400, "InvalidAuthentication", "不合法的access_token");

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= BODY_LIMIT) chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), tooLarge: size > BODY_LIMIT };
}

/** The robot and group a request names, checked against the token's app. */
function checkRobot(state: AppState, app: EmulatorApp, body: Record<string, unknown>): Outcome | undefined {
  const robotCode = body["robotCode"];
  if (typeof robotCode !== "string" || robotCode === "") {
    return fail(400, "invalidParameter.robotCode.empty", "robotCode 不能为空");
  }
  const owner = state.appOfRobot(robotCode);
  if (!owner) {
    return fail(
      400,
      "invalidParameter.robotCode.notExsit",
      "错误描述: robot 不存在；解决方案:请确认 robotCode 是否正确；",
    );
  }
  if (owner.appKey !== app.appKey) {
    return fail(
      400,
      "invalidParameter.robotCode.auth",
      "机器人不属于当前应用，请确认 robotCode 与 appKey 是否匹配",
    );
  }
  if (owner.stopped) return fail(400, "bot.stopped", "机器人已停用");
  const conversation = body["openConversationId"];
  if (typeof conversation !== "string" || conversation === "") {
    return fail(400, "invalidParameter.openConversationId.empty", "openConversationId 不能为空");
  }
  if (!owner.conversations.includes(conversation)) {
    return fail(400, "robotCode.notExsit", "机器人不在该群中");
  }
  return undefined;
}

/** cardData: a JSON string of a card with a header title and a list of contents. */
function parseCardData(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "string") return undefined;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!isObject(data) || !isObject(data["header"]) || !Array.isArray(data["contents"])) return undefined;
  const title = (data["header"] as Record<string, unknown>)["title"];
  return isObject(title) && typeof title["text"] === "string" ? data : undefined;
}

const INVALID_CARD = fail(
  400,
  "invalidParameter.cardData.invalid",
  "cardData 必须是卡片的 JSON 字符串（header.title、contents）",
);

function groupMessage(
  state: AppState,
  app: EmulatorApp,
  body: Record<string, unknown>,
  now: number,
): Outcome {
  const robot = checkRobot(state, app, body);
  if (robot) return robot;
  const msgKey = body["msgKey"];
  const fields = typeof msgKey === "string" ? MSG_KEYS[msgKey] : undefined;
  if (!fields) return fail(400, "invalidParameter.msgKey.invalid", `msgKey ${String(msgKey)} 不合法`);
  const raw = body["msgParam"];
  if (typeof raw !== "string")
    return fail(400, "invalidParameter.msgParam.invalid", "msgParam 必须是 JSON 字符串");
  const bytes = Buffer.byteLength(raw, "utf8");
  if (bytes > MSG_PARAM_LIMIT) {
    return fail(400, "invalidParameter.msgParam.tooLong", `msgParam 超过 ${MSG_PARAM_LIMIT} 字节`);
  }
  let param: unknown;
  try {
    param = JSON.parse(raw);
  } catch {
    return fail(400, "invalidParameter.msgParam.invalid", "msgParam 不是合法的 JSON");
  }
  if (!isObject(param)) return fail(400, "invalidParameter.msgParam.invalid", "msgParam 不是 JSON 对象");
  const missing = fields.find((f) => typeof param[f] !== "string" || param[f] === "");
  if (missing) return fail(400, "invalidParameter.msgParam.invalid", `msgParam 缺少 ${missing}`);
  const processQueryKey = randomBytes(12).toString("base64url");
  const conversationId = String(body["openConversationId"]);
  state.recordMessage({
    robotCode: String(body["robotCode"]),
    conversationId,
    msgKey: msgKey as string,
    msgParam: Object.fromEntries(Object.entries(param).map(([k, v]) => [k, String(v)])),
    bytes,
    processQueryKey,
    receivedAt: new Date(now).toISOString(),
  });
  return { ok: true, body: { processQueryKey }, conversationId };
}

function sendCard(state: AppState, app: EmulatorApp, body: Record<string, unknown>, now: number): Outcome {
  if (body["cardTemplateId"] !== "StandardCard") {
    return fail(
      400,
      "invalidParameter.cardTemplateId.invalid",
      "the emulator knows only the basic card cardTemplateId StandardCard",
    );
  }
  const robot = checkRobot(state, app, body);
  if (robot) return robot;
  const cardBizId = body["cardBizId"];
  if (typeof cardBizId !== "string" || cardBizId === "") {
    return fail(400, "invalidParameter.cardBizId.empty", "cardBizId 不能为空");
  }
  const data = parseCardData(body["cardData"]);
  if (!data) return INVALID_CARD;
  const conversationId = String(body["openConversationId"]);
  const existing = state.cards.get(cardBizId);
  if (existing) {
    // The cardBizId is the card's idempotent id: the first send stands.
    return {
      ok: true,
      body: { processQueryKey: existing.processQueryKey },
      conversationId: existing.conversationId,
    };
  }
  const processQueryKey = randomBytes(12).toString("base64url");
  state.addCard({
    cardBizId,
    robotCode: String(body["robotCode"]),
    conversationId,
    versions: [{ version: 1, data, at: new Date(now).toISOString() }],
    processQueryKey,
    appKey: app.appKey,
  });
  return { ok: true, body: { processQueryKey }, conversationId };
}

function updateCard(state: AppState, app: EmulatorApp, body: Record<string, unknown>, now: number): Outcome {
  const cardBizId = body["cardBizId"];
  if (typeof cardBizId !== "string" || cardBizId === "") {
    return fail(400, "invalidParameter.cardBizId.empty", "cardBizId 不能为空");
  }
  const card = state.cards.get(cardBizId);
  if (!card || card.appKey !== app.appKey) {
    return fail(400, "invalidParameter.cardBizId.notExist", `卡片 ${cardBizId} 不存在`);
  }
  const data = parseCardData(body["cardData"]);
  if (!data) return INVALID_CARD;
  state.updateCard(card, {
    version: (card.versions.at(-1)?.version ?? 0) + 1,
    data,
    at: new Date(now).toISOString(),
  });
  return {
    ok: true,
    body: { processQueryKey: randomBytes(12).toString("base64url") },
    conversationId: card.conversationId,
  };
}

function decide(
  state: AppState,
  route: string,
  req: IncomingMessage,
  body: Record<string, unknown>,
  now: number,
): Outcome & { appKey?: string } {
  if (route === "POST /v1.0/oauth2/accessToken") {
    const appKey = body["appKey"];
    const app = typeof appKey === "string" ? state.apps.get(appKey) : undefined;
    if (typeof appKey === "string") state.countTokenRequest(appKey);
    if (!app || body["appSecret"] !== app.appSecret) {
      return {
        ...fail(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret"),
        ...(typeof appKey === "string" ? { appKey } : {}),
      };
    }
    return { ok: true, body: state.issueToken(app.appKey, now), appKey: app.appKey };
  }
  const header = req.headers["x-acs-dingtalk-access-token"];
  const app = state.appOfToken(typeof header === "string" ? header : undefined, now);
  if (!app) return INVALID_TOKEN;
  const limit = state.admit(app.appKey, route, now);
  if (limit === "qps") {
    return {
      ...fail(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "应用调用该接口的频率超过限制"),
      appKey: app.appKey,
    };
  }
  if (limit === "quota") {
    return {
      ...fail(403, "Forbidden.AccessDenied.ApiCountLimitForOrg", "组织调用接口的次数超过本月限额"),
      appKey: app.appKey,
    };
  }
  const outcome =
    route === "POST /v1.0/robot/groupMessages/send"
      ? groupMessage(state, app, body, now)
      : route === "POST /v1.0/im/v1.0/robot/interactiveCards/send"
        ? sendCard(state, app, body, now)
        : updateCard(state, app, body, now);
  return { ...outcome, appKey: app.appKey };
}

function answer(res: ServerResponse, http: number, body: unknown): void {
  res.writeHead(http, { "content-type": "application/json;charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** Serves one app robot API request; false when the path is not one of them. */
export async function handleAppApi(
  emulator: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  signal: AbortSignal,
): Promise<boolean> {
  if (!(APP_PATHS as readonly string[]).includes(url.pathname)) return false;
  const state = emulator.app;
  const route = `${req.method} ${url.pathname}`;
  const known = [
    "POST /v1.0/oauth2/accessToken",
    "POST /v1.0/robot/groupMessages/send",
    "POST /v1.0/im/v1.0/robot/interactiveCards/send",
    "PUT /v1.0/im/robots/interactiveCards",
  ];
  const fault = emulator.faults?.next();
  const { text, tooLarge } = await readBody(req);
  const now = emulator.now();
  const at = new Date(now).toISOString();
  const record = (
    http: number,
    extra: { appKey?: string; conversationId?: string; code?: string; message?: string },
  ) => state.recordAnswer({ at, api: route, http, ...extra });
  const requestid = randomUUID().toUpperCase();
  if (fault === "drop") {
    record(0, { code: "dropped", message: "connection dropped (injected fault)" });
    req.socket.destroy();
    return true;
  }
  if (fault === "http500") {
    record(500, { code: "InternalError", message: "HTTP 500 (injected fault)" });
    answer(res, 500, { code: "InternalError", message: "系统错误 (injected fault)", requestid });
    return true;
  }
  if (fault === "busy") {
    record(503, { code: "ServiceUnavailable", message: "系统繁忙 (injected fault)" });
    answer(res, 503, { code: "ServiceUnavailable", message: "系统繁忙 (injected fault)", requestid });
    return true;
  }
  if (fault === "latency") {
    try {
      await delay(emulator.faults?.options.latencyMs ?? 1000, undefined, { signal });
    } catch {
      return true; // the emulator is closing
    }
  }
  let outcome: Outcome & { appKey?: string };
  let named: string | undefined;
  if (!known.includes(route)) {
    outcome = fail(
      404,
      "InvalidAction.NotFound",
      `Specified api is not found: ${req.method} ${url.pathname}`,
    );
  } else if (tooLarge) {
    outcome = fail(400, "Invalidbody", "Specified parameter body is too large");
  } else {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (isObject(body) && typeof body["openConversationId"] === "string") named = body["openConversationId"];
    outcome = isObject(body)
      ? decide(state, route, req, body, now)
      : fail(400, "Invalidbody", "Specified parameter body is not valid. JSON parsing error");
  }
  if (fault === "lost") {
    record(0, {
      ...(outcome.appKey ? { appKey: outcome.appKey } : {}),
      ...(named ? { conversationId: named } : {}),
      code: outcome.ok ? "lost" : outcome.code,
      message: "handled, then the answer was lost (injected fault)",
    });
    req.socket.destroy();
    return true;
  }
  if (outcome.ok) {
    record(200, {
      ...(outcome.appKey ? { appKey: outcome.appKey } : {}),
      ...(outcome.conversationId ? { conversationId: outcome.conversationId } : {}),
    });
    answer(res, 200, outcome.body);
    return true;
  }
  record(outcome.http, {
    ...(outcome.appKey ? { appKey: outcome.appKey } : {}),
    ...(named ? { conversationId: named } : {}),
    code: outcome.code,
    message: outcome.message,
  });
  answer(res, outcome.http, { code: outcome.code, message: outcome.message, requestid });
  return true;
}
