/**
 * A DingTalk app robot's credential body with every field it needs, for the tests that refuse one
 * field at a time: `appRobotBody({ baseUrl: "ftp://x" })` is a valid body but for that field.
 */
export function appRobotBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "a",
    type: "dingtalk_app",
    appKey: "k",
    appSecret: "s",
    robotCode: "r",
    conversationId: "c",
    ...over,
  };
}
