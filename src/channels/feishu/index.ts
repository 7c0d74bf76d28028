/**
 * The Feishu / Lark custom bot as a channel: `POST https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN`
 * (Lark: open.larksuite.com) with a JSON body; optional signing (timestamp in seconds and sign in
 * the body) and keywords. 100 messages a minute and 5 a second per bot; `11232` is its throttle answer.
 */

import { redact } from "../../dingtalk/redact.ts";
import { postJson, useEnvProxy } from "../../dingtalk/transport.ts";
import { DingpipeError } from "../../errors.ts";
import { DEFAULT_MESSAGE_LOCALE, t } from "../../notify/i18n/index.ts";
import {
  type Channel,
  type ChannelClient,
  MAX_DIGEST,
  type RateWindow,
  type RobotCredential,
} from "../channel.ts";
import { utf8Bytes } from "../markdown.ts";
import { keyRobot, plainKeyer, robotIdentity } from "../robot-key.ts";
import { answerObject, DEFAULT_TIMEOUT_MS, webhookSend } from "../webhook-client.ts";
import { checkFeishuConfig, FEISHU_CONFIG_KEYS } from "./config.ts";
import { FEISHU_THROTTLE_MS, FeishuError, feishuAnswerError, feishuHttpError } from "./errors.ts";
import { FEISHU_INFO } from "./info.ts";
import { MAX_BODY_BYTES, renderDigest, renderNotice } from "./render.ts";
import { signedBody } from "./sign.ts";
import { EXAMPLES, HOOK_PATH, parseFeishuWebhook } from "./webhook.ts";

/** Feishu's second limit, on top of the configured per-minute rate. */
const PER_SECOND: RateWindow = { messages: 5, perSeconds: 1 };

function endpointOf(credential: RobotCredential): { url: URL; token: string } {
  if (!credential.webhook) {
    throw new DingpipeError("invalid_robot", "the Feishu bot has no webhook", {
      fix: `give the bot's webhook URL (${EXAMPLES})`,
    });
  }
  return parseFeishuWebhook(credential.webhook);
}

export const feishuChannel: Channel = {
  info: FEISHU_INFO,
  configKeys: FEISHU_CONFIG_KEYS,
  checkConfig: checkFeishuConfig,
  throttleMs: FEISHU_THROTTLE_MS,
  burstWindows: [PER_SECOND],
  maxDigest: MAX_DIGEST,
  render: (notice, options) => renderNotice(notice, options),
  renderDigest: (digest, options) => renderDigest(digest, options),
  normalizeWebhook(input) {
    parseFeishuWebhook(input);
    return input.trim();
  },
  robotIdentity(credential) {
    try {
      const { url, token } = endpointOf(credential);
      return robotIdentity("feishu", url.origin, token);
    } catch {
      return undefined;
    }
  },
  robotKey(credential, keyer) {
    return keyRobot(feishuChannel.robotIdentity(credential), keyer);
  },
  hint(webhook) {
    try {
      const url = new URL(webhook);
      const token = HOOK_PATH.exec(url.pathname)?.[1];
      return token ? `${url.host} hook/${token.length > 8 ? token.slice(0, 4) : ""}…` : url.host;
    } catch {
      return "(invalid webhook)";
    }
  },
  client(credential, options = {}): ChannelClient {
    const { url, token } = endpointOf(credential);
    const secret = credential.secret?.trim() || undefined;
    const doFetch = options.fetch ?? globalThis.fetch;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const now = options.now ?? Date.now;
    const target = url.toString();
    const windows =
      options.rateLimit === false ? [] : [options.rateLimit ?? FEISHU_INFO.defaultRate, PER_SECOND];
    const send = webhookSend(
      {
        key: plainKeyer(robotIdentity("feishu", url.origin, token)),
        windows,
        async attempt(text, signal) {
          await useEnvProxy(options.env);
          // Signed per request: a signature made once at start-up fails an hour later.
          const wire =
            secret === undefined
              ? text
              : JSON.stringify(signedBody(JSON.parse(text) as object, secret, now()));
          const res = await postJson(target, wire, {
            fetch: doFetch,
            timeoutMs,
            ...(signal === undefined ? {} : { signal }),
            secrets: [token, secret],
            service: "Feishu",
            error: (code, message, o) => new FeishuError(code, message, o),
          });
          const answer = answerObject(res.text);
          const code = typeof answer?.["code"] === "number" ? answer["code"] : answer?.["StatusCode"];
          if (typeof code !== "number") throw feishuHttpError(res.status, res.retryAfterMs);
          const msg = String(answer?.["msg"] ?? answer?.["StatusMessage"] ?? "");
          if (code !== 0) throw feishuAnswerError(code, msg);
          if (res.status !== 200) throw feishuHttpError(res.status, res.retryAfterMs);
          return { errmsg: msg };
        },
      },
      options,
    );
    const prepare = (body: object) => {
      const b = body as { msg_type?: unknown };
      if (typeof b.msg_type !== "string") {
        throw new DingpipeError("invalid_message", "a Feishu message is {msg_type, …}", {
          fix: "send an interactive, post or text message",
        });
      }
      const text = JSON.stringify(body);
      const bytes = utf8Bytes(text);
      if (bytes > MAX_BODY_BYTES) {
        throw new DingpipeError("message_too_long", `the message is ${bytes} bytes, over Feishu's 20 KB`, {
          fix: "shorten the message",
        });
      }
      return { body, text, bytes };
    };
    return {
      endpoint: redact(target),
      prepare,
      send: (body, sendOptions) => {
        const prepared = prepare(body);
        return send({ text: prepared.text, bytes: prepared.bytes, fitted: false }, sendOptions?.signal);
      },
    };
  },
  testMessage(name, keywords, locale = DEFAULT_MESSAGE_LOCALE) {
    const keyword = keywords[0];
    return {
      msg_type: "text",
      content: { text: `${t(locale, "testMessage", { robot: name })}${keyword ? ` ${keyword}` : ""}` },
    };
  },
};
