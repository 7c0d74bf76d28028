/**
 * Builds dist/dingpipe-linux-x64: one file that runs every dingpipe command on a machine with no Node,
 * using Node's single executable applications (Node 24: a preparation blob from
 * `node --experimental-sea-config`, injected with postject into a copy of Node's own binary).
 *
 * - The base is the Node 24 of the `node` devDependency (node_modules/node/bin/node), which also
 *   writes the blob, so the embedded V8 code cache matches the V8 that runs it.
 * - The program is src/cli/executable.ts bundled by esbuild as one CommonJS file (Node 24 runs only
 *   CommonJS as an executable's main): yaml and pg inside, each command's lazy import inlined.
 * - The console's files (web/dist) are assets the server reads from memory (src/server/static.ts).
 * - `execArgv` gives every command `--max-semi-space-size=4 --max-old-space-size=1024`, what
 *   bin/dingpipe.js re-executes `serve` and `worker` with (docs/delivery.md, "Memory"; the executable
 *   cannot also set its own MALLOC_ARENA_MAX, which the bin adds, nor keep a lower default ceiling of
 *   a small machine, which the bin does: execArgv is fixed at build time).
 *
 * Skipped when dist/dingpipe-linux-x64 was built from the same inputs (bundle, assets, config, base
 * Node): a digest of them is kept beside it in dist/sea/inputs.sha256.
 *
 *   npm run build:sea                       builds (after `npm run build:package` for web/dist)
 *   import { buildExecutable } from it       the same, for the test that runs it
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { licenceComment } from "./licences.ts";
import { promClientSlim } from "./prom-client-slim.ts";

const run = promisify(execFile);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const EXECUTABLE = join(ROOT, "dist", `dingpipe-${process.platform}-${process.arch}`);
const WORK = join(ROOT, "dist", "sea");
/** The fuse Node's binary carries; postject flips it to say a blob is present. */
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** The Node binary of the `node` devDependency: the executable's base and the blob's writer. */
export function baseNode(): string {
  const path = join(ROOT, "node_modules", "node", "bin", "node");
  if (!existsSync(path)) throw new Error(`no ${path}: run npm install (the node devDependency) first`);
  return realpathSync(path);
}

/** Builds the executable unless it is up to date; returns its path and whether it was rebuilt. */
export async function buildExecutable(log: (line: string) => void = () => {}): Promise<{
  path: string;
  rebuilt: boolean;
}> {
  if (process.platform !== "linux") throw new Error("the single executable is built on Linux");
  const node = baseNode();
  const { stdout: version } = await run(node, ["--version"]);
  if (!version.startsWith("v24.")) throw new Error(`the base Node must be 24, ${node} is ${version.trim()}`);
  const webDist = join(ROOT, "web", "dist");
  if (!existsSync(join(webDist, "index.html")))
    throw new Error("no web/dist: run `npm run build:package` first");
  await mkdir(WORK, { recursive: true });

  const bundled = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, "src", "cli", "executable.ts")],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "node",
    target: "node24",
    external: ["node:*", "pg-native"],
    // Modules that find files next to themselves (src/server/static.ts) get the executable's URL.
    define: { "import.meta.url": "__dingpipe_import_meta_url" },
    banner: { js: 'var __dingpipe_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [
      promClientSlim(ROOT),
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
  const program = Buffer.concat([
    Buffer.from(bundled.outputFiles[0]?.contents ?? []),
    Buffer.from(licenceComment(ROOT, Object.keys(bundled.metafile.inputs))),
  ]);
  const main = join(WORK, "dingpipe.cjs");
  await writeFile(main, program);

  const assets: Record<string, string> = {};
  for (const entry of (await readdir(webDist, { recursive: true, withFileTypes: true })).sort((a, b) =>
    join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
  )) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    assets[
      `web/dist/${file
        .slice(webDist.length + 1)
        .split("\\")
        .join("/")}`
    ] = file;
  }
  const blob = join(WORK, "dingpipe.blob");
  const config = {
    main,
    output: blob,
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
    useSnapshot: false,
    execArgv: ["--max-semi-space-size=4", "--max-old-space-size=1024"],
    assets,
  };
  const configFile = join(WORK, "sea-config.json");
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);

  const digest = createHash("sha256");
  digest
    .update(program)
    .update(JSON.stringify(config))
    .update(version)
    .update(await readFile(node));
  for (const file of Object.values(assets)) digest.update(await readFile(file));
  const inputs = digest.digest("hex");
  const stamp = join(WORK, "inputs.sha256");
  if (existsSync(EXECUTABLE) && existsSync(stamp) && (await readFile(stamp, "utf8")) === inputs) {
    log(`${EXECUTABLE.slice(ROOT.length + 1)} is up to date`);
    return { path: EXECUTABLE, rebuilt: false };
  }

  await run(node, ["--experimental-sea-config", configFile], { cwd: ROOT });
  const partial = `${EXECUTABLE}.partial`;
  await rm(stamp, { force: true });
  await copyFile(node, partial);
  await chmod(partial, 0o755);
  // postject's command line, in its own process: it holds the whole binary in memory (~0.5 GB at peak)
  // and prints LIEF's warnings about Node's many ELF notes, which are harmless.
  const postject = join(ROOT, "node_modules", "postject", "dist", "cli.js");
  await run(node, [postject, partial, "NODE_SEA_BLOB", blob, "--sentinel-fuse", FUSE], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch(async (e: Error & { stderr?: string }) => {
    await rm(partial, { force: true });
    throw new Error(`postject could not inject the blob: ${e.stderr ?? e.message}`);
  });
  await rename(partial, EXECUTABLE);
  await writeFile(stamp, inputs);
  log(`${EXECUTABLE.slice(ROOT.length + 1)} built from Node ${version.trim()}`);
  return { path: EXECUTABLE, rebuilt: true };
}

if (import.meta.main) {
  await buildExecutable((line) => process.stdout.write(`${line}\n`));
}
