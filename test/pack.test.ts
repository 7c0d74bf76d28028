/**
 * The published package as a user gets it: `npm pack` → a tarball → `npm install ./dingpipe-x.tgz` in an
 * empty project with no registry at all (a closed port, --offline, an empty cache) → the `dingpipe`
 * bin runs every kind of command, and a TypeScript file importing "dingpipe" compiles against the
 * installed types (strict, skipLibCheck off) and runs. Built by `npm run build:package` first, which
 * `npm test` does.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { textOf } from "./helpers/pipeline-cli.ts";

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ROBOT = { token: "pack-robot-token", secret: "SECpackRobotSigningSecret0123456789abcd" };
/** Node 24 first on PATH, so the bin's `#!/usr/bin/env node` finds it (as it would on a user's machine). */
const PATH = [dirname(process.execPath), process.env["PATH"] ?? ""].join(delimiter);
const BOUND = { timeout: 120_000, maxBuffer: 32 * 1024 * 1024 };

let dir = "";
let project = "";
let tarball = "";
let packed: { files: Array<{ path: string }> };
let emulator: Emulator;

/** npm as `npm test` runs it (npm_execpath), else npm on PATH. */
function npm(args: string[], cwd: string, env: Record<string, string> = {}) {
  const cli = process.env["npm_execpath"];
  const [file, argv] = cli?.endsWith(".js") ? [process.execPath, [cli, ...args]] : ["npm", args];
  return exec(file, argv, { cwd, env: { PATH, HOME: dir, ...env }, ...BOUND });
}

before(async () => {
  assert.ok(existsSync(join(ROOT, "dist", "index.js")), "no dist: run `npm run build:package` first");
  dir = await mkdtemp(join(tmpdir(), "dingpipe-pack-"));
  emulator = await startEmulator({ port: 0, robots: [ROBOT] });
  // --ignore-scripts: `npm test` has just built; packing must not rebuild in the middle of the suite.
  const { stdout } = await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", dir], ROOT);
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(info);
  packed = info;
  tarball = join(dir, info.filename);
  project = join(dir, "consumer");
  await mkdir(project);
  await writeFile(
    join(project, "package.json"),
    `${JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2)}\n`,
  );
  // No registry to reach: a closed port, offline, and an empty cache.
  await npm(
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--registry",
      "http://127.0.0.1:9/",
      "--cache",
      join(dir, "empty-cache"),
      tarball,
    ],
    project,
  );
});
after(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

test("the tarball holds the bin, the bundles, the types, the schema and the console — no sources, no executable", async () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const f of [
    "bin/dingpipe.js",
    "bin/service-flags.js",
    "dist/bin/cli.js",
    "dist/bin/step.js",
    "dist/bin/step.cache",
    "dist/bin/step-yaml.cjs",
    "dist/bin/LICENSES.txt",
    "dist/index.js",
    "dist/index.d.ts",
    "package.json",
    "README.md",
    "schema/dingpipe.schema.json",
    "web/dist/index.html",
  ]) {
    assert.ok(files.includes(f), `${f} is in the tarball`);
  }
  const unwanted = files.filter(
    (f) =>
      /^(src|test|bench|scripts|action|docs)\//.test(f) ||
      (f.startsWith("node_modules/") && !f.startsWith("node_modules/valibot/")) ||
      f.startsWith("dist/sea/") ||
      f.startsWith("dist/dingpipe-") ||
      (f.startsWith("dist/") && !f.startsWith("dist/bin/") && f.endsWith(".js") && f !== "dist/index.js"),
  );
  assert.deepEqual(unwanted, []);
  // Nothing to fetch: the code carries its libraries; the one dependency (valibot, whose types
  // PipelineEvent's are derived from) travels inside the tarball.
  const manifest = JSON.parse(
    await readFile(join(project, "node_modules", "dingpipe", "package.json"), "utf8"),
  );
  assert.deepEqual(
    Object.keys(manifest.dependencies ?? {}).sort(),
    [...(manifest.bundleDependencies ?? [])].sort(),
  );
  const lock = JSON.parse(await readFile(join(project, "package-lock.json"), "utf8")) as {
    packages: Record<string, { inBundle?: boolean }>;
  };
  const fetched = Object.entries(lock.packages).filter(
    ([path, entry]) => path !== "" && path !== "node_modules/dingpipe" && entry.inBundle !== true,
  );
  assert.deepEqual(fetched, [], "installing it installs nothing from a registry");
});

test("the installed bin runs: --version, send to the emulator, config check with the bundled YAML", async () => {
  const bin = join(project, "node_modules", ".bin", "dingpipe");
  const env = { PATH, HOME: dir };
  const version = await exec(bin, ["--version"], { cwd: project, env, ...BOUND });
  assert.match(version.stdout, /^dingpipe \d+\.\d+\.\d+\n$/);
  emulator.clear();
  const sent = await exec(
    bin,
    [
      "send",
      "--token",
      ROBOT.token,
      "--base-url",
      emulator.url,
      "--secret",
      ROBOT.secret,
      "--text",
      "from npm",
    ],
    { cwd: project, env, ...BOUND },
  );
  assert.match(sent.stdout, /delivered to/);
  assert.equal(
    textOf(emulator.messages(ROBOT.token)[0]) || JSON.stringify(emulator.messages()[0]?.body),
    '{"msgtype":"text","text":{"content":"from npm"}}',
  );
  await writeFile(join(project, ".dingpipe.yml"), "notifications:\n  - credential: ci\n    events: [fial]\n");
  const check = await exec(bin, ["config", "check"], { cwd: project, env, ...BOUND }).catch((e) => e);
  assert.equal(check.code, 2);
  assert.match(check.stdout, /\.dingpipe\.yml:3:14: error: unknown event 'fial'/);
});

test("a TypeScript project compiles against the installed types and runs the library", async () => {
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  await writeFile(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2024",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        exactOptionalPropertyTypes: true,
        // A user's project has @types/node; this one borrows the repository's.
        typeRoots: [join(ROOT, "node_modules", "@types")],
        types: ["node"],
      },
      files: ["main.ts", "wrong.ts"],
    }),
  );
  const main = `import { createRobot, type DingTalkMessage, markdown, parseConfig, type PipelineEvent, type SendResult } from "dingpipe";

// PipelineEvent's type is derived from its valibot declaration: it must arrive whole.
const event: PipelineEvent = { pipeline: { name: "web" }, task: { name: "build", status: "failure" } };
void event.source?.commit?.sha;

const message: DingTalkMessage = markdown("deploy", "**web** deployed");
const yaml = "credentials:\\n  ci:\\n    token: t0\\nnotifications:\\n  - credential: ci\\n    events: [failure]\\n";
const { config, diagnostics } = parseConfig(yaml, ".dingpipe.yml", {});
const robot = createRobot({
  token: process.env["ROBOT_TOKEN"],
  baseUrl: process.env["ROBOT_BASE_URL"],
  secret: process.env["ROBOT_SECRET"],
});
const sent: SendResult = await robot.send(message);
process.stdout.write(JSON.stringify({ errcode: sent.errcode, rules: config?.notifications.length, errors: diagnostics.filter((d) => d.severity === "error").length }));
`;
  await writeFile(join(project, "main.ts"), main);
  // The types are real: in the same compilation, a wrong option is an error, not an any.
  await writeFile(
    join(project, "wrong.ts"),
    `import { createRobot, type PipelineEvent } from "dingpipe";\ncreateRobot({ tokn: "x" });\n` +
      `export const e: PipelineEvent = { pipeline: { name: "p" }, task: { name: "t", status: "fial" } };\n`,
  );
  const compiled = await exec(tsc, ["-p", "tsconfig.json"], { cwd: project, env: { PATH }, ...BOUND }).catch(
    (e: { code: number; stdout: string }) => e,
  );
  const errors = compiled.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
  assert.equal(errors.length, 2, compiled.stdout);
  assert.match(
    errors[0] ?? "",
    /^wrong\.ts\(2,15\): error TS\d+: .*'tokn' does not exist in type 'RobotOptions'/,
  );
  assert.match(errors[1] ?? "", /^wrong\.ts\(3,\d+\): error TS\d+: Type '"fial"' is not assignable/);

  emulator.clear();
  const ran = await exec(process.execPath, ["main.ts"], {
    cwd: project,
    env: { PATH, ROBOT_TOKEN: ROBOT.token, ROBOT_BASE_URL: emulator.url, ROBOT_SECRET: ROBOT.secret },
    ...BOUND,
  });
  assert.deepEqual(JSON.parse(ran.stdout), { errcode: 0, rules: 1, errors: 0 });
  assert.equal(textOf(emulator.messages(ROBOT.token)[0]), "**web** deployed");
});
