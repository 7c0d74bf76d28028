/**
 * The base of every error dingpipe raises on purpose. Each kind has a stable `code` that callers
 * can test with `isDingpipeError(e, code)`, says whether retrying can help, and carries `fix`:
 * one sentence telling the user what to change. Messages never contain secrets.
 */
export class DingpipeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly fix: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; fix?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DingpipeError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fix = options.fix;
  }
}

export function isDingpipeError(value: unknown, code?: string): value is DingpipeError {
  return value instanceof DingpipeError && (code === undefined || value.code === code);
}

/**
 * A robot refused a message or could not be reached: the base of each robot kind's error
 * (DingTalkError, the WeCom and Feishu channels' errors). `errcode`/`errmsg` are the robot's answer
 * when it answered; `retryAfterMs` is the earliest sensible retry (a throttle window).
 */
export class RobotError extends DingpipeError {
  /** The robot's error code (DingTalk/WeCom `errcode`, Feishu `code`), when it answered. */
  readonly errcode: number | undefined;
  /** The robot's error message (redacted), when it answered. */
  readonly errmsg: string | undefined;
  /** The HTTP status, for `http_error`. */
  readonly status: number | undefined;
  /** When it may be tried again at the earliest (throttling: the robot's window). */
  readonly retryAfterMs: number | undefined;
  /** How many HTTP requests were made for this send; set by the client. */
  attempts: number;

  constructor(
    code: string,
    message: string,
    options: {
      retryable?: boolean;
      fix?: string;
      cause?: unknown;
      errcode?: number;
      errmsg?: string;
      status?: number;
      retryAfterMs?: number;
    } = {},
  ) {
    super(code, message, options);
    this.name = "RobotError";
    this.errcode = options.errcode;
    this.errmsg = options.errmsg;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = 0;
  }
}

export function isRobotError(value: unknown, code?: string): value is RobotError {
  return value instanceof RobotError && (code === undefined || value.code === code);
}
