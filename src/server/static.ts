/**
 * The console's files from web/dist, served at `/`. Paths are resolved inside that directory only (no
 * traversal); when the console has not been built, `/` says how to build it. Inside the single
 * executable (scripts/build-sea.ts) the same files are its assets, `web/dist/<path>`, read from memory.
 */
import { extname, join, relative, resolve, sep } from "node:path";
import { getAsset, isSea } from "node:sea";
import { fileURLToPath } from "node:url";
import type { Reply } from "./router.ts";

/**
 * node:fs/promises at the first file served, not at start: it brings readline and the file watchers with it
 * (≈1 MB of an idle service's RSS), and an idle service serves nothing.
 */
const fsp = () => process.getBuiltinModule("node:fs/promises");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * web/dist of the package: the same relative place from src/server, dist/server and the CLI bundle's
 * flat dist/bin (scripts/build-cli.ts keeps every chunk there, two levels below the package root).
 */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
};

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>dingpipe</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto">
<h1>dingpipe is running</h1>
<p>The console has not been built. Build it with <code>npm run build:web</code> (or <code>npm install</code>) and reload.</p>
<p>The API is at <a href="/api/openapi.json">/api/openapi.json</a>; see docs/api.md.</p>
</body></html>`;

/** The single executable's copy of a console file; undefined when it has none. */
function seaAsset(base: string, file: string): Buffer | undefined {
  try {
    return Buffer.from(getAsset(`web/dist/${relative(base, file).split(sep).join("/")}`));
  } catch {
    return undefined;
  }
}

export function createStatic(
  root: string,
  fromExecutable = isSea(),
): (pathname: string) => Promise<Reply | undefined> {
  const base = resolve(root);
  return async (pathname) => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (rel.includes("\0")) return undefined;
    if (rel === "/" || rel === "") rel = "/index.html";
    const file = resolve(join(base, rel));
    if (file !== base && !file.startsWith(base + sep)) return undefined;
    try {
      let body: Buffer;
      if (fromExecutable) {
        const asset = seaAsset(base, file);
        if (asset === undefined) throw new Error("no such asset");
        body = asset;
      } else {
        const info = await fsp().stat(file);
        if (!info.isFile()) return undefined;
        body = await fsp().readFile(file);
      }
      const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      const cache = rel === "/index.html" ? "no-cache" : "public, max-age=300";
      return {
        status: 200,
        raw: body,
        headers: { "content-type": type, "cache-control": cache, ...SECURITY_HEADERS },
      };
    } catch {
      if (rel === "/index.html") {
        return {
          status: 200,
          raw: NOT_BUILT,
          headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS },
        };
      }
      return undefined;
    }
  };
}
