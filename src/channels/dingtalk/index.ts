/**
 * The DingTalk webhook robot as a channel: the robot client of src/dingtalk/ (signing, fitting,
 * errcodes, retries) behind the Channel interface, and this folder's rendering of notices.
 */

import { createRobot, isPlausibleAccessToken, resolveEndpoint } from "../../dingtalk/client.ts";
import { THROTTLE_WINDOW_MS } from "../../dingtalk/errors.ts";
import type { DingTalkMessage } from "../../dingtalk/message.ts";
import { DingpipeError } from "../../errors.ts";
import { DEFAULT_MESSAGE_LOCALE, t } from "../../notify/i18n/index.ts";
import {
  type Channel,
  type ChannelClient,
  MAX_DIGEST,
  type Rendered,
  type RobotCredential,
} from "../channel.ts";
import { keyRobot, robotIdentity } from "../robot-key.ts";
import { checkDingTalkConfig, DINGTALK_CONFIG_KEYS } from "./config.ts";
import { DINGTALK_INFO } from "./info.ts";
import { type DingTalkRendered, renderDigest, renderNotice } from "./render.ts";

const BARE_TOKEN = /^[A-Za-z0-9_-]{16,}$/;

function rendered(r: DingTalkRendered): Rendered {
  return {
    body: r.message,
    type: r.message.msgtype,
    bytes: r.bytes,
    maxBytes: DINGTALK_INFO.maxBytes,
    truncated: r.truncated,
    unmentionable: r.unmentionable,
  };
}

/** "oapi.dingtalk.com access_token=ab12…" (a short token, as an emulator's "demo", is not shown at all). */
export function dingtalkHint(webhook: string): string {
  try {
    const url = new URL(webhook);
    const token = url.searchParams.get("access_token");
    return token ? `${url.host} access_token=${token.length > 8 ? token.slice(0, 4) : ""}…` : url.host;
  } catch {
    return "(invalid webhook)";
  }
}

export const dingtalkChannel: Channel = {
  info: DINGTALK_INFO,
  configKeys: DINGTALK_CONFIG_KEYS,
  checkConfig: checkDingTalkConfig,
  throttleMs: THROTTLE_WINDOW_MS,
  burstWindows: [],
  maxDigest: MAX_DIGEST,
  render: (notice, options = {}) =>
    rendered(renderNotice(notice, options.keywords === undefined ? {} : { keywords: options.keywords })),
  renderDigest: (digest, options = {}) =>
    rendered(renderDigest(digest, options.keywords === undefined ? {} : { keywords: options.keywords })),
  normalizeWebhook(input) {
    const value = input.trim();
    if (BARE_TOKEN.test(value)) return `https://oapi.dingtalk.com/robot/send?access_token=${value}`;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new DingpipeError("bad_webhook", "the webhook is not a URL", {
        fix: `paste the robot's full webhook URL: ${DINGTALK_INFO.webhookExample}, or its access_token alone`,
      });
    }
    const token = url.searchParams.get("access_token");
    if (!token) {
      throw new DingpipeError("bad_webhook", "the webhook has no access_token parameter", {
        fix: `copy the whole webhook URL from the robot's settings: ${DINGTALK_INFO.webhookExample}`,
      });
    }
    if (!isPlausibleAccessToken(token)) {
      throw new DingpipeError(
        "bad_webhook",
        "the webhook's access_token holds characters no DingTalk token has (a placeholder such as … or <token>?)",
        { fix: "copy the real webhook URL from the group's robot settings" },
      );
    }
    return value;
  },
  robotIdentity(credential) {
    try {
      const { url, token } = resolveEndpoint(endpointOf(credential));
      return robotIdentity("dingtalk", new URL(url).origin, token);
    } catch {
      return undefined;
    }
  },
  robotKey(credential, keyer) {
    return keyRobot(dingtalkChannel.robotIdentity(credential), keyer);
  },
  hint: dingtalkHint,
  client(credential, options = {}): ChannelClient {
    const robot = createRobot({
      ...endpointOf(credential),
      secret: credential.secret,
      keywords: [...(credential.keywords ?? [])],
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.env === undefined ? {} : { env: options.env }),
      // A cut marked like the rendered message's, in the client's language ("…已截断" by default).
      truncated: t(options.locale ?? DEFAULT_MESSAGE_LOCALE, "truncated"),
    });
    return {
      endpoint: robot.endpoint,
      prepare(body) {
        const prepared = robot.prepare(body as DingTalkMessage);
        return { body: prepared.message, text: prepared.body, bytes: prepared.bytes };
      },
      send: (body, sendOptions) => robot.send(body as DingTalkMessage, sendOptions),
    };
  },
  testMessage(name, keywords, locale = DEFAULT_MESSAGE_LOCALE) {
    const keyword = keywords[0];
    return {
      msgtype: "text",
      text: { content: `${t(locale, "testMessage", { robot: name })}${keyword ? ` ${keyword}` : ""}` },
    };
  },
};

function endpointOf(c: RobotCredential): { webhook?: string; token?: string; baseUrl?: string } {
  return {
    ...(c.webhook === undefined ? {} : { webhook: c.webhook }),
    ...(c.token === undefined ? {} : { token: c.token }),
    ...(c.baseUrl === undefined ? {} : { baseUrl: c.baseUrl }),
  };
}
