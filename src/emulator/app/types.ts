/** The emulated DingTalk app robots' public types (re-exported by ../index.ts). */

/** One enterprise internal app with its robot, added to one or more groups. */
export interface EmulatorApp {
  /** The app's AppKey (Client ID). */
  appKey: string;
  /** The app's AppSecret (Client Secret): the token endpoint checks it. */
  appSecret: string;
  /** The app robot's RobotCode. */
  robotCode: string;
  /** Shown on the page instead of the robot code. */
  name?: string;
  /** The groups (openConversationId) the robot was added to. */
  conversations: string[];
  /** A stopped robot answers `bot.stopped`. */
  stopped?: boolean;
}

export interface AppApiOptions {
  /** Access token lifetime (default 7,200,000 ms, DingTalk's 7,200 s). */
  tokenTtlMs?: number;
  /** Calls per second per app and API before `QpsLimitForAppkeyAndApi` (default 20, DingTalk's standard plan). */
  qps?: number;
  /** Calls in all before `ApiCountLimitForOrg` (the monthly quota; default unlimited). */
  quota?: number;
}

/** A group message the app robot API accepted. */
export interface AppGroupMessage {
  id: number;
  robotCode: string;
  conversationId: string;
  msgKey: string;
  /** msgParam parsed. */
  msgParam: Record<string, string>;
  /** UTF-8 bytes of the msgParam string. */
  bytes: number;
  processQueryKey: string;
  receivedAt: string;
}

/** One version of a card: the data it was sent with, then each update's. */
export interface CardVersion {
  version: number;
  /** cardData parsed. */
  data: Record<string, unknown>;
  at: string;
}

export interface EmulatorCard {
  cardBizId: string;
  robotCode: string;
  conversationId: string;
  /** Oldest first; the last is what the group shows. */
  versions: CardVersion[];
}

/** The outcome of one app API request; `http` is 0 when the connection was dropped. */
export interface AppAnswer {
  at: string;
  /** `POST /v1.0/oauth2/accessToken`… */
  api: string;
  appKey?: string;
  conversationId?: string;
  http: number;
  /** DingTalk's error code, absent on success. */
  code?: string;
  message?: string;
}
