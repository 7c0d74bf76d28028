/**
 * The engine's HTTP for robot requests: the part of `fetch` the robot client uses (POST a string
 * body with headers and an AbortSignal; read status, one header and the text), on node:http /
 * node:https with keep-alive agents. The service sends thousands of small requests to a few hosts;
 * measured on the emulator, node:http does it with ~2.5x less CPU than undici's fetch, which builds
 * a Request, Headers, a web ReadableStream and a Response per request — and CPU, plus the garbage
 * behind it, is what bounds the engine's throughput and memory.
 *
 * With a proxy variable set (HTTPS_PROXY…) the engine keeps the global fetch, which the robot
 * client routes through the proxy.
 */
import type { IncomingMessage } from "node:http";
import type { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** Bodies larger than this are cut (DingTalk answers are ~100 bytes). */
const MAX_ANSWER_BYTES = 64 * 1024;

const PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] as const;

interface Https {
  agent: HttpsAgent;
  request: typeof httpsRequest;
}

export interface EngineHttp {
  fetch: typeof fetch;
  /** Closes the idle keep-alive sockets. */
  close(): void;
}

/** Undefined when a proxy variable is set: the caller keeps the global fetch. */
export function engineHttp(
  options: {
    maxSockets?: number;
    env?: Record<string, string | undefined>;
    /** Extra trusted certificates for https robots (tests; default: Node's CAs). */
    ca?: string;
  } = {},
): EngineHttp | undefined {
  const env = options.env ?? process.env;
  if (PROXY_VARS.some((name) => env[name])) return undefined;
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, maxFreeSockets: 16 };
  // Not `import … from "node:http"`: that loads undici into the process (see src/server/listen.ts). Taken
  // here rather than at import, so code importing this module can be built into a V8 start-up snapshot.
  const { Agent: HttpAgent, request: httpRequest } = process.getBuiltinModule("node:http");
  const http = new HttpAgent(agentOptions);
  // node:https (and TLS with it) loads with the first https robot, not before.
  let https: Promise<Https> | undefined;
  const post = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" || input instanceof URL ? new URL(input) : new URL(input.url);
    const secure = url.protocol === "https:";
    if (secure) {
      https ??= import("node:https").then((m) => ({
        agent: new m.Agent(options.ca === undefined ? agentOptions : { ...agentOptions, ca: options.ca }),
        request: m.request,
      }));
    }
    const tls = secure ? await https : undefined;
    const signal = init?.signal ?? undefined;
    const body = typeof init?.body === "string" ? init.body : "";
    const request = tls?.request ?? httpRequest;
    const requestOptions = {
      method: init?.method ?? "GET",
      headers: headersOf(init?.headers, body),
      agent: tls?.agent ?? http,
    };
    // A kept-alive socket the robot's server closed while it sat idle (its FIN not yet seen, e.g. while the
    // event loop was busy) fails the request with a reset before any byte of an answer: the server had
    // dropped the connection, not the request, so it is sent once more on a new connection (`reusedSocket`,
    // as Node's http docs advise). Delivery is at least once anyway; this keeps a race from costing a retry.
    const once = (retried: boolean): Promise<Response> =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        let answered = false;
        const req = request(url, requestOptions, (res) => {
          answered = true;
          readAnswer(res).then((text) => {
            signal?.removeEventListener("abort", onAbort);
            resolve(answer(res, text));
          }, fail);
        });
        function fail(error: unknown) {
          signal?.removeEventListener("abort", onAbort);
          const code = (error as NodeJS.ErrnoException)?.code;
          if (
            !retried &&
            !answered &&
            req.reusedSocket &&
            !signal?.aborted &&
            (code === "ECONNRESET" || code === "EPIPE")
          ) {
            resolve(once(true));
            return;
          }
          // Like fetch: a TypeError whose cause carries the system error's code (ECONNREFUSED…).
          reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
        }
        function onAbort() {
          req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
        }
        signal?.addEventListener("abort", onAbort, { once: true });
        req.on("error", fail);
        req.end(body);
      });
    return once(false);
  };
  return {
    fetch: post as typeof fetch,
    close() {
      http.destroy();
      void https?.then((h) => h.agent.destroy());
    },
  };
}

/** The request's headers: those given (a list, a Headers or a record) and the body's content-length. */
function headersOf(given: HeadersInit | undefined, body: string): Record<string, string | number> {
  const headers: Record<string, string | number> = { "content-length": Buffer.byteLength(body) };
  // Not `instanceof Headers`: touching the global Headers loads undici (~17 MB) into the process.
  if (Array.isArray(given)) {
    for (const [name, value] of given) headers[name] = value;
  } else if (given !== undefined && typeof (given as Headers).forEach === "function") {
    (given as Headers).forEach((value, name) => {
      headers[name] = value;
    });
  } else if (given !== undefined) {
    for (const [name, value] of Object.entries(given)) headers[name] = value;
  }
  return headers;
}

function readAnswer(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      if (text.length < MAX_ANSWER_BYTES) text += chunk;
    });
    res.on("end", () => resolve(text));
    res.on("error", reject);
    res.on("aborted", () => reject(new Error("the answer was cut off")));
  });
}

/** What the robot client reads of a Response: status, headers.get and text(). */
function answer(res: IncomingMessage, text: string): Response {
  const status = res.statusCode ?? 0;
  const headers = res.headers;
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text)),
  } as unknown as Response;
}
