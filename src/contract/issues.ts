/**
 * Checking a value against a declaration, and its issues in dingpipe's words: one `{ path, message }` per
 * problem, paths as users write them (`task.status`, `events[0]`), unknown fields refused with the closest
 * known one — a sibling (`pipline` → `pipeline`) or, for a field put at the wrong level, where it belongs
 * (`trigger` → `run.trigger`). Messages a declaration words itself (a status's did-you-mean, a time's format)
 * are kept as they are; every other issue is worded here, never in the library's English.
 */
import * as v from "valibot";
import { didYouMean } from "./did-you-mean.ts";

export interface Problem {
  /** Where in the input: "task.status", "events[0]", "" for the whole value. */
  path: string;
  message: string;
  /** What to do about it, when the declaration says (`withFix`). */
  fix?: string;
  /** The same place as keys (without the prefix): ["events", 0]. A YAML diagnostic finds its node by them. */
  keys: Key[];
  /** "unknown": the field at `keys` is not declared (point at its key); "missing": it is required and absent. */
  field?: "unknown" | "missing";
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

type Issue = v.BaseIssue<unknown>;
export type Key = string | number;

/** Between a declared message and its fix (a control character: `quoted` keeps them out of user words). */
const FIX = "\u001f";

/** A declared issue's message with the fix a reader should apply. */
export function withFix(message: string, fix: string): string {
  return `${message}${FIX}${fix}`;
}

/** A user's word in a message: in quotes, without control characters, at most 100 characters. */
export function quoted(word: string): string {
  const clean = word.replace(/[\u0000-\u001f\u007f]/g, " ");
  return `'${clean.length > 100 ? `${clean.slice(0, 100)}…` : clean}'`;
}

/** Checks `input` against `schema`: the output, or every problem (paths after `prefix`, e.g. "event."). */
export function check<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  prefix = "",
): Checked<v.InferOutput<S>> {
  const r = v.safeParse(schema, input, { message: wording });
  if (r.success) return { ok: true, value: r.output };
  return { ok: false, problems: r.issues.flatMap((i) => problems(schema, i, prefix)) };
}

/**
 * `input` as its sender means it, read along the declaration: fields that are null or "" are absent, and so is
 * an optional object left with no field (a CI template's `"branch": "$BRANCH"` with the variable unset); where
 * a string is declared a number is its decimal spelling (a YAML `at: [13800000000]`, a JSON build id 812), and
 * where a number is declared a string of digits is that number (`"number": "42"`). A required object stays, so
 * its own required fields are named. Values of records (a map of variables) are kept as they are, "" included,
 * and true/false there are strings too. Anything else is left for the declaration to refuse.
 */
export function asMeant(schema: v.GenericSchema, input: unknown): unknown {
  return readerOf(schema as Node, false)(input);
}

/**
 * A parsed YAML document as its writer means it: like `asMeant`, but an empty value (`key:`, `key: ""`) stays,
 * so it is reported as empty at its place rather than taken as absent.
 */
export function asWritten(schema: v.GenericSchema, input: unknown): unknown {
  return readerOf(schema as Node, false, WRITTEN)(input);
}

type Reader = (value: unknown) => unknown;
/** The readers of `asMeant` (empty values absent) and of `asWritten` (empty values kept), cached apart. */
const MEANT = { plain: new WeakMap<Node, Reader>(), record: new WeakMap<Node, Reader>(), dropEmpty: true };
const WRITTEN = { plain: new WeakMap<Node, Reader>(), record: new WeakMap<Node, Reader>(), dropEmpty: false };
const same: Reader = (x) => x;
const numberAsString: Reader = (x) => (typeof x === "number" && Number.isFinite(x) ? String(x) : x);
const scalarAsString: Reader = (x) => (typeof x === "boolean" ? String(x) : numberAsString(x));
const digitsAsNumber: Reader = (x) => (typeof x === "string" && /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : x);

/** How to read a value the declaration `node` describes; made once per schema and kept (the hot path of ingest). */
function readerOf(node: Node, inRecord: boolean, caches = MEANT): Reader {
  const cache = inRecord ? caches.record : caches.plain;
  const known = cache.get(node);
  if (known !== undefined) return known;
  const base = baseOf(node);
  let reader: Reader = same;
  const options = unwrap(node);
  const list = options.find((o) => o.type === "array");
  const one = options.find((o) => o.type !== "array");
  if (list !== undefined && one !== undefined) {
    // A list or one item (`at: 13800000000`): each read as its option.
    const readList = readerOf(list, inRecord, caches);
    const readOne = readerOf(one, inRecord, caches);
    reader = (x) => (Array.isArray(x) ? readList(x) : readOne(x));
  } else if (base.type === "string") reader = inRecord ? scalarAsString : numberAsString;
  else if (base.type === "number") reader = digitsAsNumber;
  else if (base.type === "array") {
    const item = readerOf(base.item!, false, caches);
    reader = (x) => (Array.isArray(x) ? x.map(item) : x);
  } else if (base.type === "record") {
    const value = readerOf(base.value!, true, caches);
    reader = (x) => {
      if (!isPlainObject(x)) return x;
      const out: Record<string, unknown> = {};
      for (const key in x) put(out, key, value(x[key]));
      return out;
    };
  } else if (base.entries !== undefined) {
    const plan = new Map(
      Object.entries(base.entries).map(([key, entry]) => [
        key,
        { read: readerOf(entry, false, caches), optional: entry.type === "optional" },
      ]),
    );
    const { dropEmpty } = caches;
    reader = (x) => {
      if (!isPlainObject(x)) return x;
      const out: Record<string, unknown> = {};
      for (const key in x) {
        let y = x[key];
        if (y === undefined || (dropEmpty && (y === null || y === ""))) continue;
        const field = plan.get(key);
        if (field !== undefined) {
          y = field.read(y);
          if (dropEmpty && field.optional && isPlainObject(y) && isEmpty(y)) continue;
        }
        put(out, key, y);
      }
      return out;
    };
  }
  cache.set(node, reader);
  return reader;
}

/** `out[key] = value`, where a "__proto__" field sent in JSON stays a field (and is refused as unknown). */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

const BASES = new WeakMap<Node, Node>();
/** The schema under optional wrappers (a union: its first object or record option, else itself). */
function baseOf(node: Node): Node {
  let base = BASES.get(node);
  if (base === undefined) {
    const options = unwrap(node);
    base = options.find((s) => s.entries !== undefined || s.type === "record") ?? options[0] ?? node;
    BASES.set(node, base);
  }
  return base;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** `["run", "trigger"]` → "run.trigger", `["events", 0]` → "events[0]". */
export function formatPath(keys: readonly Key[], prefix = ""): string {
  let out = prefix;
  for (const k of keys) {
    if (typeof k === "number") out += `[${k}]`;
    else out += out === "" || out.endsWith(".") ? k : `.${k}`;
  }
  return out.endsWith(".") ? out.slice(0, -1) : out;
}

function problems(schema: v.GenericSchema, issue: Issue, prefix: string): Problem[] {
  const keys = (issue.path ?? []).map((p) => p.key as Key);
  // A list or one item (`events: failure`): a list's own issues are about its items.
  if (issue.type === "union" && Array.isArray(issue.input) && issue.issues) {
    const deeper = issue.issues.filter((i) => (i.path?.length ?? 0) > keys.length);
    if (deeper.length > 0) return deeper.flatMap((i) => problems(schema, i, prefix));
  }
  if (!isUnknownKey(issue)) {
    const [message, fix] = issue.message.split(FIX);
    const p: Problem = { path: formatPath(keys, prefix), message: message!, keys };
    if (fix !== undefined) p.fix = fix;
    if (issue.kind === "schema" && issue.received === "undefined") p.field = "missing";
    return [p];
  }
  // The library names the first unknown field of an object; every one is named here.
  const parent = keys.slice(0, -1);
  const input = issue.path!.at(-1)!.input as Record<string, unknown>;
  const known = new Set(objectsAt(schema, parent).flatMap((s) => Object.keys(s.entries!)));
  return Object.keys(input)
    .filter((key) => !known.has(key))
    .map((key) => {
      const hint = whereItBelongs(schema, parent, key, prefix);
      return {
        path: formatPath([...parent, key], prefix),
        message: `unknown field '${key}'${hint ? ` — did you mean ${hint}?` : ""}`,
        keys: [...parent, key],
        field: "unknown" as const,
      };
    });
}

function isUnknownKey(issue: Issue): boolean {
  return /object$/.test(issue.type) && issue.kind === "schema" && issue.expected === "never";
}

/** The default wording of an issue no declaration worded itself. */
function wording(issue: Issue): string {
  if (issue.kind === "schema") {
    if (/object$/.test(issue.type)) {
      if (issue.expected === "never") return `unknown field ${issue.received.replaceAll('"', "'")}`;
      if (issue.received === "undefined") return "is required";
      return "must be an object";
    }
    if (issue.received === "undefined") return "is required";
    if (issue.received === "null") return withFix("is empty", "give it a value or remove the key");
    if (issue.type === "union") return "must be a string or a list of strings";
    const expected: Record<string, string> = {
      string: "must be a string",
      number: "must be a number",
      boolean: "must be true or false",
      array: "must be a list",
      record: "must be an object",
      picklist: `must be one of ${issue.expected
        ?.replace(/^\((.*)\)$/, "$1")
        .replaceAll('"', "'")
        .replaceAll(" | ", ", ")}`,
      literal: `must be ${issue.expected}`,
    };
    return expected[issue.type] ?? `must be ${issue.expected}`;
  }
  const requirement = (issue as { requirement?: unknown }).requirement;
  const rules: Record<string, string> = {
    min_length: `must have at least ${requirement} characters`,
    max_length: `must be at most ${requirement} characters`,
    min_value: `must be at least ${requirement}`,
    max_value: `must be at most ${requirement}`,
    integer: "must be a whole number",
    finite: "must be a finite number",
    regex: `must match ${issue.expected}`,
  };
  return rules[issue.type] ?? `is not valid (${issue.type})`;
}

// ---------------------------------------------------------------- where an unknown field belongs

type Node = v.GenericSchema & {
  wrapped?: Node;
  entries?: Record<string, Node>;
  item?: Node;
  value?: Node;
  options?: Node[];
};

/** The object schemas a path leads to (several through unions). */
function objectsAt(schema: Node, keys: readonly Key[]): Node[] {
  const here = unwrap(schema);
  if (keys.length === 0) return here.filter((s) => s.entries !== undefined);
  const [k, ...rest] = keys;
  return here.flatMap((s) => {
    const next =
      s.type === "array"
        ? s.item
        : s.type === "record"
          ? s.value
          : s.entries !== undefined
            ? Object.hasOwn(s.entries, k as string)
              ? s.entries[k as string]
              : undefined
            : undefined;
    return next === undefined ? [] : objectsAt(next, rest);
  });
}

/** The schema without optional wrappers, unions spread into their options. */
function unwrap(schema: Node): Node[] {
  if (schema.wrapped !== undefined) return unwrap(schema.wrapped);
  if (schema.type === "union" || schema.type === "variant") return schema.options!.flatMap(unwrap);
  return [schema];
}

/** Every declared field's path (records and lists stand for any key). */
function allPaths(schema: Node, at: Key[] = [], depth = 0): Key[][] {
  if (depth > 8) return [];
  return unwrap(schema).flatMap((s) => {
    if (s.entries !== undefined) {
      return Object.entries(s.entries).flatMap(([k, child]) => [
        [...at, k],
        ...allPaths(child, [...at, k], depth + 1),
      ]);
    }
    if (s.type === "array" && s.item !== undefined) return allPaths(s.item, [...at, 0], depth + 1);
    return [];
  });
}

/** "'pipeline'" for a misspelt sibling, "'run.trigger'" for a field one level off, or undefined. */
function whereItBelongs(
  schema: Node,
  parent: readonly Key[],
  key: string,
  prefix: string,
): string | undefined {
  const siblings = objectsAt(schema, parent).flatMap((s) => Object.keys(s.entries!));
  const close = didYouMean(key, siblings);
  if (close !== undefined) return `'${close}'`;
  const lower = key.toLowerCase();
  const parentPath = formatPath(parent);
  const elsewhere = allPaths(schema)
    .filter((p) => String(p[p.length - 1]).toLowerCase() === lower)
    .filter((p) => formatPath(p.slice(0, -1)) !== parentPath)
    .map((p) => `'${formatPath(p, prefix)}'`);
  if (elsewhere.length === 0) return undefined;
  return elsewhere.length === 1
    ? elsewhere[0]
    : `${elsewhere.slice(0, -1).join(", ")} or ${elsewhere.at(-1)}`;
}
