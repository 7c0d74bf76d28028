/**
 * The DingTalk app robot (a robot of an enterprise internal app) as a channel: the app robot client of
 * src/dingtalk-app/ (tokens shared per app, typed errors, msgParam fitting) behind the Channel
 * interface. A credential's `webhook` is its endpoint URL (endpoint.ts: base URL, appKey, robotCode,
 * openConversationId) and its `secret` the app secret. Run cards (`style: run_card`) go through
 * `cardClient`, which the delivery engine's card worker uses.
 */
import { type AppRobot, createAppRobot } from "../../dingtalk-app/client.ts";
import { QPS_RETRY_MS } from "../../dingtalk-app/errors.ts";
import type { AppMessage } from "../../dingtalk-app/messages.ts";
import { DingpipeError } from "../../errors.ts";
import { DEFAULT_MESSAGE_LOCALE, t } from "../../notify/i18n/index.ts";
import type { Channel, ChannelClient, ClientOptions, RobotCredential } from "../channel.ts";
import { keyRobot, robotIdentity } from "../robot-key.ts";
import { checkDingTalkAppConfig, DINGTALK_APP_CONFIG_KEYS } from "./config.ts";
import { appHint, parseAppEndpoint } from "./endpoint.ts";
import { DINGTALK_APP_INFO } from "./info.ts";
import { renderAppDigest, renderAppNotice } from "./render.ts";

/** The app robot client for a credential (group messages, and cards for run_card). */
export function appRobotFor(credential: RobotCredential, options: ClientOptions = {}): AppRobot {
  if (credential.webhook === undefined) {
    throw new DingpipeError("bad_app_robot", "the app robot has no appKey, robotCode or conversationId", {
      fix: "give the credential appKey, appSecret, robotCode and conversationId",
    });
  }
  const endpoint = parseAppEndpoint(credential.webhook);
  return createAppRobot({
    appKey: endpoint.appKey,
    appSecret: credential.secret,
    robotCode: endpoint.robotCode,
    conversationId: endpoint.conversationId,
    baseUrl: endpoint.baseUrl,
    retry: options.retry === undefined ? undefined : options.retry,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.env === undefined ? {} : { env: options.env }),
    // A cut marked like the channels' own, in the client's language ("…已截断" by default).
    truncated: `\n\n${t(options.locale ?? DEFAULT_MESSAGE_LOCALE, "truncated")}`,
  });
}

export const dingtalkAppChannel: Channel = {
  info: DINGTALK_APP_INFO,
  configKeys: DINGTALK_APP_CONFIG_KEYS,
  checkConfig: checkDingTalkAppConfig,
  // DingTalk's QPS limit for an app lasts about a second, not the webhook robot's ten minutes.
  throttleMs: QPS_RETRY_MS,
  burstWindows: [],
  // msgParam holds 15,000 bytes, three quarters of a webhook robot's 20,000 (MAX_DIGEST there)
  maxDigest: 150,
  render: (notice) => renderAppNotice(notice),
  renderDigest: (digest) => renderAppDigest(digest),
  normalizeWebhook(input) {
    parseAppEndpoint(input);
    return input.trim();
  },
  robotIdentity(credential) {
    try {
      const e = parseAppEndpoint(credential.webhook ?? "");
      // The app key is part of the robot: the same robot code in another app is another robot.
      return robotIdentity(
        "dingtalk_app",
        new URL(e.baseUrl).origin,
        `${e.appKey}\n${e.robotCode}\n${e.conversationId}`,
      );
    } catch {
      return undefined;
    }
  },
  robotKey(credential, keyer) {
    return keyRobot(dingtalkAppChannel.robotIdentity(credential), keyer);
  },
  hint: appHint,
  client(credential, options = {}): ChannelClient {
    const robot = appRobotFor(credential, options);
    return {
      endpoint: robot.endpoint,
      prepare(body) {
        const prepared = robot.prepare(body as AppMessage);
        const text = JSON.stringify({ msgKey: prepared.msgKey, msgParam: prepared.msgParam });
        return {
          body: { msgKey: prepared.msgKey, msgParam: prepared.msgParam },
          text,
          bytes: prepared.bytes,
        };
      },
      async send(body, sendOptions) {
        const result = await robot.send(body as AppMessage, sendOptions);
        return {
          errcode: 0,
          errmsg: result.processQueryKey ?? "ok",
          attempts: result.attempts,
          bytes: result.bytes,
          fitted: result.fitted,
          body: result.body,
        };
      },
    };
  },
  // In the language asked for, like every channel's (Chinese by default).
  testMessage(name, _keywords, locale = DEFAULT_MESSAGE_LOCALE) {
    return { msgKey: "sampleText", msgParam: { content: t(locale, "testMessage", { robot: name }) } };
  },
};
