/** The Feishu / Lark custom bot (自定义机器人), as plain data for help texts and the console. */
import type { KindInfo } from "../kinds.ts";

export const FEISHU_INFO: KindInfo = {
  kind: "feishu",
  label: "Feishu / Lark",
  localName: "飞书",
  hosts: ["open.feishu.cn", "open.larksuite.com"],
  webhookExample: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
  webhookHelp:
    "The bot's full webhook (https://open.feishu.cn/open-apis/bot/v2/hook/… or open.larksuite.com for Lark). Keep it secret.",
  howTo: "Group settings → Group bots (群机器人) → Add bot → Custom bot (自定义机器人).",
  secret: {
    help: "The signing secret, when the bot's security setting “Signature verification” (签名校验) is on.",
  },
  keywords: {
    max: 10,
    help: "The bot's custom keywords (自定义关键词), when it uses them: every message must contain one.",
  },
  defaultRate: { messages: 100, perSeconds: 60 },
  maxRate: { messages: 100, perSeconds: 60 },
  throttleNote: "Feishu refuses a bot's messages (11232)",
  rateNote: "and 5 per second",
  maxBytes: 20_000,
  bytesOf: "the JSON body",
  mentions: {
    mobiles: false,
    userIds: true,
    all: true,
    note: "Feishu mentions users by open_id (ou_…) or everyone; a custom bot cannot mention by mobile number.",
  },
};
