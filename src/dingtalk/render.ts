/**
 * DingTalk's rendering of robot messages, as HTML: `renderMarkdown` for DingTalk's markdown subset
 * and `renderMessage` for the chat bubble of any message type, styled by `MESSAGE_CSS`.
 * Pure string functions with no Node imports: the browser console and `preview --html` bundle them.
 * Everything from the message is escaped; only http/https/dingtalk links and http/https images
 * survive, and `<font color=…>` is the only HTML tag honoured.
 */
import type { At, DingTalkMessage } from "./message.ts";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The URL escaped for an attribute when its scheme is allowed, else undefined. */
export function safeUrl(url: string | undefined, images = false): string | undefined {
  if (typeof url !== "string") return undefined;
  const trimmed = url.trim();
  const allowed = images ? /^https?:\/\/[^\s]+$/i : /^(?:https?|dingtalk):\/\/[^\s]+$/i;
  return allowed.test(trimmed) ? escapeHtml(trimmed) : undefined;
}

const HEX = "#(?:[0-9a-f]{8}|[0-9a-f]{6}|[0-9a-f]{3,4})";
const INLINE = new RegExp(
  [
    `<font\\s+color\\s*=\\s*(["']?)(${HEX}|[a-z]{1,20})\\1\\s*>([\\s\\S]*?)</font\\s*>`, // 1 quote, 2 color, 3 inner
    `!\\[([^\\]]*)\\]\\(\\s*([^()\\s]+)(?:\\s+"[^"]*")?\\s*\\)`, // 4 alt, 5 src
    `\\[([^\\]]+)\\]\\(\\s*([^()\\s]+)(?:\\s+"[^"]*")?\\s*\\)`, // 6 text, 7 href
    `\\*\\*(?=\\S)([\\s\\S]+?)(?<=\\S)\\*\\*`, // 8 bold
    `\\*(?=[^\\s*])([^*]+?)(?<=[^\\s*])\\*`, // 9 italic
  ].join("|"),
  "gi",
);

/** Inline markdown: font colour, images, links, bold, italic; everything else escaped. */
function inline(text: string, inLink = false): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const [whole] = m;
    const start = m.index;
    let html: string | undefined;
    if (m[2] !== undefined) {
      html = `<span style="color:${m[2].toLowerCase()}">${inline(m[3] ?? "", inLink)}</span>`;
    } else if (m[5] !== undefined) {
      const src = safeUrl(m[5], true);
      if (src)
        html = `<img class="dp-img" src="${src}" alt="${escapeHtml(m[4] ?? "")}" loading="lazy" referrerpolicy="no-referrer">`;
    } else if (m[7] !== undefined) {
      const href = safeUrl(m[7]);
      if (href && !inLink) {
        html = `<a href="${href}" target="_blank" rel="noopener noreferrer">${inline(m[6] ?? "", true)}</a>`;
      }
    } else if (m[8] !== undefined) {
      html = `<strong>${inline(m[8], inLink)}</strong>`;
    } else if (m[9] !== undefined) {
      html = `<em>${inline(m[9], inLink)}</em>`;
    }
    if (html === undefined) continue; // not allowed: stays literal text
    out += escapeHtml(text.slice(last, start)) + html;
    last = start + whole.length;
  }
  return out + escapeHtml(text.slice(last));
}

/** Lines of one block: a line ending in two spaces breaks, a single newline is a space. */
function joinLines(lines: string[]): string {
  return lines
    .map((line, i) => {
      const hardBreak = /[ ]{2,}$/.test(line) && i < lines.length - 1;
      return inline(line.trim()) + (i === lines.length - 1 ? "" : hardBreak ? "<br>" : " ");
    })
    .join("");
}

type Block =
  | { kind: "p"; lines: string[] }
  | { kind: "quote"; lines: string[] }
  | { kind: "ul"; start: number; items: string[][] }
  | { kind: "ol"; start: number; items: string[][] };

function renderBlock(block: Block): string {
  if (block.kind === "p") return `<p>${joinLines(block.lines)}</p>`;
  if (block.kind === "quote") return `<blockquote>${joinLines(block.lines)}</blockquote>`;
  const items = block.items.map((item) => `<li>${joinLines(item)}</li>`).join("");
  const start = block.kind === "ol" && block.start !== 1 ? ` start="${block.start}"` : "";
  return `<${block.kind}${start}>${items}</${block.kind}>`;
}

/** DingTalk's markdown subset as safe HTML. Tables, code blocks, rules and ~~strike~~ stay literal. */
export function renderMarkdown(text: string): string {
  const out: string[] = [];
  let block: Block | undefined;
  const flush = () => {
    if (block) out.push(renderBlock(block));
    block = undefined;
  };
  for (const raw of String(text ?? "").split(/\r\n?|\n/)) {
    const line = raw.replace(/^[ \t]+/, "");
    if (line.trim() === "") {
      flush();
      continue;
    }
    const heading = /^(#{1,6})[ \t]+(.*)$/.exec(line);
    const quote = /^>[ \t]?(.*)$/.exec(line);
    const bullet = /^-[ \t]+(.*)$/.exec(line);
    const numbered = /^(\d{1,9})\.[ \t]+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]?.length ?? 1;
      out.push(`<h${level}>${inline((heading[2] ?? "").replace(/[ \t]+#+[ \t]*$/, "").trim())}</h${level}>`);
    } else if (quote) {
      const content = quote[1] ?? "";
      if (block?.kind === "quote") block.lines.push(content);
      else {
        flush();
        block = { kind: "quote", lines: [content] };
      }
    } else if (bullet) {
      const item = [bullet[1] ?? ""];
      if (block?.kind === "ul") block.items.push(item);
      else {
        flush();
        block = { kind: "ul", start: 1, items: [item] };
      }
    } else if (numbered) {
      const item = [numbered[2] ?? ""];
      if (block?.kind === "ol") block.items.push(item);
      else {
        flush();
        block = { kind: "ol", start: Number(numbered[1]), items: [item] };
      }
    } else if (block?.kind === "ul" || block?.kind === "ol") {
      block.items.at(-1)?.push(raw); // continuation of the last item
    } else if (block?.kind === "p" || block?.kind === "quote") {
      block.lines.push(raw);
    } else {
      block = { kind: "p", lines: [raw] };
    }
  }
  flush();
  return out.join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Plain text with DingTalk's @ highlighting: a mention shows only when it is in `at` AND the text. */
function renderText(content: string, at: At | undefined): string {
  const names = [...(at?.atMobiles ?? []), ...(at?.atUserIds ?? [])].filter(
    (n) => typeof n === "string" && n,
  );
  if (at?.isAtAll) names.push("all", "所有人");
  const escaped = (s: string) => escapeHtml(s).replace(/\n/g, "<br>");
  let html = escaped(content);
  if (names.length > 0) {
    const pattern = new RegExp(
      `@(${names
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join("|")})(?![0-9A-Za-z_])`,
      "g",
    );
    html = "";
    let last = 0;
    for (const m of content.matchAll(pattern)) {
      html += escaped(content.slice(last, m.index)) + `<span class="dp-at">${escapeHtml(m[0])}</span>`;
      last = m.index + m[0].length;
    }
    html += escaped(content.slice(last));
  }
  if (at?.isAtAll && !/@(all|所有人)(?![0-9A-Za-z_])/.test(content))
    html += ` <span class="dp-at">@所有人</span>`;
  return html;
}

/** The chat-list / notification-banner title, shown discreetly under the bubble's content. */
function listTitle(title: string | undefined): string {
  return title ? `<div class="dp-listtitle">${escapeHtml(title)}</div>` : "";
}

function anchorOr(href: string | undefined, cls: string, inner: string): string {
  return href
    ? `<a class="${cls}" href="${href}" target="_blank" rel="noopener noreferrer">${inner}</a>`
    : `<div class="${cls}">${inner}</div>`;
}

function image(url: string | undefined, cls: string): string {
  const src = safeUrl(url, true);
  return src ? `<img class="${cls}" src="${src}" alt="" loading="lazy" referrerpolicy="no-referrer">` : "";
}

/** The chat bubble for one robot message, as DingTalk shows it. */
export function renderMessage(message: DingTalkMessage): string {
  switch (message.msgtype) {
    case "text":
      return `<div class="dp-msg dp-text">${renderText(String(message.text?.content ?? ""), message.at)}</div>`;
    case "markdown":
      return `<div class="dp-msg dp-markdown"><div class="dp-md">${renderMarkdown(message.markdown?.text ?? "")}</div>${listTitle(message.markdown?.title)}</div>`;
    case "link": {
      const l = message.link;
      const inner = `<div class="dp-link-title">${escapeHtml(l.title ?? "")}</div><div class="dp-link-body"><div class="dp-link-text">${escapeHtml(l.text ?? "")}</div>${image(l.picUrl, "dp-link-pic")}</div>`;
      return `<div class="dp-msg dp-link">${anchorOr(safeUrl(l.messageUrl), "dp-link-card", inner)}</div>`;
    }
    case "actionCard": {
      const c = message.actionCard;
      const buttons =
        c.singleTitle !== undefined || c.singleURL !== undefined
          ? [{ title: c.singleTitle ?? "", actionURL: c.singleURL ?? "" }]
          : (c.btns ?? []);
      const orientation = c.btnOrientation === "1" && buttons.length > 1 ? "h" : "v";
      const btns = buttons
        .map((b) => anchorOr(safeUrl(b.actionURL), "dp-btn", escapeHtml(b.title ?? "")))
        .join("");
      return `<div class="dp-msg dp-card"><div class="dp-md">${renderMarkdown(c.text ?? "")}</div><div class="dp-btns dp-btns-${orientation}">${btns}</div>${listTitle(c.title)}</div>`;
    }
    case "feedCard": {
      const links = message.feedCard?.links ?? [];
      const items = links.map((l, i) =>
        i === 0
          ? anchorOr(
              safeUrl(l.messageURL),
              "dp-feed-first",
              `${image(l.picURL, "dp-feed-cover")}<span class="dp-feed-cover-title">${escapeHtml(l.title ?? "")}</span>`,
            )
          : anchorOr(
              safeUrl(l.messageURL),
              "dp-feed-item",
              `<span class="dp-feed-title">${escapeHtml(l.title ?? "")}</span>${image(l.picURL, "dp-feed-pic")}`,
            ),
      );
      return `<div class="dp-msg dp-feed">${items.join("")}</div>`;
    }
    default: {
      const unknown = message as { msgtype?: unknown };
      return `<div class="dp-msg dp-unsupported">unsupported message type ${escapeHtml(String(unknown.msgtype))}</div>`;
    }
  }
}

/** Styles for the bubbles `renderMessage` produces (all classes start with `dp-`). */
export const MESSAGE_CSS = `
.dp-msg{background:#fff;border-radius:8px;padding:10px 12px;max-width:100%;box-sizing:border-box;color:#1f2329;font-size:15px;line-height:1.55;word-wrap:break-word;overflow-wrap:anywhere;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.dp-msg a{color:#0089ff;text-decoration:none}
.dp-at{color:#0089ff}
.dp-md h1,.dp-md h2,.dp-md h3,.dp-md h4,.dp-md h5,.dp-md h6{margin:.2em 0 .35em;line-height:1.3}
.dp-md h1{font-size:1.5em}.dp-md h2{font-size:1.35em}.dp-md h3{font-size:1.2em}.dp-md h4{font-size:1.1em}.dp-md h5,.dp-md h6{font-size:1em}
.dp-md p{margin:0 0 .5em}.dp-md p:last-child{margin-bottom:0}
.dp-md blockquote{margin:0 0 .5em;padding:0 0 0 10px;border-left:3px solid #dee0e3;color:#646a73}
.dp-md ul,.dp-md ol{margin:0 0 .5em;padding-left:1.4em}
.dp-img{max-width:100%;border-radius:4px;display:block;margin:4px 0;min-height:24px;background:#eff0f1}
.dp-listtitle{margin-top:8px;padding-top:6px;border-top:1px solid #eff0f1;font-size:12px;color:#8f959e}
.dp-listtitle::before{content:"in the chat list: "}
.dp-link{padding:0}.dp-link-card{display:block;padding:10px 12px;color:inherit!important}
.dp-link-title{font-weight:600;margin-bottom:4px}
.dp-link-body{display:flex;gap:10px;align-items:flex-start}
.dp-link-text{flex:1;color:#646a73;font-size:13px;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.dp-link-pic{width:56px;height:56px;object-fit:cover;border-radius:4px;background:#eff0f1;flex:none}
.dp-card{padding:0}.dp-card>.dp-md{padding:10px 12px}.dp-card>.dp-listtitle{margin:0;padding:6px 12px}
.dp-btns{display:flex;border-top:1px solid #eff0f1}
.dp-btns-v{flex-direction:column}.dp-btns-v .dp-btn+.dp-btn{border-top:1px solid #eff0f1}
.dp-btns-h .dp-btn{flex:1}.dp-btns-h .dp-btn+.dp-btn{border-left:1px solid #eff0f1}
.dp-btn{display:block;text-align:center;padding:9px 8px;color:#0089ff;font-size:14px}
.dp-feed{padding:0;overflow:hidden}
.dp-feed-first{display:block;position:relative;min-height:120px;background:#c9cdd4;color:#fff!important}
.dp-feed-cover{width:100%;height:150px;object-fit:cover;display:block}
.dp-feed-cover-title{position:absolute;left:0;right:0;bottom:0;padding:8px 12px;background:linear-gradient(transparent,rgba(0,0,0,.6));font-weight:600}
.dp-feed-item{display:flex;align-items:center;gap:10px;padding:8px 12px;border-top:1px solid #eff0f1;color:inherit!important}
.dp-feed-title{flex:1}
.dp-feed-pic{width:40px;height:40px;object-fit:cover;border-radius:4px;background:#eff0f1;flex:none}
.dp-unsupported{color:#8f959e;font-style:italic}
`;
