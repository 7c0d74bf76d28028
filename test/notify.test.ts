/**
 * `dingpipe notify` as a pipeline step runs it: a real process, a real `.dingpipe.yml` in a temp
 * directory, each CI platform's real environment variables, and the emulator standing in for the
 * DingTalk groups (one signing robot, one plain). Checks what the groups received.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { parse } from "yaml";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { ciEnv, dingpipe, tempDir, textOf, titleOf } from "./helpers/pipeline-cli.ts";

const CI_TOKEN = "ci0123456789abcdef0123456789abcdef";
const OPS_TOKEN = "ops0123456789abcdef0123456789abcdef";
const SECRET = "SECf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";

const CONFIG = `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
  ops-group:
    webhook: \${OPS_WEBHOOK}
    keywords: [CI]
notifications:
  - credential: ci-group
    events: [SUCC, FAIL, started]
    content: [pipeline, build_number, task, status, branch, commit, commit_message, link]
    custom: |
      **\${GITEE_PIPELINE_NAME:-pipeline}** built by \${DEPLOYER:-nobody}: \${GITEE_COMMIT_MESSAGE:-no message}
    at: [13800000000, '\${ONCALL}']
  - credential: ops-group
    tasks: [deploy*]
    events: [failure]
    content: [pipeline, task, status]
    at: [all]
`;

describe("dingpipe notify", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let base: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({
      robots: [
        { token: CI_TOKEN, name: "ci-group", secret: SECRET },
        { token: OPS_TOKEN, name: "ops-group", keywords: ["CI"] },
      ],
    });
    tmp = await tempDir("dingpipe-notify-");
    await tmp.write(".dingpipe.yml", CONFIG);
    base = {
      DINGTALK_WEBHOOK: emulator.webhookUrl(CI_TOKEN),
      DINGTALK_SECRET: SECRET,
      OPS_WEBHOOK: emulator.webhookUrl(OPS_TOKEN),
      ONCALL: "13900000000",
      DEPLOYER: "**release bot**",
    };
  });
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });
  beforeEach(() => emulator.clear());

  const gitee = (extra: Record<string, string> = {}) => ({ ...ciEnv("gitee"), ...base, ...extra });

  it("selects by event: a Gitee success goes to the ci group only, with its content items", async () => {
    const r = await dingpipe(["notify", "--event", "SUCC"], tmp.dir, gitee());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^✓ ci-group \(markdown, \d+(\.\d)? (B|KB)\)$/m);
    assert.equal(emulator.messages(OPS_TOKEN).length, 0);
    const [m] = emulator.messages(CI_TOKEN);
    assert.equal(titleOf(m), "✅ 前端发布流水线 · 构建 succeeded", "without --task the stage names the task");
    const text = textOf(m);
    for (const fact of ["**Run** #42", "master", "9f3c2a1", "修复登录页在 Safari 下的白屏问题"])
      assert.ok(text.includes(fact), `${fact} in ${text}`);
  });

  it("custom content: CI variables, a trusted variable of the step as written, mentions from at: and the ONCALL variable", async () => {
    const r = await dingpipe(["notify", "--event", "failure", "--task", "unit-tests"], tmp.dir, gitee());
    assert.equal(r.code, 0, r.stderr);
    const [m] = emulator.messages(CI_TOKEN);
    const text = textOf(m);
    assert.ok(text.includes("**web-release** built by **release bot**: 修复登录页"), text);
    assert.deepEqual(m?.body.msgtype === "markdown" && m.body.at?.atMobiles, ["13800000000", "13900000000"]);
    assert.match(text, /@13800000000/);
    assert.match(text, /@13900000000/);
    assert.equal(emulator.messages(OPS_TOKEN).length, 0, "ops only hears about deploy tasks");
  });

  it("two notifications to two robots, concurrently, each reported; @all only where the rule says it", async () => {
    const r = await dingpipe(["notify", "--event", "failed", "--task", "deploy-prod"], tmp.dir, gitee());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^✓ ci-group \(markdown, /m);
    assert.match(r.stdout, /^✓ ops-group \(markdown, /m);
    const [ci] = emulator.messages(CI_TOKEN);
    const [ops] = emulator.messages(OPS_TOKEN);
    assert.ok(ci && ops);
    assert.equal(ops.body.msgtype === "markdown" && ops.body.at?.isAtAll, true);
    assert.notEqual(ci.body.msgtype === "markdown" && ci.body.at?.isAtAll, true);
    assert.ok(`${titleOf(ops)}${textOf(ops)}`.includes("CI"), "the ops robot's keyword is in the message");
  });

  it("nothing selected: exit 0, says so, sends nothing", async () => {
    const r = await dingpipe(["notify", "--event", "skipped"], tmp.dir, gitee());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no notification selects skipped for task '构建'.*nothing sent/);
    assert.equal(emulator.messages().length, 0);
  });

  it("hostile values from a pushed commit stay plain text; secret variables are not substituted", async () => {
    const hostile =
      "[点我](http://evil.example/x) ![img](http://evil.example/p.png) <font color=red>red</font>\n### big\n@all > quote **bold**";
    await tmp.write(
      "hostile.yml",
      `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
notifications:
  - credential: ci-group
    events: [failure]
    content: [commit_message, branch]
    custom: "msg: \${GITEE_COMMIT_MESSAGE} | secret: [\${DINGTALK_SECRET}] | hook: [\${DINGTALK_WEBHOOK}]"
`,
    );
    const r = await dingpipe(
      ["notify", "--event", "FAIL", "--config", "hostile.yml"],
      tmp.dir,
      gitee({ GITEE_COMMIT_MESSAGE: hostile, GITEE_BRANCH: "feat/[x](http://evil.example)" }),
    );
    assert.equal(r.code, 0, r.stderr);
    const [m] = emulator.messages(CI_TOKEN);
    const text = textOf(m);
    assert.match(text, /msg: .*点我.*evil\.example/, "the message is shown, as text");
    assert.doesNotMatch(text, /\]\(http:\/\/evil/, "no link or image survives");
    assert.doesNotMatch(text, /<font/i);
    assert.doesNotMatch(text, /^#{1,6} big/m, "no heading injected");
    assert.notEqual(
      m?.body.msgtype === "markdown" && m.body.at?.isAtAll,
      true,
      "no @all from a commit message",
    );
    assert.ok(!text.includes(SECRET) && !text.includes(CI_TOKEN), "secrets never reach the group");
    assert.match(text, /secret: \[\] \| hook: \[\]/);
    for (const out of [r.stdout, r.stderr]) assert.ok(!out.includes(SECRET) && !out.includes(CI_TOKEN));
  });

  it("a failed delivery fails alone: exit 1 with the errcode and fix, the other group still gets its message", async () => {
    const r = await dingpipe(
      ["notify", "--event", "failure", "--task", "deploy"],
      tmp.dir,
      gitee({ OPS_WEBHOOK: emulator.webhookUrl("unknown0123456789") }),
    );
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^✓ ci-group/m);
    assert.match(r.stderr, /^✗ ops-group: .*300001.* — fix: .*webhook: of credential 'ops-group'/m);
    assert.doesNotMatch(r.stderr, /--webhook/, "notify has no --webhook flag to point at");
    assert.doesNotMatch(r.stderr, /errcode 300001.*errcode 300001/, "the errcode is said once");
    assert.match(r.stderr, /1 of 2 messages not delivered/);
    assert.equal(emulator.messages(CI_TOKEN).length, 1);
    assert.ok(!r.stderr.includes("unknown0123456789"), "the access token is masked");

    emulator.clear();
    const ignored = await dingpipe(
      ["notify", "--event", "failure", "--task", "deploy", "--ignore-errors"],
      tmp.dir,
      gitee({ OPS_WEBHOOK: emulator.webhookUrl("unknown0123456789") }),
    );
    assert.equal(ignored.code, 0);
    assert.match(ignored.stderr, /warning: 1 of 2 messages not delivered \(--ignore-errors: exit 0\)/);
  });

  it("a credential with an error fails alone, with its file:line and fix; the others still go out", async () => {
    const env = gitee();
    delete (env as Record<string, string | undefined>)["OPS_WEBHOOK"];
    const r = await dingpipe(["notify", "--event", "failure", "--task", "deploy"], tmp.dir, env);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /✗ ops-group: \.dingpipe\.yml:6:\d+: OPS_WEBHOOK is referenced but not set .* — fix: set OPS_WEBHOOK/,
    );
    assert.equal(emulator.messages(CI_TOKEN).length, 1);
  });

  it("exit 2: unknown event (with did-you-mean), unknown --ci, broken or missing config — nothing sent", async () => {
    const typo = await dingpipe(["notify", "--event", "fial"], tmp.dir, gitee());
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown event 'fial' — did you mean 'failure'\?/);
    const ci = await dingpipe(["notify", "--event", "failure", "--ci", "travis"], tmp.dir, gitee());
    assert.equal(ci.code, 2);
    assert.match(ci.stderr, /unknown CI 'travis' \(one of: github, gitlab/);
    await tmp.write("broken.yml", "credentials:\n  a:\n    webhook: [oops\n");
    const broken = await dingpipe(
      ["notify", "--event", "failure", "--config", "broken.yml"],
      tmp.dir,
      gitee(),
    );
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^broken\.yml:\d+:\d+: error: YAML/m);
    const missing = await dingpipe(
      ["notify", "--event", "failure", "--config", "nope.yml"],
      tmp.dir,
      gitee(),
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yml:1:1: error: no such file/);
    const usage = await dingpipe(["notify"], tmp.dir, gitee());
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /no event/);
    assert.equal(emulator.messages().length, 0);
  });

  describe("each CI platform's environment", () => {
    const platforms: Array<
      [fixture: string, title: string, facts: string[], extra?: Record<string, string>]
    > = [
      ["github", "❌ CI · build failed", ["master", "6113728", "Initial commit", "actions/runs/9876543210"]],
      [
        "gitlab",
        "❌ acme/web · unit-tests failed",
        // The pipeline ID, as GitLab shows and links it (not CI_PIPELINE_IID 42).
        ["main", "[#2366](https://gitlab.example.com/acme/web/-/pipelines/2366)", "fix login redirect loop"],
      ],
      [
        "jenkins",
        "❌ frontend/web_release · Unit tests failed",
        ["master", "9f3c2a1", "#42", "job/web_release/42/"],
      ],
      [
        "yunxiao",
        "❌ 订单服务-发布 · build failed",
        ["master", "#19", "修复支付回调重复入账"],
        { DINGPIPE_TASK: "build" },
      ],
      ["drone", "❌ octocat/hello-world · test failed", ["main", "#42", "fix login redirect loop"]],
      ["woodpecker", "❌ acme/web · unit-tests failed", ["main", "#41", "fix login redirect loop"]],
      ["generic", "❌ nightly-backup · dump-database failed", ["main", "#311", "rotate backup keys"]],
    ];
    for (const [fixture, title, facts, extra] of platforms) {
      it(`${fixture}: the run's facts from its variables`, async () => {
        const env: Record<string, string> = { ...ciEnv(fixture), ...base, ...extra };
        if (fixture === "github") {
          env["GITHUB_EVENT_PATH"] = new URL(
            "./fixtures/ci/github.event.push.json",
            import.meta.url,
          ).pathname;
        }
        const r = await dingpipe(["notify", "--event", "failure"], tmp.dir, env);
        assert.equal(r.code, 0, r.stderr);
        const [m] = emulator.messages(CI_TOKEN);
        assert.equal(titleOf(m), title);
        const text = textOf(m);
        for (const fact of facts) assert.ok(text.includes(fact), `${fact} in ${text}`);
        for (const out of [r.stdout, r.stderr]) {
          assert.ok(!out.includes(SECRET) && !out.includes(CI_TOKEN) && !out.includes(OPS_TOKEN));
        }
      });
    }
  });
});

/**
 * The GitHub Action (action.yml): its shell step run by bash as the runner would, with the inputs
 * in INPUT_* variables and GitHub's environment; `npx` is a stand-in that runs this checkout's CLI.
 */
describe("action.yml", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let script: string;
  const TOKEN = "act0123456789abcdef0123456789abcdef";

  before(async () => {
    emulator = await startEmulator({ robots: [{ token: TOKEN, name: "gh-group", secret: SECRET }] });
    tmp = await tempDir("dingpipe-action-");
    const action = parse(await readFile(new URL("../action.yml", import.meta.url), "utf8")) as {
      inputs: Record<string, { required?: boolean; default?: string }>;
      runs: { using: string; steps: Array<{ run?: string; shell?: string; env?: Record<string, string> }> };
    };
    assert.equal(action.runs.using, "composite");
    assert.deepEqual(Object.keys(action.inputs).sort(), [
      "config",
      "event",
      "ignore-errors",
      "secret",
      "setup-node",
      "task",
      "version",
      "webhook",
    ]);
    const step = action.runs.steps.find((s) => s.run);
    assert.equal(step?.shell, "bash");
    for (const value of Object.values(step?.env ?? {})) assert.match(value, /^\$\{\{ inputs\.[a-z-]+ \}\}$/);
    assert.ok(!step?.run?.includes("${{"), "inputs never pasted into the script");
    script = await tmp.write("step.sh", step?.run ?? "");
    const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
    const runner = `import { main } from ${JSON.stringify(main)}; process.exitCode = await main(process.argv.slice(1));`;
    await mkdir(join(tmp.dir, "bin"));
    const npx = await tmp.write(
      "bin/npx",
      `#!/bin/sh\necho "$2" > "${tmp.dir}/package"\nshift 2\nexec "${process.execPath}" --input-type=module -e '${runner}' -- "$@"\n`,
    );
    await chmod(npx, 0o755);
  });
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });
  beforeEach(() => emulator.clear());

  function step(inputs: Record<string, string>, cwd: string): Promise<{ code: number | null; out: string }> {
    const env = {
      ...ciEnv("github"),
      PATH: `${join(tmp.dir, "bin")}:${process.env["PATH"] ?? ""}`,
      RUNNER_TEMP: tmp.dir,
      INPUT_TASK: "",
      INPUT_CONFIG: ".dingpipe.yml",
      INPUT_WEBHOOK: "",
      INPUT_SECRET: "",
      INPUT_IGNORE_ERRORS: "false",
      INPUT_VERSION: "latest",
      ...inputs,
    };
    return new Promise((resolve, reject) => {
      execFile("bash", [script], { cwd, env, timeout: 30_000 }, (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: typeof error?.code === "number" ? error.code : 0, out: stdout + stderr });
      });
    });
  }

  it("with only webhook and secret inputs (no .dingpipe.yml): the job's status reaches the robot", async () => {
    const r = await step(
      { INPUT_EVENT: "failure", INPUT_WEBHOOK: emulator.webhookUrl(TOKEN), INPUT_SECRET: SECRET },
      tmp.dir,
    );
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /✓ dingtalk \(markdown/);
    assert.equal(titleOf(emulator.messages(TOKEN)[0]), "❌ CI · build failed");
    assert.equal((await readFile(join(tmp.dir, "package"), "utf8")).trim(), "dingpipe@latest");
    assert.ok(!r.out.includes(SECRET) && !r.out.includes(TOKEN));
  });

  it("with the repository's .dingpipe.yml, task and ignore-errors inputs", async () => {
    const repo = join(tmp.dir, "repo");
    await mkdir(repo, { recursive: true });
    await writeFile(
      join(repo, ".dingpipe.yml"),
      `credentials:
  gh:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
notifications:
  - credential: gh
    tasks: [deploy]
    events: [success]
`,
    );
    const inputs = {
      INPUT_EVENT: "success",
      INPUT_WEBHOOK: emulator.webhookUrl(TOKEN),
      INPUT_SECRET: SECRET,
    };
    const other = await step(inputs, repo);
    assert.equal(other.code, 0, other.out);
    assert.match(other.out, /no notification selects success for task 'build'/);
    const deploy = await step({ ...inputs, INPUT_TASK: "deploy", INPUT_VERSION: "0.1.0" }, repo);
    assert.equal(deploy.code, 0, deploy.out);
    assert.equal(titleOf(emulator.messages(TOKEN)[0]), "✅ CI · deploy succeeded");
    assert.equal((await readFile(join(tmp.dir, "package"), "utf8")).trim(), "dingpipe@0.1.0");
    const wrong = { ...inputs, INPUT_TASK: "deploy", INPUT_WEBHOOK: emulator.webhookUrl("nope0123456789") };
    assert.equal((await step(wrong, repo)).code, 1);
    assert.equal((await step({ ...wrong, INPUT_IGNORE_ERRORS: "true" }, repo)).code, 0);
  });
});
