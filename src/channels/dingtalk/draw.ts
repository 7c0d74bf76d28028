/** A DingTalk robot message drawn as DingTalk shows it (src/dingtalk/render.ts). Browser-safe. */
export { MESSAGE_CSS as DINGTALK_CSS, renderMessage as drawDingTalk } from "../../dingtalk/render.ts";
