/** The DingTalk group robot client, usable without the rest of dingpipe. */
export type { ActionCardOptions, Mentions } from "./builders.ts";
export {
  actionCard,
  actionCardButtons,
  at,
  canMention,
  feedCard,
  link,
  markdown,
  text,
  validateMessage,
  withMentions,
} from "./builders.ts";
export type { Robot, RobotOptions, SendResult } from "./client.ts";
export { createRobot, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, resolveEndpoint } from "./client.ts";
export type { AnswerClass, DingTalkErrorCode } from "./errors.ts";
export { classifyAnswer, DingTalkError, isDingTalkError, THROTTLE_WINDOW_MS } from "./errors.ts";
export type { FitResult } from "./fit.ts";
export { bodyBytes, ensureKeyword, fitMessage, TRUNCATED } from "./fit.ts";
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
} from "./message.ts";
export { MAX_BODY_BYTES, MESSAGE_TYPES } from "./message.ts";
export type { PreparedMessage } from "./prepare.ts";
export { prepareMessage } from "./prepare.ts";
export type { RateLimit } from "./rate-limit.ts";
export { DEFAULT_RATE_LIMIT, SlidingWindowLimiter } from "./rate-limit.ts";
export { redact } from "./redact.ts";
export type { RetryDecision, RetryPolicy } from "./retry.ts";
export { DEFAULT_RETRY, decideRetry } from "./retry.ts";
export { sign, signedQuery } from "./sign.ts";
