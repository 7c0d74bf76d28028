/**
 * An app robot message drawn as DingTalk shows it — the webhook robot's bubbles (markdown, a card with
 * one button). Takes the message (`{msgKey, msgParam}`) or the request body as sent (msgParam a JSON
 * string). Browser-safe.
 */
import type { DingTalkMessage } from "../../dingtalk/message.ts";
import { renderMessage } from "../../dingtalk/render.ts";

export function drawDingTalkApp(body: unknown): string {
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
