/**
 * Why an app robot call failed, as a typed error. DingTalk's newer API (api.dingtalk.com) answers
 * failures with an HTTP 4xx/5xx and `{code, message, requestid}`; the decision comes from `code`
 * (and the HTTP status when there is no code). `message` is DingTalk's own wording, kept as it came.
 * Nothing here ever holds an access token or an app secret: every text passes `redact` with the
 * values the client knows to be secret.
 */

import { redact } from "../dingtalk/redact.ts";
import { DingpipeError } from "../errors.ts";

export type AppRobotErrorCode =
  | "invalid_app_robot"
  | "invalid_app_credentials"
  | "token_rejected"
  | "robot_not_owned"
  | "robot_not_found"
  | "robot_stopped"
  | "no_send_permission"
  | "invalid_message"
  | "message_too_long"
  | "invalid_card"
  | "card_not_found"
  | "throttled"
  | "quota_exhausted"
  | "server_error"
  | "unknown_error"
  | "network_error"
  | "timeout"
  | "http_error";

/** How long DingTalk's per-app QPS limit lasts (its documented advice: wait one second). */
export const QPS_RETRY_MS = 1_000;

export class AppRobotError extends DingpipeError {
  override readonly code: AppRobotErrorCode;
  /** DingTalk's `code` (`InvalidAuthentication`, `invalidParameter.robotCode.notExsit`…), when it answered. */
  readonly dingtalkCode: string | undefined;
  /** DingTalk's `message` (redacted), as it came. */
  readonly dingtalkMessage: string | undefined;
  /** DingTalk's `requestid`, to quote to DingTalk's support. */
  readonly requestId: string | undefined;
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;
  /** When it may be tried again at the earliest. */
  readonly retryAfterMs: number | undefined;
  /** How many HTTP requests the call made (token requests not counted); set by the client. */
  attempts: number;

  constructor(
    code: AppRobotErrorCode,
    message: string,
    options: {
      retryable?: boolean;
      fix?: string;
      cause?: unknown;
      dingtalkCode?: string;
      dingtalkMessage?: string;
      requestId?: string;
      status?: number;
      retryAfterMs?: number;
      secrets?: readonly (string | undefined)[];
    } = {},
  ) {
    super(code, redact(message, options.secrets), {
      ...options,
      fix: options.fix === undefined ? undefined : redact(options.fix, options.secrets),
    });
    this.name = "AppRobotError";
    this.code = code;
    this.dingtalkCode = options.dingtalkCode;
    this.dingtalkMessage =
      options.dingtalkMessage === undefined ? undefined : redact(options.dingtalkMessage, options.secrets);
    this.requestId = options.requestId;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = 0;
  }
}

export function isAppRobotError(value: unknown, code?: AppRobotErrorCode): value is AppRobotError {
  return value instanceof AppRobotError && (code === undefined || value.code === code);
}

export interface AppAnswerClass {
  code: AppRobotErrorCode;
  retryable: boolean;
  summary: string;
  fix: string;
  retryAfterMs?: number;
}

const CREDENTIALS_FIX =
  "copy the app's AppKey (Client ID) and AppSecret (Client Secret) again from the DingTalk developer console → your app → Credentials & basic info (the secret is case-sensitive)";

/**
 * DingTalk's codes, matched by suffix so `invalidParameter.robotCode.notExsit` and `robotCode.notExsit`
 * both count (DingTalk's own pages spell them both ways). The first matching row wins.
 */
const ROWS: ReadonlyArray<readonly [suffixes: readonly string[], AppAnswerClass]> = [
  [
    ["invalidClientIdOrSecret", "invalidAppKeyOrSecret"],
    {
      code: "invalid_app_credentials",
      retryable: false,
      summary: "DingTalk refused the app's AppKey/AppSecret",
      fix: CREDENTIALS_FIX,
    },
  ],
  [
    ["InvalidAuthentication", "MissingAuthentication"],
    {
      code: "token_rejected",
      retryable: false,
      summary: "DingTalk refused a freshly issued access token",
      fix: "check that the AppKey and AppSecret belong to the app that owns the robot, and that base_url points at DingTalk (or one emulator for both calls)",
    },
  ],
  [
    ["robotCode.auth"],
    {
      code: "robot_not_owned",
      retryable: false,
      summary: "the app does not own this robotCode",
      fix: "use the robotCode of this app's own robot (developer console → your app → Robot: RobotCode, usually the app's Client ID), or the AppKey/AppSecret of the app that owns it",
    },
  ],
  [
    ["robotCode.notExsit", "robotCode.notExist", "robotCode.invalid", "robotCode.empty"],
    {
      code: "robot_not_found",
      retryable: false,
      summary: "DingTalk knows no such robot in this group",
      fix: "check robot_code (the app robot's RobotCode, not the AgentId), that the robot capability is published with a new app version, and that the robot was added to the group of conversation_id",
    },
  ],
  [
    ["bot.stopped", "robot.stopped"],
    {
      code: "robot_stopped",
      retryable: false,
      summary: "the app robot is stopped",
      fix: "start the robot again in the developer console (your app → Robot) and publish the app version",
    },
  ],
  [
    ["Forbidden.AccessDenied.AccessTokenPermissionDenied", "send.forbidden", "AccessTokenPermissionDenied"],
    {
      code: "no_send_permission",
      retryable: false,
      summary: "the app may not send robot messages",
      fix: "grant the app the permission qyapi_robot_sendmsg (developer console → your app → Permissions) and publish a new version",
    },
  ],
  [
    ["msgParam.tooLong"],
    {
      code: "message_too_long",
      retryable: false,
      summary: "the message is over DingTalk's 15,000-byte msgParam limit",
      fix: "shorten the message (fewer facts, shorter custom content or log tail)",
    },
  ],
  [
    ["msgKey.invalid", "msgKey.empty", "msgParam.invalid", "msgParam.empty", "msg.unsupport", "Invalidbody"],
    {
      code: "invalid_message",
      retryable: false,
      summary: "DingTalk refused the message's msgKey or msgParam",
      fix: "use one of DingTalk's msgKeys (sampleMarkdown, sampleActionCard…) with its msgParam as a JSON string of the fields it needs; report this to dingpipe if dingpipe built it",
    },
  ],
  [
    ["cardData.invalid", "cardTemplateId.invalid", "cardBizId.empty"],
    {
      code: "invalid_card",
      retryable: false,
      summary: "DingTalk refused the card",
      fix: "send cardTemplateId StandardCard with cardData as a JSON string of the card (header, contents) and a cardBizId; report this to dingpipe if dingpipe built it",
    },
  ],
  [
    ["cardBizId.notExist", "card.notExist", "cardBizId.notExsit"],
    {
      code: "card_not_found",
      retryable: false,
      summary: "DingTalk knows no card with this cardBizId",
      fix: "send the card first (interactiveCards/send with this cardBizId), then update it",
    },
  ],
  [
    ["QpsLimitForAppkeyAndApi", "QpsLimitForApi", "QpsLimitForAppkey", "Throttling"],
    {
      code: "throttled",
      retryable: true,
      retryAfterMs: QPS_RETRY_MS,
      summary: "DingTalk limited the app's calls per second",
      fix: "send more slowly: DingTalk allows about 20 calls a second per app and API (dingpipe waits a second and tries again)",
    },
  ],
  [
    ["ApiCountLimitForOrg", "90020"],
    {
      code: "quota_exhausted",
      retryable: false,
      summary: "the organization's monthly DingTalk API quota is used up",
      fix: "wait for next month's quota or raise it with a larger DingTalk plan; send fewer calls (a run card sends one call per update, coalesced)",
    },
  ],
  [
    ["ServiceUnavailable", "SystemError", "InternalError", "systemError", "system.busy"],
    {
      code: "server_error",
      retryable: true,
      summary: "DingTalk had a server error",
      fix: "try again later (dingpipe retries this by itself with backoff)",
    },
  ],
];

function endsWithCode(code: string, suffix: string): boolean {
  return code === suffix || code.endsWith(`.${suffix}`) || code.toLowerCase() === suffix.toLowerCase();
}

/** What DingTalk's `{code}` (with the HTTP status) means. */
export function classifyAppAnswer(status: number, code: string | undefined): AppAnswerClass {
  if (code) {
    for (const [suffixes, entry] of ROWS) {
      if (suffixes.some((s) => endsWithCode(code, s))) return entry;
    }
  }
  if (status === 429) {
    return { ...(ROWS.find(([s]) => s.includes("Throttling"))?.[1] as AppAnswerClass) };
  }
  if (status >= 500) {
    return {
      code: "server_error",
      retryable: true,
      summary: `DingTalk answered HTTP ${status}`,
      fix: "try again later (dingpipe retries this by itself with backoff)",
    };
  }
  return {
    code: "unknown_error",
    retryable: false,
    summary: "DingTalk answered a code dingpipe does not know",
    fix: "look the code up in DingTalk's server API error codes (open.dingtalk.com → 服务端错误码)",
  };
}

/** The typed error for a DingTalk error answer. */
export function appAnswerError(
  status: number,
  answer: { code?: string; message?: string; requestid?: string },
  secrets: readonly (string | undefined)[] = [],
  retryAfterMs?: number,
): AppRobotError {
  const c = classifyAppAnswer(status, answer.code);
  const said = [answer.code, answer.message].filter(Boolean).join(": ");
  return new AppRobotError(c.code, `${c.summary} (HTTP ${status}${said ? `, ${said}` : ""})`, {
    retryable: c.retryable,
    fix: c.fix,
    dingtalkCode: answer.code,
    dingtalkMessage: answer.message,
    requestId: answer.requestid,
    status,
    retryAfterMs: retryAfterMs ?? c.retryAfterMs,
    secrets,
  });
}
