/**
 * `dingpipe run -- cmd` as a pipeline runs it: real processes (dingpipe and the wrapped command),
 * a real `.dingpipe.yml`, GitLab's environment, and the emulator's group. Checks the passthrough
 * of output, the exit status, and the started → outcome messages the group received.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { ciEnv, dingpipe, startDingpipe, tempDir, textOf, titleOf } from "./helpers/pipeline-cli.ts";

/** Resolves once no process has the pid any more (the wrapped command has ended and been reaped). */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`process ${pid} still runs`);
}

const TOKEN = "run0123456789abcdef0123456789abcdef";
const SECRET = "SECabc123abc123abc123abc123abc123abc123";
const API_TOKEN = "s3cr3t-api-token-value-42";

const CONFIG = `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
notifications:
  - credential: ci-group
    events: [started, success, failure, cancelled]
    content: [pipeline, task, status, branch, duration]
`;

/** A node one-liner as the wrapped command. */
const node = (code: string) => [process.execPath, "-e", code];

describe("dingpipe run", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({ robots: [{ token: TOKEN, name: "ci-group", secret: SECRET }] });
    tmp = await tempDir("dingpipe-run-");
    await tmp.write(".dingpipe.yml", CONFIG);
    env = {
      ...ciEnv("gitlab"),
      DINGTALK_WEBHOOK: emulator.webhookUrl(TOKEN),
      DINGTALK_SECRET: SECRET,
      DEPLOY_API_TOKEN: API_TOKEN,
    };
  });
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });
  beforeEach(() => emulator.clear());

  const titles = () => emulator.messages(TOKEN).map(titleOf);

  it("success: output passes through unchanged, started then success reach the group, exit 0", async () => {
    const r = await dingpipe(
      [
        "run",
        "--task",
        "build",
        "--",
        ...node("process.stdout.write('out 1\\nout 2\\n'); console.error('err 1')"),
      ],
      tmp.dir,
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "out 1\nout 2\n", "stdout is the command's own, nothing added");
    assert.match(r.stderr, /err 1/);
    assert.match(r.stderr, /✓ ci-group started \(markdown/);
    assert.match(r.stderr, /✓ ci-group success \(markdown/);
    assert.deepEqual(titles(), ["▶ acme/web · build 运行中", "✅ acme/web · build 运行成功"]);
    assert.match(
      textOf(emulator.messages(TOKEN)[1]),
      /\*\*耗时\*\* (不到 1 秒|\d+秒|\d+分\d+秒)/,
      "a value, sub-second ones too",
    );
  });

  it("passes bytes through as they are (not UTF-8, no trailing newline)", async () => {
    const r = await dingpipe(
      ["run", "--", ...node("process.stdout.write(Buffer.from([0xff, 0x00, 0xe4, 0xb8, 0x41]))")],
      tmp.dir,
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...r.raw], [0xff, 0x00, 0xe4, 0xb8, 0x41]);
  });

  it("the command reads dingpipe's own standard input", async () => {
    const input = Buffer.from([0x66, 0x72, 0x6f, 0x6d, 0x20, 0xff, 0x00, 0x0a, 0x2e]);
    const r = await dingpipe(
      ["run", "--", ...node("process.stdin.pipe(process.stdout)")],
      tmp.dir,
      env,
      input,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.raw, input);
  });

  it("failure: the command's exit code, the last 20 lines with secret values masked", async () => {
    const script = `for (let i = 1; i <= 30; i++) console.log('line ' + i);
      console.error('using token ' + process.env.DEPLOY_API_TOKEN + ' and secret ' + process.env.DINGTALK_SECRET);
      console.log('**not bold** [x](http://evil.example)');
      process.exit(3);`;
    const r = await dingpipe(["run", "--task", "unit-tests", "--", ...node(script)], tmp.dir, env);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^line 1$/m, "the full output still passes through");
    assert.deepEqual(titles(), ["▶ acme/web · unit-tests 运行中", "❌ acme/web · unit-tests 运行失败"]);
    const text = textOf(emulator.messages(TOKEN)[1]);
    assert.match(text, /\*\*退出码\*\* 3/);
    assert.match(text, /line 30/);
    assert.match(text, /line 13\b/, "20 lines: 13…30, the error line and the last line");
    assert.doesNotMatch(text, /line 12\b/);
    assert.ok(!text.includes(API_TOKEN) && !text.includes(SECRET), "secrets masked in the log tail");
    assert.match(text, /using token ＊＊＊ and secret ＊＊＊/, "*** (escaped as text) in their place");
    assert.doesNotMatch(text, /\]\(http:\/\/evil/, "the log tail is plain text");
  });

  it("a failed notification never changes the command's status", async () => {
    const broken = { ...env, DINGTALK_WEBHOOK: emulator.webhookUrl("unknown0123456789") };
    const ok = await dingpipe(["run", "--", ...node("console.log('fine')")], tmp.dir, broken);
    assert.equal(ok.code, 0);
    assert.equal(ok.stdout, "fine\n");
    assert.match(ok.stderr, /✗ ci-group started: .*300001/);
    assert.match(ok.stderr, /✗ ci-group success: /);
    const failing = await dingpipe(["run", "--", ...node("process.exit(5)")], tmp.dir, broken);
    assert.equal(failing.code, 5);
    assert.ok(!`${ok.stderr}${failing.stderr}`.includes("unknown0123456789"));
    assert.equal(emulator.messages(TOKEN).length, 0);
  });

  it("interrupted: SIGTERM is forwarded, the group hears cancelled, exit 128+15", async () => {
    const p = startDingpipe(
      ["run", "--task", "deploy", "--", ...node("console.log('ready'); setInterval(() => {}, 1000)")],
      tmp.dir,
      env,
    );
    await p.waitForStdout("ready");
    p.child.kill("SIGTERM");
    const r = await p.done;
    assert.equal(r.code, 143, r.stderr);
    assert.deepEqual(titles(), ["▶ acme/web · deploy 运行中", "⏹ acme/web · deploy 已取消"]);
  });

  it("interrupted: SIGINT reaches the command, which may clean up and choose its status", async () => {
    const script = `process.on('SIGINT', () => { console.log('cleaning up'); process.exit(130); });
      console.log('ready'); setInterval(() => {}, 1000);`;
    const p = startDingpipe(["run", "--task", "deploy", "--", ...node(script)], tmp.dir, env);
    await p.waitForStdout("ready");
    p.child.kill("SIGINT");
    const r = await p.done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stdout, /cleaning up/);
    assert.deepEqual(titles(), ["▶ acme/web · deploy 运行中", "⏹ acme/web · deploy 已取消"]);
  });

  it("output closed early (`| head`): the command's next write fails as without dingpipe, so it ends", async () => {
    // Writes until a write fails, then exits 42. Drained instead, it would never end (the helper
    // kills dingpipe after 60 s: code null).
    const script = `const chunk = Buffer.alloc(16384, 'y\\n');
      (function more(error) { if (error) process.exit(42); process.stdout.write(chunk, more); })();`;
    const p = startDingpipe(["run", "--task", "yes", "--", ...node(script)], tmp.dir, env);
    await p.waitForStdout("y\n");
    p.child.stdout?.destroy();
    const r = await p.done;
    assert.equal(r.signal, null, "dingpipe ended by itself");
    assert.equal(r.code, 42, r.stderr);
    assert.deepEqual(titles(), ["▶ acme/web · yes 运行中", "❌ acme/web · yes 运行失败"]);
    assert.match(textOf(emulator.messages(TOKEN)[1]), /\*\*退出码\*\* 42/);
  });

  it("Ctrl-C after the command ended stops waiting for a hanging DingTalk and keeps the command's status", async () => {
    // A robot that accepts connections and never answers.
    const sockets = new Set<Socket>();
    const hanging = createServer((s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
    const { port } = hanging.address() as { port: number };
    try {
      await tmp.write(
        "hanging.yml",
        `credentials:
  slow:
    webhook: http://127.0.0.1:${port}/robot/send?access_token=hang0123456789abcdef
notifications:
  - credential: slow
    events: [started, success]
`,
      );
      const p = startDingpipe(
        ["run", "--config", "hanging.yml", "--", ...node("console.log('pid=' + process.pid + '.')")],
        tmp.dir,
        env,
      );
      let out = "";
      p.child.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
      });
      await p.waitForStdout(".\n");
      const pid = Number(/pid=(\d+)\./.exec(out)?.[1]);
      assert.ok(pid > 0, out);
      await gone(pid);
      // The command has ended; dingpipe still waits on `started` (DingTalk's 10 s timeout, retried).
      p.child.kill("SIGINT");
      const interruptedAt = Date.now();
      const r = await p.done;
      // Said in full when it fails: how long dingpipe went on after the signal, and what it printed.
      const seen = `${Date.now() - interruptedAt} ms after SIGINT; stderr:\n${r.stderr}`;
      assert.equal(r.signal, null, `dingpipe is not killed by the signal (${seen})`);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /✗ slow started: /);
    } finally {
      for (const s of sockets) s.destroy();
      hanging.close();
    }
  });

  it("a command that cannot be found: exit 127 and a failure saying why", async () => {
    const r = await dingpipe(["run", "--", "dingpipe-no-such-command-xyz"], tmp.dir, env);
    assert.equal(r.code, 127);
    assert.match(r.stderr, /cannot start 'dingpipe-no-such-command-xyz': not found/);
    const text = textOf(emulator.messages(TOKEN).at(-1));
    assert.match(text, /\*\*退出码\*\* 127/);
    assert.match(text, /not found/);
  });

  it("exit 2 without running the command only for bad usage (no command)", async () => {
    const none = await dingpipe(["run", "--task", "x"], tmp.dir, env);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no command: write it after --/);
    assert.equal(emulator.messages().length, 0);
  });

  it("a broken config or no pipeline name turns notifications off, never the task: it runs, its status kept", async () => {
    await tmp.write("broken.yml", "notifications: [\n");
    const marker = join(tmp.dir, "ran");
    const broken = await dingpipe(
      [
        "run",
        "--config",
        "broken.yml",
        "--",
        ...node(`require('fs').writeFileSync(${JSON.stringify(marker)}, ''); process.exit(3)`),
      ],
      tmp.dir,
      env,
    );
    assert.equal(broken.code, 3, broken.stderr);
    assert.match(broken.stderr, /broken\.yml:\d+:\d+: error/);
    assert.match(broken.stderr, /no notifications for this run \(see above\); running the command anyway/);
    assert.equal(existsSync(marker), true, "the command ran");

    const unnamed = await dingpipe(
      ["run", "--", ...node("process.exit(0)")],
      tmp.dir,
      // no CI platform's variables and no DINGPIPE_PIPELINE: nothing names the pipeline
      { DINGTALK_WEBHOOK: env["DINGTALK_WEBHOOK"]!, DINGTALK_SECRET: SECRET },
    );
    assert.equal(unnamed.code, 0, unnamed.stderr);
    assert.match(unnamed.stderr, /DINGPIPE_PIPELINE/);
    assert.match(unnamed.stderr, /running the command anyway/);
    assert.equal(emulator.messages().length, 0);
  });
});
