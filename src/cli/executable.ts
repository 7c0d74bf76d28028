/**
 * The entry of the single executable (dist/dingpipe-linux-x64, built by scripts/build-sea.ts): Node's
 * single-executable support runs it as CommonJS with the user's arguments after the executable's
 * path, like bin/dingpipe.js after the script's. Node 24 is inside, so no version check; V8's code
 * cache is inside too, so no compile cache; serve's small young generation comes from the build's
 * execArgv instead of a re-exec.
 */
import { main } from "./main.ts";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`dingpipe: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
