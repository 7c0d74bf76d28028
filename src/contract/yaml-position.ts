/**
 * Where a problem found in a YAML document's value lies in its text: the node a problem's keys lead to, so a
 * diagnostic keeps file:line:column. An unknown field points at its key; a required field that is absent at the
 * mapping that lacks it; anything else at the value. Aliases are followed; a path that goes past what is written
 * stops at the deepest node there is.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import type { Key, Problem } from "./issues.ts";

export function nodeOf(doc: Document, problem: Pick<Problem, "keys" | "field">): Node | undefined {
  const keys = problem.field === "missing" ? problem.keys.slice(0, -1) : problem.keys;
  let node = resolve(doc, doc.contents as Node | null);
  for (let i = 0; i < keys.length && node !== undefined; i++) {
    const key = keys[i]!;
    const last = i === keys.length - 1;
    if (isSeq(node) && typeof key === "number") {
      const item = resolve(doc, node.items[key] as Node | null);
      if (item === undefined) return node;
      node = item;
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(doc, p.key as Node) === String(key));
      if (pair === undefined) return node;
      if (last && problem.field === "unknown") return pair.key as Node;
      node = resolve(doc, pair.value as Node | null) ?? (pair.key as Node);
    } else return node;
  }
  return node;
}

function keyText(doc: Document, key: Node | null): string | undefined {
  const k = resolve(doc, key);
  return k !== undefined && isScalar(k) ? String(k.value) : undefined;
}

function resolve(doc: Document, node: Node | null | undefined): Node | undefined {
  if (node === null || node === undefined) return undefined;
  return isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? node) : node;
}

export type { Key };
