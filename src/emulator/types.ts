/** The emulator's public types (re-exported by ./index.ts). */
import type { DingTalkMessage } from "../dingtalk/message.ts";
import type { AppAnswer, AppApiOptions, AppGroupMessage, EmulatorApp, EmulatorCard } from "./app/types.ts";

/** The robot services the emulator stands in for. */
export type RobotKind = "dingtalk" | "wecom" | "feishu";

/** One emulated group robot. Its security settings behave like its service's. */
export interface EmulatorRobot {
  /** DingTalk (default): the access_token; WeCom: the webhook key; Feishu: the hook token. */
  token: string;
  /** Which service's robot it is (default dingtalk). */
  kind?: RobotKind;
  name?: string;
  /**
   * Signing secret: DingTalk (`SEC…`) requests must carry a valid `timestamp` and `sign` in the URL,
   * Feishu requests in the body. WeCom robots do not sign.
   */
  secret?: string;
  /** Custom keywords (DingTalk, Feishu): a message must contain at least one. */
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

/** WeCom's and Feishu's limits: every window must have room; over one, the request is refused (no penalty). */
export interface WindowLimitOptions {
  windows: Array<{ messages: number; windowMs: number }>;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  robots: EmulatorRobot[];
  /** DingTalk robots: default 20 messages / 60_000 ms per robot, then throttled for 600_000 ms. */
  rateLimit?: RateLimitOptions;
  /** WeCom robots: default 20 messages per 60_000 ms (45009 above). */
  wecomLimit?: WindowLimitOptions;
  /** Feishu bots: default 100 per 60_000 ms and 5 per 1_000 ms (11232 above). */
  feishuLimit?: WindowLimitOptions;
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

/** Who a message mentions, as its service reads it (for checks: a mention the service ignores is not here). */
export interface ReceivedMentions {
  mobiles: string[];
  userIds: string[];
  all: boolean;
}

export interface ReceivedMessage {
  id: number;
  token: string;
  /** The robot's kind (absent: dingtalk). */
  kind?: RobotKind;
  robot?: string;
  receivedAt: string;
  /**
   * The JSON body as received. Typed as DingTalk's message; a WeCom robot's is `{msgtype, text|markdown}`
   * and a Feishu bot's `{msg_type, content|card}` (without its timestamp and sign): read `kind` first.
   */
  body: DingTalkMessage;
  bytes: number;
  /** WeCom and Feishu: the mentions the service would make. */
  mentions?: ReceivedMentions;
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
  /**
   * The robot's webhook by its kind: `${url}/robot/send?access_token=${token}` (DingTalk, and any
   * unknown token), `${url}/cgi-bin/webhook/send?key=${token}` (WeCom),
   * `${url}/open-apis/bot/v2/hook/${token}` (Feishu).
   */
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
