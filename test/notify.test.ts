/**
 * `dingpipe notify` as a pipeline step runs it: a real process, a real `.dingpipe.yml` in a temp
 * directory, each CI platform's real environment variables, and the emulator standing in for the
 * DingTalk groups (one signing robot, one plain). Checks what the groups received.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
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
    // Chinese by default: the words of Gitee's own notifications.
    assert.equal(titleOf(m), "✅ 前端发布流水线 · 构建 运行成功", "without --task the stage names the task");
    const text = textOf(m);
    for (const fact of [
      "**构建号** #42",
      "**分支** master",
      "9f3c2a1",
      "**提交信息** 修复登录页在 Safari 下的白屏问题",
    ])
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

  it("sends on node:http like send: fetch's engine (undici) is never loaded, unless a proxy variable asks for it", async () => {
    const args = ["notify", "--event", "failure", "--task", "unit-tests"];
    const plain = await dingpipe(args, tmp.dir, gitee({ TEST_REPORT_UNDICI: "1" }));
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /undici loaded: false/);
    assert.equal(emulator.messages(CI_TOKEN).length, 1);
    // With a proxy variable the global fetch (which honours it) is kept: the proxy here refuses, so nothing
    // arrives — what matters is that the request went the proxy's way.
    const proxied = await dingpipe(
      args,
      tmp.dir,
      gitee({ TEST_REPORT_UNDICI: "1", HTTP_PROXY: "http://127.0.0.1:9" }),
    );
    assert.match(proxied.stderr, /undici loaded: true/);
    assert.equal(emulator.messages(CI_TOKEN).length, 1, "not sent around the proxy");
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

  it("--locale en (or DINGPIPE_LOCALE) writes today's English; a notification's own locale: wins; a wrong name stops with did-you-mean", async () => {
    const flag = await dingpipe(["notify", "--event", "SUCC", "--locale", "en"], tmp.dir, gitee());
    assert.equal(flag.code, 0, flag.stderr);
    const [m] = emulator.messages(CI_TOKEN);
    assert.equal(titleOf(m), "✅ 前端发布流水线 · 构建 succeeded");
    assert.ok(textOf(m).includes("**Run** #42"), textOf(m));
    emulator.clear();
    const env = await dingpipe(["notify", "--event", "SUCC"], tmp.dir, gitee({ DINGPIPE_LOCALE: "en" }));
    assert.equal(env.code, 0, env.stderr);
    assert.equal(titleOf(emulator.messages(CI_TOKEN)[0]), "✅ 前端发布流水线 · 构建 succeeded");
    emulator.clear();
    await tmp.write(
      "own.yml",
      CONFIG.replace(
        "    events: [SUCC, FAIL, started]",
        "    events: [SUCC, FAIL, started]\n    locale: zh-CN",
      ),
    );
    const own = await dingpipe(
      ["notify", "--event", "SUCC", "--config", "own.yml", "--locale", "en"],
      tmp.dir,
      gitee(),
    );
    assert.equal(own.code, 0, own.stderr);
    assert.equal(titleOf(emulator.messages(CI_TOKEN)[0]), "✅ 前端发布流水线 · 构建 运行成功");
    emulator.clear();
    const bad = await dingpipe(["notify", "--event", "SUCC", "--locale", "zh"], tmp.dir, gitee());
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--locale: unknown locale 'zh' — did you mean 'zh-CN'\?/);
    const zone = await dingpipe(
      ["notify", "--event", "SUCC"],
      tmp.dir,
      gitee({ DINGPIPE_TIMEZONE: "UTC+8" }),
    );
    assert.equal(zone.code, 2);
    assert.match(
      zone.stderr,
      /DINGPIPE_TIMEZONE: 'UTC\+8' is not an IANA time zone name — did you mean 'Asia\/Shanghai'\?/,
    );
    assert.equal(emulator.messages().length, 0, "nothing sent after a usage error");
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
    const transition = await dingpipe(["notify", "--event", "fixed"], tmp.dir, gitee());
    assert.equal(transition.code, 2);
    assert.match(
      transition.stderr,
      /'fixed' is a transition dingpipe serve derives from the task's history, not a task's state: give the state the task ended in, --event success/,
    );
    assert.equal(emulator.messages().length, 0);
  });

  it("a notification on [broken, fixed] says a pipeline step has no history, and sends nothing for it", async () => {
    emulator.clear();
    await tmp.write(
      "transitions.yml",
      `credentials:\n  ci-group:\n    webhook: \${DINGTALK_WEBHOOK}\n    secret: \${DINGTALK_SECRET}\nnotifications:\n  - credential: ci-group\n    events: [broken, fixed]\n`,
    );
    const r = await dingpipe(
      ["notify", "--event", "failure", "--task", "build", "--config", "transitions.yml"],
      tmp.dir,
      gitee(),
    );
    assert.equal(r.code, 0);
    assert.match(
      r.stderr,
      /transitions\.yml:7:\d+: warning: event 'broken' of notification #1 needs the history of the task's outcomes, which only dingpipe serve keeps/,
    );
    assert.match(r.stderr, /event 'fixed' of notification #1 needs the history/);
    assert.equal(emulator.messages().length, 0);
  });

  describe("each CI platform's environment", () => {
    const platforms: Array<
      [fixture: string, title: string, facts: string[], extra?: Record<string, string>]
    > = [
      [
        "github",
        "❌ CI · build 运行失败",
        ["master", "6113728", "Initial commit", "actions/runs/9876543210"],
      ],
      [
        "gitlab",
        "❌ acme/web · unit-tests 运行失败",
        // The pipeline ID, as GitLab shows and links it (not CI_PIPELINE_IID 42).
        ["main", "[#2366](https://gitlab.example.com/acme/web/-/pipelines/2366)", "fix login redirect loop"],
      ],
      [
        "jenkins",
        "❌ frontend/web_release · Unit tests 运行失败",
        ["master", "9f3c2a1", "#42", "job/web_release/42/"],
      ],
      [
        "yunxiao",
        "❌ 订单服务-发布 · build 运行失败",
        ["master", "#19", "修复支付回调重复入账"],
        { DINGPIPE_TASK: "build" },
      ],
      ["drone", "❌ octocat/hello-world · test 运行失败", ["main", "#42", "fix login redirect loop"]],
      ["woodpecker", "❌ acme/web · unit-tests 运行失败", ["main", "#41", "fix login redirect loop"]],
      ["generic", "❌ nightly-backup · dump-database 运行失败", ["main", "#311", "rotate backup keys"]],
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
