/**
 * The WeCom (企业微信) group robot as a channel: `POST …/cgi-bin/webhook/send?key=KEY` with a JSON
 * body; the key is the robot's only credential (no signing, no keywords). 20 messages a minute per
 * robot; `45009` is its throttle answer, `93000` an unknown key.
 */

import { redact } from "../../dingtalk/redact.ts";
import { postJson, useEnvProxy } from "../../dingtalk/transport.ts";
import { DingpipeError } from "../../errors.ts";
import { DEFAULT_MESSAGE_LOCALE, t } from "../../notify/i18n/index.ts";
import type { Channel, ChannelClient, RobotCredential } from "../channel.ts";
import { utf8Bytes } from "../markdown.ts";
import { keyRobot, plainKeyer, robotIdentity } from "../robot-key.ts";
import { answerObject, DEFAULT_TIMEOUT_MS, webhookSend } from "../webhook-client.ts";
import { checkWeComConfig, WECOM_CONFIG_KEYS } from "./config.ts";
import { WECOM_THROTTLE_MS, WeComError, weComAnswerError, weComHttpError } from "./errors.ts";
import { WECOM_INFO } from "./info.ts";
import { MAX_MARKDOWN_BYTES, MAX_TEXT_BYTES, renderDigest, renderNotice } from "./render.ts";
import { normalizeWeComWebhook } from "./webhook.ts";

function keyOf(credential: RobotCredential): { url: URL; key: string } {
  if (!credential.webhook) {
    throw new DingpipeError("invalid_robot", "the WeCom robot has no webhook", {
      fix: `give the robot's webhook URL or key (${WECOM_INFO.webhookExample})`,
    });
  }
  const url = new URL(normalizeWeComWebhook(credential.webhook));
  return { url, key: url.searchParams.get("key") ?? "" };
}

function contentOf(body: object): { type: string; content: string } {
  const b = body as { msgtype?: unknown; markdown?: { content?: unknown }; text?: { content?: unknown } };
  const content =
    b.msgtype === "markdown" ? b.markdown?.content : b.msgtype === "text" ? b.text?.content : undefined;
  if (typeof content !== "string") {
    throw new DingpipeError("invalid_message", "a WeCom message is {msgtype: text|markdown, …: {content}}", {
      fix: "send a text or markdown message",
    });
  }
  return { type: String(b.msgtype), content };
}

export const wecomChannel: Channel = {
  info: WECOM_INFO,
  configKeys: WECOM_CONFIG_KEYS,
  checkConfig: checkWeComConfig,
  throttleMs: WECOM_THROTTLE_MS,
  burstWindows: [],
  // ~100 bytes a line in 4,096 bytes of markdown (MAX_DIGEST would leave most tasks only counted)
  maxDigest: 30,
  render: (notice) => renderNotice(notice),
  renderDigest: (digest) => renderDigest(digest),
  normalizeWebhook: normalizeWeComWebhook,
  robotIdentity(credential) {
    try {
      const { url, key } = keyOf(credential);
      return robotIdentity("wecom", url.origin, key);
    } catch {
      return undefined;
    }
  },
  robotKey(credential, keyer) {
    return keyRobot(wecomChannel.robotIdentity(credential), keyer);
  },
  hint(webhook) {
    try {
      const url = new URL(webhook);
      const key = url.searchParams.get("key");
      return key ? `${url.host} key=${key.length > 8 ? key.slice(0, 4) : ""}…` : url.host;
    } catch {
      return "(invalid webhook)";
    }
  },
  client(credential, options = {}): ChannelClient {
    const { url, key } = keyOf(credential);
    const doFetch = options.fetch ?? globalThis.fetch;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const target = url.toString();
    const windows = options.rateLimit === false ? [] : [options.rateLimit ?? WECOM_INFO.defaultRate];
    const send = webhookSend(
      {
        key: plainKeyer(robotIdentity("wecom", url.origin, key)),
        windows,
        async attempt(text, signal) {
          await useEnvProxy(options.env);
          const res = await postJson(target, text, {
            fetch: doFetch,
            timeoutMs,
            ...(signal === undefined ? {} : { signal }),
            secrets: [key],
            service: "WeCom",
            error: (code, message, o) => new WeComError(code, message, o),
          });
          if (res.status !== 200) throw weComHttpError(res.status, res.retryAfterMs);
          const answer = answerObject(res.text);
          const errcode = answer?.["errcode"];
          if (typeof errcode !== "number") {
            throw new WeComError(
              "http_error",
              "the endpoint answered 200 without WeCom's {errcode, errmsg}",
              {
                status: res.status,
                fix: "check the webhook URL: this is not a WeCom robot endpoint",
              },
            );
          }
          const errmsg = String(answer?.["errmsg"] ?? "");
          if (errcode !== 0) throw weComAnswerError(errcode, errmsg);
          return { errmsg };
        },
      },
      options,
    );
    const prepare = (body: object) => {
      const { type, content } = contentOf(body);
      const max = type === "markdown" ? MAX_MARKDOWN_BYTES : MAX_TEXT_BYTES;
      const bytes = utf8Bytes(content);
      if (bytes > max) {
        throw new DingpipeError(
          "message_too_long",
          `the ${type} content is ${bytes} bytes, over WeCom's ${max}`,
          {
            fix: "shorten the message",
          },
        );
      }
      return { body, text: JSON.stringify(body), bytes };
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
  testMessage(name, _keywords, locale = DEFAULT_MESSAGE_LOCALE) {
    return { msgtype: "text", text: { content: t(locale, "testMessage", { robot: name }) } };
  },
};
