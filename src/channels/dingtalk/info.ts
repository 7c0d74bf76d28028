/** The DingTalk webhook robot (自定义机器人), as plain data for help texts and the console. */
import type { KindInfo } from "../kinds.ts";

export const DINGTALK_INFO: KindInfo = {
  kind: "dingtalk",
  label: "DingTalk",
  localName: "钉钉",
  hosts: ["oapi.dingtalk.com"],
  webhookExample: "https://oapi.dingtalk.com/robot/send?access_token=…",
  webhookHelp:
    "The robot's full webhook (https://oapi.dingtalk.com/robot/send?access_token=…) or the access_token alone.",
  bare: { pattern: "^[A-Za-z0-9_-]{16,}$", prefix: "https://oapi.dingtalk.com/robot/send?access_token=" },
  howTo: "Group settings → Group assistant → Add robot → Custom (自定义机器人).",
  secret: { help: "The SEC… secret, when the robot's security setting is “Signature” (加签)." },
  keywords: {
    max: 10,
    help: "The robot's custom keywords (自定义关键词), when it uses them: every message must contain one.",
  },
  defaultRate: { messages: 20, perSeconds: 60 },
  maxRate: { messages: 20, perSeconds: 60 },
  throttleNote: "DingTalk silences a robot for 10 minutes",
  maxBytes: 20_000,
  bytesOf: "the JSON body",
  mentions: {
    mobiles: true,
    userIds: false,
    all: true,
    note: "DingTalk mentions members by mobile number, or everyone.",
  },
};
