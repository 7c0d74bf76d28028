/**
 * Each platform's recorded webhook, sent to a real `dingpipe serve` process with the platform's own headers and
 * signatures, reaches the DingTalk group (the emulator) as the right message — checked fact by fact: pipeline,
 * number, status, branch, commit, author, links, duration. Queued noise sends one message, repository hooks
 * and redeliveries none, and the event trail explains an event no notification matched.
 */
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { DingTalkMessage } from "../src/dingtalk/message.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { giteeSignature } from "../src/pipeline/hooks/verify.ts";
import { callApi, type ServiceProcess, spawnService } from "./helpers/serve-process.ts";

const ADMIN = `dp_test_${randomBytes(12).toString("hex")}`;
const SECRET = {
  github: "gh-hook-secret",
  gitlab: "gl-hook-token",
  gitee: "gitee-hook-key",
  yunxiao: "yx-token",
};
const ROBOT = { token: "hooksrobot0001", secret: "SECfakehookssecret0001" };
const QUIET = { token: "quietrobot0001" };

let root = "";
let emulator: Emulator;
let serve: ServiceProcess & { url: string };

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/hooks/${name}.json`, import.meta.url), "utf8");
}

/** The group's notification as the API returned it (its locale is switched for the Chinese platforms). */
let groupRule: Record<string, unknown> & { id: string };

const api = (path: string, body?: unknown, method?: string) => callApi(serve.url, ADMIN, path, body, method);

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(serve.url + path, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: res.status, body: await res.json() };
}

function github(event: string, body: string, delivery: string) {
  return post("/hooks/github", body, {
    "x-github-event": event,
    "x-github-delivery": delivery,
    "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET.github).update(body).digest("hex")}`,
  });
}

function gitlab(event: string, body: string, uuid: string) {
  return post("/hooks/gitlab", body, {
    "x-gitlab-event": event,
    "x-gitlab-token": SECRET.gitlab,
    "x-gitlab-event-uuid": uuid,
  });
}

const seen = new Set<number>();

/** The next message the group receives (bounded: fails after 20 s instead of hanging). */
async function nextMessage(): Promise<{ title: string; lines: string[]; body: DingTalkMessage }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const fresh = emulator.messages(ROBOT.token).find((m) => !seen.has(m.id));
    if (fresh) {
      seen.add(fresh.id);
      assert.equal(fresh.body.msgtype, "markdown");
      const md = (fresh.body as Extract<DingTalkMessage, { msgtype: "markdown" }>).markdown;
      return { title: md.title, lines: md.text.split("\n"), body: fresh.body };
    }
    if (Date.now() > deadline) assert.fail("timed out waiting for a message in the group");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** No message arrives while the service has nothing left to deliver (the backlog is checked, not a clock). */
async function noMoreMessages(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const pending = (await api("/api/deliveries?state=pending")).body.items.length;
    const sending = (await api("/api/deliveries?state=sending")).body.items.length;
    if (pending === 0 && sending === 0) break;
    if (Date.now() > deadline) assert.fail("the service kept a backlog");
    await new Promise((r) => setTimeout(r, 50));
  }
  const extra = emulator.messages(ROBOT.token).filter((m) => !seen.has(m.id));
  assert.deepEqual(
    extra.map((m) => JSON.stringify(m.body)),
    [],
    "no other message reached the group",
  );
}

/** Every expected line is in the message, exactly. */
function has(message: { lines: string[] }, ...expected: string[]) {
  for (const line of expected)
    assert.ok(message.lines.includes(line), `${line}\n  not in:\n${message.lines.join("\n")}`);
}
function lacks(message: { lines: string[] }, pattern: RegExp) {
  assert.ok(!message.lines.some((l) => pattern.test(l)), `${pattern} in:\n${message.lines.join("\n")}`);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-hooks-serve-"));
  emulator = await startEmulator({ port: 0, robots: [ROBOT, QUIET] });
  const p = await spawnService(
    "serve",
    ["--port", "0", "--allow-host", new URL(emulator.url).host, "--data-dir", join(root, "data")],
    {
      cwd: root,
      env: {
        DINGPIPE_ADMIN_TOKEN: ADMIN,
        DINGPIPE_SECRET_KEY: randomBytes(32).toString("base64"),
        DINGPIPE_GITHUB_SECRET: SECRET.github,
        DINGPIPE_GITLAB_SECRET: SECRET.gitlab,
        DINGPIPE_GITEE_SECRET: SECRET.gitee,
        DINGPIPE_YUNXIAO_SECRET: SECRET.yunxiao,
      },
    },
  );
  assert.ok(p.url);
  serve = p as ServiceProcess & { url: string };
  const robot = await api("/api/credentials", {
    name: "group",
    webhook: emulator.webhookUrl(ROBOT.token),
    secret: ROBOT.secret,
  });
  assert.equal(robot.status, 201, JSON.stringify(robot.body));
  const rule = await api("/api/notifications", {
    credential: "group",
    // GitHub's and GitLab's messages are pinned in English (the Gitee and Flow ones below in Chinese).
    locale: "en",
    events: ["started", "success", "failure", "cancelled", "skipped", "waiting"],
    content: [
      "pipeline",
      "build_number",
      "stage",
      "task",
      "status",
      "trigger_user",
      "branch",
      "commit",
      "commit_message",
      "author",
      "pull_request",
      "duration",
      "link",
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a dingpipe ${VAR} template, not a JavaScript one
    custom: "Environment: ${DEPLOY_ENVIRONMENT:-none}",
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  assert.equal(rule.body.locale, "en");
  groupRule = rule.body;
  const quiet = await api("/api/credentials", {
    name: "web-team",
    webhook: emulator.webhookUrl(QUIET.token),
  });
  assert.equal(quiet.status, 201);
  const web = await api("/api/notifications", {
    credential: "web-team",
    pipelines: ["web-*"],
    events: ["success"],
  });
  assert.equal(web.status, 201);
});

after(async () => {
  await serve?.stop("SIGKILL", 10_000).catch(() => {});
  await emulator?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("GitHub", () => {
  test("workflow_run as GitHub sends it: named from workflow.name, run #163, a sub-second run", async () => {
    const r = await github("workflow_run", fixture("github-workflow_run.completed"), "gh-run-1");
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "✅ test succeeded");
    has(
      m,
      "### ✅ test succeeded",
      "- **Pipeline** [test](https://github.com/octo-org/octo-repo/actions/workflows/test.yml)",
      "- **Run** [#163](https://github.com/octo-org/octo-repo/actions/runs/289782451)",
      "- **Status** ✅ success",
      "- **Triggered by** Codertocat",
      "- **Branch** master",
      "- **Commit** [3484a3f](https://github.com/octo-org/octo-repo/commit/3484a3fb816e0859fd6e1cea078d76385ff50625)",
      "- **Author** Matthias Fax",
      "- **Duration** < 1s",
      "- [View run](https://github.com/octo-org/octo-repo/actions/runs/289782451)",
      "Environment: none",
    );
  });

  test("workflow_run requested is answered ignored and sends nothing", async () => {
    const r = await github("workflow_run", fixture("github-workflow_run.requested"), "gh-run-req");
    assert.equal(r.status, 200);
    assert.equal(r.body.ignored, true);
    assert.match(r.body.reason, /every run is requested/);
  });

  test("workflow_job: no run number, the run page as link, the job's duration", async () => {
    const r = await github("workflow_job", fixture("github-workflow_job.completed.failure"), "gh-job-1");
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "❌ CodeQL · linters failed");
    lacks(m, /\*\*Run\*\*|2202229078\]/);
    has(
      m,
      "- **Pipeline** CodeQL",
      "- **Task** [linters](https://github.com/octo-org/octo-repo/runs/1291536064)",
      "- **Status** ❌ failure",
      "- **Branch** main",
      "- **Commit** [3484a3f](https://github.com/Codertocat/Hello-World/commit/3484a3fb816e0859fd6e1cea078d76385ff50625)",
      "- **Duration** 3m 18s",
      "- [View run](https://github.com/Codertocat/Hello-World/actions/runs/2202229078)",
    );
  });

  test("deployment_status: deploy to production, with the environment for custom content", async () => {
    const r = await github("deployment_status", fixture("github-deployment_status"), "gh-deploy-1");
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "✅ Codertocat/Hello-World · deploy to production succeeded");
    has(
      m,
      "- **Pipeline** [Codertocat/Hello-World](https://github.com/Codertocat/Hello-World/deployments)",
      "- **Task** deploy to production",
      "- **Branch** master",
      "- **Commit** [f95f852](https://github.com/Codertocat/Hello-World/commit/f95f852bd8fca8fcc58a9a2d6c842781e32a215e)",
      "- **Duration** 2s",
      "Environment: production",
    );
  });

  test("check_run of a CI app: the check as task, its pull request, the app's page as link", async () => {
    const r = await github("check_run", fixture("github-check_run.completed"), "gh-check-1");
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "✅ Codertocat/Hello-World · Octocoders-linter succeeded");
    has(
      m,
      "- **Stage** octocoders-linter",
      "- **Task** [Octocoders-linter](https://octocoders.io/)",
      "- **Branch** changes",
      "- **Pull request** [#2](https://github.com/Codertocat/Hello-World/pull/2)",
      "- [View run](https://octocoders.io/)",
    );
    const actions = await github("check_run", fixture("github-check_run.completed.actions"), "gh-check-2");
    assert.equal(actions.status, 200);
    assert.match(actions.body.reason, /GitHub Actions/);
  });

  test("check_suite and status", async () => {
    assert.equal(
      (await github("check_suite", fixture("github-check_suite.completed"), "gh-suite-1")).status,
      202,
    );
    const suite = await nextMessage();
    assert.equal(suite.title, "✅ Codertocat/Hello-World · octocoders-linter succeeded");
    has(
      suite,
      "- **Message** Update README.md",
      "- **Author** Codertocat",
      "- [View run](https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821/checks)",
    );
    assert.equal((await github("status", fixture("github-status"), "gh-status-1")).status, 202);
    const status = await nextMessage();
    assert.equal(status.title, "✅ Codertocat/Hello-World · default succeeded");
    has(
      status,
      "- **Message** Initial commit",
      "- **Commit** [6113728](https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246)",
    );
  });

  test("a redelivery, or a replay under a new delivery id, sends nothing more", async () => {
    const body = fixture("github-workflow_job.completed.failure");
    assert.equal((await github("workflow_job", body, "gh-job-1")).status, 200);
    assert.equal((await github("workflow_job", body, "gh-job-1-replayed")).status, 200);
    await noMoreMessages();
  });
});

describe("GitLab", () => {
  test("Pipeline Hook: the pipeline named once, its ID as number and link, its merge request", async () => {
    const r = await gitlab("Pipeline Hook", fixture("gitlab-pipeline"), "gl-uuid-1");
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "✅ gitlab-org/gitlab-test succeeded");
    has(
      m,
      "- **Run** [#31](http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31)",
      "- **Triggered by** User1",
      "- **Branch** test",
      "- **Author** User",
      "- **Duration** 1m 03s",
      "- [View run](http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31)",
    );
    // The link's `_` may come percent-encoded until links keep `_ @ *` as they are (safeUrl, another change).
    assert.ok(
      m.lines.some((l) =>
        /^- \*\*Pull request\*\* \[#1 Test\]\(http:\/\/192\.168\.64\.1:3005\/gitlab-org\/gitlab-test\/merge(_|%5F)requests\/1\)$/.test(
          l,
        ),
      ),
      m.lines.join("\n"),
    );
  });

  test("Job Hook: the job in its named pipeline, with the same kind of number and link as its pipeline", async () => {
    const r = await gitlab("Job Hook", fixture("gitlab-job"), "gl-uuid-2");
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.match(m.title, /^✅ Build pipeline · auto_deploy:start succeeded$/);
    has(
      m,
      "- **Run** [#743121198](https://gitlab.com/jsmithy2/release-tools-fake/-/pipelines/743121198)",
      "- **Status** ✅ success",
      "- **Triggered by** John Smith",
      "- **Branch** main",
      "- **Commit** [95d49d1](https://gitlab.com/jsmithy2/release-tools-fake/-/commit/95d49d1efbd941908580e79d65e4b5ecaf4a8305)",
      "- **Message** Remove test jobs and add back other jobs",
      "- **Author** John Smith",
      "- **Duration** 50s",
      "- [View run](https://gitlab.com/jsmithy2/release-tools-fake/-/pipelines/743121198)",
    );
  });

  test("a job queued (created, then pending) sends one waiting message", async () => {
    const created = fixture("gitlab-build");
    const r1 = await gitlab("Job Hook", created, "gl-uuid-3");
    assert.equal(r1.status, 200);
    assert.match(r1.body.reason, /still queueing/);
    const pending = created.replace('"build_status": "created"', '"build_status": "pending"');
    assert.equal((await gitlab("Job Hook", pending, "gl-uuid-4")).status, 202);
    const m = await nextMessage();
    assert.equal(m.title, "⏳ gitlab-org/gitlab-test · test waiting");
    has(m, "- **Run** [#2366](http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/2366)");
    await noMoreMessages();
  });

  test("Deployment Hook: deploy to staging, linked to the job that deployed", async () => {
    const r = await gitlab("Deployment Hook", fixture("gitlab-deployment"), "gl-uuid-5");
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "✅ root/test-deployment-webhooks · deploy to staging succeeded");
    has(
      m,
      "- **Task** [deploy to staging](http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796)",
      "- **Commit** [279484c](http://10.126.0.2:3000/root/test-deployment-webhooks/-/commit/279484c09fbe69ededfced8c1bb6e6d24616b468)",
      "- **Message** Add new file",
      "Environment: staging",
    );
  });
});

describe("Gitee and Alibaba Cloud DevOps", () => {
  before(async () => {
    // A Chinese team's group: the notification switched to zh-CN (null = the default) through the API.
    const { id: _id, createdAt: _c, updatedAt: _u, ...rule } = groupRule;
    const put = await api(`/api/notifications/${groupRule.id}`, { ...rule, locale: null }, "PUT");
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.locale, undefined);
  });

  test("Gitee, signed with X-Gitee-Token and X-Gitee-Timestamp: build #19 and the commit linked", async () => {
    const ts = String(Date.now());
    const r = await post("/hooks/gitee", fixture("gitee-pipeline-webhook"), {
      "x-gitee-token": giteeSignature(ts, SECRET.gitee),
      "x-gitee-timestamp": ts,
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "✅ 测试流水线 · java构建 运行成功");
    has(
      m,
      "- **流水线** 测试流水线",
      "- **构建号** #19",
      "- **阶段** 构建",
      "- **分支** master",
      "- **提交** [123123](https://gitee.com/xiaoxuxuy/test/commit/123123)",
      "- [查看详情](https://e.gitee.com/oschina/projects/210455/pipelines/255039/history/426411/stages/741137/jobs/1018636?buildNumber=2)",
    );
  });

  test("Gitee's and Codeup's repository hooks are answered ignored and send nothing", async () => {
    const push = await post("/hooks/gitee", fixture("gitee-push-hook"), {
      "x-gitee-token": SECRET.gitee,
      "x-gitee-event": "Push Hook",
    });
    assert.equal(push.status, 200);
    assert.equal(push.body.ignored, true);
    const codeup = await post("/hooks/yunxiao", fixture("yunxiao-codeup-push-hook"), {
      "codeup-event": "Push Hook",
      "x-codeup-token": SECRET.yunxiao,
    });
    assert.equal(codeup.status, 200);
    assert.equal(codeup.body.ignored, true);
    await noMoreMessages();
  });

  test("Flow's Webhook plugin with ?token=: build #19 linked to the run", async () => {
    const r = await post(`/hooks/yunxiao?token=${SECRET.yunxiao}`, fixture("yunxiao-task-webhook"), {});
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const m = await nextMessage();
    assert.equal(m.title, "✅ test pipeline · java构建 运行成功");
    has(
      m,
      "- **流水线** [test pipeline](https://rdc.aliyun.com/ec/pipelines/156539)",
      "- **构建号** [#19](https://rdc.aliyun.com/ec/pipelines/156539?build=19)",
      "- **分支** master",
      "- [查看详情](https://rdc.aliyun.com/ec/pipelines/156539?build=19)",
    );
  });
});

describe("the event trail of the served events", () => {
  test("explains why the web team's notification sent nothing for a GitLab job", async () => {
    const events = await api(`/api/events?source=gitlab&pipeline=${encodeURIComponent("Build pipeline")}`);
    assert.equal(events.status, 200);
    assert.equal(events.body.items.length, 1);
    const detail = await api(`/api/events/${events.body.items[0].id}`);
    assert.equal(detail.status, 200);
    const web = detail.body.notifications.find((n: { credential: string }) => n.credential === "web-team");
    assert.equal(web.matched, false);
    assert.deepEqual(web.why, ["pipeline pattern `web-*` does not match `Build pipeline`"]);
    assert.equal(detail.body.deliveries.length, 1);
    assert.equal(detail.body.deliveries[0].credential, "group");
    assert.equal(detail.body.deliveries[0].state, "sent");
    assert.equal(emulator.messages(QUIET.token).length, 0);
  });
});
