/**
 * Why a message was not delivered, as a typed error. DingTalk answers HTTP 200 to everything, so
 * the decision comes from `errcode`; `errmsg` is used only to tell the four `310000` security
 * cases apart (its wording has changed between English and Chinese several times).
 */
import { RobotError } from "../errors.ts";
import { redact } from "./redact.ts";

export type DingTalkErrorCode =
  | "system_busy"
  | "missing_parameter"
  | "bad_content_type"
  | "keywords_missing"
  | "signature_mismatch"
  | "timestamp_invalid"
  | "ip_not_allowed"
  | "security_check_failed"
  | "robot_not_found"
  | "group_dissolved"
  | "robot_disabled"
  | "unsupported_message_type"
  | "throttled"
  | "unsafe_content"
  | "message_too_long"
  | "server_error"
  | "unknown_errcode"
  | "network_error"
  | "timeout"
  | "http_error";

/** How long DingTalk pauses a robot that sent more than its per-minute limit. */
export const THROTTLE_WINDOW_MS = 10 * 60 * 1000;

export class DingTalkError extends RobotError {
  override readonly code: DingTalkErrorCode;

  constructor(
    code: DingTalkErrorCode,
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
    super(code, redact(message), {
      ...options,
      ...(options.errmsg === undefined ? {} : { errmsg: redact(options.errmsg) }),
    });
    this.name = "DingTalkError";
    this.code = code;
  }
}

export function isDingTalkError(value: unknown, code?: DingTalkErrorCode): value is DingTalkError {
  return value instanceof DingTalkError && (code === undefined || value.code === code);
}

/**
 * Who reads a fix: `send` on the command line (flags, environment), the service (its console and API),
 * or a pipeline step (`notify`/`run`/`preview`: the credential's keys in .dingpipe.yml).
 */
export type FixContext = "cli" | "service" | "config";

/** In `config` wordings, stands for "of credential 'NAME' in the config". */
const OF_CREDENTIAL = "{of credential}";

/**
 * Where the user changes what a fix names, per context. The fixes below are written with the `cli`
 * words; `fixFor` swaps them for the `service` words, so one table serves both.
 */
export const FIX_WHERE = {
  webhook: {
    cli: "--webhook or DINGTALK_WEBHOOK",
    service: "and paste it into the robot: console Robots → Edit, or PUT /api/credentials/{name}",
    config: `into webhook: ${OF_CREDENTIAL}, or the variable it names`,
  },
  secret: {
    cli: "--secret or DINGTALK_SECRET",
    service: "in the robot: console Robots → Edit, or PUT /api/credentials/{name}",
    config: `secret: ${OF_CREDENTIAL}, or the variable it names`,
  },
  keyword: {
    cli: "add one with --keyword / keywords:",
    service:
      "add one to the robot (console Robots → Edit, or PUT /api/credentials/{name}) or to the custom content",
    config: `add one to keywords: ${OF_CREDENTIAL}, or to the custom content`,
  },
  baseUrl: {
    cli: "check the webhook URL / --base-url:",
    service: "check the robot's webhook URL:",
    config: `check webhook: / base_url: ${OF_CREDENTIAL}:`,
  },
  timeout: { cli: ", or allow more time with --timeout", service: "", config: "" },
} as const satisfies Record<string, Record<FixContext, string>>;

/**
 * A fix worded for its reader: the `cli` wording as is, or with the service's or the config's words
 * for where to change things (`credential` names the robot in the config context).
 */
export function fixFor(fix: string, context: FixContext, credential = "?"): string {
  if (context === "cli") return fix;
  const of = `of credential '${credential}' in the config`;
  let out = fix;
  for (const where of Object.values(FIX_WHERE)) {
    out = out.replaceAll(where.cli, where[context].replaceAll(OF_CREDENTIAL, of));
  }
  return out;
}

export interface AnswerClass {
  code: DingTalkErrorCode;
  retryable: boolean;
  /** What the user should change. */
  fix: string;
  /** A short description of the failure. */
  summary: string;
  retryAfterMs?: number;
}

const SIMPLE: Record<number, Omit<AnswerClass, "retryAfterMs">> = {};
function row(codes: number[], entry: Omit<AnswerClass, "retryAfterMs">): void {
  for (const c of codes) SIMPLE[c] = entry;
}
row([-1], {
  code: "system_busy",
  retryable: true,
  summary: "DingTalk is busy",
  fix: "try again in a moment (dingpipe retries this by itself with backoff)",
});
row([40035], {
  code: "missing_parameter",
  retryable: false,
  summary: "DingTalk says a parameter is missing",
  fix: "check the webhook URL carries access_token=… and that the body is a JSON message",
});
row([43004], {
  code: "bad_content_type",
  retryable: false,
  summary: "DingTalk rejected the Content-Type",
  fix: "send the body as application/json (a relay in between may have changed the Content-Type)",
});
row([300001, 300005, 400101, 400106], {
  code: "robot_not_found",
  retryable: false,
  summary: "no robot has this access_token",
  fix: `copy the webhook URL again from the group's robot settings (${FIX_WHERE.webhook.cli})`,
});
row([400013], {
  code: "group_dissolved",
  retryable: false,
  summary: "the robot's group was dissolved",
  fix: "add a robot to a live group and use its webhook",
});
row([400102], {
  code: "robot_disabled",
  retryable: false,
  summary: "the robot is disabled",
  fix: "enable the robot again in the group's robot settings",
});
row([400105], {
  code: "unsupported_message_type",
  retryable: false,
  summary: "DingTalk does not support this msgtype",
  fix: "use one of text, markdown, link, actionCard, feedCard (msgtype is case-sensitive)",
});
row([430101, 430102, 430103, 430104], {
  code: "unsafe_content",
  retryable: false,
  summary: "DingTalk flagged the message as unsafe",
  fix: "remove or change the flagged link, text or image",
});
row([460101, 101002], {
  code: "message_too_long",
  retryable: false,
  summary: "the message is over DingTalk's 20,000-byte limit",
  fix: "shorten the message (merge fewer events, drop long output)",
});
row([500100], {
  code: "server_error",
  retryable: true,
  summary: "DingTalk had a server error",
  fix: "try again later (dingpipe retries this by itself with backoff)",
});

const THROTTLED: AnswerClass = {
  code: "throttled",
  retryable: true,
  retryAfterMs: THROTTLE_WINDOW_MS,
  summary: "DingTalk throttled the robot (more than 20 messages in a minute)",
  fix: "wait 10 minutes before sending through this robot again, and send fewer messages (merge events into one summary)",
};

/** The part of a `description:…;solution:…` / `错误描述:…;解决方案:…` errmsg that describes the failure. */
function description(errmsg: string): string {
  const cut = errmsg.search(/;?\s*(solution|解决方案)\s*[:：]/i);
  return cut > 0 ? errmsg.slice(0, cut) : errmsg;
}

const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/;
const IPV6 = /(?<![\w:.])([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?![\w:.])/gi;

function findIp(text: string): string | undefined {
  const v4 = IPV4.exec(text)?.[1];
  if (v4) return v4;
  // Two colons alone could be a time of day (12:30:45): require "::" or at least three.
  return [...text.matchAll(IPV6)]
    .map((m) => m[1] ?? "")
    .find((ip) => ip.includes("::") || ip.split(":").length > 3);
}

function securityCase(text: string): AnswerClass | undefined {
  if (/keyword|关键词|关键字/i.test(text)) {
    return {
      code: "keywords_missing",
      retryable: false,
      summary: "the message contains none of the robot's keywords",
      fix: `the message lacks one of the robot's keywords: ${FIX_WHERE.keyword.cli}`,
    };
  }
  if (/timestamp|时间戳/i.test(text)) {
    return {
      code: "timestamp_invalid",
      retryable: false,
      summary: "DingTalk rejected the signing timestamp",
      fix: "the clock is more than an hour off DingTalk's: fix this machine's time (NTP) and send again",
    };
  }
  if (/\bsign|签名|加签/i.test(text)) {
    return {
      code: "signature_mismatch",
      retryable: false,
      summary: "DingTalk rejected the signature",
      fix: `the robot has signing enabled: set its SEC… secret (${FIX_WHERE.secret.cli}); if one is set, it is not this robot's`,
    };
  }
  if (/whitelist|allowlist|白名单|\bip\b/i.test(text)) {
    const ip = findIp(text);
    const seen = ip ? `DingTalk saw this machine's IP ${ip}` : "DingTalk did not accept this machine's IP";
    return {
      code: "ip_not_allowed",
      retryable: false,
      summary: "this machine's IP is not in the robot's allowlist",
      fix: `${seen}: add it to the robot's IP allowlist (IPv6 egress is a known trap)`,
    };
  }
  return undefined;
}

/** What an answer `{errcode, errmsg}` means. errcode 0 is not a failure and must not be passed. */
export function classifyAnswer(errcode: number, errmsg: string): AnswerClass {
  if (errcode === 130101 || errcode === 410100) return THROTTLED;
  if (errcode === 310000) {
    const found = securityCase(description(errmsg)) ?? securityCase(errmsg);
    return (
      found ?? {
        code: "security_check_failed",
        retryable: false,
        summary: "DingTalk's security check failed",
        fix: "compare the robot's security settings (keywords, signing secret, IP allowlist) with what dingpipe sends",
      }
    );
  }
  return (
    SIMPLE[errcode] ?? {
      code: "unknown_errcode",
      retryable: false,
      summary: "DingTalk answered an errcode dingpipe does not know",
      fix: "look the errcode up in DingTalk's robot errcode reference",
    }
  );
}

/** The typed error for a DingTalk answer with a non-zero errcode. */
export function answerError(errcode: number, errmsg: string): DingTalkError {
  const c = classifyAnswer(errcode, errmsg);
  return new DingTalkError(c.code, `${c.summary} (errcode ${errcode}: ${errmsg})`, {
    retryable: c.retryable,
    fix: c.fix,
    errcode,
    errmsg,
    retryAfterMs: c.retryAfterMs,
  });
}

/** The typed error for a non-200 HTTP status (DingTalk itself always answers 200; a relay may not). */
export function httpError(status: number, retryAfterMs?: number): DingTalkError {
  const retryable = status >= 500 || status === 429;
  return new DingTalkError("http_error", `HTTP ${status} where DingTalk answers 200`, {
    retryable,
    status,
    retryAfterMs,
    fix: retryable
      ? "the endpoint or a relay in between is failing: try again later"
      : `${FIX_WHERE.baseUrl.cli} this is not a DingTalk robot endpoint (or a relay rejected the request)`,
  });
}
