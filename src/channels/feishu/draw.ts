/**
 * A Feishu / Lark bot message drawn as the Feishu app shows it: an interactive card (coloured
 * header, short fields two by two, lark_md blocks, buttons) or a text message. Pure string
 * functions, no Node imports: the console, `preview --html` and the emulator's page use them.
 * Everything is escaped; only http(s) links survive.
 */
import { escapeHtml, safeUrl } from "../../dingtalk/render.ts";

const HEADER: Record<string, string> = {
  red: "#f54a45",
  green: "#34c724",
  grey: "#8f959e",
  orange: "#ff8800",
  blue: "#3370ff",
  wathet: "#4cb2ff",
  turquoise: "#14c0ff",
  yellow: "#ffc60a",
  carmine: "#f01d94",
  violet: "#d136d1",
  purple: "#7f3bf5",
  indigo: "#4954e6",
};

const INLINE = new RegExp(
  [
    `<at\\s+id=["']?([A-Za-z0-9_]+)["']?\\s*>\\s*</at>`, // 1 id
    `\\[([^\\]]+)\\]\\(\\s*([^()\\s]+)\\s*\\)`, // 2 text, 3 href
    `\\*\\*(?=\\S)([\\s\\S]+?)(?<=\\S)\\*\\*`, // 4 bold
    `~~(?=\\S)([\\s\\S]+?)(?<=\\S)~~`, // 5 strike
    `\\*(?=[^\\s*])([^*]+?)(?<=[^\\s*])\\*`, // 6 italic
  ].join("|"),
  "g",
);

/** lark_md as HTML: mentions, links, bold, strikethrough, italics; line breaks kept. */
export function drawLarkMd(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    let html: string | undefined;
    if (m[1] !== undefined)
      html = `<span class="dp-at">@${m[1] === "all" ? "所有人" : escapeHtml(m[1])}</span>`;
    else if (m[3] !== undefined) {
      const href = safeUrl(m[3], true);
      if (href)
        html = `<a href="${href}" target="_blank" rel="noopener noreferrer">${drawLarkMd(m[2] ?? "")}</a>`;
    } else if (m[4] !== undefined) html = `<strong>${drawLarkMd(m[4])}</strong>`;
    else if (m[5] !== undefined) html = `<del>${drawLarkMd(m[5])}</del>`;
    else if (m[6] !== undefined) html = `<em>${drawLarkMd(m[6])}</em>`;
    if (html === undefined) continue;
    out += escapeHtml(text.slice(last, m.index)) + html;
    last = m.index + m[0].length;
  }
  return (out + escapeHtml(text.slice(last))).replace(/\n/g, "<br>");
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown) => (typeof v === "string" ? v : "");

function textOf(t: unknown): string {
  const o = obj(t);
  return o["tag"] === "lark_md"
    ? drawLarkMd(str(o["content"]))
    : escapeHtml(str(o["content"])).replace(/\n/g, "<br>");
}

function element(e: Obj): string {
  if (e["tag"] === "hr") return `<hr class="dp-fs-hr">`;
  if (e["tag"] === "div") {
    const fields = Array.isArray(e["fields"]) ? e["fields"].map(obj) : [];
    if (fields.length > 0) {
      return `<div class="dp-fs-fields">${fields
        .map((f) => `<div class="dp-fs-field${f["is_short"] ? " short" : ""}">${textOf(f["text"])}</div>`)
        .join("")}</div>`;
    }
    return `<div class="dp-fs-div">${textOf(e["text"])}</div>`;
  }
  if (e["tag"] === "action") {
    const actions = Array.isArray(e["actions"]) ? e["actions"].map(obj) : [];
    return `<div class="dp-fs-actions">${actions
      .map((a) => {
        const href = safeUrl(str(a["url"]), true);
        const label = escapeHtml(str(obj(a["text"])["content"]));
        const kind = a["type"] === "danger" ? "danger" : a["type"] === "primary" ? "primary" : "default";
        return href
          ? `<a class="dp-fs-btn ${kind}" href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`
          : `<span class="dp-fs-btn ${kind}">${label}</span>`;
      })
      .join("")}</div>`;
  }
  return "";
}

export function drawFeishu(body: unknown): string {
  const m = obj(body);
  if (m["msg_type"] === "interactive") {
    const card = obj(m["card"]);
    const header = obj(card["header"]);
    const colour = HEADER[str(header["template"])] ?? HEADER["blue"];
    const title = escapeHtml(str(obj(header["title"])["content"]));
    const elements = (Array.isArray(card["elements"]) ? card["elements"] : [])
      .map((e) => element(obj(e)))
      .join("");
    return `<div class="dp-msg dp-feishu dp-fs-card"><div class="dp-fs-header" style="background:${colour}">${title}</div><div class="dp-fs-body">${elements}</div></div>`;
  }
  if (m["msg_type"] === "text") {
    const text = str(obj(m["content"])["text"]);
    const html = escapeHtml(text)
      .replace(
        /&lt;at user_id=(?:&quot;|&#39;)?([A-Za-z0-9_]+)(?:&quot;|&#39;)?&gt;[^&]*&lt;\/at&gt;/g,
        (_m, id: string) => `<span class="dp-at">@${id === "all" ? "所有人" : id}</span>`,
      )
      .replace(/\n/g, "<br>");
    return `<div class="dp-msg dp-feishu dp-text">${html}</div>`;
  }
  return `<div class="dp-msg dp-unsupported">unsupported Feishu message type ${escapeHtml(str(m["msg_type"]))}</div>`;
}

export const FEISHU_CSS = `
.dp-feishu.dp-fs-card{padding:0;overflow:hidden;border:1px solid #dee0e3}
.dp-fs-header{color:#fff;font-weight:600;padding:10px 12px}
.dp-fs-body{padding:10px 12px}
.dp-fs-fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-bottom:8px}
.dp-fs-field:not(.short){grid-column:1/-1}
.dp-fs-div{margin-bottom:8px}
.dp-fs-hr{border:none;border-top:1px solid #dee0e3;margin:8px 0}
.dp-fs-actions{display:flex;gap:8px;flex-wrap:wrap}
.dp-fs-btn{display:inline-block;padding:5px 14px;border-radius:6px;border:1px solid #d0d3d6;color:#1f2329!important;font-size:14px}
.dp-fs-btn.primary{background:#3370ff;border-color:#3370ff;color:#fff!important}
.dp-fs-btn.danger{background:#f54a45;border-color:#f54a45;color:#fff!important}
`;
