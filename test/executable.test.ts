/**
 * The single executable (dist/dingpipe-linux-x64, `npm run build:sea`) on a machine with no Node: every
 * command runs with an empty PATH and an empty environment, against the emulator over HTTP. The
 * executable is built here when it is missing or older than the sources (scripts/build-sea.ts keeps
 * a digest of its inputs), so a fresh clone's `npm test` builds it once.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { buildExecutable, ROOT } from "../scripts/build-sea.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { textOf } from "./helpers/pipeline-cli.ts";

const ROBOT = { token: "sea-robot-token", secret: "SECseaRobotSigningSecret0123456789abcdef" };
const WAIT_MS = 60_000; // bounds each process; never an assertion on speed

let exe = "";
let dir = "";
let emulator: Emulator;

before(async () => {
  // Bounded by the build's own steps (bundle, blob, one copy and injection of Node's binary).
  exe = (await buildExecutable()).path;
  dir = await mkdtemp(join(tmpdir(), "dingpipe-sea-"));
  emulator = await startEmulator({ port: 0, robots: [ROBOT] });
});
after(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

/** No Node anywhere: an empty PATH and only the variables given. */
function bare(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: "", HOME: dir, ...env };
}

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd: dir, env: bare(env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), WAIT_MS);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running command and resolves with the first stdout line `pick` accepts. */
function start(
  args: string[],
  env: Record<string, string>,
  pick: (line: string) => string | undefined,
): Promise<{ child: ChildProcess; value: string; stop: () => Promise<number | null> }> {
  const child = spawn(exe, args, { cwd: dir, env: bare(env), stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const killer = setTimeout(() => child.kill("SIGKILL"), WAIT_MS);
  const stop = async () => {
    child.kill("SIGTERM");
    const code = await exited;
    clearTimeout(killer);
    return code;
  };
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const value = pick(line);
      if (value !== undefined) resolve({ child, value, stop });
    });
    void exited.then((code) => reject(new Error(`${args[0]} exited (${code}):\n${stderr}`)));
  });
}

const CONFIG = [
  "credentials:",
  "  ci:",
  `    token: \${DINGTALK_TOKEN}`,
  `    base_url: \${EMULATOR}`,
  `    secret: \${DINGTALK_SECRET}`,
  "notifications:",
  "  - credential: ci",
  "    events: [failure, success]",
  "",
].join("\n");

test("it is one executable file of the base Node's size and more", async () => {
  const info = await stat(exe);
  assert.ok(info.isFile());
  assert.equal(info.mode & 0o111, 0o111, "executable by everyone");
  assert.ok(info.size > (await stat(join(ROOT, "node_modules", "node", "bin", "node"))).size);
});

test("--version, --help and a usage error, with no Node on PATH", async () => {
  const version = await run(["--version"]);
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, /^dingpipe \d+\.\d+\.\d+\n$/);
  const help = await run(["--help"]);
  assert.match(help.stdout, /Commands:[\s\S]*serve/);
  const bad = await run(["sned"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /did you mean 'send'\?/);
  // No Node warning of any kind (the experimental-SEA one included).
  assert.doesNotMatch(version.stderr + help.stderr, /Warning/);
});

test("send: a signed message reaches the emulator", async () => {
  emulator.clear();
  const r = await run(
    [
      "send",
      "--token",
      ROBOT.token,
      "--base-url",
      emulator.url,
      "--markdown",
      "**sea** ok",
      "--title",
      "sea",
    ],
    { DINGTALK_SECRET: ROBOT.secret },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /delivered to/);
  assert.equal(textOf(emulator.messages(ROBOT.token)[0]), "**sea** ok");
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(ROBOT.secret));
});

test("config check, preview, notify and run read .dingpipe.yml with the bundled YAML parser", async () => {
  emulator.clear();
  await writeFile(join(dir, ".dingpipe.yml"), CONFIG);
  const env = {
    DINGTALK_TOKEN: ROBOT.token,
    DINGTALK_SECRET: ROBOT.secret,
    EMULATOR: emulator.url,
    DINGPIPE_PIPELINE: "web-release",
    DINGPIPE_TASK: "unit-tests",
  };
  const check = await run(["config", "check"], env);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  const preview = await run(["preview", "--event", "failure"], env);
  assert.equal(preview.code, 0, preview.stderr);
  assert.match(preview.stdout, /web-release/);
  assert.equal(emulator.messages().length, 0, "preview sends nothing");

  const notify = await run(["notify", "--event", "success"], env);
  assert.equal(notify.code, 0, notify.stderr);
  assert.match(notify.stdout, /✓ ci \(markdown/);

  // run: the wrapped command (absolute: there is no PATH), its exit status, the failure with its output.
  const wrapped = await run(["run", "--", "/bin/sh", "-c", "echo '1 test failed'; exit 3"], env);
  assert.equal(wrapped.code, 3, wrapped.stderr);
  const texts = emulator.messages(ROBOT.token).map(textOf);
  assert.equal(texts.length, 2);
  assert.match(texts[1] ?? "", /1 test failed/);
});

test("emulator: serves its page and takes messages", async () => {
  const em = await start(["emulator", "--port", "0", "--robot", "plain-token"], {}, (line) => {
    return /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(line)?.[1];
  });
  try {
    const page = await fetch(`${em.value}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const sent = await fetch(`${em.value}/robot/send?access_token=plain-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "text", text: { content: "hi" } }),
    });
    assert.deepEqual(((await sent.json()) as { errcode: number }).errcode, 0);
  } finally {
    assert.equal(await em.stop(), 0);
  }
});

test("serve: the console from the executable's assets, SQLite, a robot's test message; then worker", async () => {
  emulator.clear();
  const data = join(dir, "data");
  const token = "dp_sea_test_token_0123456789abcdefghij";
  const listening = (line: string) => {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    return entry.msg === "listening" ? entry.url : undefined;
  };
  const serve = await start(
    ["serve", "--port", "0", "--data-dir", data, "--allow-host", new URL(emulator.url).host],
    { DINGPIPE_ADMIN_TOKEN: token },
    listening,
  );
  try {
    const url = serve.value;
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.equal(html, await readFile(join(ROOT, "web", "dist", "index.html"), "utf8"));
    const app = await fetch(`${url}/app.js`);
    assert.equal(app.status, 200);
    assert.equal(await app.text(), await readFile(join(ROOT, "web", "dist", "app.js"), "utf8"));
    assert.equal((await fetch(`${url}/../package.json`)).status, 404);
    const api = (method: string, path: string, body?: unknown) =>
      fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const created = await api("POST", "/api/credentials", {
      name: "ci",
      webhook: emulator.webhookUrl(ROBOT.token),
      secret: ROBOT.secret,
    });
    assert.equal(created.status, 201, await created.clone().text());
    const tested = await api("POST", "/api/credentials/ci/test");
    assert.equal(((await tested.json()) as { ok: boolean }).ok, true);
    assert.equal(emulator.messages(ROBOT.token).length, 1);
  } finally {
    assert.equal(await serve.stop(), 0);
  }
  const worker = await start(["worker", "--data-dir", data, "--metrics-port", "0"], {}, (line) => {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    return entry.msg === "worker started" ? entry.url : undefined;
  });
  try {
    assert.equal((await fetch(`${worker.value}/healthz`)).status, 200);
  } finally {
    assert.equal(await worker.stop(), 0);
  }
});
