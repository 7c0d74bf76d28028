/**
 * `.dingpipe.yml` in three steps — shape (shape.ts), normalize and check each credential and
 * notification (credential.ts, notification.ts), cross-checks (rules.ts) — returning the config
 * with every error and warning located at file:line:column. Never throws for bad input.
 */
import {
  type Document,
  type ErrorCode,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import { Diagnostics } from "./diagnostic.ts";
import { ref } from "./interpolate.ts";
import {
  checkDocument,
  checkPlain,
  type Env,
  MAX_CONFIG_BYTES,
  NESTING_FIX,
  type ParseResult,
  refusedUnread,
} from "./load.ts";

export type { DingpipeConfig, ParseResult } from "./load.ts";
export { loadConfig, MAX_CONFIG_BYTES, MAX_FLOW_DEPTH } from "./load.ts";

/** Parses and checks the text of a `.dingpipe.yml`; `env` resolves `${VAR}` references. */
export function parseConfig(
  text: string,
  file: string,
  env: Env,
  /**
   * `maxBytes`: the size limit (default MAX_CONFIG_BYTES). `reader: "yaml"` skips the plain-subset
   * reader and parses with the `yaml` package (the tests compare the two).
   */
  options: { maxBytes?: number; reader?: "plain" | "yaml" } = {},
): ParseResult {
  const lines = new LineCounter();
  const out = new Diagnostics(file, text, lines);
  if (refusedUnread(text, out, lines, options.maxBytes ?? MAX_CONFIG_BYTES)) return { diagnostics: out.list };
  if (options.reader !== "yaml") {
    const plain = checkPlain(text, file, env);
    if (plain !== undefined) return plain;
  }
  // Duplicate keys are found below, in linear time (the parser's own check compares every pair of a map's keys).
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  // Only the first syntax error: the ones after it are mostly its echoes.
  const syntax = doc.errors[0] ?? duplicateKey(doc);
  if (syntax && /Maximum call stack size exceeded/.test(syntax.message)) {
    out.error({ offset: syntax.pos[0] }, "YAML: the file nests too deeply to be read", NESTING_FIX);
    return { diagnostics: out.list };
  }
  if (syntax) {
    const line = text.slice(text.lastIndexOf("\n", syntax.pos[0] - 1) + 1).split("\n")[0] ?? "";
    const flowReference = /[[{][^#]*\$\{/.test(line);
    out.error(
      { offset: syntax.pos[0] },
      `YAML: ${firstLine(syntax.message)}`,
      flowReference
        ? `quote ${ref("…")} values inside [ ] or { } (e.g. ['${ref("ONCALL")}']): there YAML reads { and } as structure`
        : yamlFix(syntax.code),
    );
  }
  for (const w of doc.warnings) out.warning({ offset: w.pos[0] }, `YAML: ${firstLine(w.message)}`);
  if (syntax) return { diagnostics: out.list };

  return checkDocument(doc, text, env, { file, out });
}

/**
 * The first key (in the file) that repeats an earlier key of the same mapping, as the parser would
 * report it: one pass over the document with a set per mapping, without recursion.
 */
function duplicateKey(
  doc: Document,
): { message: string; code: ErrorCode; pos: [number, number] } | undefined {
  let first: [number, number, number] | undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const id = isScalar(key)
          ? `${typeof key.value}:${String(key.value)}`
          : JSON.stringify(key?.range ?? null);
        if (seen.has(id) && key?.range && (first === undefined || key.range[0] < first[0])) first = key.range;
        seen.add(id);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  if (first === undefined) return undefined;
  return { message: "Map keys must be unique", code: "DUPLICATE_KEY", pos: [first[0], first[1]] };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

function yamlFix(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "remove or rename one of the two keys";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation: nested keys need more spaces than their parent, and items of one list the same";
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    case "MULTIPLE_DOCS":
      return "keep one YAML document (remove the extra ---)";
    default:
      return "fix the YAML syntax at this place (quote values that contain ': ' or start with a special character)";
  }
}
