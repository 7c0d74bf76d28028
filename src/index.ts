/** dingpipe's public library entry. Everything a library user may rely on is exported here by name. */

export type { Diagnostic, DingpipeConfig, ParseResult } from "./config/index.ts";
export { formatDiagnostic, loadConfig, parseConfig } from "./config/index.ts";
export type {
  ActionCardButton,
  ActionCardMessage,
  ActionCardOptions,
  AnswerClass,
  At,
  DingTalkErrorCode,
  DingTalkMessage,
  FeedCardLink,
  FeedCardMessage,
  FitResult,
  LinkMessage,
  MarkdownMessage,
  Mentions,
  MessageType,
  PreparedMessage,
  RateLimit,
  RetryDecision,
  RetryPolicy,
  Robot,
  RobotOptions,
  SendResult,
  TextMessage,
} from "./dingtalk/index.ts";
export {
  actionCard,
  actionCardButtons,
  at,
  bodyBytes,
  canMention,
  classifyAnswer,
  createRobot,
  DEFAULT_BASE_URL,
  DEFAULT_RATE_LIMIT,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  DingTalkError,
  decideRetry,
  ensureKeyword,
  feedCard,
  fitMessage,
  isDingTalkError,
  link,
  MAX_BODY_BYTES,
  MESSAGE_TYPES,
  markdown,
  prepareMessage,
  redact,
  resolveEndpoint,
  SlidingWindowLimiter,
  sign,
  signedQuery,
  THROTTLE_WINDOW_MS,
  TRUNCATED,
  text,
  validateMessage,
  withMentions,
} from "./dingtalk/index.ts";
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
export type { CiName, Detected, HookSource, NormalizedHook, ReadOptions } from "./pipeline/index.ts";
export {
  BadPayloadError,
  CI_NAMES,
  CiEnvironmentError,
  checkGiteeToken,
  detectCi,
  explainCi,
  giteeSignature,
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
