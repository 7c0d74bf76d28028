/**
 * App access tokens (`POST /v1.0/oauth2/accessToken` → `{accessToken, expireIn}`), cached per app
 * until shortly before they expire. Every sender of one app shares the cache: while a token is being
 * fetched, everyone who needs it waits for that one request (single flight). A token DingTalk refused
 * is replaced once, however many senders saw it refused at the same time (`stale`). A wrong
 * AppKey/AppSecret is remembered for a minute, so a busy service does not hammer the token endpoint
 * (DingTalk rate-limits it) with credentials that cannot work.
 */
import { crypto } from "../lazy-crypto.ts";
import { AppRobotError, isAppRobotError } from "./errors.ts";
import { callJson } from "./http.ts";

export interface AppIdentity {
  appKey: string;
  appSecret: string;
  /** e.g. https://api.dingtalk.com, without a trailing slash. */
  baseUrl: string;
}

export interface TokenRequestOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** The token a call was just refused with: fetch a new one unless it was already replaced. */
  stale?: string | undefined;
  signal?: AbortSignal | undefined;
  env?: Record<string, string | undefined> | undefined;
}

export interface AccessTokensOptions {
  now?: () => number;
  /** Refresh this long before expiry at most (default 5 minutes; a tenth of the lifetime when shorter). */
  marginMs?: number;
  /** How long a refused AppKey/AppSecret answers from memory (default 60 s). */
  refusedForMs?: number;
}

interface Entry {
  token: string;
  /** When the token is refreshed (before DingTalk's expiry). */
  refreshAt: number;
}

const TOKEN_PATH = "/v1.0/oauth2/accessToken";

export class AccessTokens {
  readonly #now: () => number;
  readonly #marginMs: number;
  readonly #refusedForMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<Entry>>();
  readonly #refused = new Map<string, { error: AppRobotError; until: number }>();
  /** Token requests made to DingTalk (for tests and metrics). */
  requests = 0;

  constructor(options: AccessTokensOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#marginMs = options.marginMs ?? 5 * 60_000;
    this.#refusedForMs = options.refusedForMs ?? 60_000;
  }

  /** A valid access token for the app, fetched only when none is cached or it is about to expire. */
  async token(app: AppIdentity, options: TokenRequestOptions): Promise<string> {
    const key = cacheKey(app);
    const cached = this.#entries.get(key);
    if (cached && cached.refreshAt > this.#now() && cached.token !== options.stale) return cached.token;
    const refused = this.#refused.get(key);
    if (refused && refused.until > this.#now()) throw refused.error;
    let flight = this.#inflight.get(key);
    if (!flight) {
      flight = this.#fetch(app, key, options).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, flight);
    }
    const entry = options.signal ? await raceAbort(flight, options.signal) : await flight;
    return entry.token;
  }

  /** Forgets the app's token (e.g. its secret changed). */
  forget(app: AppIdentity): void {
    this.#entries.delete(cacheKey(app));
    this.#refused.delete(cacheKey(app));
  }

  async #fetch(app: AppIdentity, key: string, options: TokenRequestOptions): Promise<Entry> {
    this.requests++;
    const secrets = [app.appSecret];
    let answer: Record<string, unknown>;
    try {
      answer = await callJson(
        "POST",
        `${app.baseUrl}${TOKEN_PATH}`,
        { appKey: app.appKey, appSecret: app.appSecret },
        undefined,
        { fetch: options.fetch, timeoutMs: options.timeoutMs, secrets, env: options.env },
      );
    } catch (error) {
      const refused = credentialsRefused(error, secrets);
      if (refused) {
        this.#entries.delete(key);
        this.#refused.set(key, { error: refused, until: this.#now() + this.#refusedForMs });
        throw refused;
      }
      throw error;
    }
    const token = answer["accessToken"];
    const expireIn = answer["expireIn"];
    if (typeof token !== "string" || token === "" || typeof expireIn !== "number" || !(expireIn > 0)) {
      throw new AppRobotError("http_error", `the token endpoint answered without {accessToken, expireIn}`, {
        fix: "check base_url: it must be https://api.dingtalk.com (or the emulator)",
        secrets,
      });
    }
    const lifetimeMs = expireIn * 1000;
    const margin = Math.min(this.#marginMs, lifetimeMs / 10);
    const entry = { token, refreshAt: this.#now() + lifetimeMs - margin };
    this.#entries.set(key, entry);
    this.#refused.delete(key);
    return entry;
  }
}

/** A refusal of the app's credentials, worded for the user; undefined for other failures. */
function credentialsRefused(error: unknown, secrets: string[]): AppRobotError | undefined {
  if (!isAppRobotError(error) || error.status === undefined) return undefined;
  const refused =
    error.code === "invalid_app_credentials" ||
    error.code === "token_rejected" ||
    (error.code === "unknown_error" &&
      (error.status === 400 || error.status === 401 || error.status === 403));
  if (!refused) return undefined;
  const said = [error.dingtalkCode, error.dingtalkMessage].filter(Boolean).join(": ");
  return new AppRobotError(
    "invalid_app_credentials",
    `DingTalk refused the app's AppKey/AppSecret when asked for an access token (HTTP ${error.status}${said ? `, ${said}` : ""})`,
    {
      fix: "copy the app's AppKey (Client ID) and AppSecret (Client Secret) again from the DingTalk developer console → your app → Credentials & basic info (the secret is case-sensitive)",
      dingtalkCode: error.dingtalkCode,
      dingtalkMessage: error.dingtalkMessage,
      requestId: error.requestId,
      status: error.status,
      cause: error,
      secrets,
    },
  );
}

function cacheKey(app: AppIdentity): string {
  // The secret is part of the key (hashed), so a corrected secret gets a token of its own at once.
  const secret = crypto().createHash("sha256").update(app.appSecret).digest("hex").slice(0, 16);
  return `${app.baseUrl}\n${app.appKey}\n${secret}`;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

let shared: AccessTokens | undefined;

/** The process-wide cache: every client of one app shares its token and its refresh. */
export function sharedAccessTokens(): AccessTokens {
  shared ??= new AccessTokens();
  return shared;
}
