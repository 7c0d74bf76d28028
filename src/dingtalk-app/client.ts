/**
 * The DingTalk app robot client (a robot of an enterprise internal app, 企业内部应用机器人), usable
 * alone: `createAppRobot(options)` → `send(message)` for group messages, `sendCard` / `updateCard`
 * for a basic interactive card that changes in place. Every call takes the app's access token from
 * the shared cache (tokens.ts: one token per app, one refresh in flight), refreshes it once when
 * DingTalk answers `InvalidAuthentication`, retries what is worth retrying (unless `retry: false`),
 * and either returns DingTalk's answer or throws an AppRobotError saying what to fix. Neither the
 * token nor the app secret ever reaches an error, a result or `endpoint`.
 */
import { type RetryPolicy, retryPolicy } from "../dingtalk/retry.ts";
import { checkCardBizId, encodeCardData, STANDARD_CARD, type StandardCard } from "./card.ts";
import { AppRobotError, isAppRobotError } from "./errors.ts";
import { callJson } from "./http.ts";
import {
  type AppMessage,
  MAX_MSG_PARAM_BYTES,
  type PreparedAppMessage,
  prepareAppMessage,
  TRUNCATED,
} from "./messages.ts";
import { type AccessTokens, type AppIdentity, sharedAccessTokens } from "./tokens.ts";

export const DEFAULT_APP_BASE_URL = "https://api.dingtalk.com";
export const DEFAULT_APP_TIMEOUT_MS = 10_000;

export interface AppRobotOptions {
  /** The app's AppKey (Client ID). */
  appKey: string | undefined;
  /** The app's AppSecret (Client Secret). */
  appSecret: string | undefined;
  /** The app robot's RobotCode. */
  robotCode: string | undefined;
  /** The group's openConversationId (`cid…`). */
  conversationId: string | undefined;
  /** Default https://api.dingtalk.com; the emulator in tests. */
  baseUrl?: string | undefined;
  /** Quick retries within one call (default 3 attempts, at most 5 s apart); `false` = one attempt. */
  retry?: { limit?: number; baseDelayMs?: number; maxDelayMs?: number } | false;
  /** Per-request timeout, default 10 s. */
  timeoutMs?: number;
  /** The token cache (default: the process-wide one, shared by every client of the app). */
  tokens?: AccessTokens;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for retry backoff, [0, 1). */
  random?: () => number;
  /** Where proxy variables are read (default process.env). */
  env?: Record<string, string | undefined>;
  /**
   * What a text shortened to fit 15,000 bytes ends with (default `TRUNCATED`, "\n\n…(truncated)"): the
   * channel gives its messages' language's ("\n\n…已截断").
   */
  truncated?: string;
}

export interface AppCallResult {
  /** DingTalk's id of the accepted request. */
  processQueryKey: string | undefined;
  /** HTTP requests made for this call, retries and the token refresh's repeat included (token requests not). */
  attempts: number;
  /** The JSON body as sent. */
  body: string;
}

export interface AppSendResult extends AppCallResult {
  /** UTF-8 bytes of msgParam. */
  bytes: number;
  /** Whether the text was shortened to fit 15,000 bytes. */
  fitted: boolean;
}

export interface AppRobot {
  /** Names the real robot: `dingtalk_app:<robotCode>:<conversationId>` (rate windows, lanes). */
  readonly robotKey: string;
  /** Where it sends, safe to show: no token, no secret. */
  readonly endpoint: string;
  /** What `send` would send, without sending. */
  prepare(message: AppMessage): PreparedAppMessage;
  send(message: AppMessage, options?: { signal?: AbortSignal }): Promise<AppSendResult>;
  /** Sends a new StandardCard to the group; `cardBizId` names it for later updates. */
  sendCard(
    card: { cardBizId: string; card: StandardCard },
    options?: { signal?: AbortSignal },
  ): Promise<AppCallResult>;
  /** Replaces the data of the card sent with `cardBizId`: the card changes in place. */
  updateCard(
    card: { cardBizId: string; card: StandardCard },
    options?: { signal?: AbortSignal },
  ): Promise<AppCallResult>;
}

function configError(message: string, fix: string): AppRobotError {
  return new AppRobotError("invalid_app_robot", message, { fix });
}

const FIELDS = [
  ["appKey", "app_key", "the app's AppKey (Client ID)"],
  ["appSecret", "app_secret", "the app's AppSecret (Client Secret)"],
  ["robotCode", "robot_code", "the app robot's RobotCode"],
  ["conversationId", "conversation_id", "the group's openConversationId (cid…)"],
] as const;

function checked(options: AppRobotOptions): AppIdentity & { robotCode: string; conversationId: string } {
  const values: Record<string, string> = {};
  for (const [key, yamlKey, what] of FIELDS) {
    const value = options[key]?.trim() ?? "";
    if (value === "") {
      throw configError(`${key} is missing`, `give ${what} as ${key} (${yamlKey}: in .dingpipe.yml)`);
    }
    if (/\s/.test(value) && key !== "appSecret") {
      throw configError(`${key} contains whitespace`, `copy ${what} again, without spaces`);
    }
    values[key] = value;
  }
  const baseUrl = (options.baseUrl?.trim() || DEFAULT_APP_BASE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/i.test(baseUrl)) {
    throw configError(
      `the base URL '${baseUrl.slice(0, 80)}' is not an http(s) URL`,
      `leave base_url out for ${DEFAULT_APP_BASE_URL}, or give the emulator's URL (http://127.0.0.1:8090)`,
    );
  }
  return {
    appKey: values["appKey"]!,
    appSecret: values["appSecret"]!,
    robotCode: values["robotCode"]!,
    conversationId: values["conversationId"]!,
    baseUrl,
  };
}

/** Whether to try a failed call again, and after how long (the same ladder as the webhook robot's). */
export function decideAppRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): { retry: true; delayMs: number } | { retry: false } {
  if (attempt >= policy.limit || !isAppRobotError(error) || !error.retryable) return { retry: false };
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs > policy.maxDelayMs
      ? { retry: false }
      : { retry: true, delayMs: Math.max(0, error.retryAfterMs) };
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(cap / 2 + (cap / 2) * random()) };
}

export function createAppRobot(options: AppRobotOptions): AppRobot {
  const app = checked(options);
  const tokens = options.tokens ?? sharedAccessTokens();
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_APP_TIMEOUT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const marker = options.truncated ?? TRUNCATED;
  const policy = retryPolicy(options.retry);
  const host = new URL(app.baseUrl).host;

  async function call(
    method: "POST" | "PUT",
    path: string,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<AppCallResult> {
    const text = JSON.stringify(body);
    let stale: string | undefined;
    let refreshed = false;
    for (let attempts = 1; ; attempts++) {
      let token: string | undefined;
      try {
        token = await tokens.token(app, { fetch: doFetch, timeoutMs, stale, signal, env: options.env });
        const answer = await callJson(method, `${app.baseUrl}${path}`, body, token, {
          fetch: doFetch,
          timeoutMs,
          signal,
          secrets: [token, app.appSecret],
          env: options.env,
        });
        const key = answer["processQueryKey"];
        return { processQueryKey: typeof key === "string" ? key : undefined, attempts, body: text };
      } catch (error) {
        if (isAppRobotError(error, "token_rejected") && token !== undefined && !refreshed) {
          // An expired or revoked token: fetch a new one (once, shared with every other sender) and repeat.
          refreshed = true;
          stale = token;
          continue;
        }
        const decision = policy ? decideAppRetry(error, attempts, policy, random) : { retry: false as const };
        if (!decision.retry) {
          if (isAppRobotError(error)) error.attempts = attempts;
          throw error;
        }
        signal?.throwIfAborted();
        await sleep(decision.delayMs);
      }
    }
  }

  const cardBody = (cardBizId: string, card: StandardCard) => {
    checkCardBizId(cardBizId);
    return encodeCardData(card);
  };

  return {
    robotKey: `dingtalk_app:${app.robotCode}:${app.conversationId}`,
    endpoint: `${host} robot ${app.robotCode} → ${app.conversationId}`,
    prepare: (message) => prepareAppMessage(message, MAX_MSG_PARAM_BYTES, marker),
    async send(message, sendOptions = {}) {
      const prepared = prepareAppMessage(message, MAX_MSG_PARAM_BYTES, marker);
      const result = await call(
        "POST",
        "/v1.0/robot/groupMessages/send",
        {
          robotCode: app.robotCode,
          openConversationId: app.conversationId,
          msgKey: prepared.msgKey,
          msgParam: prepared.msgParam,
        },
        sendOptions.signal,
      );
      return { ...result, bytes: prepared.bytes, fitted: prepared.fitted };
    },
    async sendCard({ cardBizId, card }, callOptions = {}) {
      const cardData = cardBody(cardBizId, card);
      return call(
        "POST",
        "/v1.0/im/v1.0/robot/interactiveCards/send",
        {
          cardTemplateId: STANDARD_CARD,
          robotCode: app.robotCode,
          cardBizId,
          openConversationId: app.conversationId,
          cardData,
        },
        callOptions.signal,
      );
    },
    async updateCard({ cardBizId, card }, callOptions = {}) {
      const cardData = cardBody(cardBizId, card);
      return call("PUT", "/v1.0/im/robots/interactiveCards", { cardBizId, cardData }, callOptions.signal);
    },
  };
}
