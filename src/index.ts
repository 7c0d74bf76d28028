/** dingpipe's public library entry. Everything a library user may rely on is exported here by name. */

export type { Diagnostic, DingpipeConfig, ParseResult } from "./config/index.ts";
export { formatDiagnostic, loadConfig, parseConfig } from "./config/index.ts";
export type {
  ActionCardButton,
  ActionCardMessage,
  At,
  DingTalkMessage,
  FeedCardLink,
  FeedCardMessage,
  LinkMessage,
  MarkdownMessage,
  MessageType,
  TextMessage,
} from "./dingtalk/message.ts";
export { MAX_BODY_BYTES, MESSAGE_TYPES } from "./dingtalk/message.ts";
export { sign, signedQuery } from "./dingtalk/sign.ts";
export { DingpipeError, isDingpipeError } from "./errors.ts";
export type { ComposeContext, Composed, DigestItem } from "./notify/index.ts";
export {
  BUILTIN_VARIABLES,
  builtinVariables,
  compose,
  composeDetailed,
  composeDigest,
  escapeMarkdown,
  matches,
  referencedVariables,
  renderTemplate,
  sampleEvent,
  selectRules,
} from "./notify/index.ts";
export type { ContentItem, Credential, MessageStyle, NotificationRule } from "./notify/rule.ts";
export { CONTENT_ITEMS, DEFAULT_CONTENT } from "./notify/rule.ts";
export type { PipelineEvent } from "./pipeline/event.ts";
export type { CiName, HookSource, NormalizedHook, ReadOptions } from "./pipeline/index.ts";
export {
  BadPayloadError,
  CI_NAMES,
  CiEnvironmentError,
  detectCi,
  normalizeGitee,
  normalizeGithub,
  normalizeGitlab,
  normalizeYunxiao,
  readEnvironment,
  verifyGithubSignature,
  verifySharedToken,
} from "./pipeline/index.ts";
export type { Status } from "./pipeline/status.ts";
export { STATUS_ALIASES, STATUSES, toStatus } from "./pipeline/status.ts";
