/**
 * Builds the console: bundles web/src/main.ts (and the CSS it imports) with esbuild into
 * web/dist/app.js + app.css, appends the robot message CSS (DingTalk, WeCom, Feishu) shared with the
 * emulator and `preview --html`, and copies
 * index.html. Run by `npm run build:web` (and so by `npm run build` and `npm install`).
 */
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { CHANNEL_CSS } from "../src/channels/draw.ts";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "dist");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [
    { in: join(here, "src", "main.ts"), out: "app" },
    { in: join(here, "src", "app.css"), out: "app" },
  ],
  outdir: out,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022", "chrome110", "firefox110", "safari16"],
  minify: true,
  legalComments: "none",
  // The Chinese catalogue stays UTF-8 (served with charset=utf-8): a third the size of \u escapes.
  charset: "utf8",
  logLevel: "warning",
  metafile: true,
});
const css = join(out, "app.css");
await writeFile(
  css,
  `${await readFile(css, "utf8")}\n/* Robot message rendering (shared with the emulator) */\n${CHANNEL_CSS}\n`,
);
await copyFile(join(here, "index.html"), join(out, "index.html"));
const sizes = Object.entries(result.metafile.outputs).map(([f, o]) => `${f.split("/").pop()} ${o.bytes} B`);
process.stdout.write(`console built: ${sizes.join(", ")}\n`);
