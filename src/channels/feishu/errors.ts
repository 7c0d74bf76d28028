/**
 * Feishu's answers as typed errors. A custom bot answers `{code, msg, data}` (success also carries
 * `StatusCode: 0`); the decision comes from `code`. Codes marked (?) are not in Feishu's custom bot
 * documentation, only seen in the field: each lives in this one table, so a correction is one edit.
 */
import { FIX_WHERE } from "../../dingtalk/errors.ts";
import { redact } from "../../dingtalk/redact.ts";
import { RobotError } from "../../errors.ts";

export type FeishuErrorCode =
  | "signature_mismatch"
  | "ip_not_allowed"
  | "keywords_missing"
  | "throttled"
  | "bad_request"
  | "robot_not_found"
  | "unknown_errcode"
  | "network_error"
  | "timeout"
  | "http_error";

/** Feishu counts 100 messages a minute and 5 a second per bot; after 11232 the bot waits a minute. */
export const FEISHU_THROTTLE_MS = 60_000;

export class FeishuError extends RobotError {
  override readonly code: FeishuErrorCode;

  constructor(
    code: FeishuErrorCode,
    message: string,
    options: ConstructorParameters<typeof RobotError>[2] = {},
  ) {
    super(code, redact(message), {
      ...options,
      ...(options.errmsg === undefined ? {} : { errmsg: redact(options.errmsg) }),
    });
    this.name = "FeishuError";
    this.code = code;
  }
}

interface AnswerClass {
  code: FeishuErrorCode;
  retryable: boolean;
  summary: string;
  fix: string;
  retryAfterMs?: number;
}

const TABLE: Record<number, AnswerClass> = {
  19021: {
    code: "signature_mismatch",
    retryable: false,
    summary: "Feishu rejected the signature or its timestamp",
    fix: `the bot has signature verification (签名校验) on: set its secret (${FIX_WHERE.secret.cli}); if one is set, it is not this bot's — or this machine's clock is more than an hour off (fix it with NTP)`,
  },
  19022: {
    code: "ip_not_allowed",
    retryable: false,
    summary: "this machine's IP is not in the bot's IP allowlist",
    fix: "add this machine's public IP to the bot's IP allowlist (IP 白名单) in its security settings, or remove the allowlist",
  },
  19024: {
    code: "keywords_missing",
    retryable: false,
    summary: "the message contains none of the bot's keywords",
    fix: `the message lacks one of the bot's keywords (text, not links, counts): ${FIX_WHERE.keyword.cli}`,
  },
  11232: {
    code: "throttled",
    retryable: true,
    retryAfterMs: FEISHU_THROTTLE_MS,
    summary: "Feishu throttled the bot (more than 100 messages a minute or 5 a second)",
    fix: "wait a minute before sending through this bot again, and send fewer messages (merge events into one summary)",
  },
  9499: {
    code: "bad_request",
    retryable: false,
    summary: "Feishu could not read the message (Bad Request: malformed, or over 20 KB)",
    fix: "shorten the custom content; if it keeps happening, report the message body (dingpipe preview shows it)",
  },
  19001: {
    code: "robot_not_found", // (?) "param invalid: incoming webhook access token invalid"
    retryable: false,
    summary: "no Feishu bot has this webhook",
    fix: `copy the bot's webhook again from the group's bot settings (${FIX_WHERE.webhook.cli})`,
  },
};

export function classifyFeishu(code: number): AnswerClass {
  return (
    TABLE[code] ?? {
      code: "unknown_errcode",
      retryable: false,
      summary: "Feishu answered a code dingpipe does not know",
      fix: "look the code up in Feishu's custom bot documentation (自定义机器人使用指南)",
    }
  );
}

export function feishuAnswerError(code: number, msg: string): FeishuError {
  const c = classifyFeishu(code);
  return new FeishuError(c.code, `${c.summary} (code ${code}: ${msg})`, {
    retryable: c.retryable,
    fix: c.fix,
    errcode: code,
    errmsg: msg,
    ...(c.retryAfterMs === undefined ? {} : { retryAfterMs: c.retryAfterMs }),
  });
}

export function feishuHttpError(status: number, retryAfterMs?: number): FeishuError {
  const retryable = status >= 500 || status === 429;
  return new FeishuError("http_error", `HTTP ${status} without Feishu's {code, msg}`, {
    retryable,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    fix: retryable
      ? "the endpoint or a relay in between is failing: try again later"
      : `${FIX_WHERE.baseUrl.cli} this is not a Feishu bot endpoint (or a relay rejected the request)`,
  });
}
