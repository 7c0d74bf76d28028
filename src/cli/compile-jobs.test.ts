import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { CHECKED_V8_MAJORS, flagGiven, freeCompileJobsOnMainThread } from "./compile-jobs.ts";

test("the flag the user gave either way wins, in any of V8's spellings", () => {
  for (const given of [
    "--maglev-destroy-on-background",
    "--maglev_destroy_on_background",
    "--no-maglev-destroy-on-background",
    "--nomaglev_destroy_on_background",
    "--maglev-destroy-on-background=false",
  ]) {
    assert.equal(flagGiven(["--max-old-space-size=512", given]), true, given);
    assert.equal(freeCompileJobsOnMainThread([given], "13.6.233.17-node.40"), false, given);
  }
  assert.equal(
    flagGiven(["--maglev", "--no-maglev", "--maglev-destroy-on-backgroundx", "maglev-destroy-on-background"]),
    false,
  );
});

test("only a V8 checked to have the flag gets it", () => {
  assert.equal(freeCompileJobsOnMainThread(["--other"], "11.3.244.8-node.17"), false);
  assert.equal(freeCompileJobsOnMainThread(["--other"], "15.0.1"), false);
  assert.equal(freeCompileJobsOnMainThread(["--other"], ""), false);
});

test("the project's Node is among those checked: moving past them asks for a new check", () => {
  const major = Number(process.versions.v8.split(".")[0]);
  assert.ok(
    CHECKED_V8_MAJORS.includes(major),
    `V8 ${process.versions.v8} (Node ${process.version}): check that \`node --v8-options\` still lists ` +
      "--maglev-destroy-on-background, then add its major to CHECKED_V8_MAJORS",
  );
});

test("this V8 knows the flag: setting it prints nothing (an unknown flag prints 'unrecognized flag')", () => {
  const module = new URL("./compile-jobs.ts", import.meta.url).href;
  const child = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { freeCompileJobsOnMainThread } from ${JSON.stringify(module)};
       process.stdout.write(String(freeCompileJobsOnMainThread([])));`,
    ],
    { encoding: "utf8", timeout: 30_000, env: { PATH: process.env["PATH"] ?? "" } },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, "true");
  assert.equal(child.stderr, "");
  // And the check is one that can fail: a name V8 does not know prints there.
  const unknown = spawnSync(
    process.execPath,
    ["-e", "require('node:v8').setFlagsFromString('--no-maglev-destroy-on-backgroundx')"],
    {
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  assert.match(unknown.stderr, /unrecognized flag/);
});
