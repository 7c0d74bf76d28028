/** The Feishu / Lark custom bot (自定义机器人), as plain data for help texts and the console. */
import type { KindInfo } from "../kinds.ts";

export const FEISHU_INFO: KindInfo = {
  kind: "feishu",
  label: "Feishu / Lark",
  hosts: ["open.feishu.cn", "open.larksuite.com"],
  webhookExample: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
  signs: true,
  keywords: { max: 10 },
  defaultRate: { messages: 100, perSeconds: 60 },
  maxRate: { messages: 100, perSeconds: 60 },
  throttleNote: "Feishu refuses a bot's messages (11232)",
  maxBytes: 20_000,
  mentions: { mobiles: false, userIds: true, all: true },
  words: {
    en: {
      name: "Feishu / Lark",
      webhookHelp:
        "The bot's full webhook (https://open.feishu.cn/open-apis/bot/v2/hook/… or open.larksuite.com for Lark). Keep it secret.",
      howTo: "Group settings → Group bots (群机器人) → Add bot → Custom bot (自定义机器人).",
      secretHelp:
        "The signing secret, when the bot's security setting “Signature verification” (签名校验) is on.",
      keywordsHelp:
        "The bot's custom keywords (自定义关键词), when it uses them: every message must contain one (in its text, not in links).",
      rateNote: "and 5 a second",
      mentions:
        "Feishu mentions users by open_id (ou_…) or everyone; a custom bot cannot mention by mobile number.",
    },
    "zh-CN": {
      name: "飞书",
      webhookHelp:
        "机器人的完整 Webhook 地址（https://open.feishu.cn/open-apis/bot/v2/hook/…，Lark 为 open.larksuite.com）。请保密。",
      howTo: "群设置 → 群机器人 → 添加机器人 → 自定义机器人。",
      secretHelp: "机器人安全设置开启“签名校验”时，填写签名密钥。",
      keywordsHelp: "机器人安全设置的自定义关键词（如有）：每条消息的文本（不含链接）都必须包含其中一个。",
      rateNote: "且每秒最多 5 条",
      mentions: "飞书可按 open_id（ou_…）提醒用户或提醒所有人；自定义机器人无法按手机号提醒。",
    },
  },
};
