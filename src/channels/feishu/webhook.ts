/** A Feishu / Lark bot's webhook: its URL and hook token, or why it cannot be one. */
import { DingpipeError } from "../../errors.ts";

export const HOOK_PATH = /^\/open-apis\/bot\/v2\/hook\/([A-Za-z0-9_-]{8,128})\/?$/;

function bad(message: string, fix: string): DingpipeError {
  return new DingpipeError("bad_webhook", message, { fix });
}

export const EXAMPLES =
  "https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: https://open.larksuite.com/open-apis/bot/v2/hook/…)";

/** The webhook URL and its hook token, or an error saying what is wrong (never echoing the token). */
export function parseFeishuWebhook(input: string): { url: URL; token: string } {
  const value = input.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    if (/^[A-Za-z0-9_-]{8,128}$/.test(value)) {
      throw bad(
        "the Feishu webhook is a hook token alone, not a URL",
        `paste the bot's whole webhook URL: ${EXAMPLES}`,
      );
    }
    throw bad("the Feishu webhook is not a URL", `paste the bot's whole webhook URL: ${EXAMPLES}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw bad(
      `the Feishu webhook uses ${url.protocol}, not https:`,
      `paste the bot's whole webhook URL: ${EXAMPLES}`,
    );
  }
  const token = HOOK_PATH.exec(url.pathname)?.[1];
  if (token === undefined) {
    throw bad(
      "the Feishu webhook's path is not /open-apis/bot/v2/hook/<token>",
      `copy the whole webhook from the bot's settings: ${EXAMPLES}`,
    );
  }
  return { url, token };
}
