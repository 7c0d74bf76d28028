/**
 * Neutralizing untrusted values (commit messages, branch names, PR titles, names, log tails,
 * webhook variables) before they enter a DingTalk markdown message.
 *
 * DingTalk's markdown renderer is not documented well enough to rely on backslash escapes, so
 * syntax characters are replaced by their full-width look-alikes, which no renderer treats as
 * markup: the text still reads the same on a phone, but cannot become a link, image, heading,
 * quote, list, code block, HTML tag (`<font>`), bold/italic or a mention, and character references
 * (`&#64;`) and backslash escapes cannot turn into the characters they name. Invisible characters that
 * reorder or hide text are dropped. See docs/templates.md.
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
  "~": "～",
};

/**
 * Characters nobody sees that change what a reader sees: C0/C1 controls except \n, the bidi marks,
 * embeddings, overrides and isolates (which can reorder a line: "\u202egnp.exe" reads "exe.png"),
 * and the zero-width and other invisible format characters (which can hide inside a name or split a
 * word). The zero-width joiner and non-joiner are kept where scripts and emoji need them (see
 * {@link JOINER}); tag characters only inside an emoji flag sequence.
 */
const INVISIBLE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{e0001}]|(?<!\u{1f3f4}[\u{e0020}-\u{e007e}]*)[\u{e0020}-\u{e007f}]/gu;

/**
 * ZWJ joins emoji into one picture (👩‍💻) and ZWNJ/ZWJ shape letters in Persian and Indic scripts:
 * kept between two such characters, dropped anywhere else (where they only hide in a word).
 */
const JOINER = /[\u200c\u200d]/g;
const JOINABLE = lazyRegExp(
  "\\p{Extended_Pictographic}|\\p{Emoji_Modifier}|\\ufe0f|(?!\\p{ASCII})[\\p{L}\\p{M}]",
);
/** A letter or digit of any script: `_` between two stays (feature_login_v2). */
const WORD_CHARACTER = lazyRegExp("[\\p{L}\\p{N}]");

/**
 * A `u` regular expression built on its first use. A Unicode property class (\p{L}…) takes V8 ~0.5 ms to
 * parse and build, on every start of the process, in a literal even where it never runs; most values
 * have no joiner and no `_`, and a pipeline step is a fresh process.
 */
function lazyRegExp(source: string): { test(s: string): boolean } {
  let re: RegExp | undefined;
  return {
    test(s) {
      re ??= new RegExp(source, "u");
      return re.test(s);
    },
  };
}

/** The code point that ends just before `i` / starts at `i` (whole surrogate pairs). */
const charBefore = (s: string, i: number) => Array.from(s.slice(Math.max(0, i - 2), i)).at(-1) ?? "";
const charAfter = (s: string, i: number) => String.fromCodePoint(s.codePointAt(i) ?? 32);

/** Line breaks: CR LF, CR, and the line and paragraph separators (some clients break the line there). */
const LINE_BREAK = /\r\n?|[\u2028\u2029]/g;

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
  const text = visible(value.replace(LINE_BREAK, "\n"));
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
    return WORD_CHARACTER.test(before) && WORD_CHARACTER.test(after) ? c : "＿";
  });
  // HTML-looking tags (<font …>, <a …>, </…>, <!-- …>) and autolinks (<http://…>).
  out = out.replace(/<(?=[A-Za-z/!?])/g, "＜");
  // A character reference (&#64; &lt; &#x202e;) would be decoded into the character it names.
  out = out.replace(/&(?=#\d{1,7};|#[xX][\da-fA-F]{1,6};|[A-Za-z][A-Za-z\d]{1,31};)/g, "＆");
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
  return oneLine(visible(value));
}

/** Tabs as spaces, without the invisible characters (joiners kept only where scripts and emoji need them). */
function visible(value: string): string {
  return value
    .replace(/\t/g, " ")
    .replace(INVISIBLE, "")
    .replace(JOINER, (c, i: number, s: string) =>
      JOINABLE.test(charBefore(s, i)) && JOINABLE.test(charAfter(s, i + 1)) ? c : "",
    );
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
