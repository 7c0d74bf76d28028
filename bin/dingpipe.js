#!/usr/bin/env node
// The installed command. It loads the bundled CLI (dist/bin/cli.js, esbuild: one chunk per command,
// loaded lazily; `notify` and `run` from dist/bin/step.js with the code cache the build made after
// running steps, src/cli/step-script.ts), built by `npm install` (prepare) or `npm run build`.

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

// `serve` and `worker` run for weeks and turn every request and delivery into short-lived garbage.
// V8 lets its young generation grow to 64 MB semi-spaces (128 MB of nursery) on 64-bit, for
// throughput on big machines; the service's live heap is ~15 MB. So they start with 4 MB
// semi-spaces, and glibc's malloc with at most 2 arenas (it otherwise keeps one per thread that ever
// allocated — V8's compiler and GC threads — each holding freed memory). 4 MB rather than 2: a request
// waiting ~30–50 ms for its PostgreSQL commit outlives two scavenges of a 2 MB nursery and is copied
// twice, then promoted (scavenges cost ~25 % less CPU time per event with 4 MB).
// The old generation too: V8 lets it grow to 4x what survived the last full collection before the next
// one when the heap may reach 2 GB or more (its default on a machine with 8 GB or more), and 1.3–2x
// below that; with a 1 GB ceiling (the live heap is ~15 MB) it stays at ~16 MB (how the ceiling is
// compared with V8's: bin/service-flags.js). Together: peak RSS
// under PostgreSQL ingest ~115 → ~92 MB, SQLite ingest and delivery across 200 robots < 100 MB, at no
// more CPU per event (docs/delivery.md, "Memory"; bench/RESULTS.md). A machine whose default ceiling is
// already lower keeps it. The flags only work at start-up, hence the re-exec (same process id); a flag
// or a MALLOC_ARENA_MAX the user set (command line or NODE_OPTIONS) wins.
const command = process.argv[2];
if ((command === "serve" || command === "worker") && typeof process.execve === "function") {
  const { serviceFlags } = await import("./service-flags.js");
  const flags = serviceFlags(
    [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)],
    process.getBuiltinModule("node:v8").getHeapStatistics().heap_size_limit,
  );
  if (flags.length > 0)
    process.execve(
      process.execPath,
      [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)],
      { MALLOC_ARENA_MAX: "2", ...process.env },
    );
}

// A pipeline step is a fresh process each time: keep V8's compiled code of the bundle on disk (Node's
// module compile cache, in the OS temp dir unless NODE_COMPILE_CACHE says otherwise) so later runs
// skip most of the parsing (the step script keeps its own cache there when the build's does not fit
// this Node). A cache that cannot be written is simply not used. Not for `serve` and
// `worker`: they start once and run for weeks, and code from the cache is kept whole in memory
// (≈0.5 MB of an idle service) where parsing compiles only what runs.
if (command !== "serve" && command !== "worker") {
  const { enableCompileCache } = await import("node:module");
  enableCompileCache?.();
}

const { main } = await import("../dist/bin/cli.js");
process.exit(await main(process.argv.slice(2)));
