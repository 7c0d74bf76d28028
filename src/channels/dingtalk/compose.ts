/**
 * Composition straight to a DingTalk message — compose's Notice rendered by the DingTalk channel —
 * for library users who only use DingTalk webhook robots, and for the tests that pin what DingTalk
 * receives. `composeDetailed` also says what preview and the console want to know.
 */
import type { DingTalkMessage } from "../../dingtalk/message.ts";
import { type ComposeContext, compose as composeNotice } from "../../notify/compose.ts";
import { type DigestItem, composeDigest as digestNotice } from "../../notify/digest.ts";
import type { NotificationRule } from "../../notify/rule.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { type DingTalkRenderOptions, renderDigest, renderNotice } from "./render.ts";

export type DingTalkComposeContext = ComposeContext & DingTalkRenderOptions;

export interface Composed {
  message: DingTalkMessage;
  /** Variables the custom content references that have no value (rendered empty). */
  unknownVariables: string[];
  /** `at:` entries that resolved to neither a mobile nor `all` (nor a user id DingTalk cannot mention). */
  droppedMentions: string[];
  /** Whether fitting cut something. */
  truncated: boolean;
  /** Size of the JSON body in UTF-8 bytes. */
  bytes: number;
}

export function composeDetailed(
  rule: NotificationRule,
  event: PipelineEvent,
  ctx: DingTalkComposeContext = {},
): Composed {
  const notice = composeNotice(rule, event, ctx);
  const rendered = renderNotice(notice, ctx);
  return {
    message: rendered.message,
    unknownVariables: notice.unknownVariables,
    droppedMentions: [...notice.droppedMentions, ...rendered.unmentionable],
    truncated: rendered.truncated,
    bytes: rendered.bytes,
  };
}

/** The DingTalk message one notification rule sends for one event: markdown, or an actionCard. */
export function compose(
  rule: NotificationRule,
  event: PipelineEvent,
  ctx: DingTalkComposeContext = {},
): DingTalkMessage {
  return composeDetailed(rule, event, ctx).message;
}

/** One DingTalk markdown message accounting for every item of a robot's backlog. */
export function composeDigest(
  items: readonly DigestItem[],
  ctx: DingTalkComposeContext = {},
): DingTalkMessage {
  return renderDigest(digestNotice(items, ctx), ctx).message;
}
