/**
 * Neutralizing untrusted values (commit messages, branch names, PR titles, names, log tails,
 * webhook variables) before they enter a DingTalk markdown message.
 *
 * DingTalk's markdown renderer is not documented well enough to rely on backslash escapes, so
 * syntax characters are replaced by their full-width look-alikes, which no renderer treats as
 * markup: the text still reads the same on a phone, but cannot become a link, image, heading,
 * quote, list, HTML tag (`<font>`), bold/italic or a mention. See docs/templates.md.
 */

/** Characters that must never survive in untrusted text, wherever they are. */
const ANYWHERE: Record<string, string> = {
  "*": "＊",
  "[": "［",
  "]": "］",
  "@": "＠",
  "`": "｀",
};

/** Characters that start a block (heading, quote, list, setext underline) at the start of a line. */
const LINE_START: Record<string, string> = {
  "#": "＃",
  ">": "＞",
  "-": "－",
  "+": "＋",
  "=": "＝",
  "|": "｜",
};

// C0/C1 controls except \n, and the bidi controls (marks, embeddings, overrides, isolates) that can
// reorder what a reader sees.
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface EscapeOptions {
  /**
   * The value is written after other text on its line ("**Branch** <value>", a link's label), so
   * its first line cannot start a block: `#`, `>`, `-`… there stay as they are.
   */
  midLine?: boolean;
}

/**
 * Escape an untrusted value for DingTalk markdown. Newlines are kept (callers of one-line
 * values use {@link oneLine} first); every line is neutralized on its own.
 */
export function escapeMarkdown(value: string, options: EscapeOptions = {}): string {
  const text = value.replace(/\r\n?/g, "\n").replace(/\t/g, " ").replace(INVISIBLE, "");
  return text
    .split("\n")
    .map((line, i) => escapeLine(line, !(i === 0 && options.midLine)))
    .join("\n");
}

function escapeLine(line: string, lineStart: boolean): string {
  let out = line.replace(/[*[\]@`]/g, (c) => ANYWHERE[c] ?? c);
  // `_` only emphasizes at a word boundary: keep it inside words (feature_login_v2).
  out = out.replace(/_/g, (c, i: number, s: string) => {
    const before = s[i - 1] ?? " ";
    const after = s[i + 1] ?? " ";
    return /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after) ? c : "＿";
  });
  // HTML-looking tags (<font …>, <a …>, </…>, <!-- …>) and autolinks (<http://…>).
  out = out.replace(/<(?=[A-Za-z/!?])/g, "＜");
  // A backslash could escape the markup that follows the value: keep it away from punctuation.
  out = out.replace(/\\(?=[!-/:-@[-`{-~]|$)/g, "＼");
  // `![` is already broken by `[`. Indentation would make a code block: use no-break spaces.
  out = out.replace(/^[ ]+/, (s) => "\u00a0".repeat(s.length));
  const lead = lineStart ? /^(\u00a0*)(.)/u.exec(out) : null;
  if (lead) {
    const [, pad = "", first = ""] = lead;
    const rest = out.slice(pad.length + first.length);
    const replaced = LINE_START[first];
    if (replaced) out = pad + replaced + rest;
    else if (/^\d/.test(first))
      out =
        pad +
        first +
        rest.replace(/^(\d*)([.)])/, (_m, d: string, p: string) => d + (p === "." ? "．" : "）"));
  }
  return out;
}

/**
 * An untrusted value for plain text — a message's title (the chat list, the push banner): one line,
 * without control or bidi characters (NUL, BEL, ESC, U+202E…), nothing else changed (no markup there).
 */
export function plainText(value: string): string {
  return oneLine(value.replace(/\t/g, " ").replace(INVISIBLE, ""));
}

/** Collapse a value to one line: line breaks and runs of white space become one space. */
export function oneLine(value: string): string {
  return value.replace(/\s+/gu, " ").trim();
}

/** The same value, one line and escaped: what every untrusted one-line field goes through. */
export function escapeInline(value: string, options: EscapeOptions = {}): string {
  return escapeMarkdown(oneLine(value), options);
}

/**
 * What a link's URL cannot hold as it is inside `[text](url)` (or an HTML attribute a renderer
 * makes of it): parentheses and brackets (they end the link or start another), angle brackets,
 * quotes, backtick and backslash (HTML, code, escapes), space, `|` `{` `}` `^` (not URL characters
 * at all) and control characters. Everything else a URL may contain stays as it is: `_` `@` `*` `~`
 * `!` `$` `&` `+` `,` `;` `=` `:` — GitLab's `/-/merge_requests/12` or Jenkins' `job/web_release/`
 * must reach the server unchanged, since `%5F` is not `_` to a router.
 */
const LINK_UNSAFE = /[()[\]<>"'`\\ |{}^\u0000-\u001f\u007f]/g;

function percent(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * A URL that is safe inside `[text](url)`: only http(s), no user info, and every character that
 * could end the link or start markup percent-encoded ({@link LINK_UNSAFE}); the host is left as the
 * URL parser wrote it (an IPv6 host keeps its brackets). Anything else gives undefined, so a
 * `javascript:` or `data:` link is never written into a message.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (typeof url !== "string") return undefined;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  if (parsed.username || parsed.password) return undefined;
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`.replace(LINK_UNSAFE, percent);
  return `${parsed.protocol}//${parsed.host}${rest}`;
}

/** `[text](url)` with the text escaped, or the escaped text alone when the URL is not safe. */
export function markdownLink(text: string, url: string | undefined): string {
  const label = escapeInline(text, { midLine: true });
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}
