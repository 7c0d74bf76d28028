/**
 * A local stand-in for group robots — DingTalk's custom robots, WeCom's group robots and Feishu's
 * (Lark's) custom bots: each service's webhook endpoint with its checks, limits and error codes, a
 * page showing each robot's group chat, and JSON endpoints for tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleApi } from "./api.ts";
import { handleAppApi } from "./app/routes.ts";
import { publicAppAnswer, publicAppMessage, publicCard } from "./app/state.ts";
import { handleFeishuHook } from "./feishu.ts";
import { handleRobotSend } from "./robot.ts";
import { EmulatorState, publicAnswer, publicMessage } from "./state.ts";
import type { Emulator, EmulatorOptions } from "./types.ts";
import { handleWeComSend } from "./wecom.ts";

const FEISHU_HOOK = /^\/open-apis\/bot\/v2\/hook\/([^/]*)\/?$/;

export type {
  AppAnswer,
  AppApiOptions,
  AppGroupMessage,
  CardVersion,
  EmulatorApp,
  EmulatorCard,
} from "./app/types.ts";
export { DEFAULT_RATE_LIMIT } from "./rate.ts";
export { EmulatorConfigError } from "./state.ts";
export type {
  Emulator,
  EmulatorAnswer,
  EmulatorOptions,
  EmulatorRobot,
  FaultKind,
  FaultOptions,
  RateLimitOptions,
  ReceivedMentions,
  ReceivedMessage,
  RobotKind,
  WindowLimitOptions,
} from "./types.ts";
export { FEISHU_LIMIT, WECOM_LIMIT } from "./windows.ts";

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const state = new EmulatorState(options);
  const closing = new AbortController();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    if (url.pathname === "/robot/send") return handleRobotSend(state, req, res, url, closing.signal);
    if (url.pathname === "/cgi-bin/webhook/send")
      return handleWeComSend(state, req, res, url, closing.signal);
    const hook = FEISHU_HOOK.exec(url.pathname);
    if (hook) return handleFeishuHook(state, req, res, hook[1] || undefined, closing.signal);
    if (await handleAppApi(state, req, res, url, closing.signal)) return;
    return handleApi(state, req, res, url);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("emulator error\n");
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const byToken = <T extends { token?: string }>(items: T[], token?: string) =>
    token === undefined ? items : items.filter((item) => item.token === token);

  return {
    url,
    webhookUrl: (token) => {
      const kind = state.robots.get(token)?.kind;
      if (kind === "wecom") return `${url}/cgi-bin/webhook/send?key=${token}`;
      if (kind === "feishu") return `${url}/open-apis/bot/v2/hook/${token}`;
      return `${url}/robot/send?access_token=${token}`;
    },
    messages: (token) => byToken(state.messages, token).map(publicMessage),
    answers: (token) => byToken(state.answers, token).map(publicAnswer),
    setFaults: (faults) => state.setFaults(faults),
    addRobot: (robot) => state.addRobot(robot),
    appBaseUrl: url,
    addApp: (app) => state.app.addApp(app),
    appMessages: (conversationId) =>
      state.app.messages
        .filter((m) => conversationId === undefined || m.conversationId === conversationId)
        .map(publicAppMessage),
    cards: (conversationId) =>
      [...state.app.cards.values()]
        .filter((c) => conversationId === undefined || c.conversationId === conversationId)
        .map(publicCard),
    card: (cardBizId) => {
      const card = state.app.cards.get(cardBizId);
      return card && publicCard(card);
    },
    appAnswers: () => state.app.answers.map(publicAppAnswer),
    tokenRequests: (appKey) => state.app.tokenRequests.get(appKey) ?? 0,
    expireTokens: () => state.app.expireTokens(),
    clear: () => state.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
