/**
 * The channel seam. A channel knows one kind of group robot — how to render a Notice (and a
 * digest) in its dialect within its size limit, its rate limits, how to sign and send, how its
 * answers map to typed errors with fixes, and which real robot a credential names (its robot key).
 * Rules, composition, the outbox, the console and the CLI only ever talk to this interface
 * (channelFor(kind) in ./index.ts); adding a kind is one folder beside dingtalk/ plus its emulator.
 *
 *   PipelineEvent ─> rules ─> compose ─> Notice ─> channel.render ─> delivery lane ─> channel.client().send
 *                                      (neutral)   (per robot kind)   (per robot)
 */

import type { CredentialCheck } from "../config/credential-check.ts";
import type { MessageLocale } from "../notify/i18n/index.ts";
import type { DigestNotice, Notice } from "../notify/notice.ts";
import type { ChannelKind, KindInfo } from "./kinds.ts";
import type { RobotKeyer } from "./robot-key.ts";

export type { ChannelKind, KindInfo } from "./kinds.ts";
export type { RobotKeyer } from "./robot-key.ts";

/**
 * The most deliveries one digest ever carries, whatever the kind: the size of the largest message the
 * delivery engine sends, and of what a crash can send twice (one digest per robot lane). A kind may
 * carry fewer (`Channel.maxDigest`: WeCom 30, DingTalk app robots 150); the engine's `maxDigest`
 * option can lower it, never raise it. Every kind's largest digest of hostile values is checked
 * against its byte limit by test/digest-limits.test.ts.
 */
export const MAX_DIGEST = 200;

/** One rate window: at most `messages` requests per `perSeconds` seconds. */
export interface RateWindow {
  messages: number;
  perSeconds: number;
}

/** A robot as its credential describes it, secrets in clear (in memory only). */
export interface RobotCredential {
  kind: ChannelKind;
  /** The webhook URL, normalized by the channel (a WeCom bare key becomes its full URL). */
  webhook?: string;
  /** DingTalk only: the access_token alone, with `baseUrl`. */
  token?: string;
  baseUrl?: string;
  /** The robot's signing secret, when it signs (DingTalk SEC…, Feishu). */
  secret?: string;
  /** The robot's custom keywords (DingTalk, Feishu): every message must contain one. */
  keywords?: readonly string[];
}

export interface RenderOptions {
  /** The robot's custom keywords: the message will contain at least one. */
  keywords?: readonly string[];
  /** Whether the robot signs (Feishu puts the signature in the body: its size is kept free). */
  signed?: boolean;
}

/** A notice or digest rendered for one robot kind. */
export interface Rendered {
  /** The request body, as JSON would carry it (signing fields are added when it is sent). */
  body: object;
  /** The message type, for reports ("markdown", "actionCard", "interactive", "text"). */
  type: string;
  /** Its size the way the robot's limit counts it. */
  bytes: number;
  /** The robot's limit, counted the same way. */
  maxBytes: number;
  /** Whether fitting cut something. */
  truncated: boolean;
  /** Mentions this robot kind cannot make (a mobile on Feishu, a user id on DingTalk), left out. */
  unmentionable: string[];
}

export interface SendResult {
  /** The robot's success code (always 0). */
  errcode: 0;
  errmsg: string;
  /** HTTP requests made, retries included. */
  attempts: number;
  /** UTF-8 bytes of the body sent. */
  bytes: number;
  /** Whether the client had to shorten the message further. */
  fitted: boolean;
  /** The JSON body as sent, without signing fields. */
  body: string;
}

export interface ClientOptions {
  /** In-process queueing under the robot's rate windows (default on); `false` = the caller limits. */
  rateLimit?: RateWindow | false;
  /** Quick retries within one send (default 3 attempts); `false` = exactly one request. */
  retry?: { limit?: number; baseDelayMs?: number; maxDelayMs?: number } | false;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Where proxy variables are read (default process.env). */
  env?: Record<string, string | undefined>;
  /**
   * The language of the client's own words (the mark of a cut it makes itself), default zh-CN. A
   * rendered message is already fitted in its notice's language; this is for bodies that were not.
   */
  locale?: MessageLocale;
}

/** Sends to one robot. */
export interface ChannelClient {
  /** Where it sends, secrets masked, fit to show. */
  readonly endpoint: string;
  /** The body exactly as it would be sent (signing fields aside) and its size, without sending. */
  prepare(body: object): { body: object; text: string; bytes: number };
  /** Sends; resolves with the robot's success, or throws a RobotError saying what to fix. */
  send(body: object, options?: { signal?: AbortSignal }): Promise<SendResult>;
}

export interface Channel {
  /** Names, hosts, limits and fields of the kind (browser-safe, shared with the console). */
  readonly info: KindInfo;
  /** How long the robot is paused after it throttled a request. */
  readonly throttleMs: number;
  /** Windows the robot enforces on top of the configured rate (Feishu: 5 per second). */
  readonly burstWindows: readonly RateWindow[];
  /**
   * Most deliveries one digest of this kind carries, at most MAX_DIGEST (DingTalk and Feishu 200 in
   * 20,000 bytes; WeCom 30 in 4,096): a larger backlog goes in several digests.
   */
  readonly maxDigest: number;
  /** The notice as this kind's message, within its size limit. */
  render(notice: Notice, options?: RenderOptions): Rendered;
  /** A backlog as one message of this kind, every event accounted for. */
  renderDigest(digest: DigestNotice, options?: RenderOptions): Rendered;
  /**
   * What a user pasted as this kind's webhook, as the full URL (a WeCom bare key becomes
   * `…/send?key=…`); throws a DingpipeError with a fix when it cannot be one (never echoing a secret).
   */
  normalizeWebhook(input: string): string;
  /**
   * The secret identity of the real robot behind a credential: `kind\norigin\nsecret`, the secret
   * being its DingTalk access_token, WeCom key or Feishu hook token. Undefined when the credential
   * names no robot. Never log or store it: hash it (robotKey).
   */
  robotIdentity(credential: RobotCredential): string | undefined;
  /**
   * The real robot behind a credential as a stable key that never shows the secret (its identity
   * hashed by `keyer`; default a plain SHA-256): two credentials on one robot share one rate window.
   */
  robotKey(credential: RobotCredential, keyer?: RobotKeyer): string | undefined;
  /** What may be shown of a webhook: "qyapi.weixin.qq.com key=ab12…". */
  hint(webhook: string): string;
  /** A client for one robot; throws a DingpipeError with a fix when the credential cannot work. */
  client(credential: RobotCredential, options?: ClientOptions): ChannelClient;
  /** The body of the "send test message" of the console and the API, in a message locale (default zh-CN). */
  testMessage(name: string, keywords: readonly string[], locale?: MessageLocale): object;
  /** The keys a credential of this kind takes in .dingpipe.yml (besides `type:`). */
  readonly configKeys: readonly string[];
  /** `.dingpipe.yml` checks of this kind's webhook and secret (keywords and rate are common). */
  checkConfig(check: CredentialCheck): void;
}
