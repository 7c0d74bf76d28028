/**
 * The words of messages, per locale: `t(locale, key, params)` over one catalogue per locale (en.ts is
 * the reference; zh-CN.ts must have the same keys with the same parameters — the type says so and a
 * test checks it). Keys are plain ("viewRun", "truncated"), grouped by a prefix ("status.failure",
 * "label.branch" — one label per content item, named like it). Composition takes its words from here;
 * user content (custom markdown, names, commit messages) is never translated.
 */
import type { Status } from "../../pipeline/status.ts";
import type { ContentItem } from "../rule.ts";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type MessageCatalog = typeof en;
export type MessageKey = keyof MessageCatalog;
/** A key's parameters: none for a plain string, else the object its entry takes. */
export type MessageParams<K extends MessageKey> = MessageCatalog[K] extends (p: infer P) => string ? [P] : [];

export const MESSAGE_LOCALES = ["zh-CN", "en"] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];
/** What messages are written in when nothing says otherwise: the groups read Chinese. */
export const DEFAULT_MESSAGE_LOCALE: MessageLocale = "zh-CN";

export const MESSAGE_CATALOGS: Record<MessageLocale, MessageCatalog> = { "zh-CN": zhCN, en };

export function isMessageLocale(value: unknown): value is MessageLocale {
  return typeof value === "string" && (MESSAGE_LOCALES as readonly string[]).includes(value);
}

/** `key` in `locale`, with its parameters. */
export function t<K extends MessageKey>(locale: MessageLocale, key: K, ...params: MessageParams<K>): string {
  const entry = MESSAGE_CATALOGS[locale][key] as string | ((p: unknown) => string);
  return typeof entry === "function" ? entry(params[0]) : entry;
}

/** The label of a content item: "Branch", "分支". */
export function itemLabel(locale: MessageLocale, item: ContentItem): string {
  return t(locale, `label.${item}`);
}

/** The word after a title's names: "failed", "运行失败". */
export function statusWord(locale: MessageLocale, status: Status): string {
  return t(locale, `status.${status}`);
}

/** The status as the `status` item shows it after its mark: "failure", "运行失败". */
export function stateWord(locale: MessageLocale, status: Status): string {
  return t(locale, `state.${status}`);
}

export {
  clockTime,
  dateTime,
  defaultTimeZone,
  formatDuration,
  isTimeZone,
  offsetMinutes,
  withZone,
  zoneLabel,
} from "./time.ts";
