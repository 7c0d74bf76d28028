/**
 * `dingpipe config check` as a user runs it: a real process on real files in a temporary
 * directory. The CLI entry (src/cli/main.ts) runs directly on Node 24, no build needed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

const MAIN = pathToFileURL(new URL("../src/cli/main.ts", import.meta.url).pathname).href;
const RUNNER = `import { main } from ${JSON.stringify(MAIN)}; process.exitCode = await main(process.argv.slice(1));`;

const WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef";
const SECRET = "SEC0123456789abcdef0123456789";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function dingpipe(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", RUNNER, "--", ...args],
      { cwd, env: { PATH: process.env["PATH"] ?? "", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}

const GOOD = `# yaml-language-server: $schema=../schema/dingpipe.schema.json
credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
    keywords: [CI]
notifications:
  - credential: ci-group
    tasks: [build, deploy]
    events: [failure, success]
    content: [pipeline, build_number, task, status, trigger_user, branch, commit, duration, link]
    custom: |
      **\${DINGPIPE_PIPELINE}** built \`\${DINGPIPE_SHORT_COMMIT}\`
    at: [13800000000]
  - credential: ci-group
    tasks: deploy-*
    events: started
`;

const BAD = `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: SECwrittenhere
notifications:
  - credential: ci-group
    events: [fial, success]
    at: [12345]
  - credential: ops
    events: [failure]
`;

describe("dingpipe config check", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "dingpipe-config-"));
    await writeFile(join(dir, ".dingpipe.yml"), GOOD);
    await mkdir(join(dir, "ci"));
    await writeFile(join(dir, "ci", "bad.yml"), BAD);
    await writeFile(
      join(dir, "broken.yml"),
      "credentials:\n  ci-group:\n    webhook: [oops\nnotifications: []\n",
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("a good .dingpipe.yml in the current directory: summary, exit 0", async () => {
    const r = await dingpipe(["config", "check"], dir, {
      DINGTALK_WEBHOOK: WEBHOOK,
      DINGTALK_SECRET: SECRET,
      TZ: "Asia/Shanghai",
    });
    assert.equal(
      r.stdout,
      "2 notifications, 1 credential: OK\nmessages in zh-CN (the default; locale: en for English), times in Asia/Shanghai, UTC+8 now (TZ)\n",
    );
    assert.equal(r.code, 0);
    await writeFile(
      join(dir, "zoned.yml"),
      `locale: en\ntimezone: Europe/Berlin\n${await readFile(join(dir, ".dingpipe.yml"), "utf8")}`,
    );
    const zoned = await dingpipe(["config", "check", "--config", "zoned.yml"], dir, {
      DINGTALK_WEBHOOK: WEBHOOK,
      DINGTALK_SECRET: SECRET,
    });
    assert.match(
      zoned.stdout,
      /^messages in en \(locale:\), times in Europe\/Berlin, UTC\+[12] now \(timezone:\)$/m,
    );
  });

  test("an unset secret variable: located error, exit 2", async () => {
    const r = await dingpipe(["config", "check"], dir, { DINGTALK_WEBHOOK: WEBHOOK });
    assert.equal(r.code, 2);
    assert.equal(
      r.stdout,
      ".dingpipe.yml:5:13: error: DINGTALK_SECRET is referenced but not set (secret of credential 'ci-group')\n" +
        "  fix: set DINGTALK_SECRET in the environment (a CI secret holding the robot's SEC… secret), or remove secret: when the robot does not sign\n" +
        "1 error, 0 warnings\n",
    );
  });

  test("--config FILE: every problem at file:line:col with its fix, no secret shown", async () => {
    const r = await dingpipe(["config", "check", "--config", "ci/bad.yml"], dir, {
      DINGTALK_WEBHOOK: WEBHOOK,
    });
    assert.equal(r.code, 2);
    const lines = r.stdout.split("\n").filter((l) => !l.startsWith("  fix: ") && l !== "");
    assert.deepEqual(lines, [
      `ci/bad.yml:4:13: warning: secret of credential 'ci-group' is written literally: use \${ENV}`,
      "ci/bad.yml:7:14: error: unknown event 'fial' — did you mean 'failure'?",
      "ci/bad.yml:8:10: warning: '12345' in at of notification #1 is not a mobile number",
      "ci/bad.yml:9:17: error: credential 'ops' is not defined (defined: ci-group)",
      "2 errors, 2 warnings",
    ]);
    assert.match(r.stdout, /\n {2}fix: keep it in a CI secret, e\.g\. DINGTALK_SECRET/);
    assert.ok(!r.stdout.includes("SECwrittenhere"));
    assert.ok(!r.stdout.includes("0123456789abcdef"));
  });

  test("warnings alone exit 0; --strict makes them errors", async () => {
    const file = join(dir, "warn.yml");
    await writeFile(file, GOOD.replace("at: [13800000000]", "at: [138]"));
    const env = { DINGTALK_WEBHOOK: WEBHOOK, DINGTALK_SECRET: SECRET };
    const r = await dingpipe(["config", "check", "--config", file], dir, env);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /warn\.yml:14:10: warning: '138' in at of notification #1 is not a mobile number\n/,
    );
    assert.match(r.stdout, /2 notifications, 1 credential: OK, 1 warning\nmessages in zh-CN /);
    const strict = await dingpipe(["config", "check", "--strict", "--config", file], dir, env);
    assert.equal(strict.code, 2);
    assert.match(strict.stdout, /warn\.yml:14:10: error: '138' in at/);
    assert.match(strict.stdout, /0 errors, 1 warning \(--strict: warnings count as errors\)\n$/);
  });

  test("malformed YAML: the syntax error at its line:col", async () => {
    const r = await dingpipe(["config", "check", "--config", "broken.yml"], dir, {
      DINGTALK_WEBHOOK: WEBHOOK,
    });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^broken\.yml:4:\d+: error: YAML: /);
  });

  test("a missing file: one clear error", async () => {
    const r = await dingpipe(["config", "check", "--config", "nope.yml"], dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.stdout,
      "nope.yml:1:1: error: no such file\n  fix: create it (see docs/configuration.md), or pass --config FILE\n1 error, 0 warnings\n",
    );
  });

  test("bad usage exits 2 with the usage on stderr; --help exits 0", async () => {
    const r = await dingpipe(["config", "lint"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown subcommand 'lint'[\s\S]*Usage: dingpipe config check/);
    const flag = await dingpipe(["config", "check", "--frobnicate"], dir);
    assert.equal(flag.code, 2);
    const help = await dingpipe(["config", "check", "--help"], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--strict/);
  });
});
