/** dingpipe's public library entry. Everything a library user may rely on is exported here by name. */

export type { Composed, DingTalkComposeContext } from "./channels/dingtalk/compose.ts";
export {
  compose as composeDingTalk,
  composeDetailed as composeDingTalkDetailed,
  composeDigest as composeDingTalkDigest,
} from "./channels/dingtalk/compose.ts";
export { appEndpointUrl, parseAppEndpoint } from "./channels/dingtalk_app/endpoint.ts";
export { drawMessage } from "./channels/draw.ts";
export type {
  Channel,
  ChannelClient,
  ChannelKind,
  ClientOptions,
  KindInfo,
  RateWindow,
  Rendered,
  RenderOptions,
  RobotCredential,
} from "./channels/index.ts";
export { CHANNEL_KINDS, CHANNELS, channelFor, KINDS } from "./channels/index.ts";
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
export type {
  AppCallResult,
  AppMessage,
  AppRobot,
  AppRobotErrorCode,
  AppRobotOptions,
  AppSendResult,
  CardElement,
  StandardCard,
} from "./dingtalk-app/index.ts";
export {
  AccessTokens,
  AppRobotError,
  appActionCard,
  appMarkdown,
  appText,
  cardDivider,
  cardLinks,
  cardMarkdown,
  createAppRobot,
  DEFAULT_APP_BASE_URL,
  isAppRobotError,
  MAX_MSG_PARAM_BYTES,
  prepareAppMessage,
  sharedAccessTokens,
  standardCard,
} from "./dingtalk-app/index.ts";
export { DingpipeError, isDingpipeError, isRobotError, RobotError } from "./errors.ts";
export type {
  ComposeContext,
  DigestItem,
  DigestNotice,
  Locale,
  MessageLocale,
  Notice,
  NoticeFact,
  NoticeMentions,
} from "./notify/index.ts";
export {
  BUILTIN_VARIABLES,
  builtinVariables,
  compose,
  composeDigest,
  DEFAULT_MESSAGE_LOCALE,
  defaultTimeZone,
  escapeMarkdown,
  MESSAGE_LOCALES,
  matches,
  parseLocale,
  parseTimeZone,
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
export type { EventName, Status, Transition } from "./pipeline/status.ts";
export {
  EVENT_NAMES,
  STATUS_ALIASES,
  STATUSES,
  TRANSITION_ALIASES,
  TRANSITIONS,
  toEventName,
  toStatus,
} from "./pipeline/status.ts";
export type { LastOutcome, RunCard, RunState } from "./runs/index.ts";
export { cardBizIdFor, decideTransition, renderStandardCard, runCard, runStatus } from "./runs/index.ts";
