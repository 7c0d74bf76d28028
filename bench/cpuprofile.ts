/**
 * Where a service's CPU time goes, from a V8 profile (`--cpu-prof`, e.g. bench/ingest.ts
 * `--node-arg=--cpu-prof --from ts`): each sample is charged to the first frame, walking from the leaf
 * towards the root, that belongs to a known part (sockets and streams count for whoever wrote to them) (validation, JSON, SQLite, PostgreSQL, logging, metrics,
 * HTTP, the delivery engine…), so a built-in like `exec` counts for the store code that called it. Prints a
 * markdown table of the share of busy samples (idle excluded) and the top self-time functions.
 *
 *   node bench/cpuprofile.ts FILE.cpuprofile [--top 15]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Node {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "15" } },
});
const profile = JSON.parse(readFileSync(positionals[0]!, "utf8")) as Profile;

/** The part a frame belongs to, or undefined to keep walking towards the root. */
export function partOf(f: Frame, leaf: boolean): string | undefined {
  const u = f.url;
  if (f.functionName === "(idle)") return "idle";
  if (f.functionName === "(garbage collector)") return "GC";
  if (f.functionName === "(program)") return "V8/Node internals (program)";
  if (leaf && u === "" && /^(parse|stringify)$/.test(f.functionName)) return "JSON parse/stringify";
  if (/validate|\/contract\/|valibot/.test(u)) return "validation (validateEvent)";
  if (/\/server\/log\.ts/.test(u)) return "logging";
  if (/\/server\/metrics\.ts|prom-client/.test(u)) return "metrics";
  if (/\/store\/sqlite\//.test(u)) return "SQLite store (incl. node:sqlite)";
  if (/\/store\/postgres\/|node_modules\/pg|pg-protocol|pg-pool/.test(u)) return "PostgreSQL store (pg)";
  if (/\/src\/(delivery|runs|notify|channels)\//.test(u)) return "delivery engine";
  if (/\/server\/(body|router|app|context|routes\/)/.test(u))
    return "dingpipe HTTP layer (router, body, routes)";
  if (/^node:(_http|http$|internal\/http)/.test(u)) return "node:http (parse, write)";
  return undefined;
}

/** For samples no part claimed: sockets and streams below whoever called them. */
function fallbackOf(f: Frame): string | undefined {
  if (/^node:(net|stream|internal\/(streams|stream_base|net|js_stream))/.test(f.url))
    return "sockets, streams (unattributed)";
  return undefined;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const partCache = new Map<number, string>();
function partOfNode(id: number): string {
  const cached = partCache.get(id);
  if (cached) return cached;
  let cur: number | undefined = id;
  let leaf = true;
  let part: string | undefined;
  let fallback: string | undefined;
  while (cur !== undefined && part === undefined) {
    const frame = byId.get(cur)!.callFrame;
    part = partOf(frame, leaf);
    fallback ??= fallbackOf(frame);
    leaf = false;
    cur = parent.get(cur);
  }
  part ??= fallback ?? "other";
  partCache.set(id, part);
  return part;
}

const parts = new Map<string, number>();
const self = new Map<string, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  const dt = profile.timeDeltas[i] ?? 0;
  const part = partOfNode(id);
  parts.set(part, (parts.get(part) ?? 0) + dt);
  const f = byId.get(id)!.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(src|node_modules)\//, "$1/")}:${f.lineNumber + 1}`;
  if (part !== "idle") self.set(key, (self.get(key) ?? 0) + dt);
}
const busy = [...parts].filter(([p]) => p !== "idle").reduce((n, [, t]) => n + t, 0);
console.log(
  `busy ${(busy / 1000).toFixed(0)} ms of ${([...parts.values()].reduce((a, b) => a + b, 0) / 1000).toFixed(0)} ms sampled`,
);
console.log("");
console.log("| part | share of busy time |");
console.log("|---|---:|");
for (const [p, t] of [...parts].filter(([p]) => p !== "idle").sort((a, b) => b[1] - a[1])) {
  console.log(`| ${p} | ${((100 * t) / busy).toFixed(1)} % |`);
}
console.log("");
console.log("| top self time | share |");
console.log("|---|---:|");
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  console.log(`| \`${k}\` | ${((100 * t) / busy).toFixed(1)} % |`);
}
