/**
 * Every CI, a push and a pull/merge request build, as a step runs dingpipe there: the environment
 * of test/fixtures/ci (GitHub's event files recorded from octokit/webhooks), `dingpipe preview` and
 * `dingpipe notify` as real processes in a directory without a checkout, the emulator as the group.
 * For each: which CI preview says it read and why, every fact of the message (number and the page
 * it links, branch, the commit built from the branch and its page, message, author, trigger user,
 * pull request line and its page), and that preview printed exactly the body the group received.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { fixture, fixturePath } from "./helpers/ci-fixtures.ts";
import { gitRepo } from "./helpers/git-repo.ts";
import { dingpipe, tempDir, textOf } from "./helpers/pipeline-cli.ts";

const TOKEN = "facts0123456789abcdef0123456789abcd";
const SECRET = "SECfacts0123456789abcdef0123456789abcdef";

// The English labels these facts are pinned with (Chinese, the default, is tested with the channels).
const CONFIG = `locale: en
credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
notifications:
  - credential: ci-group
    events: [failure]
    content: [pipeline, build_number, task, status, trigger_user, trigger_event, branch, commit, commit_message, author, pull_request, link]
`;

interface Facts {
  /** preview's "CI: …" line. */
  ci: string;
  /** The Run line: "#N" and the page it opens (none when the CI gives no run URL). */
  number: string;
  runUrl?: string;
  branch: string;
  sha: string;
  commitUrl?: string;
  /** The Message line as shown (one line), or absent. */
  message?: string;
  author?: string;
  trigger?: string;
  triggerEvent?: string;
  /** The Pull request line's label ("#2 title") and page, or absent. */
  pr?: { label: string; url?: string };
}

interface Case {
  name: string;
  env: Record<string, string>;
  args?: string[];
  facts: Facts;
  /** Text the message must not hold (a PR's body or title where the commit's message belongs…). */
  never?: string[];
}

const ghEvent = (file: string) => ({ GITHUB_EVENT_PATH: fixturePath(file) });

const CASES: Case[] = [
  {
    name: "GitHub Actions push",
    env: { ...fixture("github.env.json"), ...ghEvent("github.event.push.json") },
    facts: {
      ci: "github (GITHUB_ACTIONS=true)",
      number: "42",
      runUrl: "https://github.com/Codertocat/Hello-World/actions/runs/9876543210",
      branch: "master",
      sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      commitUrl: "https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      message: "Initial commit",
      author: "Codertocat",
      trigger: "Codertocat",
      triggerEvent: "push",
    },
  },
  {
    name: "GitHub Actions pull_request, re-run by someone else",
    env: {
      ...fixture("github-pull-request.env.json"),
      ...ghEvent("github.event.pull_request.json"),
      GITHUB_RUN_ATTEMPT: "2",
      GITHUB_TRIGGERING_ACTOR: "octocat",
    },
    facts: {
      ci: "github (GITHUB_ACTIONS=true)",
      number: "57",
      runUrl: "https://github.com/Codertocat/Hello-World/actions/runs/9876543299",
      branch: "changes",
      sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
      commitUrl: "https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821",
      trigger: "octocat",
      triggerEvent: "pull_request",
      pr: {
        label: "#2 Update the README with new information.",
        url: "https://github.com/Codertocat/Hello-World/pull/2",
      },
    },
    never: ["e4a8d0b", "2/merge"],
  },
  {
    name: "GitHub Actions workflow_run",
    env: { ...fixture("github-workflow-run.env.json"), ...ghEvent("github.event.workflow_run.json") },
    facts: {
      ci: "github (GITHUB_ACTIONS=true)",
      number: "77",
      runUrl: "https://github.com/octo-org/octo-repo/actions/runs/289782488",
      branch: "master",
      sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
      commitUrl: "https://github.com/octo-org/octo-repo/commit/3484a3fb816e0859fd6e1cea078d76385ff50625",
      message: "build(test): check workflow run event payload",
      author: "Matthias Fax",
      trigger: "Codertocat",
      triggerEvent: "workflow_run",
      pr: { label: "#2", url: "https://github.com/octo-org/octo-repo/pull/2" },
    },
    never: ["7b2f1c4"],
  },
  {
    name: "GitLab branch pipeline",
    env: fixture("gitlab.env.json"),
    facts: {
      ci: "gitlab (GITLAB_CI=true)",
      number: "2366",
      runUrl: "https://gitlab.example.com/acme/web/-/pipelines/2366",
      branch: "main",
      sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
      commitUrl: "https://gitlab.example.com/acme/web/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2",
      message: "fix login redirect loop The session cookie was read before it was set.",
      author: "Lin Xiao",
      trigger: "Lin Xiao",
      triggerEvent: "push",
    },
    never: ["#42"],
  },
  {
    name: "GitLab merge request pipeline",
    env: fixture("gitlab-merge-request.env.json"),
    facts: {
      ci: "gitlab (GITLAB_CI=true)",
      number: "2370",
      runUrl: "https://gitlab.example.com/acme/web/-/pipelines/2370",
      branch: "feature/export",
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      commitUrl: "https://gitlab.example.com/acme/web/-/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      message: "Add the CSV export button",
      author: "Lin Xiao",
      trigger: "Lin Xiao",
      triggerEvent: "merge_request_event",
      pr: {
        label: "#12 Draft: Export orders as CSV",
        url: "https://gitlab.example.com/acme/web/-/merge_requests/12",
      },
    },
  },
  {
    name: "GitLab merged results pipeline",
    env: fixture("gitlab-merged-results.env.json"),
    facts: {
      ci: "gitlab (GITLAB_CI=true)",
      number: "2371",
      runUrl: "https://gitlab.example.com/acme/web/-/pipelines/2371",
      branch: "feature/export",
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      commitUrl: "https://gitlab.example.com/acme/web/-/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      trigger: "Wang Fang",
      triggerEvent: "merge_request_event",
      pr: {
        label: "#12 Draft: Export orders as CSV",
        url: "https://gitlab.example.com/acme/web/-/merge_requests/12",
      },
    },
    never: ["9d8c7b6", "Merge branch"],
  },
  {
    name: "Jenkins build a user started",
    env: fixture("jenkins.env.json"),
    facts: {
      ci: "jenkins (JENKINS_URL, JOB_NAME and BUILD_NUMBER set)",
      number: "42",
      runUrl: "https://jenkins.acme.example/job/frontend/job/web_release/42/",
      branch: "master",
      sha: "9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
      commitUrl: "https://gitee.com/acme-tech/web_portal/commit/9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
      trigger: "Lin Xiao",
    },
    never: ["Jenkins CI"],
  },
  {
    name: "Jenkins pull request built by branch indexing",
    env: fixture("jenkins-pull-request.env.json"),
    facts: {
      ci: "jenkins (JENKINS_URL, JOB_NAME and BUILD_NUMBER set)",
      number: "3",
      runUrl: "https://jenkins.acme.example/job/acme/job/web_release/job/PR-7/3/",
      branch: "feature/export",
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      commitUrl: "https://github.com/acme/web_release/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      triggerEvent: "branch indexing",
      pr: { label: "#7 Export orders as CSV", url: "https://github.com/acme/web_release/pull/7" },
    },
    never: ["Branch Indexing"],
  },
  {
    name: "Gitee Go push",
    env: fixture("gitee.env.json"),
    args: ["--task", "build"],
    facts: {
      ci: "gitee (GITEE_PIPELINE_NAME set)",
      number: "42",
      branch: "master",
      sha: "9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
      commitUrl: "https://gitee.com/acme-tech/web-portal/commit/9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
      message: "修复登录页在 Safari 下的白屏问题",
      trigger: "林晓",
    },
  },
  {
    name: "Gitee Go pull request",
    env: fixture("gitee-pull-request.env.json"),
    args: ["--task", "build"],
    facts: {
      ci: "gitee (GITEE_PIPELINE_NAME set)",
      number: "318",
      branch: "feature/order-export",
      sha: "2b7e4c9d0a1f3e5b6c8d9e0f1a2b3c4d5e6f7a8b",
      commitUrl: "https://gitee.com/acme-tech/web-portal/commit/2b7e4c9d0a1f3e5b6c8d9e0f1a2b3c4d5e6f7a8b",
      trigger: "林晓",
      pr: { label: "#57 订单导出支持 Excel", url: "https://gitee.com/acme-tech/web-portal/pulls/57" },
    },
    never: ["**Message**", "1f0e2d3"],
  },
  {
    name: "Drone push",
    env: fixture("drone.env.json"),
    facts: {
      ci: "drone (DRONE=true)",
      number: "42",
      runUrl: "https://drone.company.com/octocat/hello-world/42",
      branch: "main",
      sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      commitUrl: "https://github.com/octocat/hello-world/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      message: "fix login redirect loop The session cookie was read before it was set.",
      author: "The Octocat",
      triggerEvent: "push",
    },
    never: ["hook", "/compare/", "***"],
  },
  {
    name: "Drone pull request",
    env: fixture("drone-pull-request.env.json"),
    facts: {
      ci: "drone (DRONE=true)",
      number: "43",
      runUrl: "https://drone.company.com/octocat/hello-world/43",
      branch: "feature/export",
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      commitUrl: "https://github.com/octocat/hello-world/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      triggerEvent: "pull_request",
      pr: { label: "#12 Export orders as CSV", url: "https://github.com/octocat/hello-world/pull/12" },
    },
    never: ["export button", "hook"],
  },
  {
    name: "Woodpecker push",
    env: fixture("woodpecker.env.json"),
    facts: {
      ci: "woodpecker (CI=woodpecker)",
      number: "41",
      runUrl: "https://ci.acme.example/repos/7/pipeline/41",
      branch: "main",
      sha: "8826c98181353075bbeee8f99b400496488e3523",
      commitUrl: "https://gitea.acme.example/acme/web/commit/8826c98181353075bbeee8f99b400496488e3523",
      message: "fix login redirect loop",
      author: "linxiao",
      trigger: "linxiao",
      triggerEvent: "push",
    },
    never: ["***"],
  },
  {
    name: "Woodpecker pull request",
    env: fixture("woodpecker-pull-request.env.json"),
    facts: {
      ci: "woodpecker (CI=woodpecker)",
      number: "42",
      runUrl: "https://ci.acme.example/repos/7/pipeline/42",
      branch: "feature/export",
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      commitUrl: "https://gitea.acme.example/acme/web/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      trigger: "linxiao",
      triggerEvent: "pull_request",
      pr: { label: "#12 Export orders as CSV", url: "https://gitea.acme.example/acme/web/pulls/12" },
    },
    never: ["**Message**", "***"],
  },
  {
    name: "Alibaba Cloud DevOps Flow, run by hand",
    env: fixture("yunxiao.env.json"),
    args: ["--task", "build"],
    facts: {
      ci: "yunxiao (PIPELINE_ID, PIPELINE_NAME, BUILD_NUMBER, BUILD_EXECUTOR and PROJECT_DIR set)",
      number: "19",
      branch: "master",
      sha: "7c1e9a3f5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e",
      message: "修复支付回调重复入账",
      trigger: "林晓",
      triggerEvent: "林晓·页面手动触发",
    },
  },
  {
    name: "Alibaba Cloud DevOps Flow, started by a merge request",
    env: fixture("yunxiao-merge-request.env.json"),
    args: ["--task", "build"],
    facts: {
      ci: "yunxiao (PIPELINE_ID, PIPELINE_NAME, BUILD_NUMBER, BUILD_EXECUTOR and PROJECT_DIR set)",
      number: "64",
      branch: "feature/refund-retry",
      sha: "3d5f7a9c1e2b4d6f8a0c2e4a6b8d0f1e3a5c7e9b",
      message: "退款失败时按指数退避重试",
      trigger: "王芳",
      triggerEvent: "王芳·代码源触发",
    },
  },
];

/** The message's lines for these facts: each present fact's line, and the labels of the absent ones. */
function expectedLines(f: Facts): { present: string[]; absent: string[] } {
  const link = (label: string, url?: string) => (url ? `[${label}](${url})` : label);
  const lines: Array<[label: string, value: string | undefined]> = [
    ["Run", link(`#${f.number}`, f.runUrl)],
    ["Branch", f.branch],
    ["Commit", link(f.sha.slice(0, 7), f.commitUrl)],
    ["Message", f.message],
    ["Author", f.author],
    ["Triggered by", f.trigger],
    ["Trigger", f.triggerEvent],
    ["Pull request", f.pr ? link(f.pr.label, f.pr.url) : undefined],
  ];
  return {
    present: lines.filter(([, v]) => v !== undefined).map(([label, v]) => `- **${label}** ${v}`),
    absent: lines.filter(([, v]) => v === undefined).map(([label]) => `- **${label}** `),
  };
}

interface Block {
  body: unknown;
  bytes: number;
}

function blocks(stdout: string): Block[] {
  return stdout
    .split(/^(?=── notification #)/m)
    .filter((b) => b.trim() !== "")
    .map((b) => {
      const [header = "", , ...json] = b.trimEnd().split("\n");
      return { body: JSON.parse(json.join("\n")), bytes: Number(/· (\d+) bytes/.exec(header)?.[1]) };
    });
}

describe("each CI's facts, push and pull request: what preview shows is what notify sends", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let robot: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({ robots: [{ token: TOKEN, name: "ci-group", secret: SECRET }] });
    tmp = await tempDir("dingpipe-ci-facts-");
    await tmp.write(".dingpipe.yml", CONFIG);
    robot = { DINGTALK_WEBHOOK: emulator.webhookUrl(TOKEN), DINGTALK_SECRET: SECRET };
  });
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });
  beforeEach(() => emulator.clear());

  for (const c of CASES) {
    it(c.name, async () => {
      const env = { ...c.env, ...robot };
      const args = ["--event", "failure", ...(c.args ?? [])];
      const preview = await dingpipe(["preview", ...args], tmp.dir, env);
      assert.equal(preview.code, 0, preview.stderr);
      assert.match(preview.stderr, new RegExp(`^CI: ${escapeRe(c.facts.ci)}$`, "m"));
      const shown = blocks(preview.stdout);
      assert.equal(shown.length, 1, preview.stdout);
      assert.equal(emulator.messages().length, 0, "preview sends nothing");

      const sent = await dingpipe(["notify", ...args], tmp.dir, env);
      assert.equal(sent.code, 0, sent.stderr);
      const [received] = emulator.messages(TOKEN);
      assert.deepEqual(shown[0]?.body, received?.body, "preview printed the body the group received");
      assert.equal(shown[0]?.bytes, received?.bytes);

      const text = textOf(received);
      const { present, absent } = expectedLines(c.facts);
      for (const line of present) assert.ok(text.split("\n").includes(line), `${line}\nin\n${text}`);
      for (const label of absent) assert.ok(!text.includes(label), `no "${label}" in\n${text}`);
      assert.ok(text.includes(`[View run](${c.facts.runUrl ?? ""})`) || c.facts.runUrl === undefined, text);
      for (const word of c.never ?? []) assert.ok(!text.includes(word), `"${word}" is not in\n${text}`);
    });
  }

  it("with the checkout holding the commit: its message and author, in preview and notify alike", async () => {
    const repo = gitRepo();
    try {
      repo.commit("Initial commit", { name: "王芳", email: "wang@acme.example" });
      const head = repo.commit("Add the CSV export button\n\nOne click, one file.", {
        name: "Lin Xiao",
        email: "lin@acme.example",
      });
      await tmp.write("checkout.yml", CONFIG);
      const env = {
        ...fixture("gitlab-merged-results.env.json"),
        CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: head,
        ...robot,
      };
      const args = ["--event", "failure", "--config", `${tmp.dir}/checkout.yml`];
      const preview = await dingpipe(["preview", ...args], repo.dir, env);
      assert.equal(preview.code, 0, preview.stderr);
      const sent = await dingpipe(["notify", ...args], repo.dir, env);
      assert.equal(sent.code, 0, sent.stderr);
      const [received] = emulator.messages(TOKEN);
      assert.deepEqual(blocks(preview.stdout)[0]?.body, received?.body);
      const text = textOf(received);
      assert.ok(text.includes("- **Message** Add the CSV export button One click, one file."), text);
      assert.ok(text.includes("- **Author** Lin Xiao"), text);
      assert.ok(
        text.includes(`[${head.slice(0, 7)}](https://gitlab.example.com/acme/web/-/commit/${head})`),
        text,
      );
    } finally {
      repo.remove();
    }
  });

  it("a secret value in a message is masked the same in what preview prints and notify sends", async () => {
    const env = {
      ...fixture("drone.env.json"),
      ...robot,
      DRONE_COMMIT_MESSAGE: "rotate key s3cr3t-v4lue-123 everywhere",
      DEPLOY_TOKEN: "s3cr3t-v4lue-123",
    };
    const preview = await dingpipe(["preview", "--event", "failure"], tmp.dir, env);
    const sent = await dingpipe(["notify", "--event", "failure"], tmp.dir, env);
    assert.equal(sent.code, 0, sent.stderr);
    const [received] = emulator.messages(TOKEN);
    assert.deepEqual(blocks(preview.stdout)[0]?.body, received?.body);
    assert.ok(textOf(received).includes("- **Message** rotate key *** everywhere"), textOf(received));
    assert.ok(textOf(received).includes("octocat/hello-world"), "an author's name is no secret");
    for (const out of [preview.stdout, preview.stderr, sent.stdout, sent.stderr]) {
      assert.ok(!out.includes("s3cr3t-v4lue-123"));
    }
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
