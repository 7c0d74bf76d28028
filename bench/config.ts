/**
 * `.dingpipe.yml` checks on generated files of 5,000 to 50,000 robots (each with a notification): the
 * time per robot should stay flat as the file grows — the checks are linear (the YAML parser's duplicate
 * key check, the error count and the duplicate-notification search were quadratic before). Files this
 * large are over the 1 MiB a `config check` reads, so parseConfig runs on the text with the limit lifted.
 *
 *   npm run bench:config
 *   npm run bench:config -- --sizes 20000,50000
 */
import { parseArgs } from "node:util";
import { parseConfig } from "../src/config/parse.ts";
import { machine } from "./common.ts";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "5000,10000,20000,50000" } } });
const sizes = values.sizes.split(",").map(Number);

/** n robots (a literal webhook each: one warning each), and a notification per robot. */
function generate(n: number): string {
  const lines = ["credentials:"];
  for (let i = 0; i < n; i++)
    lines.push(
      `  robot-${i}:`,
      `    webhook: https://oapi.dingtalk.com/robot/send?access_token=${(i + 1).toString(16).padStart(64, "0")}`,
    );
  lines.push("notifications:");
  for (let i = 0; i < n; i++) lines.push(`  - credential: robot-${i}`, "    events: [failure]");
  return `${lines.join("\n")}\n`;
}

// Warm the JIT on a small file, so the sizes compare the algorithm, not compilation.
parseConfig(generate(1000), ".dingpipe.yml", {}, { maxBytes: Number.POSITIVE_INFINITY });

console.log(`${machine()}\n`);
console.log("| robots | file | seconds | µs per robot | diagnostics |");
console.log("|---:|---:|---:|---:|---:|");
for (const n of sizes) {
  const text = generate(n);
  const start = performance.now();
  const r = parseConfig(text, ".dingpipe.yml", {}, { maxBytes: Number.POSITIVE_INFINITY });
  const ms = performance.now() - start;
  if (Object.keys(r.config?.credentials ?? {}).length !== n)
    throw new Error(`only some of ${n} robots came through`);
  console.log(
    `| ${n.toLocaleString("en-US")} | ${(text.length / 1e6).toFixed(1)} MB | ${(ms / 1000).toFixed(2)} | ${Math.round((ms * 1000) / n)} | ${r.diagnostics.length} |`,
  );
}
