/**
 * What `dingpipe notify` loads, from the installed bin (the CLI bundle in dist/bin): an everyday
 * `.dingpipe.yml` is read without the `yaml` package's parser, and no ICU date formatting wakes up
 * unless a message shows a time, nor node:child_process unless git is asked, nor node:fs's promise API. A file outside the plain subset still works: it loads the parser.
 * The process reports what it loaded itself, through an --import preload (a module load hook and a
 * count of Intl.DateTimeFormat constructions), when it exits.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { ciEnv, tempDir, textOf } from "./helpers/pipeline-cli.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "dingpipe.js");
const TOKEN = "lazy0123456789abcdef0123456789abcdef";
const SECRET = "SECf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";

const PRELOAD = `
const { registerHooks } = process.getBuiltinModule("node:module");
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
const D = Intl.DateTimeFormat;
let dateFormats = 0;
Intl.DateTimeFormat = new Proxy(D, {
  construct(t, a, n) { dateFormats++; return Reflect.construct(t, a, n); },
  apply(t, self, a) { dateFormats++; return Reflect.apply(t, self, a); },
});
process.on("exit", () => process.getBuiltinModule("node:fs").writeSync(2,
  "\\nreport: " + JSON.stringify({ loaded, dateFormats,
    childProcess: process.moduleLoadList.some((m) => m.includes("child_process")),
    fsPromises: process.moduleLoadList.some((m) => m.includes("internal/fs/promises")) }) + "\\n"));
`;

interface Report {
  loaded: string[];
  dateFormats: number;
  childProcess: boolean;
  /** node:fs's promise API (with readline and the file watchers it brings) was loaded. */
  fsPromises: boolean;
}

function notify(
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; report: Report }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--import=data:text/javascript,${encodeURIComponent(PRELOAD)}`, BIN, "notify", "--event", "failure"],
      { cwd, env: { ...env, PATH: process.env["PATH"] ?? "" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = /^report: (.*)$/m.exec(stderr)?.[1];
      if (line === undefined) return reject(new Error(`no report: ${stderr}`));
      resolve({ code, stderr, report: JSON.parse(line) as Report });
    });
  });
}

/** The bundle's files the process loaded that carry yaml's parser (its lexer). */
const parserChunks = (r: Report) =>
  r.loaded
    .filter((u) => u.startsWith("file:") && u.includes("/dist/bin/"))
    .filter((u) =>
      readFileSync(fileURLToPath(u), "utf8").includes("node_modules/yaml/browser/dist/parse/lexer.js"),
    );

const config = (extra: { credential?: string; notification?: string } = {}) => `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
${extra.credential ?? ""}notifications:
  - credential: ci-group
    events: [failure]
    content: [pipeline, task, status, branch, duration, link]
${extra.notification ?? ""}`;

describe("dingpipe notify loads what its config needs", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({ robots: [{ token: TOKEN, secret: SECRET }] });
    tmp = await tempDir("dingpipe-notify-lazy-");
    env = {
      ...ciEnv("gitee"),
      DINGTALK_WEBHOOK: emulator.webhookUrl(TOKEN),
      DINGTALK_SECRET: SECRET,
      TZ: "Asia/Shanghai",
    };
  });
  beforeEach(() => emulator.clear());
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });

  it("an everyday file: sent without loading yaml's parser, and without ICU date formatting when no time is shown", async () => {
    await tmp.write(".dingpipe.yml", config());
    const r = await notify(tmp.dir, env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(emulator.messages(TOKEN).length, 1);
    assert.ok(
      r.report.loaded.some((u) => u.includes("/dist/bin/")),
      "the report sees the bundle's chunks",
    );
    assert.deepEqual(parserChunks(r.report), []);
    assert.equal(r.report.dateFormats, 0);
    // The CI gave the commit's message: no `git log`, so node:child_process is never loaded.
    assert.equal(r.report.childProcess, false);
    // The file is read with node:fs's synchronous calls: fs/promises is never loaded.
    assert.equal(r.report.fsPromises, false);
  });

  it("a time in the message: the zone is looked up then, and written", async () => {
    await tmp.write(
      ".dingpipe.yml",
      config({ notification: `    custom: 'started \${DINGPIPE_STARTED_AT}'\n` }),
    );
    const r = await notify(tmp.dir, { ...env, DINGPIPE_STARTED_AT: "2026-11-30T01:00:00Z" });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.report.dateFormats > 0);
    assert.match(textOf(emulator.messages(TOKEN)[0]), /started 2026-11-30 09:00:00 \(UTC\+8\)/);
  });

  it("the docs' rate_limit: { … } map and commented-out keys: still without yaml's parser", async () => {
    await tmp.write(
      ".dingpipe.yml",
      config({ credential: "    rate_limit: { messages: 10, per_seconds: 60 }\n    # keywords: [CI]\n" }),
    );
    const r = await notify(tmp.dir, env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(emulator.messages(TOKEN).length, 1);
    assert.deepEqual(parserChunks(r.report), []);
  });

  it("a file outside the plain subset (an anchor): the parser is loaded, and the message goes out the same", async () => {
    await tmp.write(".dingpipe.yml", config({ credential: "    keywords: &kw [CI]\n" }));
    const r = await notify(tmp.dir, env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(emulator.messages(TOKEN).length, 1);
    assert.notDeepEqual(parserChunks(r.report), []);
  });
});
