/**
 * An esbuild plugin that takes Node's built-in modules (`node:fs`, `node:util`…) with
 * `process.getBuiltinModule` instead of an ESM `import`. Importing a built-in as ESM builds its namespace
 * from every export, and so runs every lazy getter the module has: `import { statSync } from "node:fs"`
 * loads fs/promises, the file watchers, readline and the stream classes; `import { parseArgs } from
 * "node:util"` loads worker_threads and the diff code — ≈2.5 MB of an idle service's RSS for nothing it
 * uses (bench/RESULTS.md, "Memory").
 *
 * Each file's import of a built-in becomes a small module exporting only the names that file imports
 * (`import { a, b as c } from "node:x"`, the only form the sources use), read from the module object; a
 * name missing here fails the build. Dynamic imports (`await import("node:https")`) and imports from bundled
 * packages stay plain imports. Used by the CLI bundle.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Plugin } from "esbuild";

/** The names `file` imports from `builtin` (`import { a, b as c } from "node:x"`). */
function importedNames(file: string, builtin: string): string[] {
  const names = new Set<string>();
  for (const m of readFileSync(file, "utf8").matchAll(/^import\s*\{([^}]*)\}\s*from\s*"(node:[^"]+)";/gm)) {
    if (m[2] !== builtin) continue;
    for (const part of m[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/)[0]!;
      if (name !== "" && !name.startsWith("type ")) names.add(name);
    }
  }
  return [...names].sort();
}

export function builtinsOnUse(src: string): Plugin {
  return {
    name: "builtins-on-use",
    setup(b) {
      // One small module per importing file, so a name one file reads (node:fs's `promises`) is not read
      // wherever another file imports the same built-in.
      b.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === "import-statement" && args.importer.startsWith(src)
          ? { path: `${args.path}?from=${relative(src, args.importer)}`, namespace: "builtin-on-use" }
          : { path: args.path, external: true },
      );
      b.onLoad({ filter: /.*/, namespace: "builtin-on-use" }, (args) => {
        const [builtin, from] = args.path.split("?from=") as [string, string];
        return {
          contents: [
            `const m = process.getBuiltinModule(${JSON.stringify(builtin)});`,
            ...importedNames(join(src, from), builtin).map((n) => `export const ${n} = m.${n};`),
            "",
          ].join("\n"),
          loader: "js",
        };
      });
    },
  };
}
