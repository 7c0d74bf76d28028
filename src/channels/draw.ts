/**
 * Each robot kind's message drawn as its app shows it, for the console's preview and deliveries,
 * `preview --html` and the emulator's page. Browser-safe: no Node imports.
 */
import { DINGTALK_CSS, drawDingTalk } from "./dingtalk/draw.ts";
import { drawDingTalkApp } from "./dingtalk_app/draw.ts";
import { drawFeishu, FEISHU_CSS } from "./feishu/draw.ts";
import type { ChannelKind } from "./kinds.ts";
import { drawWeCom, WECOM_CSS } from "./wecom/draw.ts";

const DRAW: Readonly<Record<ChannelKind, (body: unknown) => string>> = {
  dingtalk: (body) => drawDingTalk(body as Parameters<typeof drawDingTalk>[0]),
  wecom: drawWeCom,
  feishu: drawFeishu,
  dingtalk_app: drawDingTalkApp,
};

/** The chat bubble (or card) for one message of a robot kind, as safe HTML. */
export function drawMessage(kind: ChannelKind | undefined, body: unknown): string {
  return (DRAW[kind ?? "dingtalk"] ?? DRAW.dingtalk)(body);
}

/** Styles for every kind's drawing (class names start with `dp-`). */
export const CHANNEL_CSS = `${DINGTALK_CSS}${WECOM_CSS}${FEISHU_CSS}`;

/**
 * The kind a stored message was written for, from its shape, when its credential is gone: Feishu
 * bodies carry `msg_type`, WeCom markdown `markdown.content`; everything else reads as DingTalk's.
 */
export function guessKind(body: unknown): ChannelKind {
  const b = (body ?? {}) as { msg_type?: unknown; markdown?: { content?: unknown } };
  if (typeof b.msg_type === "string") return "feishu";
  if (typeof (b as { msgKey?: unknown }).msgKey === "string") return "dingtalk_app";
  if (typeof b.markdown?.content === "string") return "wecom";
  return "dingtalk";
}
