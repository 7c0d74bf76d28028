/**
 * The emulator's JSON endpoints and its page:
 * - `GET /api/messages?token=&since=ID` accepted messages (id > since), oldest first;
 * - `GET /api/answers?token=` every request's outcome; `GET /api/robots` robots without secrets;
 * - `DELETE /api/messages` forgets messages, answers and rate-limit state;
 * - `GET /api/chat?since=SEQ` what the page needs to update itself; `GET /` the page;
 * - app robots: `GET /api/apps` (without secrets), `GET /api/app/messages?conversation=&since=ID`,
 *   `GET /api/cards?conversation=` (every version of each card), `GET /api/app/answers`,
 *   `GET /api/app/tokens` (token requests per appKey), `POST /api/app/expire-tokens`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { publicApp, publicAppAnswer, publicAppMessage, publicCard } from "./app/state.ts";
import { chatUpdate, renderPage } from "./page.ts";
import { type EmulatorState, publicAnswer, publicMessage, publicRobot } from "./state.ts";

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function sinceParam(url: URL): number {
  const since = Number(url.searchParams.get("since") ?? "0");
  return Number.isFinite(since) ? since : 0;
}

export async function handleApi(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  req.resume();
  const route = `${req.method} ${url.pathname}`;
  const token = url.searchParams.get("token") || undefined;
  switch (route) {
    case "GET /":
    case "GET /index.html":
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy":
          "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
      });
      res.end(renderPage(state));
      return;
    case "GET /api/messages": {
      const since = sinceParam(url);
      const messages = state.messages.filter((m) => m.id > since && (!token || m.token === token));
      return send(res, 200, messages.map(publicMessage));
    }
    case "GET /api/answers":
      return send(res, 200, state.answers.filter((a) => !token || a.token === token).map(publicAnswer));
    case "GET /api/robots":
      return send(res, 200, [...state.robots.values()].map(publicRobot));
    case "DELETE /api/messages":
      state.clear();
      return send(res, 200, { ok: true });
    case "GET /api/apps":
      return send(res, 200, [...state.app.apps.values()].map(publicApp));
    case "GET /api/app/messages": {
      const since = sinceParam(url);
      const conversation = url.searchParams.get("conversation") || undefined;
      return send(
        res,
        200,
        state.app.messages
          .filter((m) => m.id > since && (!conversation || m.conversationId === conversation))
          .map(publicAppMessage),
      );
    }
    case "GET /api/cards": {
      const conversation = url.searchParams.get("conversation") || undefined;
      return send(
        res,
        200,
        [...state.app.cards.values()]
          .filter((c) => !conversation || c.conversationId === conversation)
          .map(publicCard),
      );
    }
    case "GET /api/app/answers":
      return send(res, 200, state.app.answers.map(publicAppAnswer));
    case "GET /api/app/tokens":
      return send(res, 200, Object.fromEntries(state.app.tokenRequests));
    case "POST /api/app/expire-tokens":
      state.app.expireTokens();
      return send(res, 200, { ok: true });
    case "GET /api/chat":
      return send(res, 200, chatUpdate(state, sinceParam(url)));
    default:
      return send(res, 404, { error: `no such endpoint: ${req.method} ${url.pathname}` });
  }
}
