/**
 * An app robot message drawn as DingTalk shows it — the webhook robot's bubbles (markdown, a card with
 * one button). Takes the message (`{msgKey, msgParam}`) or the request body as sent (msgParam a JSON
 * string). Browser-safe.
 */
import type { DingTalkMessage } from "../../dingtalk/message.ts";
import { renderMessage } from "../../dingtalk/render.ts";

/** A StandardCard (a run card) as one card bubble: its title, its markdown parts, its first link as the button. */
function drawStandardCard(card: {
  header?: { title?: { text?: unknown } };
  contents?: Array<{
    type?: unknown;
    text?: unknown;
    actions?: Array<{ label?: { text?: unknown }; url?: { all?: unknown } }>;
  }>;
}): string {
  const title = typeof card.header?.title?.text === "string" ? card.header.title.text : "";
  const parts = (card.contents ?? [])
    .map((c) => (c.type === "markdown" && typeof c.text === "string" ? c.text : ""))
    .filter((t) => t !== "");
  const link = (card.contents ?? []).flatMap((c) => c.actions ?? [])[0];
  const button =
    link && typeof link.url?.all === "string"
      ? { singleTitle: typeof link.label?.text === "string" ? link.label.text : "", singleURL: link.url.all }
      : {};
  return renderMessage({
    msgtype: "actionCard",
    actionCard: { title, text: [`### ${title}`, ...parts].join("\n\n"), ...button },
  });
}

export function drawDingTalkApp(body: unknown): string {
  if (typeof body === "object" && body !== null && "header" in body && "contents" in body) {
    return drawStandardCard(body as Parameters<typeof drawStandardCard>[0]);
  }
  const b = (body ?? {}) as { msgKey?: unknown; msgParam?: unknown };
  let param: Record<string, unknown> = {};
  try {
    param = (typeof b.msgParam === "string" ? JSON.parse(b.msgParam) : (b.msgParam ?? {})) as Record<
      string,
      unknown
    >;
  } catch {
    // drawn as an empty bubble
  }
  const s = (key: string) => (typeof param[key] === "string" ? (param[key] as string) : "");
  let message: DingTalkMessage;
  if (b.msgKey === "sampleText") message = { msgtype: "text", text: { content: s("content") } };
  else if (b.msgKey === "sampleActionCard") {
    message = {
      msgtype: "actionCard",
      actionCard: {
        title: s("title"),
        text: s("text"),
        singleTitle: s("singleTitle"),
        singleURL: s("singleURL"),
      },
    };
  } else message = { msgtype: "markdown", markdown: { title: s("title"), text: s("text") } };
  return renderMessage(message);
}
