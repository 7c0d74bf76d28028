/**
 * An esbuild plugin that takes Node's built-in modules (`node:fs`, `node:util`…) with
 * `process.getBuiltinModule` instead of an ESM `import`. Importing a built-in as ESM builds its namespace
 * from every export, and so runs every lazy getter the module has: `import { statSync } from "node:fs"`
 * loads fs/promises, the file watchers, readline and the stream classes; `import { parseArgs } from
 * "node:util"` loads worker_threads and the diff code — ≈2.5 MB of an idle service's RSS for nothing it
 * uses (bench/RESULTS.md, "Memory"). Taken as a CommonJS object, a property is only read where the code
 * reads it. Used by the CLI bundle.
 */
import type { Plugin } from "esbuild";

export function builtinsOnUse(): Plugin {
  return {
    name: "builtins-on-use",
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "builtin-on-use" }));
      b.onLoad({ filter: /.*/, namespace: "builtin-on-use" }, (args) => ({
        contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
        loader: "js",
      }));
    },
  };
}
