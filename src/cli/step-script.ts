/**
 * Loads the pipeline step's commands (`notify`, `run`) from their bundle, dist/bin/step.js, as a V8
 * script with a code cache that holds every function a step calls — not only what runs at load.
 *
 * Why: a step is a fresh process each time, and most of what `notify` cost over `send` went into
 * compiling functions on their first call (~300 in the step bundle). Node's module compile cache keeps
 * only the code compiled while a module loads, so those were compiled again on every run.
 * `vm.Script#createCachedData()` called AFTER the step has run keeps them too. The build
 * (scripts/build-cli.ts) runs steps against a local robot and ships that cache beside the bundle
 * (dist/bin/step.cache), so even a CI machine's first run starts warm.
 *
 * step.js is the script exactly as V8 compiles it: the CommonJS bundle wrapped in a function of
 * (exports, require, module). A cache file is the length of the script it was made from (4 bytes), that
 * script, then V8's data. V8 itself checks only the script's length (and its own version and flags): a
 * cache made from other text of the same length is taken and runs the old code. So the script is
 * compared byte for byte first (cheaper than hashing it, and needs no node:crypto); a cache made from
 * other text, by another V8 (another Node) or under other flags is not used: the script is then parsed
 * as usual, and when Node's compile cache is on (bin/dingpipe.js), the second such run on a machine
 * keeps a cache in that directory (0600) for the runs after it (the first leaves only a mark: see keep).
 */
import type { Command } from "./io.ts";

/** Where the code came from: the build's cache, this machine's cache, or parsed afresh. */
export type StepCache = "shipped" | "local" | "none";

export interface StepScript {
  notify: Command;
  run: Command;
  cache: StepCache;
  /** After the step ran: keeps a cache in Node's compile-cache directory when none was used. */
  keep(): void;
  /** A cache file for this script with every function compiled so far (the build ships one). */
  cacheFile(): Buffer;
}

export const STEP_SCRIPT = "step.js";
export const STEP_CACHE = "step.cache";

/** The bundle (CommonJS) as the one function of exports, require and module that step.js holds. */
export function wrap(bundle: string): string {
  return `(function (exports, require, module) {${bundle}\n})\n`;
}

/**
 * V8's data in the cache file at `path` when it was made from `script` (byte for byte), else undefined.
 * `mine`: the file must be this user's and writable by nobody else — V8's data is code, and Node's
 * compile-cache directory is in the shared temp directory unless NODE_COMPILE_CACHE says otherwise.
 */
function cacheFor(path: string | undefined, script: Buffer, mine = false): Buffer | undefined {
  if (path === undefined) return undefined;
  const fs = process.getBuiltinModule("node:fs");
  let data: Buffer;
  let fd: number | undefined;
  try {
    // Opened once, then checked and read through that descriptor: the file checked is the file read,
    // whatever another user does to the path meanwhile.
    fd = fs.openSync(path, "r");
    if (mine) {
      const st = fs.fstatSync(fd);
      const uid = process.getuid?.(); // none on Windows, whose temp directory is the user's own
      if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return undefined;
    }
    data = fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const end = 4 + script.length;
  if (data.length <= end || data.readUInt32LE(0) !== script.length) return undefined;
  return script.equals(data.subarray(4, end)) ? data.subarray(end) : undefined;
}

/** This machine's cache in Node's compile-cache directory (when that is on; one per Node and size). */
export function localCachePath(script: Buffer): string | undefined {
  const dir = process.getBuiltinModule("node:module").getCompileCacheDir?.();
  if (dir === undefined) return undefined;
  const key = `${process.version}-${process.arch}-${script.length}`;
  return process.getBuiltinModule("node:path").join(dir, `dingpipe-step-${key}.cache`);
}

/** Loads `dir`/step.js with the first cache that fits it (see above). */
export function loadStepScript(dir: string): StepScript {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  const vm = process.getBuiltinModule("node:vm");
  const file = path.join(dir, STEP_SCRIPT);
  const bytes = fs.readFileSync(file);
  // The build writes the bundle in ASCII only (scripts/build-cli.ts): latin1 reads it as it is, and
  // V8 keeps it one byte per character.
  const source = bytes.toString("latin1");
  const compile = (cachedData: Buffer | undefined) =>
    new vm.Script(source, {
      filename: file,
      cachedData,
      // `import()` of Node's built-ins (node:http, node:https) from the bundle: Node's own loader.
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
  // This machine's cache first: there is one only where the build's did not fit (another Node).
  const local = localCachePath(bytes);
  let cache: StepCache = "none";
  let script: import("node:vm").Script | undefined;
  for (const [kind, where] of [
    ["local", local],
    ["shipped", path.join(dir, STEP_CACHE)],
  ] as const) {
    const data = cacheFor(where, bytes, kind === "local");
    if (data === undefined) continue;
    // A refused cache still compiles the script from its source: that one is used if no cache fits.
    script = compile(data);
    if (script.cachedDataRejected === true) continue;
    cache = kind;
    break;
  }
  script ??= compile(undefined);
  const module = { exports: {} as { notify: Command; run: Command } };
  const require = process.getBuiltinModule("node:module").createRequire(file);
  (script.runInThisContext() as (e: object, r: NodeJS.Require, m: object) => void)(
    module.exports,
    require,
    module,
  );
  const ran = script;
  const cacheFile = () => {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    return Buffer.concat([length, bytes, ran.createCachedData()]);
  };
  return {
    notify: module.exports.notify,
    run: module.exports.run,
    cache,
    cacheFile,
    keep() {
      if (cache !== "none" || local === undefined) return;
      // The first run without a cache leaves only an empty mark: a CI machine used once (its temp
      // directory new each time) would pay for making a cache (≈8 % of a step) that nobody reads.
      // A run that finds the mark makes the cache, and the runs after it start warm.
      const temp = `${local}.${process.pid}.tmp`;
      try {
        const data = fs.existsSync(local) ? cacheFile() : "";
        // Left by a run of this process id that died before its rename: removed (a link itself, never
        // what it points to). Containers sharing a temp directory can run the same id at once: the other
        // run's write or rename may then fail, and that run keeps no cache this time.
        fs.rmSync(temp, { force: true });
        // "wx": a path someone put there since (a file, a link) fails the write instead of being followed.
        fs.writeFileSync(temp, data, { mode: 0o600, flag: "wx" });
        fs.renameSync(temp, local);
      } catch {
        // A cache that cannot be written is simply not used, and a part written (a full disk) not left.
        try {
          fs.rmSync(temp, { force: true });
        } catch {
          // Nothing more to do: the next run of this process id removes it.
        }
      }
    },
  };
}
