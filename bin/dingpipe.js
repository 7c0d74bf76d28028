#!/usr/bin/env node
// The installed command. It loads the bundled CLI (dist/bin/cli.js, esbuild: one chunk per command,
// loaded lazily), built by `npm install` (prepare) or `npm run build`.

// Say so plainly on an older Node instead of failing later with a stack trace (node:sqlite, …).
if (Number(process.versions.node.split(".")[0]) < 24) {
  process.stderr.write(
    `dingpipe needs Node.js 24 or newer; this is Node ${process.version}.\n` +
      "  fix: install Node 24 (in a project: `npm i -D node@24` and run dingpipe through npm scripts or npx)\n",
  );
  process.exit(2);
}

// Node before 24.15 calls node:sqlite experimental on every start of `serve` and `worker`; that line
// tells a user nothing they can act on. Drop only that warning; every other one prints as usual.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
  const text = typeof warning === "string" ? warning : warning?.message;
  if (type === "ExperimentalWarning" && text?.startsWith("SQLite ")) return;
  return emitWarning.call(process, warning, ...rest);
};

const { main } = await import("../dist/bin/cli.js");
process.exit(await main(process.argv.slice(2)));
