/** The DingTalk webhook robot (自定义机器人), as plain data for help texts and the console. */
import type { KindInfo } from "../kinds.ts";

export const DINGTALK_INFO: KindInfo = {
  kind: "dingtalk",
  label: "DingTalk",
  hosts: ["oapi.dingtalk.com"],
  webhookExample: "https://oapi.dingtalk.com/robot/send?access_token=…",
  bare: { pattern: "^[A-Za-z0-9_-]{16,}$", prefix: "https://oapi.dingtalk.com/robot/send?access_token=" },
  signs: true,
  keywords: { max: 10 },
  defaultRate: { messages: 20, perSeconds: 60 },
  maxRate: { messages: 20, perSeconds: 60 },
  throttleNote: "DingTalk silences a robot for 10 minutes",
  maxBytes: 20_000,
  mentions: { mobiles: true, userIds: false, all: true },
  words: {
    en: {
      name: "DingTalk",
      webhookHelp:
        "The robot's full webhook (https://oapi.dingtalk.com/robot/send?access_token=…) or the access_token alone.",
      howTo: "Group settings → Group assistant → Add robot → Custom (自定义机器人).",
      secretHelp: "The SEC… secret, when the robot's security setting is “Signature” (加签).",
      keywordsHelp:
        "The robot's custom keywords (自定义关键词), when it uses them: every message must contain one.",
      mentions: "DingTalk mentions members by mobile number, or everyone.",
    },
    "zh-CN": {
      name: "钉钉",
      webhookHelp:
        "机器人的完整 Webhook 地址（https://oapi.dingtalk.com/robot/send?access_token=…），或只填 access_token。",
      howTo: "群设置 → 智能群助手 → 添加机器人 → 自定义机器人。",
      secretHelp: "机器人安全设置选了“加签”时，填写以 SEC 开头的密钥。",
      keywordsHelp: "机器人安全设置的自定义关键词（如有）：每条消息都必须包含其中一个。",
      mentions: "钉钉按手机号提醒群成员，或提醒所有人。",
    },
  },
};
