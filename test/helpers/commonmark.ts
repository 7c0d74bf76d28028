/**
 * An oracle for "this text has no markup", independent of dingpipe's own code: commonmark.js (the
 * CommonMark spec's reference implementation) parses the text, and DingTalk's own quirks — what its
 * renderer and clients do beyond CommonMark, from docs/dingtalk-robot-api.md — are checked as rules
 * written here, not taken from src/.
 */
import { HtmlRenderer, type Node, Parser } from "commonmark";

const parser = new Parser();
const renderer = new HtmlRenderer();

export function parse(markdown: string): Node {
  return parser.parse(markdown);
}

/** CommonMark's HTML for `markdown` (raw HTML passed through, as DingTalk does with `<font>`). */
export function toHtml(markdown: string): string {
  return renderer.render(parse(markdown));
}

/** Every node under `root` (root included), in document order. */
export function nodes(root: Node): Node[] {
  const out: Node[] = [];
  const walker = root.walker();
  for (let step = walker.next(); step !== null; step = walker.next()) if (step.entering) out.push(step.node);
  return out;
}

/** The text a reader sees: text and code literals, line breaks as "\n". */
export function plainText(root: Node): string {
  return nodes(root)
    .map((n) =>
      n.type === "text" || n.type === "code"
        ? (n.literal ?? "")
        : n.type === "softbreak" || n.type === "linebreak"
          ? "\n"
          : "",
    )
    .join("");
}

/** Node types that are only text: anything else is markup. */
const TEXT_ONLY = new Set(["document", "paragraph", "text", "softbreak", "linebreak"]);

/** The markup node types CommonMark found in `markdown` (empty: plain text). */
export function markupIn(markdown: string): string[] {
  return [...new Set(nodes(parse(markdown)).map((n) => n.type))].filter((t) => !TEXT_ONLY.has(t));
}

/** Characters compared, white space aside (CommonMark trims line ends; the visible characters count). */
export const visible = (s: string) => s.replace(/\s+/gu, "");

/**
 * What DingTalk does beyond CommonMark, as rules (docs/dingtalk-robot-api.md §1): `@…` in the text
 * highlights a mention; `<font color=…>` and other HTML works "unofficially"; its renderer is not
 * CommonMark, so a block marker after leading white space of any kind (no-break, ideographic) or
 * without the space CommonMark requires (`#title`, `1.x`) may still start a block. Plus what no
 * renderer shows: control, bidi and zero-width characters, and character references it may decode.
 * Returns every hazard found, each naming the line.
 */
export function dingTalkHazards(text: string, options: { midLine?: boolean } = {}): string[] {
  const hazards: string[] = [];
  text.split("\n").forEach((line, i) => {
    const where = `line ${i + 1} ${JSON.stringify(line)}`;
    const start = line.replace(/^[\s\u00a0\u3000\u200b-\u200d\ufeff]+/u, "");
    if (!(i === 0 && options.midLine) && /^([#>+*=|~`_-]|\d{1,9}[.)])/.test(start))
      hazards.push(`${where} starts a block`);
    if (/@/.test(line)) hazards.push(`${where} has an @ (a mention)`);
    if (/<[A-Za-z/!?]/.test(line)) hazards.push(`${where} has an HTML tag or autolink`);
    if (/&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(line)) hazards.push(`${where} has a character reference`);
    if (/[*`[\]]/.test(line)) hazards.push(`${where} has emphasis, code or link brackets`);
  });
  const invisible =
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u2028\u2029]/u.exec(
      text,
    );
  if (invisible)
    hazards.push(
      `U+${invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} is invisible`,
    );
  for (const m of text.matchAll(/[\u200c\u200d]/g)) {
    const before = Array.from(text.slice(0, m.index)).at(-1) ?? "";
    const after = Array.from(text.slice(m.index + 1))[0] ?? "";
    const joins = (c: string) =>
      /\p{Extended_Pictographic}|\ufe0f|\p{Emoji_Modifier}/u.test(c) || /[^\p{ASCII}]/u.test(c);
    if (!joins(before) || !joins(after)) hazards.push(`a joiner at ${m.index} joins nothing`);
  }
  return hazards;
}
