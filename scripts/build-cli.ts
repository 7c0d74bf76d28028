/**
 * Bundles the command line for the installed `dingpipe` bin: src/cli/main.ts and everything it
 * imports (yaml and pg included) into dist/bin/cli.js plus shared chunks, so a command loads a few
 * files instead of dozens. `notify` and `run` (a pipeline step's commands) are a second bundle of their
 * own: one script (dist/bin/step.js) loaded with a V8 code cache the build makes by running steps
 * (dist/bin/step.cache; src/cli/step-script.ts, scripts/step-cache.ts), with yaml's parser apart
 * (dist/bin/step-yaml.cjs). Code splitting keeps each command's lazy import lazy: `send` never loads
 * the YAML parser, the stores or the server. tsc still emits dist/ (with .d.ts) for the library.
 * Run by `npm run build:cli` (and so by `npm run build` and `npm install`).
 *
 * All outputs sit flat in dist/bin/, two levels below the package root like dist/server/static.js,
 * so the console's web/dist is found at the same relative place (src/server/static.ts).
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { STEP_SCRIPT, wrap } from "../src/cli/step-script.ts";
import { builtinsOnUse } from "./builtins-on-use.ts";
import { bundledLicences } from "./licences.ts";
import { promClientSlim } from "./prom-client-slim.ts";
import { writeStepCache } from "./step-cache.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The text with every non-ASCII UTF-16 code unit written as a \uXXXX escape. */
function asciiOnly(text: string): string {
  // Right after a backslash, an escape would change what that backslash escapes: none is expected.
  if (/\\[^\x00-\x7f]/.test(text)) throw new Error("a non-ASCII character after a backslash in the bundle");
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
const out = join(root, "dist", "bin");
const yamlDir = join(root, "node_modules", "yaml", "browser");
/** The modules that parse YAML (all others only read parsed nodes). */
const YAML_PARSER_USERS = [join("src", "config", "parse.ts"), join("src", "cli", "emulator.ts")];

/** What the modules that only look at parsed nodes get of yaml (its node tests and visit). */
const YAML_NODES = 'export * from "./dist/nodes/identity.js";\nexport { visit } from "./dist/visit.js";\n';

await rm(out, { recursive: true, force: true });
const options = {
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node24",
  // node: built-ins stay imports (platform node); pg's optional native binding is never bundled.
  external: ["node:*", "pg-native"],
  // Bundled CommonJS (pg) calls require() for Node's built-ins; give ESM chunks a real one.
  banner: {
    js: 'import { createRequire as __dingpipeCreateRequire } from "node:module";\nconst require = __dingpipeCreateRequire(import.meta.url);',
  },
  // yaml's ESM build (the one it ships for browsers; the same parser) instead of its CommonJS one:
  // esbuild can drop the parts dingpipe never calls (stringify, custom tags…), so `notify` loads less.
  plugins: [
    builtinsOnUse(join(root, "src")),
    promClientSlim(root),
    {
      name: "yaml-esm",
      setup(b) {
        // Without side effects (yaml's modules only declare): a chunk that needs only its node tests
        // (isMap, visit: the config checks) does not carry its parser, which the plain-subset reader
        // makes lazy (src/config/load.ts).
        // The modules that only look at parsed nodes (the config checks) get yaml's node tests and visit
        // alone: through yaml's index they would reach — and share a chunk with — its whole parser,
        // which only a file outside the plain subset needs (src/config/load.ts imports parse.ts lazily).
        b.onResolve({ filter: /^yaml$/ }, (args) =>
          YAML_PARSER_USERS.some((f) => args.importer.endsWith(f))
            ? { path: join(yamlDir, "index.js") }
            : { path: "yaml-nodes", namespace: "yaml-nodes" },
        );
        b.onLoad({ filter: /.*/, namespace: "yaml-nodes" }, () => ({
          contents: YAML_NODES,
          resolveDir: yamlDir,
          loader: "js",
        }));
      },
    },
  ],
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
} satisfies BuildOptions;
/** The step's commands in the CLI bundle: each loads the step bundle with its code cache (step-script.ts). */
const stepLoader = (command: string) =>
  [
    `import { loadStepScript } from ${JSON.stringify(join(root, "src", "cli", "step-script.ts"))};`,
    'const { fileURLToPath } = process.getBuiltinModule("node:url");',
    "export const run = async (args, io) => {",
    '  const step = loadStepScript(fileURLToPath(new URL(".", import.meta.url)));',
    "  try {",
    `    return await step.${command}(args, io);`,
    "  } finally {",
    "    step.keep();",
    "  }",
    "};",
    "",
  ].join("\n");
const result = await build({
  ...options,
  entryPoints: [{ in: join(root, "src", "cli", "main.ts"), out: "cli" }],
  chunkNames: "[name]-[hash]",
  plugins: [
    ...options.plugins,
    {
      // main.ts's `notify` and `run` load the step bundle (below) instead.
      name: "step-commands",
      setup(b) {
        b.onResolve({ filter: /^\.\/(notify|run)\.ts$/ }, (args) =>
          args.importer.endsWith(join("src", "cli", "main.ts"))
            ? { path: args.path.slice(2, -3), namespace: "step-command" }
            : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: "step-command" }, (args) => ({
          contents: stepLoader(args.path),
          resolveDir: join(root, "src", "cli"),
          loader: "js",
        }));
      },
    },
  ],
});
// `notify` and `run` run on every pipeline step, as fresh processes: one CommonJS bundle of their own
// (dist/bin/step.js, below) that src/cli/step-script.ts loads as a V8 script with a code cache made after a
// step ran (dist/bin/step.cache, below): Node's module compile cache would keep only the code compiled
// at load, and compiling the rest on first call was most of what notify cost over send. yaml's parser
// (only for a file outside the plain subset, src/config/load.ts) stays out, in step-yaml.cjs, required
// when needed.
const step = await build({
  ...options,
  splitting: false,
  format: "cjs",
  banner: {},
  entryPoints: [{ in: join(root, "src", "cli", "step.ts"), out: "step" }],
  outExtension: { ".js": ".cjs" },
  plugins: [
    ...options.plugins.filter((p) => p.name !== "yaml-esm"),
    {
      name: "yaml-step",
      setup(b) {
        b.onResolve({ filter: /^yaml$/ }, (args) =>
          args.importer.endsWith(join("src", "config", "parse.ts"))
            ? { path: "./step-yaml.cjs", external: true }
            : { path: "yaml-nodes", namespace: "yaml-nodes" },
        );
        b.onLoad({ filter: /.*/, namespace: "yaml-nodes" }, () => ({
          contents: YAML_NODES,
          resolveDir: yamlDir,
          loader: "js",
        }));
      },
    },
  ],
});
const stepYaml = await build({
  ...options,
  splitting: false,
  format: "cjs",
  banner: {},
  plugins: [],
  entryPoints: [{ in: join(yamlDir, "index.js"), out: "step-yaml" }],
  outExtension: { ".js": ".cjs" },
});

const outputs = { ...result.metafile.outputs, ...step.metafile.outputs, ...stepYaml.metafile.outputs };
const files = Object.entries(outputs).filter(([f]) => f.endsWith(".js") || f.endsWith(".cjs"));
for (const [f] of files) {
  if (dirname(join(root, f)) !== out) throw new Error(`bundle output outside dist/bin: ${f}`);
  // esbuild escapes non-ASCII text in strings (charset "ascii", its default) but leaves it in comments
  // and regular expressions (…, 解决方案, ❌). V8 keeps a module's source for its life, as one byte per
  // character only when every character fits: one such character doubles the whole chunk's source in
  // memory (≈0.5 MB of an idle service). A \u escape means the same character in a string, template,
  // regular expression (with or without the u flag: astral characters become surrogate pairs) and comment.
  const path = join(root, f);
  const text = await readFile(path, "utf8");
  const ascii = asciiOnly(text);
  if (ascii !== text) await writeFile(path, ascii);
}

// `send` is the command a pipeline step runs most: what it loads up front must stay free of the YAML
// parser, the stores and the server (a stray static import would pull them into its chunks).
const sendChunk = files.find(([, o]) => o.entryPoint === "src/cli/send.ts")?.[0];
if (sendChunk === undefined) throw new Error("no chunk for src/cli/send.ts in the bundle");
const loaded = new Set<string>();
const visit = (file: string): void => {
  if (loaded.has(file)) return;
  loaded.add(file);
  for (const i of outputs[file]?.imports ?? []) {
    if (i.kind === "import-statement") visit(i.path);
  }
};
visit(sendChunk);
const heavy = [...loaded]
  .flatMap((f) => [
    ...Object.keys(outputs[f]?.inputs ?? {}),
    ...(outputs[f]?.imports ?? []).filter((i) => i.kind === "import-statement").map((i) => i.path),
  ])
  .filter((p) => /^node_modules\/(yaml|pg)\/|^src\/(server|store|config)\/|^node:sqlite$/.test(p));
if (heavy.length > 0) {
  throw new Error(`dingpipe send would load ${[...new Set(heavy)].slice(0, 5).join(", ")}`);
}
// `notify` reads an everyday .dingpipe.yml with the plain-subset reader: yaml's parser (lexer, composer) is
// step-yaml.cjs, required by src/config/parse.ts alone (the plugin above), so it stays unloaded as long as
// nothing in the step imports parse.ts up front — src/config/load.ts imports it with import() for other
// files. (test/notify-lazy.test.ts checks the same at run time.)
const eager = Object.entries(step.metafile.inputs).filter(([, input]) =>
  input.imports.some((i) => i.path === "src/config/parse.ts" && i.kind !== "dynamic-import"),
);
if (eager.length > 0)
  throw new Error(
    `dingpipe notify would load yaml's parser: ${eager.map(([p]) => p).join(", ")} import(s) parse.ts up front`,
  );

// The bundle carries yaml's and pg's code: their licences travel beside it.
await writeFile(
  join(out, "LICENSES.txt"),
  `Packages bundled into dist/bin and their licences\n\n${bundledLicences(root, [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(step.metafile.inputs), ...Object.keys(stepYaml.metafile.inputs)])])}\n`,
);
// The step bundle as the script V8 compiles (src/cli/step-script.ts), then the code cache shipped
// beside it, made by running steps (scripts/step-cache.ts).
const stepBundle = join(out, "step.cjs");
await writeFile(join(out, STEP_SCRIPT), wrap(await readFile(stepBundle, "latin1")), "latin1");
await rm(stepBundle);
await writeStepCache(root, out);
const total = files.reduce((n, [, o]) => n + o.bytes, 0);
process.stdout.write(
  `cli bundled: ${relative(root, join(out, "cli.js"))} + ${files.length - 1} chunks, ${(total / 1024).toFixed(0)} KiB\n`,
);
