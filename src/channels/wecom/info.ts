/** The WeCom (企业微信) group robot, as plain data for help texts and the console. */
import type { KindInfo } from "../kinds.ts";

export const WECOM_INFO: KindInfo = {
  kind: "wecom",
  label: "WeCom",
  localName: "企业微信",
  hosts: ["qyapi.weixin.qq.com"],
  webhookExample: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  webhookHelp:
    "The robot's full webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…) or only its key. The key is the robot's only credential: keep it secret.",
  bare: {
    pattern: "^[A-Za-z0-9_-]{8,128}$",
    prefix: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
  },
  howTo: "Group chat → ⋯ → Group robots (群机器人) → Add.",
  defaultRate: { messages: 20, perSeconds: 60 },
  maxRate: { messages: 20, perSeconds: 60 },
  throttleNote: "WeCom refuses a robot's messages (45009) until its minute has passed",
  maxBytes: 4096,
  bytesOf: "the markdown content (2,048 for a text message)",
  mentions: {
    mobiles: true,
    userIds: false,
    all: true,
    note: "WeCom markdown cannot mention anyone: a notice that mentions mobiles or everyone goes as a text message, which can.",
  },
};
