/**
 * The installed command as users run it: bin/dingpipe.js → the CLI bundle in dist/bin (built by
 * `npm run build`, which `npm test` runs first). Commands load from their chunks, and `serve` still
 * finds the console's files in web/dist from the bundle's place.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "dingpipe.js");
let dir = "";

before(async () => {
  assert.ok(existsSync(join(ROOT, "dist", "bin", "cli.js")), "no CLI bundle: run `npm run build` first");
  dir = await mkdtemp(join(tmpdir(), "dingpipe-bin-"));
});
after(() => rm(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env["PATH"] } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test("send --dry-run runs from the bundle", async () => {
  const r = await run(["send", "--token", "tok-bin", "--secret", "SECbintest", "--text", "hi", "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { msgtype: "text", text: { content: "hi" } });
  assert.doesNotMatch(r.stderr, /SECbintest/);
});

test("an unknown command exits 2 with the usage", async () => {
  const r = await run(["nope"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'nope'[\s\S]*Commands:/);
});

test("serve from the bundle serves the console from web/dist, quietly, and stops on SIGTERM", async () => {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data-dir", join(dir, "data")], {
    cwd: dir,
    env: { PATH: process.env["PATH"], DINGPIPE_ADMIN_TOKEN: "dp_bin_test_token_0123456789abcdef" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "listening" && entry.url) resolve(entry.url);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
    });
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script[^>]+app\.js/);
    const app = await fetch(`${url}/app.js`);
    assert.equal(app.status, 200);
    assert.ok((await app.text()).length > 1000);
  } finally {
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    clearTimeout(timer);
  }
  // Only dingpipe's own start-up lines: no Node warnings (node:sqlite's ExperimentalWarning included).
  assert.doesNotMatch(stderr, /Warning/);
});
