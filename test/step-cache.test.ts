/**
 * The pipeline step's code cache (src/cli/step-script.ts): the build ships one beside the step bundle
 * (dist/bin/step.cache, made by running a step), and a fresh process — as the installed bin is — uses
 * it; a cache made from other text is never used, even where V8 would take it; one V8 refuses falls back
 * to parsing; where none fits, one is kept in Node's compile-cache directory, private, for the next run.
 * Each check runs in a fresh Node process started like the bin (no flags), since V8 takes a cache only
 * under the flags it was made with.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { STEP_CACHE, STEP_SCRIPT } from "../src/cli/step-script.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist", "bin");
const LOADER = pathToFileURL(join(ROOT, "src", "cli", "step-script.ts")).href;
const HELP = "Usage: dingpipe notify --event E";

let tmp = "";
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "dingpipe-step-cache-"));
});
after(() => rm(tmp, { recursive: true, force: true }));

interface Loaded {
  cache: string;
  code: number;
  out: string;
}

/**
 * Loads the step from `dir` in a fresh process (compile cache in `cacheDir`), runs `notify --help`, keeps.
 * `beforeKeep` runs in that process just before it keeps (`local`: this machine's cache path there).
 */
function loadIn(dir: string, cacheDir: string, beforeKeep = ""): Promise<Loaded> {
  const program = `
    process.getBuiltinModule("node:module").enableCompileCache();
    const { loadStepScript, localCachePath } = await import(${JSON.stringify(LOADER)});
    const step = loadStepScript(${JSON.stringify(dir)});
    let out = "";
    const code = await step.notify(["--help"], { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, env: {}, cwd: ${JSON.stringify(dir)} });
    const local = localCachePath(process.getBuiltinModule("node:fs").readFileSync(${JSON.stringify(join(dir, STEP_SCRIPT))}));
    ${beforeKeep}
    step.keep();
    console.log(JSON.stringify({ cache: step.cache, code, out }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", program], {
      env: { PATH: process.env["PATH"], NODE_COMPILE_CACHE: cacheDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`exit ${code}: ${stderr}`));
      resolve(JSON.parse(stdout) as Loaded);
    });
  });
}

/** A copy of the step bundle in a new directory, with `cache` as its step.cache (none when undefined). */
async function install(name: string, source: string, cache?: Buffer): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir);
  await writeFile(join(dir, STEP_SCRIPT), source);
  await copyFile(join(DIST, "step-yaml.cjs"), join(dir, "step-yaml.cjs"));
  if (cache !== undefined) await writeFile(join(dir, STEP_CACHE), cache);
  return dir;
}

const stepCaches = async (dir: string) =>
  (await readdir(dir, { recursive: true })).filter((f) => /dingpipe-step-.*\.cache$/.test(f));

test("the build ships a cache the step uses in a fresh process, wherever the package is installed", async () => {
  const cacheDir = join(tmp, "compile-cache-shipped");
  const shipped = await loadIn(DIST, cacheDir);
  assert.equal(shipped.cache, "shipped");
  assert.equal(shipped.code, 0);
  assert.ok(shipped.out.startsWith(HELP), shipped.out);
  // Another install path (V8's cache does not depend on the file's place).
  const elsewhere = await install(
    "elsewhere",
    await readFile(join(DIST, STEP_SCRIPT), "latin1"),
    await readFile(join(DIST, STEP_CACHE)),
  );
  assert.equal((await loadIn(elsewhere, cacheDir)).cache, "shipped");
  // The installed bin too: the shipped cache fitted, so nothing was written to the compile-cache directory.
  const bin = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "dingpipe.js"), "notify", "--help"], {
      env: { PATH: process.env["PATH"], NODE_COMPILE_CACHE: cacheDir },
      stdio: "ignore",
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  assert.equal(bin, 0);
  assert.ok((await readdir(cacheDir, { recursive: true })).length > 0, "the bin used the compile cache");
  assert.deepEqual(await stepCaches(cacheDir), []);
});

test("a cache made from other text of the same length is not used (V8 alone would run the old code)", async () => {
  const source = await readFile(join(DIST, STEP_SCRIPT), "latin1");
  const cache = await readFile(join(DIST, STEP_CACHE));
  assert.ok(source.includes(HELP));
  const changed = source.replace(HELP, HELP.replace("Usage", "USAGE"));
  assert.equal(changed.length, source.length);
  // What the comparison guards against: V8 checks the length only, and takes the cache for the new text.
  const bare = new Script(changed, { cachedData: cache.subarray(4 + source.length) });
  assert.equal(bare.cachedDataRejected, false, "V8 took the cache of other text");
  const dir = await install("same-length", changed, cache);
  const r = await loadIn(dir, join(tmp, "compile-cache-stale"));
  assert.equal(r.cache, "none");
  assert.ok(r.out.startsWith("USAGE: dingpipe notify"), r.out);
});

test("a cache V8 refuses (another Node, other flags) falls back to parsing; the second such run keeps one, private, for the next", async () => {
  const source = await readFile(join(DIST, STEP_SCRIPT), "latin1");
  const cache = Buffer.from(await readFile(join(DIST, STEP_CACHE)));
  // V8's header after the script: a magic number, V8's version hash, the source's, the flags'…
  const v8 = 4 + source.length;
  cache.writeUInt32LE(cache.readUInt32LE(v8 + 4) ^ 0xffffffff, v8 + 4);
  const dir = await install("refused", source, cache);
  const cacheDir = join(tmp, "compile-cache-refused");
  const kept = async () => {
    const files = await stepCaches(cacheDir);
    assert.equal(files.length, 1);
    const info = await stat(join(cacheDir, files[0]!));
    assert.equal(info.mode & 0o777, 0o600);
    return info.size;
  };
  const first = await loadIn(dir, cacheDir);
  assert.equal(first.cache, "none");
  assert.ok(first.out.startsWith(HELP), first.out);
  // The first run leaves a mark only (a machine used once pays nothing more)…
  assert.equal(await kept(), 0);
  const second = await loadIn(dir, cacheDir);
  assert.equal(second.cache, "none");
  // …the second makes the cache, the third runs from it.
  assert.ok((await kept()) > 1000);
  const third = await loadIn(dir, cacheDir);
  assert.equal(third.cache, "local");
  assert.ok(third.out.startsWith(HELP), third.out);
  // V8's data is code, and the directory may be the shared temp directory: a cache file others may
  // write is never run.
  const [file] = await stepCaches(cacheDir);
  await chmod(join(cacheDir, file!), 0o622);
  const fourth = await loadIn(dir, cacheDir);
  assert.equal(fourth.cache, "none", "a cache file others may write is not used");
  assert.ok(fourth.out.startsWith(HELP), fourth.out);
});

test("a temporary file a crashed run left behind does not stop the next run of its process id keeping the cache", async () => {
  // No step.cache: this machine's cache is kept.
  const dir = await install("crashed", await readFile(join(DIST, STEP_SCRIPT), "latin1"));
  const cacheDir = join(tmp, "compile-cache-crashed");
  // A run killed between writing its temporary file and renaming it left one; process ids come back.
  const crashed = `process.getBuiltinModule("node:fs").writeFileSync(local + "." + process.pid + ".tmp", "partial");`;
  const kept = async () => {
    const files = await readdir(cacheDir, { recursive: true });
    assert.deepEqual(
      files.filter((f) => f.endsWith(".tmp")),
      [],
      "no temporary file is left",
    );
    const caches = await stepCaches(cacheDir);
    assert.equal(caches.length, 1, `kept: ${files.join(", ")}`);
    return (await stat(join(cacheDir, caches[0]!))).size;
  };
  assert.equal((await loadIn(dir, cacheDir, crashed)).cache, "none");
  assert.equal(await kept(), 0, "the first run's mark");
  assert.equal((await loadIn(dir, cacheDir, crashed)).cache, "none");
  assert.ok((await kept()) > 1000, "the second run's cache");
  assert.equal((await loadIn(dir, cacheDir)).cache, "local");
});

test("a cache that cannot be put in place (its path a directory) is not kept, and leaves no temporary file", async () => {
  const dir = await install("blocked", await readFile(join(DIST, STEP_SCRIPT), "latin1"));
  const cacheDir = join(tmp, "compile-cache-blocked");
  // The cache's own path is a directory with a file in it: the rename onto it fails after the write.
  const blocked = `process.getBuiltinModule("node:fs").mkdirSync(local + "/inside", { recursive: true });`;
  const r = await loadIn(dir, cacheDir, blocked);
  assert.equal(r.code, 0);
  assert.ok(r.out.startsWith(HELP), r.out);
  const files = await readdir(cacheDir, { recursive: true });
  assert.deepEqual(
    files.filter((f) => f.endsWith(".tmp")),
    [],
    `no temporary file is left: ${files.join(", ")}`,
  );
  const [path, ...more] = await stepCaches(cacheDir);
  assert.deepEqual(more, []);
  assert.ok((await stat(join(cacheDir, path!))).isDirectory(), "nothing kept in its place");
  assert.deepEqual(await readdir(join(cacheDir, path!)), ["inside"]);
});
