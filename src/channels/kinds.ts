/**
 * The robot kinds dingpipe knows, as plain data: names, official hosts, limits and the fields a
 * credential of each kind has. Browser-safe (no Node imports): the console builds its robot-kind
 * picker and its help texts from this list, so a new kind shows up there without console code.
 */
import { DINGTALK_INFO } from "./dingtalk/info.ts";
import { DINGTALK_APP_INFO } from "./dingtalk_app/info.ts";
import { FEISHU_INFO } from "./feishu/info.ts";
import { WECOM_INFO } from "./wecom/info.ts";

export const CHANNEL_KINDS = ["dingtalk", "wecom", "feishu", "dingtalk_app"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A credential without `type:` is a DingTalk webhook robot, as before there were kinds. */
export const DEFAULT_KIND: ChannelKind = "dingtalk";

export function isChannelKind(value: unknown): value is ChannelKind {
  return typeof value === "string" && (CHANNEL_KINDS as readonly string[]).includes(value);
}

/** Words people write for a kind: Lark is Feishu's international name, the others are near misses. */
const KIND_WORDS: Readonly<Record<string, ChannelKind>> = {
  lark: "feishu",
  larksuite: "feishu",
  飞书: "feishu",
  wechat: "wecom",
  weixin: "wecom",
  wework: "wecom",
  workwechat: "wecom",
  qywx: "wecom",
  企业微信: "wecom",
  ding: "dingtalk",
  钉钉: "dingtalk",
  dingtalkapp: "dingtalk_app",
  "dingtalk-app": "dingtalk_app",
  app: "dingtalk_app",
  应用机器人: "dingtalk_app",
};

/** The kind a word names: a kind itself, or `lark` (Feishu's international name). */
export function kindOfWord(word: string): ChannelKind | undefined {
  const w = word.trim().toLowerCase();
  if (isChannelKind(w)) return w;
  return w === "lark" ? "feishu" : undefined;
}

/** The kind a user probably meant by an unknown word ("wechat" → wecom), for did-you-mean. */
export function kindMeant(word: string): ChannelKind | undefined {
  return KIND_WORDS[word.trim().toLowerCase()];
}

/** A kind's words for people, per language (the console shows them; the CLI and the service use en). */
export interface KindWords {
  /** The app's name: "DingTalk" / "钉钉". */
  name: string;
  /** How to fill in the webhook field. */
  webhookHelp: string;
  /** Where a group's robot of this kind is created. */
  howTo: string;
  /** What the signing secret is, when robots of this kind can sign. */
  secretHelp?: string;
  /** What the keywords are, when robots of this kind can require them. */
  keywordsHelp?: string;
  /** Limits beyond messages per window ("and 5 per second"). */
  rateNote?: string;
  /** What its messages can @-mention. */
  mentions: string;
}

export interface KindInfo {
  kind: ChannelKind;
  /** The app's name in English: "DingTalk", "WeCom", "Feishu / Lark" (the CLI's and the service's words). */
  label: string;
  /** Hosts its robots' webhooks live on (the service's allowlist defaults). */
  hosts: readonly string[];
  /** An example webhook, secrets elided. */
  webhookExample: string;
  /**
   * When the robot's identifying secret alone may be pasted (a DingTalk access_token, a WeCom key):
   * what it looks like (a RegExp source) and the URL it is appended to.
   */
  bare?: { pattern: string; prefix: string };
  /** Whether robots of this kind can sign. */
  signs: boolean;
  /** Custom keywords, when robots of this kind can require them. */
  keywords?: { max: number };
  /** The rate a new credential gets, and the most the robot accepts. */
  defaultRate: { messages: number; perSeconds: number };
  maxRate: { messages: number; perSeconds: number };
  /** What the robot's service does to a robot over its rate, in words (for config check). */
  throttleNote: string;
  /** The body limit in UTF-8 bytes. */
  maxBytes: number;
  /** What its messages can @-mention. */
  mentions: { mobiles: boolean; userIds: boolean; all: boolean };
  /** Its words for people, per language. */
  words: { en: KindWords; "zh-CN": KindWords };
}

export const KINDS: Readonly<Record<ChannelKind, KindInfo>> = {
  dingtalk: DINGTALK_INFO,
  wecom: WECOM_INFO,
  feishu: FEISHU_INFO,
  dingtalk_app: DINGTALK_APP_INFO,
};

export function kindInfo(kind: ChannelKind): KindInfo {
  return KINDS[kind];
}

/** The full webhook for what a user pasted: a bare token or key inside its kind's URL, else as is. */
export function expandWebhook(kind: ChannelKind, input: string): string {
  const value = input.trim();
  const bare = KINDS[kind].bare;
  return bare && new RegExp(bare.pattern).test(value) ? `${bare.prefix}${value}` : value;
}
