/**
 * Bundles the library entry: src/index.ts and what it imports, yaml included, into dist/index.js
 * (ESM), replacing tsc's copy; the .d.ts files tsc writes beside it stay its types. With the CLI
 * bundled the same way (scripts/build-cli.ts), the published package's code needs no dependency (its
 * one, valibot, is for the types and travels inside the tarball): `npm install` of it needs no
 * registry. Run by `npm run build:package` after tsc.
 */
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { licenceComment } from "./licences.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const result = await build({
  absWorkingDir: root,
  entryPoints: [join(root, "src", "index.ts")],
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  target: "node24",
  external: ["node:*"],
  // yaml's ESM build, as in the CLI bundle: esbuild drops what dingpipe never calls.
  plugins: [
    {
      name: "yaml-esm",
      setup(b) {
        b.onResolve({ filter: /^yaml$/ }, () => ({
          path: join(root, "node_modules", "yaml", "browser", "index.js"),
        }));
      },
    },
  ],
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs);
const heavy = inputs.filter((p) => /^node_modules\/pg|^src\/(server|store)\//.test(p));
if (heavy.length > 0) throw new Error(`the library entry would carry ${heavy.slice(0, 3).join(", ")}`);
const out = join(root, "dist", "index.js");
const bytes = Buffer.concat([
  Buffer.from(result.outputFiles[0]?.contents ?? []),
  Buffer.from(licenceComment(root, inputs)),
]);
await writeFile(out, bytes);
process.stdout.write(`library bundled: dist/index.js, ${(bytes.length / 1024).toFixed(0)} KiB\n`);
