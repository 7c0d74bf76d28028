/**
 * The pipeline step's commands as one bundle (dist/bin/step.js), which the installed bin loads with a
 * code cache (step-script.ts, scripts/build-cli.ts). `run` is imported when called: what only it
 * needs (node:child_process) stays unloaded in a `notify`.
 */
import type { Command } from "./io.ts";

export { run as notify } from "./notify.ts";
export const run: Command = async (args, io) => (await import("./run.ts")).run(args, io);
