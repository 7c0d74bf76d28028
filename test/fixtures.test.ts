/**
 * The webhook fixtures are the platforms' own payloads, kept byte for byte: every file of test/fixtures/hooks is
 * named in test/fixtures/README.md with its source and SHA-256, and the file still has that digest. So are the
 * GitHub event files of test/fixtures/ci (listed as `ci/<file>`); every CI environment there is named with its
 * source.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const ROOT = new URL("./fixtures/", import.meta.url);
const README = readFileSync(new URL("README.md", ROOT), "utf8");

/** Table rows whose first cell is a file name and whose last cell is a SHA-256. */
function listed(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of README.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const file = cells[1];
    const digest = cells[cells.length - 2];
    if (file && digest && /^[0-9a-f]{64}$/.test(digest) && file.endsWith(".json")) rows.set(file, digest);
  }
  return rows;
}

function digestOf(url: URL): string {
  return createHash("sha256").update(readFileSync(url)).digest("hex");
}

test("every hook fixture is named in the README with its digest, and still has it", () => {
  const rows = new Map([...listed()].filter(([file]) => !file.includes("/")));
  const files = readdirSync(new URL("hooks/", ROOT)).filter((f) => f.endsWith(".json"));
  assert.ok(files.length >= 20, "the recorded payloads are there");
  for (const file of files) {
    const digest = rows.get(file);
    assert.ok(digest, `${file} is listed in test/fixtures/README.md with its source and SHA-256`);
    const actual = createHash("sha256")
      .update(readFileSync(new URL(`hooks/${file}`, ROOT)))
      .digest("hex");
    assert.equal(actual, digest, `${file} changed: a recorded payload is kept byte for byte`);
  }
  for (const file of rows.keys()) assert.ok(files.includes(file), `${file} is listed but missing`);
});

test("every hook fixture is JSON", () => {
  for (const file of readdirSync(new URL("hooks/", ROOT)).filter((f) => f.endsWith(".json"))) {
    assert.doesNotThrow(() => JSON.parse(readFileSync(new URL(`hooks/${file}`, ROOT), "utf8")), file);
  }
});

test("ci/: the recorded event files still have their digests; every environment is named with its source", () => {
  const rows = new Map([...listed()].filter(([file]) => file.startsWith("ci/")));
  const files = readdirSync(new URL("ci/", ROOT)).filter((f) => f.endsWith(".json"));
  const events = files.filter((f) => !f.endsWith(".env.json"));
  assert.ok(events.length >= 3, "the recorded event files are there");
  for (const file of events) {
    const digest = rows.get(`ci/${file}`);
    assert.ok(digest, `ci/${file} is listed in test/fixtures/README.md with its source and SHA-256`);
    assert.equal(
      digestOf(new URL(`ci/${file}`, ROOT)),
      digest,
      `ci/${file} changed: it is kept byte for byte`,
    );
  }
  for (const file of rows.keys()) assert.ok(files.includes(file.slice(3)), `${file} is listed but missing`);
  const ci = README.slice(README.indexOf("## ci/"));
  for (const file of files.filter((f) => f.endsWith(".env.json"))) {
    const row = ci.split("\n").find((line) => line.startsWith(`| \`${file}\``));
    assert.ok(row && /https:\/\/|docs\/ci\.md/.test(row), `${file} is named in the README with its source`);
    assert.doesNotThrow(() => JSON.parse(readFileSync(new URL(`ci/${file}`, ROOT), "utf8")), file);
  }
});
