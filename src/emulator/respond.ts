/**
 * Serving one request to an emulated WeCom or Feishu robot: read the body (counting every byte),
 * apply an injected fault (drop, HTTP 500, busy, latency, lost) or the service's own decision, record
 * the outcome and answer — or lose the answer after handling (lost). DingTalk's endpoint (robot.ts)
 * does the same its own way.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { EmulatorState } from "./state.ts";

export interface Answer {
  http: number;
  /** The service's code (WeCom errcode, Feishu code), as recorded. */
  errcode: number;
  errmsg: string;
  /** The JSON body answered. */
  body: object;
}

/** Reads the body, keeping at most `keep + 1` bytes but counting them all. */
export async function readBody(req: IncomingMessage, keep: number): Promise<{ bytes: number; body: Buffer }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let kept = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (kept <= keep) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  }
  return { bytes, body: Buffer.concat(chunks) };
}

export async function serve(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
  options: {
    token: string | undefined;
    /** Largest body the service reads. */
    keep: number;
    /** The service's answer to an injected "busy" fault. */
    busy: Answer;
    decide: (raw: Buffer, bytes: number) => Answer;
  },
): Promise<void> {
  const fault = state.faults?.next();
  const { bytes, body } = await readBody(req, options.keep);
  const record = (http: number, errcode: number, errmsg: string) =>
    state.recordAnswer({
      at: new Date(state.now()).toISOString(),
      ...(options.token === undefined ? {} : { token: options.token }),
      errcode,
      errmsg,
      http,
    });
  if (fault === "drop") {
    record(0, -1, "connection dropped (injected fault)");
    req.socket.destroy();
    return;
  }
  if (fault === "http500") {
    record(500, -1, "HTTP 500 (injected fault)");
    res.writeHead(500, { "content-type": "text/html; charset=utf-8" });
    res.end("<html><body><h1>500 Internal Server Error</h1></body></html>");
    return;
  }
  let answer: Answer;
  if (fault === "busy") answer = options.busy;
  else {
    if (fault === "latency") {
      try {
        await delay(state.faults?.options.latencyMs ?? 1000, undefined, { signal });
      } catch {
        return; // the emulator is closing
      }
    }
    answer = options.decide(body, bytes);
  }
  if (fault === "lost") {
    // Handled (a message may have been delivered), then the answer never reaches the client.
    record(0, answer.errcode, `${answer.errmsg} (answer lost: injected fault)`);
    req.socket.destroy();
    return;
  }
  record(answer.http, answer.errcode, answer.errmsg);
  res.writeHead(answer.http, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(answer.body));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The parsed JSON body, or undefined when it is not JSON. */
export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}
