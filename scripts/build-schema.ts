/**
 * Writes schema/dingpipe.schema.json from the declaration of `.dingpipe.yml` (src/contract/config.ts), formatted
 * as the repository formats JSON. `src/config/json-schema.test.ts` fails when the committed file is stale.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../src/contract/json-schema.ts";

const file = new URL("../schema/dingpipe.schema.json", import.meta.url);
writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
try {
  execFileSync(
    new URL("../node_modules/.bin/biome", import.meta.url).pathname,
    ["format", "--write", file.pathname],
    {
      stdio: "ignore",
    },
  );
} catch {
  // biome is a devDependency: without it the file is still valid JSON, only formatted differently.
}
