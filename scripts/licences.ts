/**
 * The licences of the packages a bundle carries (yaml, pg and pg's helpers): their MIT/ISC terms ask
 * that the notice travel with every copy, and a bundle is a copy without their node_modules folder.
 * Given esbuild's metafile inputs, returns each package's name, version, licence and LICENSE text
 * (or the package.json `license` and `author` when it ships no file), sorted by name.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function bundledLicences(root: string, inputs: Iterable<string>): string {
  const packages = new Set<string>();
  for (const input of inputs) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m?.[1] !== undefined) packages.add(m[1]);
  }
  const sections: string[] = [];
  for (const name of [...packages].sort()) {
    const dir = join(root, "node_modules", name);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      version: string;
      license?: string;
      author?: string | { name?: string };
    };
    const file = existsSync(dir)
      ? readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f))
      : undefined;
    const author = typeof pkg.author === "string" ? pkg.author : pkg.author?.name;
    const text =
      file !== undefined
        ? readFileSync(join(dir, file), "utf8").trim()
        : `${pkg.license ?? "see the package"} licence${author ? `, copyright ${author}` : ""}`;
    sections.push(`${name}@${pkg.version} (${pkg.license ?? "unknown"})\n\n${text}`);
  }
  return sections.join(`\n\n${"-".repeat(72)}\n\n`);
}

/** The licences as a block comment for the end of a bundle. */
export function licenceComment(root: string, inputs: Iterable<string>): string {
  const text = bundledLicences(root, inputs).replace(/\*\//g, "* /");
  return `\n/*\n * Bundled packages and their licences\n *\n${text
    .split("\n")
    .map((l) => ` *${l === "" ? "" : ` ${l}`}`)
    .join("\n")}\n */\n`;
}
