/**
 * What one line of a `.dingpipe.yml` holds, for the plain-subset reader (yaml-plain.ts): the `yaml` package's
 * node shapes, the YAML 1.2 core schema's plain scalars, and the one-line values — quoted scalars, `[a, b]`
 * lists and `{ k: v }` maps of scalars — with the values and source ranges the `yaml` package gives them.
 * Anything else throws OUTSIDE: the reader then leaves the whole file to the `yaml` package.
 */
export const NODE_TYPE = Symbol.for("yaml.node.type");
export const MAP = Symbol.for("yaml.map");
export const PAIR = Symbol.for("yaml.pair");
export const SCALAR = Symbol.for("yaml.scalar");
export const SEQ = Symbol.for("yaml.seq");

export type Range = [number, number, number];
export interface PlainScalar {
  [NODE_TYPE]: symbol;
  value: unknown;
  type: "PLAIN" | "QUOTE_SINGLE" | "QUOTE_DOUBLE" | "BLOCK_LITERAL";
  range: Range;
}
export interface PlainPair {
  [NODE_TYPE]: symbol;
  key: PlainScalar;
  value: PlainNode;
}
export interface PlainCollection {
  [NODE_TYPE]: symbol;
  items: Array<PlainPair | PlainNode>;
  range: Range;
  flow?: boolean;
}
export type PlainNode = PlainScalar | PlainCollection;

/** Thrown inside the reader when the text leaves the subset; readPlainYaml answers undefined. */
export const OUTSIDE = new Error("outside the plain subset");

// The YAML 1.2 core schema's plain scalars, with the `yaml` package's patterns (schema/core).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Characters a plain scalar may not start with here (indicators, or syntax left to the full parser). */
export const PLAIN_START = /^[[\]{},#&*!|>'"%@`]|^[-?:](?:[ \n]|$)/;
/**
 * The same inside `[ ]` and `{ }`, where `,`, `]` and `}` end an item too: a lone `-` there is a block
 * list the yaml package refuses, a lone `?` an empty key it reads as a map.
 */
const FLOW_START = /^[[\]{},#&*!|>'"%@`]|^[-?:](?:[ \n,\]}]|$)/;

/** The core schema's value of a plain scalar. */
export function plainValue(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === "t" || s[0] === "T";
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s))
    return s.slice(-3).toLowerCase() === "nan" ? Number.NaN : s[0] === "-" ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

export const scalar = (value: unknown, type: PlainScalar["type"], range: Range): PlainScalar => ({
  [NODE_TYPE]: SCALAR,
  value,
  type,
  range,
});

/** A one-line quoted scalar at `at`; no escapes in double quotes (left to the full parser). */
export function quoted(t: string, at: number, eol: number): { node: PlainScalar; end: number } {
  if (t[at] === '"') {
    const close = t.indexOf('"', at + 1);
    if (close < 0 || close > eol || t.slice(at + 1, close).includes("\\")) throw OUTSIDE;
    return { node: scalar(t.slice(at + 1, close), "QUOTE_DOUBLE", [at, close + 1, 0]), end: close + 1 };
  }
  let value = "";
  let i = at + 1;
  for (;;) {
    const close = t.indexOf("'", i);
    if (close < 0 || close > eol) throw OUTSIDE;
    value += t.slice(i, close);
    if (t[close + 1] !== "'")
      return { node: scalar(value, "QUOTE_SINGLE", [at, close + 1, 0]), end: close + 1 };
    value += "'";
    i = close + 2;
  }
}

/**
 * A one-line flow scalar at `i` ending before `stops` (`,` and the closing bracket); its range ends after
 * the spaces that follow it, as the `yaml` package's does.
 */
function flowScalar(t: string, i: number, eol: number, stops: string): PlainScalar {
  let item: PlainScalar;
  let end: number;
  if (t[i] === "'" || t[i] === '"') {
    const q = quoted(t, i, eol);
    item = q.node;
    end = q.end;
  } else {
    if (FLOW_START.test(t.slice(i, i + 2))) throw OUTSIDE;
    let stop = i;
    while (stop < eol && !stops.includes(t[stop]!)) {
      if ("[]{}#:'\"".includes(t[stop]!)) throw OUTSIDE;
      stop++;
    }
    end = stop;
    while (t[end - 1] === " ") end--;
    item = scalar(plainValue(t.slice(i, end)), "PLAIN", [i, end, 0]);
  }
  while (t[end] === " ") end++;
  item.range[2] = end;
  return item;
}

/**
 * A one-line `{ messages: 10, per_seconds: 60 }` at `at`: plain keys, each once, with a scalar after
 * `: `. An empty value, a key without one, a trailing comma or a nested bracket: left to the full parser.
 */
export function flowMap(t: string, at: number, eol: number): { node: PlainCollection; end: number } {
  const items: PlainPair[] = [];
  const seen = new Set<string>();
  let i = at + 1;
  while (t[i] === " ") i++;
  if (t[i] !== "}") {
    for (;;) {
      if (FLOW_START.test(t.slice(i, i + 2))) throw OUTSIDE;
      let colon = i;
      for (; !(t[colon] === ":" && t[colon + 1] === " "); colon++) {
        if (colon >= eol || "[]{},#:'\"".includes(t[colon]!)) throw OUTSIDE;
      }
      if (colon === i || t[colon - 1] === " " || colon - i > 1000) throw OUTSIDE;
      const name = t.slice(i, colon);
      if (typeof plainValue(name) !== "string" || name === "__proto__" || name === "<<" || seen.has(name))
        throw OUTSIDE;
      seen.add(name);
      i = colon + 1;
      while (t[i] === " ") i++;
      if (t[i] === "," || t[i] === "}") throw OUTSIDE;
      const value = flowScalar(t, i, eol, ",}");
      items.push({
        [NODE_TYPE]: PAIR,
        key: scalar(name, "PLAIN", [colon - name.length, colon, colon]),
        value,
      });
      i = value.range[2];
      if (t[i] === "}") break;
      if (t[i] !== ",") throw OUTSIDE;
      i++;
      while (t[i] === " ") i++;
      if (t[i] === "}" || t[i] === ",") throw OUTSIDE;
    }
  }
  return { node: { [NODE_TYPE]: MAP, items, range: [at, i + 1, 0], flow: true }, end: i + 1 };
}

/** A one-line `[a, 'b', "c"]` of scalars at `at`. */
export function flow(t: string, at: number, eol: number): { node: PlainCollection; end: number } {
  const items: PlainScalar[] = [];
  let i = at + 1;
  while (t[i] === " ") i++;
  if (t[i] !== "]") {
    for (;;) {
      while (t[i] === " ") i++;
      const item = flowScalar(t, i, eol, ",]");
      i = item.range[2];
      items.push(item);
      if (t[i] === "]") break;
      if (t[i] !== ",") throw OUTSIDE;
      i++;
      while (t[i] === " ") i++;
      if (t[i] === "]" || t[i] === ",") throw OUTSIDE;
    }
  }
  return { node: { [NODE_TYPE]: SEQ, items, range: [at, i + 1, 0], flow: true }, end: i + 1 };
}
