/** The DingTalk app robot client (enterprise internal app robot), usable without the rest of dingpipe. */
export type { CardElement, CardText, StandardCard } from "./card.ts";
export { cardDivider, cardLinks, cardMarkdown, encodeCardData, STANDARD_CARD, standardCard } from "./card.ts";
export type { AppCallResult, AppRobot, AppRobotOptions, AppSendResult } from "./client.ts";
export { createAppRobot, DEFAULT_APP_BASE_URL, DEFAULT_APP_TIMEOUT_MS, decideAppRetry } from "./client.ts";
export type { AppAnswerClass, AppRobotErrorCode } from "./errors.ts";
export { AppRobotError, classifyAppAnswer, isAppRobotError, QPS_RETRY_MS } from "./errors.ts";
export type { AppMessage, AppMsgKey, PreparedAppMessage } from "./messages.ts";
export {
  appActionCard,
  appMarkdown,
  appText,
  MAX_MSG_PARAM_BYTES,
  MSG_KEY_FIELDS,
  prepareAppMessage,
} from "./messages.ts";
export type { AccessTokensOptions, AppIdentity } from "./tokens.ts";
export { AccessTokens, sharedAccessTokens } from "./tokens.ts";
