/**
 * The GitHub Action's entry (bundled into action/index.mjs by scripts/build-action.ts): runs the
 * action in the runner's process and hands back its exit status.
 */
import { runAction } from "./run.ts";

process.exitCode = await runAction({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
});
