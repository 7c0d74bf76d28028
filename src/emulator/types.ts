/** The emulator's public types (re-exported by ./index.ts). */
import type { DingTalkMessage } from "../dingtalk/message.ts";
import type { AppAnswer, AppApiOptions, AppGroupMessage, EmulatorApp, EmulatorCard } from "./app/types.ts";

/** One emulated group robot. Its security settings behave like DingTalk's. */
export interface EmulatorRobot {
  token: string;
  name?: string;
  /** Signing secret (`SEC…`): requests must carry a valid `timestamp` and `sign`. */
  secret?: string;
  /** Custom keywords: a message must contain at least one. */
  keywords?: string[];
  /** IPv4 addresses or CIDR blocks the request must come from. */
  ipAllowlist?: string[];
}

/**
 * `drop` closes the connection before the request is handled; `lost` handles it (the message is
 * delivered, the card sent or updated) and then closes the connection without an answer, as when a
 * timeout or a crash loses the answer of a request that did arrive.
 */
export type FaultKind = "latency" | "http500" | "busy" | "drop" | "lost";

export interface FaultOptions {
  /** Share of requests that get a fault, 0..1. */
  rate: number;
  kinds: FaultKind[];
  /** Delay of a `latency` fault (default 1000 ms). */
  latencyMs?: number;
  /** PRNG seed, so a run's faults can be reproduced (default 1). */
  seed?: number;
}

export interface RateLimitOptions {
  messages: number;
  windowMs: number;
  throttleMs: number;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  robots: EmulatorRobot[];
  /** Default 20 messages / 60_000 ms per robot, then throttled for 600_000 ms. */
  rateLimit?: RateLimitOptions;
  /** How far a signed request's timestamp may be from the emulator's clock (default 3_600_000). */
  timestampWindowMs?: number;
  /** Default none. */
  faults?: FaultOptions;
  /** Injectable clock (ms since epoch). */
  now?: () => number;
  /** How many accepted messages and answers are kept (oldest dropped first; default 50_000 each). */
  maxStored?: number;
  /** DingTalk app robots (enterprise internal apps) served on the app robot API (default none). */
  apps?: EmulatorApp[];
  /** Token lifetime, per-second limit and quota of the app robot API. */
  appApi?: AppApiOptions;
}

export interface ReceivedMessage {
  id: number;
  token: string;
  robot?: string;
  receivedAt: string;
  body: DingTalkMessage;
  bytes: number;
}

/** The outcome of one request. `http` is 0 when the connection was dropped without an answer. */
export interface EmulatorAnswer {
  at: string;
  token?: string;
  errcode: number;
  errmsg: string;
  http: number;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/robot/send?access_token=${token}` */
  webhookUrl(token: string): string;
  /** Accepted messages (errcode 0), oldest first. */
  messages(token?: string): ReceivedMessage[];
  /** Every request's outcome, including rejections and injected faults, oldest first. */
  answers(token?: string): EmulatorAnswer[];
  setFaults(faults: FaultOptions | undefined): void;
  addRobot(robot: EmulatorRobot): void;
  /** `${url}`: the base URL the app robot client takes (its `base_url`). */
  readonly appBaseUrl: string;
  addApp(app: EmulatorApp): void;
  /** Group messages the app robot API accepted, oldest first. */
  appMessages(conversationId?: string): AppGroupMessage[];
  /** Cards sent through the app robot API, with every version; one by cardBizId. */
  cards(conversationId?: string): EmulatorCard[];
  card(cardBizId: string): EmulatorCard | undefined;
  /** Every app robot API request's outcome, oldest first. */
  appAnswers(): AppAnswer[];
  /** Token requests the app made (`POST /v1.0/oauth2/accessToken`), accepted or not. */
  tokenRequests(appKey: string): number;
  /** Invalidates every access token issued so far (the next call answers InvalidAuthentication). */
  expireTokens(): void;
  /** Forgets messages, cards, answers, token counts and every robot's rate-limit state. */
  clear(): void;
  close(): Promise<void>;
}
