/** A WeCom robot's webhook: the full URL from a pasted URL or bare key, or why it cannot be one. */
import { DingpipeError } from "../../errors.ts";
import { WECOM_INFO } from "./info.ts";

const SEND_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send";
/** WeCom keys are UUIDs in practice: letters, digits and dashes. */
const KEY = /^[A-Za-z0-9_-]{8,128}$/;

function bad(message: string, fix: string): DingpipeError {
  return new DingpipeError("bad_webhook", message, { fix });
}

/** The full webhook for a pasted URL or bare key; the key must look like one. */
export function normalizeWeComWebhook(input: string): string {
  const value = input.trim().replace(/^key=/, "");
  if (KEY.test(value)) return `${SEND_URL}?key=${value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(
      "the WeCom webhook is neither a URL nor a key",
      `paste the whole webhook URL (${WECOM_INFO.webhookExample}), or only its key`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw bad(
      `the WeCom webhook uses ${url.protocol}, not https:`,
      `paste the whole webhook URL: ${WECOM_INFO.webhookExample}`,
    );
  }
  const key = url.searchParams.get("key");
  if (!key) {
    throw bad(
      "the WeCom webhook has no key parameter",
      "paste the whole webhook URL, including ?key=…, or only its key",
    );
  }
  if (!KEY.test(key)) {
    throw bad(
      "the WeCom webhook's key holds characters no WeCom key has (a placeholder such as … or <key>?)",
      "copy the real webhook from the group's robot settings",
    );
  }
  return value;
}
