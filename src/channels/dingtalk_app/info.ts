/** The DingTalk app robot (企业内部应用机器人), as plain data for help texts and the console. */
import type { KindInfo } from "../kinds.ts";

export const DINGTALK_APP_INFO: KindInfo = {
  kind: "dingtalk_app",
  label: "DingTalk app robot",
  hosts: ["api.dingtalk.com"],
  webhookExample: "app key, app secret, robot code and the group's openConversationId",
  signs: false,
  // DingTalk limits an app's calls per second (20) and per month; a group message costs one call.
  defaultRate: { messages: 20, perSeconds: 60 },
  maxRate: { messages: 1200, perSeconds: 60 },
  throttleNote: "DingTalk refuses an app's calls over its QPS for about a second",
  maxBytes: 15_000,
  mentions: { mobiles: false, userIds: false, all: false },
  words: {
    en: {
      name: "DingTalk app robot",
      webhookHelp:
        "The app's AppKey and AppSecret, the robot's RobotCode (developer console → the app → Robot) and the group's openConversationId (cid…).",
      howTo:
        "DingTalk developer console → create an internal app → add the Robot capability and publish it → add the app robot to the group.",
      secretHelp: "The app's AppSecret (Client Secret): sealed at rest, never shown again.",
      rateNote: "and 20 calls a second per app",
      mentions: "App robot messages cannot @-mention members.",
    },
    "zh-CN": {
      name: "钉钉应用机器人",
      webhookHelp:
        "应用的 AppKey 与 AppSecret、机器人的 RobotCode（开发者后台 → 应用 → 机器人）以及群的 openConversationId（cid…）。",
      howTo: "钉钉开发者后台 → 创建企业内部应用 → 添加机器人能力并发布 → 把应用机器人加入群。",
      secretHelp: "应用的 AppSecret（Client Secret）：加密保存，之后不再显示。",
      rateNote: "且每个应用每秒最多 20 次调用",
      mentions: "应用机器人的消息无法提醒群成员。",
    },
  },
};
