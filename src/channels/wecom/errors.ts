/**
 * WeCom's answers as typed errors. The robot answers HTTP 200 with `{errcode, errmsg}`; the
 * decision comes from `errcode`. Codes marked (?) are not in WeCom's robot documentation, only seen
 * in the field: each lives in this one table, so a correction is one edit.
 */

import { FIX_WHERE } from "../../dingtalk/errors.ts";
import { redact } from "../../dingtalk/redact.ts";
import { RobotError } from "../../errors.ts";

export type WeComErrorCode =
  | "webhook_invalid"
  | "throttled"
  | "unsupported_message_type"
  | "message_too_long"
  | "system_busy"
  | "unknown_errcode"
  | "network_error"
  | "timeout"
  | "http_error";

/** WeCom counts 20 messages per minute per robot; after 45009 the robot may send when the minute has passed. */
export const WECOM_THROTTLE_MS = 60_000;

export class WeComError extends RobotError {
  override readonly code: WeComErrorCode;

  constructor(
    code: WeComErrorCode,
    message: string,
    options: ConstructorParameters<typeof RobotError>[2] = {},
  ) {
    super(code, redact(message), {
      ...options,
      ...(options.errmsg === undefined ? {} : { errmsg: redact(options.errmsg) }),
    });
    this.name = "WeComError";
    this.code = code;
  }
}

interface AnswerClass {
  code: WeComErrorCode;
  retryable: boolean;
  summary: string;
  fix: string;
  retryAfterMs?: number;
}

const TABLE: Record<number, AnswerClass> = {
  93000: {
    code: "webhook_invalid",
    retryable: false,
    summary: "WeCom does not know this webhook (invalid webhook URL)",
    fix: `paste the whole webhook URL, or only its key (${FIX_WHERE.webhook.cli}): copy it again from the group's robot (群机器人) settings`,
  },
  45009: {
    code: "throttled",
    retryable: true,
    retryAfterMs: WECOM_THROTTLE_MS,
    summary: "WeCom throttled the robot (more than 20 messages in a minute)",
    fix: "wait a minute before sending through this robot again, and send fewer messages (merge events into one summary)",
  },
  40008: {
    code: "unsupported_message_type",
    retryable: false,
    summary: "WeCom does not support this msgtype", // (?) 40008 "invalid message type"
    fix: "use msgtype text or markdown (msgtype is case-sensitive)",
  },
  40058: {
    code: "message_too_long",
    retryable: false,
    summary: "the message is over WeCom's limit (4,096 bytes of markdown, 2,048 of text)", // (?)
    fix: "shorten the custom content or drop long output",
  },
  [-1]: {
    code: "system_busy",
    retryable: true,
    summary: "WeCom is busy",
    fix: "try again in a moment (dingpipe retries this by itself with backoff)",
  },
};

export function classifyWeCom(errcode: number): AnswerClass {
  return (
    TABLE[errcode] ?? {
      code: "unknown_errcode",
      retryable: false,
      summary: "WeCom answered an errcode dingpipe does not know",
      fix: "look the errcode up in WeCom's global errcode reference (全局错误码)",
    }
  );
}

export function weComAnswerError(errcode: number, errmsg: string): WeComError {
  const c = classifyWeCom(errcode);
  return new WeComError(c.code, `${c.summary} (errcode ${errcode}: ${errmsg})`, {
    retryable: c.retryable,
    fix: c.fix,
    errcode,
    errmsg,
    ...(c.retryAfterMs === undefined ? {} : { retryAfterMs: c.retryAfterMs }),
  });
}

export function weComHttpError(status: number, retryAfterMs?: number): WeComError {
  const retryable = status >= 500 || status === 429;
  return new WeComError("http_error", `HTTP ${status} where WeCom answers 200`, {
    retryable,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    fix: retryable
      ? "the endpoint or a relay in between is failing: try again later"
      : `${FIX_WHERE.baseUrl.cli} this is not a WeCom robot endpoint (or a relay rejected the request)`,
  });
}
