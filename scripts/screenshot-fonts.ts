/**
 * Makes sure the machine has the fonts `npm run screenshots` needs before it photographs the console:
 * Chinese glyphs for the Chinese console and colour emoji for the messages' status marks (✅ ❌).
 * Without them Chromium draws empty boxes. Installs Debian's fonts-noto-cjk / fonts-noto-color-emoji
 * when a font is missing and we may (root, apt-get); otherwise says what to run. Only the screenshot
 * refresh needs this: `npm test` checks the console's words, not its glyphs, and needs no root.
 */
import { execFileSync, spawnSync } from "node:child_process";

const NEEDED = [
  { what: "Chinese glyphs", pattern: ":lang=zh", pkg: "fonts-noto-cjk" },
  { what: "colour emoji", pattern: ":charset=2705:color=true", pkg: "fonts-noto-color-emoji" },
];

function fonts(pattern: string): string[] {
  const r = spawnSync("fc-list", [pattern, "family"], { encoding: "utf8" });
  return r.error ? [] : r.stdout.split("\n").filter((line) => line.trim() !== "");
}

const missing = NEEDED.filter((n) => fonts(n.pattern).length === 0);
if (missing.length > 0) {
  const pkgs = missing.map((m) => m.pkg);
  if (process.getuid?.() !== 0 || spawnSync("apt-get", ["--version"]).error) {
    process.stderr.write(
      `no font for ${missing.map((m) => m.what).join(" or ")}: install first, e.g. \`sudo apt-get install ${pkgs.join(" ")}\` (Debian/Ubuntu)\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`installing ${pkgs.join(", ")} for the screenshots…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...pkgs], {
    stdio: "inherit",
    env,
  });
  for (const m of missing) {
    if (fonts(m.pattern).length === 0) {
      process.stderr.write(`${m.pkg} is installed but fontconfig lists no font for ${m.what}\n`);
      process.exit(1);
    }
  }
}
for (const n of NEEDED) process.stdout.write(`${n.what}: ${fonts(n.pattern)[0]}\n`);
