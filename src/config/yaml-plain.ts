/**
 * A reader for the plain subset of YAML a `.dingpipe.yml` is written in — block mappings and lists,
 * plain and quoted one-line scalars, one-line `[a, b]` lists and `{ k: v }` maps of scalars, `|` / `|-`
 * blocks, comments (commented-out keys too, placed in node ranges as the `yaml` package places them) — that
 * builds the same document the `yaml` package would (its node types, values and source ranges), so
 * the checks after it (shape.ts and on) cannot tell the two apart and point at the same line:column.
 *
 * Why not always the `yaml` package: on a pipeline step it is most of what `notify` adds to `send`
 * (~200 KB of code to load and a cold parse, ~30 ms of a ~100 ms difference; bench/RESULTS.md). Why not
 * a second library: this reader is only a fast path. On anything outside the subset — anchors, aliases,
 * tags, nested or multi-line `{ }`, folded or multi-line scalars, escapes, tabs, CR, a duplicate key, a
 * non-string key, a comment it cannot place as the `yaml` package does, anything the `yaml` package would
 * warn about or refuse — it answers undefined and the caller parses with the `yaml` package, which also
 * words every syntax error. Plain scalars resolve by the YAML 1.2 core schema with the `yaml` package's own
 * patterns. src/config/yaml-plain.test.ts and the config tests (test/helpers/config-diagnostics.ts) read
 * every file both ways and compare.
 */
import type { Document } from "yaml";
import {
  flow,
  flowMap,
  MAP,
  NODE_TYPE,
  OUTSIDE,
  PAIR,
  PLAIN_START,
  type PlainCollection,
  type PlainNode,
  type PlainPair,
  type PlainScalar,
  plainValue,
  quoted,
  SCALAR,
  SEQ,
  scalar,
} from "./yaml-plain-line.ts";

const DOC = Symbol.for("yaml.document");

/** Nesting the reader takes (a `.dingpipe.yml` needs 4 levels). */
const MAX_DEPTH = 16;

// What the reader never takes: tabs, CR, BOM, control characters, the Unicode line separators.
const REFUSED_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/**
 * The document the `yaml` package would make of `text`, or undefined when `text` is outside the subset
 * (the caller then parses it with the `yaml` package). Only what shape.ts reads is there: `contents`,
 * empty `errors` and `warnings`, and `toJS()`.
 */
export function readPlainYaml(text: string): Document | undefined {
  if (!text.endsWith("\n") || REFUSED_CHARACTERS.test(text)) return undefined;
  try {
    const contents = new Reader(text).document();
    const doc = {
      [NODE_TYPE]: DOC,
      contents,
      errors: [],
      warnings: [],
      toJS: () => toJS(doc.contents),
    };
    return doc as unknown as Document;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

function toJS(node: PlainNode | PlainPair): unknown {
  if (node[NODE_TYPE] === SCALAR) return (node as PlainScalar).value;
  const c = node as PlainCollection;
  if (c[NODE_TYPE] === SEQ) return c.items.map((item) => toJS(item as PlainNode));
  const out: Record<string, unknown> = {};
  for (const pair of c.items as PlainPair[]) out[pair.key.value as string] = toJS(pair.value);
  return out;
}

class Reader {
  readonly #text: string;
  /** Where each line starts; the last entry is the text's length. */
  readonly #starts: number[] = [0];
  /** The current line. */
  #line = 0;
  /** Collections open: a file deeper than a `.dingpipe.yml` ever is goes to the full parser. */
  #depth = 0;
  /** The block collections open, outermost first: their column, and where trailing comments end them. */
  readonly #open: Array<{ col: number; seq: boolean; trailing?: number }> = [];

  constructor(text: string) {
    this.#text = text;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.#starts.push(i + 1);
  }

  get #lines(): number {
    return this.#starts.length - 1;
  }

  /** The first column of `line` that is not a space. */
  #indent(line: number): number {
    let i = this.#starts[line]!;
    while (this.#text.charCodeAt(i) === 0x20) i++;
    return i - this.#starts[line]!;
  }

  /** Offset of the end of `line` (its \n). */
  #eol(line: number): number {
    return this.#starts[line + 1]! - 1;
  }

  /**
   * Skips empty lines and comment lines; answers the comment lines' indents, by line. `strict`: a comment
   * indented more than the line after it is left to the full parser (it counts it into a node's range);
   * the lists and mappings place such comments themselves (#trailing).
   */
  #skipBlank(strict = true): Array<{ line: number; indent: number }> {
    const comments: Array<{ line: number; indent: number }> = [];
    while (this.#line < this.#lines) {
      const indent = this.#indent(this.#line);
      const c = this.#text[this.#starts[this.#line]! + indent];
      if (c !== "\n" && c !== "#") break;
      if (c === "#") comments.push({ line: this.#line, indent });
      this.#line++;
    }
    if (strict && comments.some((c) => c.indent > this.#nextIndent())) throw OUTSIDE;
    return comments;
  }

  /** The indent of the current line; 0 at the end of the text. */
  #nextIndent(): number {
    return this.#line < this.#lines ? this.#indent(this.#line) : 0;
  }

  /**
   * The comment lines after an item of the innermost open collection (`value`, the item's value), placed
   * in the ranges where the `yaml` package puts them (a commented-out key, `# secret: …`, is typical):
   * - those indented past the collection's column are the value's: its range ends after the last of them;
   * - from the first one indented past the next line (or, at the end, past column 0), all are trailing
   *   comments of the open collection at that comment's column: its range ends where the next line's
   *   content starts.
   * Comments not past the next line are before its item: no range takes them. Anything else (a comment
   * between two columns, trailing comments that indent again, after an empty value or a `|` block) is left
   * to the full parser.
   */
  #trailing(comments: Array<{ line: number; indent: number }>, value: PlainNode): void {
    if (comments.length === 0) return;
    const next = this.#nextIndent();
    const col = this.#open.at(-1)!.col;
    const inline =
      value[NODE_TYPE] !== SCALAR ||
      ((value as PlainScalar).type !== "BLOCK_LITERAL" && value.range[0] !== value.range[1]);
    if (!inline) {
      // After a `|` block in a list, the yaml package may end the list's range past these comments.
      if (comments.some((c) => c.indent > next) || this.#open.at(-1)!.seq) throw OUTSIDE;
      return;
    }
    let k = 0;
    while (k < comments.length && comments[k]!.indent > col) k++;
    if (k > 0) value.range[2] = this.#starts[comments[k - 1]!.line + 1]!;
    if (k === comments.length) return;
    const first = comments[k]!.indent;
    // A list written at its key's column (`at:` then `- x` under it) ends at the next key of that column:
    // comments at the list's column are the list's, as the `yaml` package reads it (but at column 0).
    const listEnds =
      next === col &&
      col > 0 &&
      this.#line < this.#lines &&
      !this.#isItem(this.#line, col) &&
      this.#open.at(-1)!.seq;
    if (listEnds) {
      if (comments.slice(k).some((c) => c.indent !== col)) throw OUTSIDE;
      this.#open.at(-1)!.trailing = this.#starts[this.#line]! + next;
      return;
    }
    if (first <= next) {
      if (comments.slice(k).some((c) => c.indent > next)) throw OUTSIDE;
      // Unless the next line also ends a list written at its key's column: the yaml package gives that
      // list, or an item in it, these comments.
      const ended = next > 0 && this.#line < this.#lines && !this.#isItem(this.#line, next);
      if (ended && this.#open.some((o) => o.seq && o.col === next)) throw OUTSIDE;
      return;
    }
    const owner = this.#open.findLast((o) => o.col === first);
    const rest = comments.slice(k);
    if (
      owner === undefined ||
      rest.some((c, i) => c.indent < next || (i > 0 && c.indent > rest[i - 1]!.indent))
    )
      throw OUTSIDE;
    owner.trailing = this.#line < this.#lines ? this.#starts[this.#line]! + next : this.#text.length;
  }

  document(): PlainNode {
    this.#skipBlank();
    if (this.#line >= this.#lines || this.#indent(this.#line) !== 0) throw OUTSIDE;
    const root = this.#map(0);
    this.#skipBlank();
    if (this.#line < this.#lines) throw OUTSIDE;
    return root;
  }

  /** Whether the line has a list item's `-` at `col`. */
  #isItem(line: number, col: number): boolean {
    const at = this.#starts[line]! + col;
    return this.#text[at] === "-" && (this.#text[at + 1] === " " || this.#text[at + 1] === "\n");
  }

  /** A mapping key at offset `at`: its scalar and the offset after its `:`; undefined if the line has none. */
  #key(at: number): { key: PlainScalar; after: number } | undefined {
    const t = this.#text;
    if (PLAIN_START.test(t.slice(at, at + 2))) return undefined;
    let end = at;
    for (; t[end] !== "\n"; end++) {
      const c = t[end];
      if (c === ":" && (t[end + 1] === " " || t[end + 1] === "\n")) break;
      if (c === "#" || c === "[" || c === "]" || c === "{" || c === "}" || c === ",") return undefined;
    }
    if (t[end] !== ":" || t[end - 1] === " " || end - at > 1000) return undefined;
    const name = t.slice(at, end);
    if (typeof plainValue(name) !== "string" || name === "__proto__" || name === "<<") throw OUTSIDE;
    return { key: scalar(name, "PLAIN", [at, end, end]), after: end + 1 };
  }

  /** A block mapping whose keys are at column `col`, starting at the current line. */
  #map(col: number): PlainCollection {
    if (++this.#depth > MAX_DEPTH) throw OUTSIDE;
    this.#open.push({ col, seq: false });
    const items: PlainPair[] = [];
    const seen = new Set<string>();
    const start = this.#starts[this.#line]! + col;
    for (;;) {
      const line = this.#line;
      const found = this.#key(this.#starts[line]! + col);
      if (!found) throw OUTSIDE;
      const name = found.key.value as string;
      if (seen.has(name)) throw OUTSIDE;
      seen.add(name);
      const value = this.#value(found.after, col, true);
      items.push({ [NODE_TYPE]: PAIR, key: found.key, value });
      this.#trailing(this.#skipBlank(false), value);
      if (this.#line >= this.#lines) break;
      const indent = this.#indent(this.#line);
      if (indent < col || (indent === col && this.#isItem(this.#line, col))) break;
      if (indent > col) throw OUTSIDE;
    }
    this.#depth--;
    return this.#collection(MAP, items, start, this.#open.pop()!.trailing);
  }

  /** A block list whose `-` are at column `col`, starting at the current line. */
  #seq(col: number): PlainCollection {
    if (++this.#depth > MAX_DEPTH) throw OUTSIDE;
    this.#open.push({ col, seq: true });
    const items: PlainNode[] = [];
    const start = this.#starts[this.#line]! + col;
    for (;;) {
      const lineStart = this.#starts[this.#line]!;
      let at = lineStart + col + 1;
      while (this.#text[at] === " ") at++;
      let item: PlainNode;
      if (this.#text[at] !== "\n" && this.#text[at] !== "#" && this.#key(at)) {
        item = this.#map(at - lineStart);
      } else {
        if (this.#text[at] === "-" && this.#isItem(this.#line, at - lineStart)) throw OUTSIDE;
        item = this.#value(lineStart + col + 1, col, false);
      }
      items.push(item);
      this.#trailing(this.#skipBlank(false), item);
      if (this.#line >= this.#lines) break;
      const indent = this.#indent(this.#line);
      if (indent < col || (indent === col && !this.#isItem(this.#line, col))) break;
      if (indent > col) throw OUTSIDE;
    }
    this.#depth--;
    return this.#collection(SEQ, items, start, this.#open.pop()!.trailing);
  }

  #collection(
    type: symbol,
    items: Array<PlainPair | PlainNode>,
    start: number,
    trailing?: number,
  ): PlainCollection {
    const last = items.at(-1)!;
    const end = ("range" in last ? last : (last as PlainPair).value).range[2];
    return { [NODE_TYPE]: type, items, range: [start, end, trailing ?? end] };
  }

  /**
   * The value after a key's `:` or an item's `-` (from offset `from` on the current line): inline, or
   * on the lines below, indented more than `col` (a list may also sit at `col` under a key: `sameCol`).
   */
  #value(from: number, col: number, sameCol: boolean): PlainNode {
    const t = this.#text;
    const line = this.#line;
    let at = from;
    while (t[at] === " ") at++;
    // `from` is after a space or at the end of the line, so a `#` here starts a comment.
    if (t[at] !== "\n" && t[at] !== "#") return this.#inline(at, col);
    this.#line++;
    this.#skipBlank();
    if (this.#line < this.#lines) {
      const indent = this.#indent(this.#line);
      if (indent > col || (sameCol && indent === col && this.#isItem(this.#line, col))) {
        if (this.#isItem(this.#line, indent)) return this.#seq(indent);
        return this.#map(indent);
      }
    }
    // Nothing below: null, where the `yaml` package puts it (the comment, or the end of the line). Its
    // range would take in comment lines below it: left to the full parser.
    for (let l = line + 1; l < this.#line; l++) {
      if (this.#text[this.#starts[l]! + this.#indent(l)] === "#") throw OUTSIDE;
    }
    this.#line = line + 1;
    return scalar(null, "PLAIN", [at, at, t[at] === "#" ? this.#eol(line) + 1 : at]);
  }

  /** A value written on the current line from offset `at`; leaves the reader on the next line. */
  #inline(at: number, col: number): PlainNode {
    const t = this.#text;
    const line = this.#line;
    const eol = this.#eol(line);
    const c = t[at];
    let node: PlainNode;
    let end: number;
    if (c === "[") {
      ({ node, end } = flow(this.#text, at, eol));
    } else if (c === "{") {
      ({ node, end } = flowMap(this.#text, at, eol));
    } else if (c === "'" || c === '"') {
      ({ node, end } = quoted(this.#text, at, eol));
    } else if (c === "|") {
      return this.#literal(at, col);
    } else {
      if (PLAIN_START.test(t.slice(at, at + 2))) throw OUTSIDE;
      const comment = t.indexOf(" #", at);
      let stop = comment >= 0 && comment < eol ? comment : eol;
      while (t[stop - 1] === " ") stop--;
      const text = t.slice(at, stop);
      if (text.includes(": ") || text.endsWith(":")) throw OUTSIDE;
      node = scalar(plainValue(text), "PLAIN", [at, stop, 0]);
      end = stop;
    }
    // After the value: spaces, then a comment or the end of the line.
    let rest = end;
    while (t[rest] === " ") rest++;
    if (t[rest] === "#" && rest === end) throw OUTSIDE;
    if (t[rest] !== "#" && t[rest] !== "\n") throw OUTSIDE;
    node.range[2] = eol + 1;
    this.#line = line + 1;
    return node;
  }

  /** A `|` or `|-` block at `at` whose content is indented more than `col`. */
  #literal(at: number, col: number): PlainScalar {
    const t = this.#text;
    let h = at + 1;
    const strip = t[h] === "-";
    if (strip) h++;
    while (t[h] === " ") h++;
    if (t[h] !== "\n" && !(t[h] === "#" && t[h - 1] === " ")) throw OUTSIDE;
    const first = this.#line + 1;
    if (first >= this.#lines) throw OUTSIDE;
    const indent = this.#indent(first);
    if (t[this.#starts[first]! + indent] === "\n" || indent <= col) throw OUTSIDE;
    const lines: string[] = [];
    let last = first;
    let line = first;
    for (; line < this.#lines; line++) {
      const lineIndent = this.#indent(line);
      const start = this.#starts[line]!;
      if (t[start + lineIndent] === "\n") {
        if (lineIndent > indent) throw OUTSIDE;
        lines.push("");
        continue;
      }
      if (lineIndent < indent) break;
      lines.push(t.slice(start + indent, this.#eol(line)));
      last = line;
    }
    const content = lines.slice(0, last - first + 1).join("\n");
    const end = this.#starts[last + 1]!;
    this.#line = last + 1;
    return scalar(strip ? content : `${content}\n`, "BLOCK_LITERAL", [at, end, end]);
  }
}
