/**
 * A WeCom robot message drawn as the WeCom app shows it: markdown (every line break kept, the
 * three font colours), or text with its mentions listed after it. Pure string functions, no Node
 * imports: the console, `preview --html` and the emulator's page use them. Everything is escaped.
 */
import { escapeHtml, renderMarkdown } from "../../dingtalk/render.ts";

const COLOURS: Record<string, string> = { info: "#2ba245", comment: "#8f959e", warning: "#f0701a" };

/** WeCom markdown as HTML: DingTalk's subset, but a single line break breaks the line. */
function drawMarkdown(content: string): string {
  const coloured = content.replace(
    /<font\s+color\s*=\s*(["']?)(info|comment|warning)\1\s*>/gi,
    (_m, _q: string, name: string) => `<font color="${COLOURS[name.toLowerCase()] ?? "#1f2329"}">`,
  );
  return renderMarkdown(
    coloured
      .split("\n")
      .map((line) => (line.trim() === "" ? line : `${line}  `))
      .join("\n"),
  );
}

export function drawWeCom(body: unknown): string {
  const m = (body ?? {}) as {
    msgtype?: unknown;
    markdown?: { content?: unknown };
    text?: { content?: unknown; mentioned_mobile_list?: unknown; mentioned_list?: unknown };
  };
  if (m.msgtype === "markdown") {
    return `<div class="dp-msg dp-wecom dp-markdown"><div class="dp-md">${drawMarkdown(String(m.markdown?.content ?? ""))}</div></div>`;
  }
  if (m.msgtype === "text") {
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    const mentioned = [...list(m.text?.mentioned_list), ...list(m.text?.mentioned_mobile_list)];
    const unique = [...new Set(mentioned)];
    const ats = unique
      .map((who) => `<span class="dp-at">@${escapeHtml(who === "@all" ? "所有人" : who)}</span>`)
      .join(" ");
    const content = escapeHtml(String(m.text?.content ?? "")).replace(/\n/g, "<br>");
    return `<div class="dp-msg dp-wecom dp-text">${content}${ats ? `<div class="dp-ats">${ats}</div>` : ""}</div>`;
  }
  return `<div class="dp-msg dp-unsupported">unsupported WeCom message type ${escapeHtml(String(m.msgtype))}</div>`;
}

export const WECOM_CSS = `
.dp-wecom{border-radius:4px}
.dp-wecom .dp-md h1,.dp-wecom .dp-md h2,.dp-wecom .dp-md h3{font-size:1.05em}
.dp-ats{margin-top:6px}
`;
