/**
 * `POST /robot/send`: DingTalk's custom robot webhook. Answers HTTP 200 with `{errcode, errmsg}`
 * (except injected faults), checking in this order: method, access_token, token, throttle,
 * Content-Type, size, IP allowlist, timestamp + signature, JSON, message shape, keywords, rate.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { checkIp, checkKeywords, checkSignature, normalizeRemoteAddress } from "./security.ts";
import type { EmulatorState } from "./state.ts";
import { searchableText, validateMessage } from "./validate.ts";

/**
 * DingTalk's body limit (docs: 20,000 bytes → 460101 "message too long"), stated here on its own:
 * the emulator must not take the limit from the client it checks.
 */
export const MAX_BODY_BYTES = 20_000;

const THROTTLED = { errcode: 130101, errmsg: "send too fast, exceed 20 times per minute" };

interface Outcome {
  errcode: number;
  errmsg: string;
}

/** Reads the body, keeping at most MAX_BODY_BYTES + 1 bytes but counting them all. */
async function readBody(req: IncomingMessage): Promise<{ bytes: number; body: Buffer }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let kept = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (kept <= MAX_BODY_BYTES) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  }
  return { bytes, body: Buffer.concat(chunks) };
}

function decide(state: EmulatorState, req: IncomingMessage, url: URL, raw: Buffer, bytes: number): Outcome {
  if (req.method !== "POST") return { errcode: 43002, errmsg: "must be a POST request" };
  const token = url.searchParams.get("access_token");
  if (!token) return { errcode: 40035, errmsg: "missing parameter: access_token" };
  const robot = state.robots.get(token);
  if (!robot || (robot.kind ?? "dingtalk") !== "dingtalk")
    return { errcode: 300001, errmsg: "token is not exist" };
  const now = state.now();
  if (state.limiter.throttled(token, now)) return THROTTLED;
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return { errcode: 43004, errmsg: "invalid HTTP header Content-Type: expected application/json" };
  }
  if (bytes > MAX_BODY_BYTES) return { errcode: 460101, errmsg: "message too long" };
  const security =
    checkIp(robot.ipAllowlist, normalizeRemoteAddress(req.socket.remoteAddress)) ??
    checkSignature(
      robot.secret,
      url.searchParams.get("timestamp"),
      url.searchParams.get("sign"),
      now,
      state.timestampWindowMs,
    );
  if (security) return { errcode: 310000, errmsg: security };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    return { errcode: 40035, errmsg: "missing parameter: json (the body is not valid JSON)" };
  }
  const checked = validateMessage(parsed);
  if (!checked.ok) return { errcode: checked.errcode, errmsg: checked.errmsg };
  const keywords = checkKeywords(robot.keywords, searchableText(checked.message));
  if (keywords) return { errcode: 310000, errmsg: keywords };
  if (!state.limiter.admit(token, now)) return THROTTLED;
  state.recordMessage({
    token,
    ...(robot.name === undefined ? {} : { robot: robot.name }),
    receivedAt: new Date(now).toISOString(),
    body: checked.message,
    bytes,
  });
  return { errcode: 0, errmsg: "ok" };
}

export async function handleRobotSend(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  signal: AbortSignal,
): Promise<void> {
  const fault = state.faults?.next();
  const { bytes, body } = await readBody(req);
  const token = url.searchParams.get("access_token") || undefined;
  const record = (http: number, outcome: Outcome) =>
    state.recordAnswer({
      at: new Date(state.now()).toISOString(),
      ...(token === undefined ? {} : { token }),
      ...outcome,
      http,
    });
  if (fault === "drop") {
    record(0, { errcode: -1, errmsg: "connection dropped (injected fault)" });
    req.socket.destroy();
    return;
  }
  if (fault === "http500") {
    record(500, { errcode: -1, errmsg: "HTTP 500 (injected fault)" });
    res.writeHead(500, { "content-type": "text/html; charset=utf-8" });
    res.end(
      "<html><head><title>500 Internal Server Error</title></head><body><h1>500 Internal Server Error</h1></body></html>",
    );
    return;
  }
  let outcome: Outcome;
  if (fault === "busy") {
    outcome = { errcode: -1, errmsg: "系统繁忙" };
  } else {
    if (fault === "latency") {
      try {
        await delay(state.faults?.options.latencyMs ?? 1000, undefined, { signal });
      } catch {
        return; // the emulator is closing
      }
    }
    outcome = decide(state, req, url, body, bytes);
  }
  if (fault === "lost") {
    record(0, { errcode: outcome.errcode, errmsg: `${outcome.errmsg} (answer lost: injected fault)` });
    req.socket.destroy();
    return;
  }
  record(200, outcome);
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(outcome));
}
