/** The composition core: rules, templates, escaping, compose, digests. Pure functions, no I/O. */
export type { ComposeContext } from "./compose.ts";
export { compose, composeTitle, noticeTitle } from "./compose.ts";
export type { DigestItem } from "./digest.ts";
export { composeDigest } from "./digest.ts";
export type { EscapeOptions } from "./escape.ts";
export { escapeInline, escapeMarkdown, markdownLink, oneLine, safeUrl } from "./escape.ts";
export { formatDuration, formatTime, statusMark } from "./format.ts";
export type { MessageLocale } from "./i18n/index.ts";
export { DEFAULT_MESSAGE_LOCALE, defaultTimeZone, MESSAGE_LOCALES } from "./i18n/index.ts";
export type { Parsed } from "./i18n/names.ts";
export { parseLocale, parseTimeZone } from "./i18n/names.ts";
export type { Mentions } from "./mentions.ts";
export { resolveMentions } from "./mentions.ts";
export type {
  DigestGroup,
  DigestNotice,
  Locale,
  Notice,
  NoticeFact,
  NoticeLogTail,
  NoticeMentions,
} from "./notice.ts";
export type { ContentItem, Credential, MessageStyle, NotificationRule } from "./rule.ts";
export { CONTENT_ITEMS, DEFAULT_CONTENT } from "./rule.ts";
export { globMatch, matches, selectRules } from "./rules.ts";
export { sampleEvent } from "./sample.ts";
export type { BuiltinOptions } from "./template.ts";
export { BUILTIN_VARIABLES, builtinVariables, referencedVariables, renderTemplate } from "./template.ts";
