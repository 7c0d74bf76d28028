/**
 * The test run reports every test and never hangs: `npm test` runs each file with test/helpers/exit-guard.ts
 * instead of `--test-force-exit` (which drops a file's last verdicts under load: 248–281 of 300 such tests
 * were reported, with a pass). Here the real runner, with the flags of package.json's test script, gets a file
 * that leaks a server and files with many tests: the leaking file fails and names what it left, and every test
 * of the others is reported.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { bounded, exitOf } from "./helpers/bounded.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The runner's flags exactly as `npm test` gives them (package.json), so the test judges what CI runs. */
const script: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.test;
const flags = script
  .slice(script.indexOf("node --test ") + "node --test ".length)
  .split(" ")
  .filter((word) => word.startsWith("-") || word.startsWith("./"))
  .map((word) => (word.startsWith("./") ? join(root, word) : word))
  .filter((word) => !word.startsWith("--test-timeout"));
const dir = mkdtempSync(join(tmpdir(), "dingpipe-exit-guard-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `graceMs`: how long the guard lets a finished file close (short only where a file is meant to leak). */
function runner(files: string[], graceMs = 60_000): Promise<{ code: number | string; out: string }> {
  // A runner started from inside a test file must not think it is one of its children.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const child = spawn(process.execPath, ["--test", ...flags, "--test-reporter=tap", ...files], {
    cwd: dir,
    env: { ...env, DINGPIPE_TEST_EXIT_GRACE_MS: String(graceMs) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return bounded(
    exitOf(child).then((code) => ({ code, out })),
    120_000,
    "the test runner",
  ).catch((error) => {
    child.kill("SIGKILL");
    throw error;
  });
}

describe("the test run's exit guard", () => {
  it("fails a file whose process stays alive after its tests, naming what is open", async () => {
    writeFileSync(
      join(dir, "leak.test.mjs"),
      'import test from "node:test";\nimport { createServer } from "node:net";\n' +
        'test("opens a server and forgets it", () => { createServer().listen(0, "127.0.0.1"); });\n',
    );
    const { code, out } = await runner(["leak.test.mjs"], 1000);
    assert.equal(code, 1, out);
    assert.match(out, /exit-guard: this test file's process did not end 1 s after its tests finished/);
    assert.match(out, /still open: .*TCPServerWrap/);
  });

  it("reports every test of files run side by side", async () => {
    const files = [];
    for (let f = 0; f < 8; f++) {
      const name = `many${f}.test.mjs`;
      writeFileSync(
        join(dir, name),
        'import test from "node:test";\n' +
          `for (let i = 0; i < 80; i++) test("file ${f} test " + i + " ${"x".repeat(1000)}", () => {});\n`,
      );
      files.push(name);
    }
    const { code, out } = await runner(files);
    assert.equal(code, 0, out);
    assert.match(out, /^# tests 640$/m);
    assert.match(out, /^# pass 640$/m);
  });
});
