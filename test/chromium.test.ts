/**
 * The browser tests' Chromium (test/helpers/chromium.ts): the system's when there is one, otherwise the
 * one inside the @sparticuz/chromium package — which must launch with no system library beyond glibc,
 * and unpack safely when several test files start at once on a fresh clone.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { chooseChromium, type Places } from "./helpers/chromium.ts";

const PACKAGE_VERSION = (
  JSON.parse(
    await readFile(new URL("../node_modules/@sparticuz/chromium/package.json", import.meta.url), "utf8"),
  ) as { version: string }
).version;

let dir = "";
let nowhere: Places;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dingpipe-chromium-"));
  nowhere = { system: join(dir, "no-such-chromium"), cache: join(dir, "cache") };
});
after(() => rm(dir, { recursive: true, force: true }));

test("with no system Chromium, the packaged one unpacks once, even when two test files ask at once", async () => {
  const [a, b] = await Promise.all([
    chooseChromium({ PATH: dir }, nowhere),
    chooseChromium({ PATH: dir }, nowhere),
  ]);
  assert.equal(a.source, "npm");
  assert.deepEqual(a, b);
  assert.deepEqual(
    (await readdir(nowhere.cache)).filter((f) => !f.startsWith(".")),
    [`${PACKAGE_VERSION}-1`],
    "one complete copy and no staging folder left behind",
  );
  assert.match(a.env["LD_LIBRARY_PATH"] ?? "", /\/lib$/);
  assert.ok(a.env["FONTCONFIG_FILE"]?.endsWith("fonts.conf"));
  // It runs: its NSS/NSPR/expat come from the package (LD_LIBRARY_PATH), not from the system.
  const browser = await chromium.launch({
    executablePath: a.executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
    env: { ...a.env, HOME: dir },
  });
  try {
    assert.equal(browser.version().split(".")[0], PACKAGE_VERSION.split(".")[0]);
    const page = await browser.newPage();
    await page.setContent("<h1>dingpipe</h1><p>console</p>");
    assert.equal(await page.locator("h1").textContent(), "dingpipe");
    assert.ok((await page.screenshot()).byteLength > 1_000);
  } finally {
    await browser.close();
  }
  // A second run finds the unpacked copy as it is.
  assert.deepEqual(await chooseChromium({ PATH: dir }, nowhere), a);
});

test("DINGPIPE_TEST_CHROMIUM=npm takes the packaged one even when the system has one", async () => {
  const bin = join(dir, "bin");
  await writeFile(join(dir, "fake-chromium"), "#!/bin/sh\nexit 1\n");
  await chmod(join(dir, "fake-chromium"), 0o755);
  const places = { ...nowhere, system: join(dir, "fake-chromium") };
  assert.equal((await chooseChromium({ PATH: bin }, places)).source, "system");
  const npm = await chooseChromium({ PATH: bin, DINGPIPE_TEST_CHROMIUM: "npm" }, places);
  assert.equal(npm.source, "npm");
  assert.match(npm.executablePath, /dingpipe-chromium-.*\/cache\//);
});

test("the system Chromium: /usr/bin/chromium first, then `chromium` on PATH", async () => {
  const bin = join(dir, "path-bin");
  await rm(bin, { recursive: true, force: true });
  await mkdir(bin);
  await writeFile(join(bin, "chromium"), "#!/bin/sh\nexit 1\n");
  await chmod(join(bin, "chromium"), 0o755);
  const found = await chooseChromium({ PATH: `/nonexistent:relative/dir:${bin}` }, nowhere);
  assert.deepEqual(found, { source: "system", executablePath: join(bin, "chromium"), env: {} });
  // Not executable: not a browser.
  await chmod(join(bin, "chromium"), 0o644);
  assert.equal((await chooseChromium({ PATH: bin }, nowhere)).source, "npm");
});

test("DINGPIPE_TEST_CHROMIUM: system without one, a relative path, a missing file are clear errors", async () => {
  await assert.rejects(
    chooseChromium({ PATH: dir, DINGPIPE_TEST_CHROMIUM: "system" }, nowhere),
    (e: Error) => {
      assert.match(e.message, /DINGPIPE_TEST_CHROMIUM=system but there is no .*no-such-chromium/);
      assert.match(e.message, /fix: install Debian's chromium/);
      return true;
    },
  );
  await assert.rejects(
    chooseChromium({ PATH: dir, DINGPIPE_TEST_CHROMIUM: "chrome" }, nowhere),
    /DINGPIPE_TEST_CHROMIUM=chrome is not auto, system, npm or the absolute path/,
  );
  await assert.rejects(
    chooseChromium({ PATH: dir, DINGPIPE_TEST_CHROMIUM: join(dir, "absent") }, nowhere),
    /no executable file there/,
  );
  const own = join(dir, "own-chromium");
  await writeFile(own, "#!/bin/sh\n");
  await chmod(own, 0o755);
  assert.deepEqual(await chooseChromium({ PATH: "", DINGPIPE_TEST_CHROMIUM: own }, nowhere), {
    source: "path",
    executablePath: own,
    env: {},
  });
});

test("every browser test launches the Chromium this helper finds: none names a browser of its own", () => {
  const root = new URL(".", import.meta.url);
  const own = ["helpers/chromium.ts", "chromium.test.ts"];
  const offenders = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !own.includes(f))
    .filter((f) =>
      /chromium\.launch\(|executablePath|\/usr\/bin\/chromium/.test(readFileSync(new URL(f, root), "utf8")),
    );
  assert.deepEqual(offenders, [], "launch through launchChromium() from test/helpers/chromium.ts");
});
