/**
 * Which schema library declares dingpipe's contract (issue 15): the candidates side by side in ONE run,
 * each declaring the same `.dingpipe.yml` and PipelineEvent (bench/schema-libs/<candidate>.ts), measured on
 *
 * 1. start-up: a fresh `node` process that imports the library, builds the schemas and validates a typical
 *    config (what `dingpipe notify` would add), as a bundle made the way scripts/build-cli.ts makes the CLI.
 *    Wall-clock per process against a floor (the same bundle without a library), cold (no compile cache,
 *    as in a fresh CI container) and warm (Node's compile cache, as bin/dingpipe.js enables it); and, inside
 *    the process, the milliseconds from `import()` to the validated config.
 * 2. bundle size: what each adds to the CLI bundle (esbuild, minified and not, gzip), over the floor.
 * 3. the issues it reports on bad configs and events (paths, messages, unknown keys, unions).
 * 4. its JSON Schema of `.dingpipe.yml` (draft, strictness, descriptions).
 * 5. the cost per call of validating one PipelineEvent (the API ingest path), beside dingpipe's own
 *    validateEvent.
 *
 * The candidates are installed into a temporary directory with npm (pinned versions), never into the project.
 *
 *   npm run bench:schema-libs                # 20 runs per contender
 *   node bench/schema-libs.ts --runs 40 --deps /tmp/schema-libs-deps   # reuse an install
 *
 * Prints markdown for bench/RESULTS.md; the JSON Schemas and raw issues are written next to the install.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build } from "esbuild";
import { machine, median, p90 } from "./common.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    "call-runs": { type: "string", default: "5000" },
    deps: { type: "string" },
  },
});
const RUNS = Number(values.runs);
const CALL_RUNS = Number(values["call-runs"]);
const root = fileURLToPath(new URL("..", import.meta.url));
const here = join(root, "bench", "schema-libs");
const node = process.execPath;

interface Contender {
  name: string;
  /** bench/schema-libs/<file>.ts and <file>.schema.ts; undefined for the floor. */
  file?: string;
  packages: string[];
}
const CANDIDATES: Contender[] = [
  { name: "zod 4.6.7", file: "zod", packages: ["zod@4.6.7"] },
  { name: "zod/mini 4.6.7", file: "zod-mini", packages: ["zod@4.6.7"] },
  { name: "valibot 1.5.0", file: "valibot", packages: ["valibot@1.5.0", "@valibot/to-json-schema@1.8.0"] },
  { name: "typebox 1.4.3", file: "typebox", packages: ["typebox@1.4.3"] },
  { name: "@sinclair/typebox 0.34.52", file: "sinclair-typebox", packages: ["@sinclair/typebox@0.34.52"] },
  { name: "arktype 2.2.10", file: "arktype", packages: ["arktype@2.2.10"] },
];
const FLOOR: Contender = { name: "node, no library (floor)", packages: [] };
const ALL = [FLOOR, ...CANDIDATES];

// ---------------------------------------------------------------- install

const deps = values.deps ?? (await mkdtemp(join(tmpdir(), "dingpipe-schema-libs-")));
if (!existsSync(join(deps, "node_modules"))) {
  await mkdir(deps, { recursive: true });
  await writeFile(join(deps, "package.json"), '{ "name": "schema-libs-bench", "private": true }\n');
  const npm = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", ...CANDIDATES.flatMap((c) => c.packages)],
    { cwd: deps, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (npm.status !== 0) throw new Error("npm install of the candidates failed");
}

// ---------------------------------------------------------------- bundles

const src = join(deps, "src");
const out = join(deps, "out");
await rm(out, { recursive: true, force: true });
await mkdir(src, { recursive: true });
await mkdir(out, { recursive: true });
// The bundles are ES modules: said so, Node loads them without first trying CommonJS.
await writeFile(join(out, "package.json"), '{ "type": "module" }\n');
const slug = (c: Contender) => c.file ?? "floor";
const shared = JSON.stringify(join(here, "shared.ts"));

for (const c of ALL) {
  const mod = c.file === undefined ? undefined : JSON.stringify(join(here, `${c.file}.ts`));
  // Start-up: time from import() of the contract to a validated typical config, printed for the parent.
  await writeFile(
    join(src, `start-${slug(c)}.ts`),
    mod === undefined
      ? `import { TYPICAL_CONFIG } from ${shared};
const t0 = performance.now();
if (typeof TYPICAL_CONFIG !== "object") process.exitCode = 1;
const ms = performance.now() - t0;
process.stdout.write(String(ms));\n`
      : `import { TYPICAL_CONFIG } from ${shared};
const t0 = performance.now();
const { candidate } = await import(${mod});
const r = candidate.validateConfig(TYPICAL_CONFIG);
if (!r.ok) throw new Error(JSON.stringify(r.issues));
const ms = performance.now() - t0;
process.stdout.write(String(ms));\n`,
  );
  // Size: the contract statically imported, as the CLI bundle would carry it.
  await writeFile(
    join(src, `size-${slug(c)}.ts`),
    mod === undefined
      ? `import { TYPICAL_CONFIG } from ${shared};\nconsole.log(TYPICAL_CONFIG !== undefined);\n`
      : `import { TYPICAL_CONFIG } from ${shared};\nimport { candidate } from ${mod};\nconsole.log(candidate.validateConfig(TYPICAL_CONFIG).ok);\n`,
  );
  if (c.file !== undefined) {
    await writeFile(
      join(src, `report-${c.file}.ts`),
      `import { BAD_CONFIGS, BAD_EVENTS, TYPICAL_EVENT, TYPICAL_CONFIG } from ${shared};
import { candidate } from ${mod};
import { jsonSchema } from ${JSON.stringify(join(here, `${c.file}.schema.ts`))};
const issues = (f, cases) => Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, f(v)]));
let schema, schemaError;
try { schema = jsonSchema(); } catch (e) { schemaError = String(e?.message ?? e); }
for (let i = 0; i < 500; i++) candidate.validateEvent(TYPICAL_EVENT);
const cpu = (u) => u.user + u.system;
const t0 = process.cpuUsage();
for (let i = 0; i < ${CALL_RUNS}; i++) candidate.validateEvent(TYPICAL_EVENT);
const eventUs = cpu(process.cpuUsage(t0)) / ${CALL_RUNS};
const t1 = process.cpuUsage();
for (let i = 0; i < ${CALL_RUNS}; i++) candidate.validateConfig(TYPICAL_CONFIG);
const configUs = cpu(process.cpuUsage(t1)) / ${CALL_RUNS};
process.stdout.write(JSON.stringify({
  typicalConfig: candidate.validateConfig(TYPICAL_CONFIG),
  typicalEvent: candidate.validateEvent(TYPICAL_EVENT),
  badConfigs: issues(candidate.validateConfig, BAD_CONFIGS),
  badEvents: issues(candidate.validateEvent, BAD_EVENTS),
  schema, schemaError, eventUs, configUs,
}));\n`,
    );
  }
}
await writeFile(
  join(src, "report-handwritten.ts"),
  `import { TYPICAL_EVENT } from ${shared};
import { validateEvent } from ${JSON.stringify(join(root, "src/server/validate-event.ts"))};
for (let i = 0; i < 500; i++) validateEvent(TYPICAL_EVENT);
const t0 = process.cpuUsage();
for (let i = 0; i < ${CALL_RUNS}; i++) validateEvent(TYPICAL_EVENT);
const u = process.cpuUsage(t0);
process.stdout.write(JSON.stringify({ eventUs: (u.user + u.system) / ${CALL_RUNS} }));\n`,
);

// As scripts/build-cli.ts builds the CLI: ESM for node24, code-split so the contract is its own chunk.
const common: BuildOptions = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node24",
  external: ["node:*"],
  nodePaths: [join(deps, "node_modules")],
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: ALL.map((c) => join(src, `start-${slug(c)}.ts`)),
  outdir: join(out, "start"),
  splitting: true,
  minify: true,
});
await build({
  ...common,
  entryPoints: [
    ...CANDIDATES.map((c) => join(src, `report-${c.file}.ts`)),
    join(src, "report-handwritten.ts"),
  ],
  outdir: join(out, "report"),
});
const sizes: Record<string, { plain: number; min: number; gzip: number }> = {};
for (const c of ALL) {
  const entry = join(src, `size-${slug(c)}.ts`);
  const bytes = async (minify: boolean) =>
    (await build({ ...common, entryPoints: [entry], write: false, minify })).outputFiles[0]!.contents;
  const min = await bytes(true);
  sizes[c.name] = {
    plain: (await bytes(false)).byteLength,
    min: min.byteLength,
    gzip: gzipSync(min).byteLength,
  };
}

// ---------------------------------------------------------------- start-up, interleaved

function runOnce(file: string, cache: string | undefined): Promise<{ wall: number; inside: number }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env["PATH"] ?? "" };
    if (cache !== undefined) env["NODE_COMPILE_CACHE"] = cache;
    const start = performance.now();
    const child = spawn(node, [file], { stdio: ["ignore", "pipe", "pipe"], env });
    let text = "";
    let err = "";
    child.stdout.on("data", (d) => {
      text += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const wall = performance.now() - start;
      if (code !== 0) reject(new Error(`${file} failed (${code}): ${err}`));
      else resolve({ wall, inside: Number(text) });
    });
  });
}

type Samples = Record<string, { wall: number[]; inside: number[] }>;
async function startup(cache: string | undefined): Promise<Samples> {
  const samples: Samples = Object.fromEntries(ALL.map((c) => [c.name, { wall: [], inside: [] }]));
  for (const c of ALL) await runOnce(join(out, "start", `start-${slug(c)}.js`), cache); // warm-up
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < ALL.length; k++) {
      const c = ALL[(i + k) % ALL.length]!;
      const r = await runOnce(join(out, "start", `start-${slug(c)}.js`), cache);
      samples[c.name]!.wall.push(r.wall);
      samples[c.name]!.inside.push(r.inside);
    }
  }
  return samples;
}
const cold = await startup(undefined);
const warmCache = join(deps, "compile-cache");
await rm(warmCache, { recursive: true, force: true });
const warm = await startup(warmCache);

// ---------------------------------------------------------------- reports

interface Issue {
  path: string;
  message: string;
  data?: string;
}
interface Report {
  typicalConfig: { ok: boolean };
  typicalEvent: { ok: boolean; value?: { task?: { status?: string } } };
  badConfigs: Record<string, { ok: boolean; issues?: Issue[] }>;
  badEvents: Record<string, { ok: boolean; issues?: Issue[] }>;
  schema?: unknown;
  schemaError?: string;
  eventUs: number;
  configUs: number;
}
const reports: Record<string, Report> = {};
for (const c of CANDIDATES) {
  const r = spawnSync(node, [join(out, "report", `report-${c.file}.js`)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${c.name} report failed: ${r.stderr}`);
  reports[c.name] = JSON.parse(r.stdout) as Report;
  await writeFile(join(deps, `${c.file}.report.json`), JSON.stringify(reports[c.name], null, 2));
}
const handwritten = JSON.parse(
  spawnSync(node, [join(out, "report", "report-handwritten.js")], { encoding: "utf8" }).stdout,
) as { eventUs: number };

/** Facts about a JSON Schema: draft, size, strict objects, descriptions, how enums and unions come out. */
function schemaFacts(schema: unknown): string[] {
  const text = JSON.stringify(schema);
  let strict = 0;
  let objects = 0;
  let descriptions = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (typeof v !== "object" || v === null) return;
    const o = v as Record<string, unknown>;
    if (o["type"] === "object" && o["properties"] !== undefined) {
      objects++;
      if (o["additionalProperties"] === false) strict++;
    }
    if (typeof o["description"] === "string") descriptions++;
    for (const x of Object.values(o)) visit(x);
  };
  visit(schema);
  const draft = (schema as { $schema?: string }).$schema ?? "none";
  return [
    draft,
    `${(text.length / 1024).toFixed(1)} KiB`,
    `${strict}/${objects}`,
    String(descriptions),
    /"enum":/.test(text) ? "enum" : /"const":/.test(text) ? "anyOf of const" : "—",
    /"anyOf":/.test(text) ? "anyOf" : /"oneOf":/.test(text) ? "oneOf" : "—",
  ];
}

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
const short = (s: string, n = 110) => (s.length > n ? `${s.slice(0, n)}…` : s);
const issueCell = (r: { ok: boolean; issues?: Issue[] }) =>
  r.ok
    ? "**accepted**"
    : r
        .issues!.map(
          (i) =>
            `\`${i.path || "(root)"}\`: ${cell(short(i.message))}${i.data ? ` [${cell(short(i.data, 70))}]` : ""}`,
        )
        .join("<br>");

const floorOf = (s: Samples) => median(s[FLOOR.name]!.wall);
const lines: string[] = [
  `### ${new Date().toISOString().slice(0, 10)} — ${RUNS} runs per contender, interleaved, cold and warm`,
  "",
  `Machine: ${machine()}; esbuild bundles as scripts/build-cli.ts makes them (ESM, node24, split, minified).`,
  "",
  "Start-up: a fresh process importing the contract, building its schemas and validating a typical `.dingpipe.yml`.",
  "`import→valid` is measured inside the process (from `import()` to the validated config); `+ms` is the median",
  "wall-clock over the floor's (the same bundle without a library).",
  "",
  "| contender | cold median ms | cold p90 | cold +ms | cold import→valid ms | warm median ms | warm +ms | warm import→valid ms |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
  ...ALL.map((c) => {
    const a = cold[c.name]!;
    const b = warm[c.name]!;
    return `| ${c.name} | ${median(a.wall).toFixed(1)} | ${p90(a.wall).toFixed(1)} | ${(median(a.wall) - floorOf(cold)).toFixed(1)} | ${median(a.inside).toFixed(1)} | ${median(b.wall).toFixed(1)} | ${(median(b.wall) - floorOf(warm)).toFixed(1)} | ${median(b.inside).toFixed(1)} |`;
  }),
  "",
  "Bundle: what the contract (library + declarations) adds over the floor, in bytes.",
  "",
  "| contender | adds (as the CLI ships, unminified) | adds minified | adds minified + gzip |",
  "|---|---:|---:|---:|",
  ...CANDIDATES.map((c) => {
    const s = sizes[c.name]!;
    const f = sizes[FLOOR.name]!;
    return `| ${c.name} | ${s.plain - f.plain} | ${s.min - f.min} | ${s.gzip - f.gzip} |`;
  }),
  "",
  `Validation per call, in-process after warm-up (${CALL_RUNS} calls), CPU time (user + system; steadier than the clock on a shared machine): the typical PipelineEvent (the ingest path) and the typical config.`,
  "",
  "| contender | event CPU µs/call | config CPU µs/call |",
  "|---|---:|---:|",
  `| dingpipe's validateEvent at this commit | ${handwritten.eventUs.toFixed(2)} | — |`,
  ...CANDIDATES.map(
    (c) => `| ${c.name} | ${reports[c.name]!.eventUs.toFixed(2)} | ${reports[c.name]!.configUs.toFixed(2)} |`,
  ),
  "",
  "JSON Schema of `.dingpipe.yml` as each emits it:",
  "",
  "| contender | $schema | size | strict objects | descriptions | enums as | unions as |",
  "|---|---|---:|---:|---:|---|---|",
  ...CANDIDATES.map((c) => {
    const r = reports[c.name]!;
    return r.schema === undefined
      ? `| ${c.name} | failed: ${cell(short(r.schemaError ?? "?"))} ||||||`
      : `| ${c.name} | ${schemaFacts(r.schema).join(" | ")} |`;
  }),
  "",
  "Issues on bad input (path: message; messages cut at 110 characters):",
  "",
];
for (const [kind, key] of [
  ["config", "badConfigs"],
  ["event", "badEvents"],
] as const) {
  for (const name of Object.keys(reports[CANDIDATES[0]!.name]![key])) {
    lines.push(`${kind} — ${name}:`, "", "| contender | issues |", "|---|---|");
    for (const c of CANDIDATES) lines.push(`| ${c.name} | ${issueCell(reports[c.name]![key][name]!)} |`);
    lines.push("");
  }
}
lines.push(
  `Typical inputs accepted: ${CANDIDATES.map((c) => `${c.name} ${reports[c.name]!.typicalConfig.ok && reports[c.name]!.typicalEvent.ok ? "yes" : "NO"}`).join(", ")}; the JSON Schemas and raw issues are in ${deps}.`,
  "",
);
await writeFile(join(deps, "results.md"), lines.join("\n"));
for (const c of CANDIDATES) {
  if (reports[c.name]!.schema !== undefined)
    await writeFile(join(deps, `${c.file}.schema.json`), JSON.stringify(reports[c.name]!.schema, null, 2));
}
process.stdout.write(lines.join("\n"));
