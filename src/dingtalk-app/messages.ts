/**
 * App robot group messages (`/v1.0/robot/groupMessages/send`): a `msgKey` and its `msgParam`, which
 * DingTalk takes as a JSON *string* of at most 15,000 bytes. `prepareAppMessage` checks the fields a
 * msgKey needs and fits the long field (`text` or `content`) so the string stays within the limit.
 */
import { AppRobotError } from "./errors.ts";

/** The most UTF-8 bytes DingTalk takes in `msgParam` (the JSON string). */
export const MAX_MSG_PARAM_BYTES = 15_000;

/**
 * What a shortened text ends with, unless the caller gives its own (a channel gives its message
 * language's: "\n\n…已截断", "\n\n…truncated").
 */
export const TRUNCATED = "\n\n…(truncated)";

export type AppMessage =
  | { msgKey: "sampleText"; msgParam: { content: string } }
  | { msgKey: "sampleMarkdown"; msgParam: { title: string; text: string } }
  | { msgKey: "sampleLink"; msgParam: { text: string; title: string; picUrl: string; messageUrl: string } }
  | {
      msgKey: "sampleActionCard";
      msgParam: { title: string; text: string; singleTitle: string; singleURL: string };
    }
  | {
      msgKey: "sampleActionCard2" | "sampleActionCard3" | "sampleActionCard4" | "sampleActionCard5";
      msgParam: { title: string; text: string } & Record<string, string>;
    }
  | {
      msgKey: "sampleActionCard6";
      msgParam: {
        title: string;
        text: string;
        buttonTitle1: string;
        buttonUrl1: string;
        buttonTitle2: string;
        buttonUrl2: string;
      };
    };

export type AppMsgKey = AppMessage["msgKey"];

/** The fields each msgKey needs (channels-api.md §1). */
export const MSG_KEY_FIELDS: Readonly<Record<AppMsgKey, readonly string[]>> = {
  sampleText: ["content"],
  sampleMarkdown: ["title", "text"],
  sampleLink: ["text", "title", "picUrl", "messageUrl"],
  sampleActionCard: ["title", "text", "singleTitle", "singleURL"],
  sampleActionCard2: ["title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2"],
  sampleActionCard3: ["title", "text", ...[1, 2, 3].flatMap((n) => [`actionTitle${n}`, `actionURL${n}`])],
  sampleActionCard4: ["title", "text", ...[1, 2, 3, 4].flatMap((n) => [`actionTitle${n}`, `actionURL${n}`])],
  sampleActionCard5: [
    "title",
    "text",
    ...[1, 2, 3, 4, 5].flatMap((n) => [`actionTitle${n}`, `actionURL${n}`]),
  ],
  sampleActionCard6: ["title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"],
};

export function appText(content: string): AppMessage {
  return { msgKey: "sampleText", msgParam: { content } };
}

export function appMarkdown(title: string, text: string): AppMessage {
  return { msgKey: "sampleMarkdown", msgParam: { title, text } };
}

/** A markdown card with one button that opens `url`. */
export function appActionCard(options: {
  title: string;
  text: string;
  buttonTitle: string;
  url: string;
}): AppMessage {
  return {
    msgKey: "sampleActionCard",
    msgParam: {
      title: options.title,
      text: options.text,
      singleTitle: options.buttonTitle,
      singleURL: options.url,
    },
  };
}

export interface PreparedAppMessage {
  msgKey: AppMsgKey;
  /** The JSON string sent as `msgParam`. */
  msgParam: string;
  /** Its UTF-8 bytes. */
  bytes: number;
  /** Whether the long field was shortened to fit. */
  fitted: boolean;
}

const bytesOf = (value: string) => Buffer.byteLength(value, "utf8");

function invalid(message: string, fix: string): AppRobotError {
  return new AppRobotError("invalid_message", message, { fix });
}

/**
 * Checks the message and turns it into what DingTalk takes, shortened to the limit when needed (the cut
 * marked with `marker`).
 */
export function prepareAppMessage(
  message: AppMessage,
  maxBytes = MAX_MSG_PARAM_BYTES,
  marker = TRUNCATED,
): PreparedAppMessage {
  const fields = MSG_KEY_FIELDS[message.msgKey as AppMsgKey];
  if (!fields) {
    throw invalid(
      `'${String(message.msgKey)}' is not a msgKey of DingTalk's app robots`,
      `use one of ${Object.keys(MSG_KEY_FIELDS).join(", ")}`,
    );
  }
  const param = message.msgParam as Record<string, unknown>;
  const missing = fields.filter((f) => typeof param[f] !== "string" || param[f] === "");
  if (missing.length > 0) {
    throw invalid(
      `${message.msgKey} needs ${missing.map((f) => `'${f}'`).join(", ")} (non-empty text)`,
      `give ${message.msgKey} every field it needs: ${fields.join(", ")}`,
    );
  }
  const whole = JSON.stringify(param);
  if (bytesOf(whole) <= maxBytes) {
    return { msgKey: message.msgKey, msgParam: whole, bytes: bytesOf(whole), fitted: false };
  }
  const long = "text" in param ? "text" : "content" in param ? "content" : undefined;
  const fitted = long === undefined ? undefined : fitField(param, long, maxBytes, marker);
  if (fitted === undefined) {
    throw new AppRobotError(
      "message_too_long",
      `the message's msgParam is ${bytesOf(whole)} bytes, over DingTalk's ${maxBytes}, and its text cannot be shortened enough`,
      { fix: "shorten the title and button texts" },
    );
  }
  return { msgKey: message.msgKey, msgParam: fitted, bytes: bytesOf(fitted), fitted: true };
}

/** The JSON of `param` with `field` cut (at a character boundary, marked) to fit, or undefined. */
function fitField(
  param: Record<string, unknown>,
  field: string,
  maxBytes: number,
  marker: string,
): string | undefined {
  const chars = Array.from(String(param[field]));
  const render = (n: number) => JSON.stringify({ ...param, [field]: chars.slice(0, n).join("") + marker });
  if (bytesOf(render(0)) > maxBytes) return undefined;
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytesOf(render(mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return render(lo);
}
