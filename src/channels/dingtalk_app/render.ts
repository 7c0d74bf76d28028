/**
 * A Notice (and a digest) as an app robot group message: the DingTalk webhook robot's markdown (the
 * same words and facts, src/channels/dingtalk/render.ts) as `sampleMarkdown`, or `sampleActionCard`
 * with one button to the run for `style: action_card`, fitted so `msgParam` stays within 15,000
 * bytes. An app robot message cannot @-mention: every mention comes back as `unmentionable`. A
 * `run_card` notice rendered as a message (the event has no run to keep a card for) says why.
 */

import type { DingTalkMessage } from "../../dingtalk/message.ts";
import {
  type AppMessage,
  appActionCard,
  appMarkdown,
  MAX_MSG_PARAM_BYTES,
} from "../../dingtalk-app/messages.ts";
import { type MessageLocale, t } from "../../notify/i18n/index.ts";
import type { DigestNotice, Notice } from "../../notify/notice.ts";
import type { Rendered } from "../channel.ts";
import {
  renderDigest as renderDingTalkDigest,
  renderNotice as renderDingTalkNotice,
} from "../dingtalk/render.ts";

/**
 * Why a run_card notice became a message (the service sends a card when the event names its run), in
 * the notice's language, in italics.
 */
export function noRunNote(locale: MessageLocale): string {
  return `_${t(locale, "noRunCard")}_`;
}

/**
 * The markdown body of the webhook robot's message, minus what an app message has no room for; a
 * button without a title gets the catalogue's "查看详情" / "View run".
 */
export function toApp(message: DingTalkMessage, locale: MessageLocale): AppMessage {
  if (message.msgtype === "actionCard" && message.actionCard.singleURL) {
    return appActionCard({
      title: message.actionCard.title,
      text: message.actionCard.text,
      buttonTitle: message.actionCard.singleTitle ?? t(locale, "viewRun"),
      url: message.actionCard.singleURL,
    });
  }
  if (message.msgtype === "markdown") return appMarkdown(message.markdown.title, message.markdown.text);
  throw new Error(`unexpected message type ${message.msgtype}`);
}

const bytesOf = (m: AppMessage) => Buffer.byteLength(JSON.stringify(m.msgParam), "utf8");

function mentionsOf(notice: { mentions: Notice["mentions"] }): string[] {
  return [...notice.mentions.mobiles, ...notice.mentions.userIds, ...(notice.mentions.all ? ["all"] : [])];
}

function rendered(message: AppMessage, truncated: boolean, unmentionable: string[]): Rendered {
  return {
    body: message,
    type: message.msgKey,
    bytes: bytesOf(message),
    maxBytes: MAX_MSG_PARAM_BYTES,
    truncated,
    unmentionable,
  };
}

/**
 * The webhook robot's JSON body carries `msgtype` and the message's fields around the text; msgParam is
 * the fields alone, so fitting the body to the limit keeps msgParam within it too.
 */
export function renderAppNotice(notice: Notice): Rendered {
  const note = noRunNote(notice.locale);
  const plain: Notice = {
    ...notice,
    mentions: { mobiles: [], userIds: [], all: false },
    ...(notice.style === "run_card"
      ? { custom: notice.custom === undefined ? note : `${notice.custom}\n\n${note}` }
      : {}),
  };
  const r = renderDingTalkNotice(plain, { maxBytes: MAX_MSG_PARAM_BYTES });
  return rendered(toApp(r.message, notice.locale), r.truncated, mentionsOf(notice));
}

export function renderAppDigest(digest: DigestNotice): Rendered {
  const plain: DigestNotice = { ...digest, mentions: { mobiles: [], userIds: [], all: false } };
  const r = renderDingTalkDigest(plain, { maxBytes: MAX_MSG_PARAM_BYTES });
  return rendered(toApp(r.message, digest.locale), r.truncated, mentionsOf(digest));
}
