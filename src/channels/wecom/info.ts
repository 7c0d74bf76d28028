/** The WeCom (企业微信) group robot, as plain data for help texts and the console. */
import type { KindInfo } from "../kinds.ts";

export const WECOM_INFO: KindInfo = {
  kind: "wecom",
  label: "WeCom",
  hosts: ["qyapi.weixin.qq.com"],
  webhookExample: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  bare: {
    pattern: "^[A-Za-z0-9_-]{8,128}$",
    prefix: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
  },
  signs: false,
  defaultRate: { messages: 20, perSeconds: 60 },
  maxRate: { messages: 20, perSeconds: 60 },
  throttleNote: "WeCom refuses a robot's messages (45009) until its minute has passed",
  maxBytes: 4096,
  mentions: { mobiles: true, userIds: false, all: true },
  words: {
    en: {
      name: "WeCom",
      webhookHelp:
        "The robot's full webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…) or only its key. The key is the robot's only credential: keep it secret.",
      howTo: "Group chat → ⋯ → Group robots (群机器人) → Add.",
      mentions:
        "WeCom markdown cannot mention anyone: a notice that mentions mobiles or everyone goes as a text message, which can.",
    },
    "zh-CN": {
      name: "企业微信",
      webhookHelp:
        "机器人的完整 Webhook 地址（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…），或只填其中的 key。key 是机器人唯一的凭据，请保密。",
      howTo: "群聊 → ⋯ → 群机器人 → 添加。",
      mentions: "企业微信的 Markdown 消息无法提醒成员：需要按手机号或提醒所有人时，改发一条文本消息。",
    },
  },
};
