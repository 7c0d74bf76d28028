/**
 * Bundles the GitHub Action: src/action/main.ts and everything it imports (the notify step, the
 * config parser, the DingTalk client, yaml) into one file, action/index.mjs, which action.yml runs on
 * the runner's Node 24 — so a job needs neither the npm registry nor setup-node. The file is
 * committed (GitHub runs an action from its repository as it is); `npm run build` rewrites it and
 * test/action.test.ts fails when the committed copy differs from a fresh build.
 *
 * Deterministic: no timestamps, no absolute paths (paths in comments are relative to the package),
 * the same esbuild version from the lock file — the same sources always give the same bytes.
 *
 *   node scripts/build-action.ts            writes action/index.mjs
 *   import { bundleAction } from it          the bytes, without writing (the staleness test)
 */
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { licenceComment } from "./licences.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ACTION_BUNDLE = join(ROOT, "action", "index.mjs");

const BANNER = `// dingpipe's GitHub Action, bundled from src/action/main.ts by \`npm run build\` (scripts/build-action.ts).
// Do not edit: change the sources and rebuild. Licences of bundled packages are at the end of the file.
import { createRequire as __dingpipeCreateRequire } from "node:module";
const require = __dingpipeCreateRequire(import.meta.url);`;

/** The bundle's bytes for the current sources. */
export async function bundleAction(): Promise<Buffer> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, "src", "action", "main.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node24",
    external: ["node:*"],
    banner: { js: BANNER },
    // yaml's ESM build, as for the CLI bundle (scripts/build-cli.ts): esbuild drops what dingpipe never calls.
    plugins: [
      {
        name: "yaml-esm",
        setup(b) {
          b.onResolve({ filter: /^yaml$/ }, () => ({
            path: join(ROOT, "node_modules", "yaml", "browser", "index.js"),
          }));
        },
      },
    ],
    legalComments: "eof",
    charset: "utf8",
    logLevel: "warning",
    metafile: true,
  });
  const out = result.outputFiles[0];
  if (result.outputFiles.length !== 1 || out === undefined)
    throw new Error("the action must bundle into one file");
  return Buffer.concat([
    Buffer.from(out.contents),
    Buffer.from(licenceComment(ROOT, Object.keys(result.metafile.inputs))),
  ]);
}

if (import.meta.main) {
  const bytes = await bundleAction();
  await writeFile(ACTION_BUNDLE, bytes);
  process.stdout.write(`action bundled: action/index.mjs, ${(bytes.length / 1024).toFixed(0)} KiB\n`);
}
