/**
 * readEnvironment in a real checkout: where a CI names the commit it built but gives a pull
 * request's title or body (or nothing) instead of the commit's message and author, the step's
 * checkout tells them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixture, raw, readCi } from "../../test/helpers/ci-fixtures.ts";
import { gitRepo, type Repo } from "../../test/helpers/git-repo.ts";
import { gitCommitReader } from "./git.ts";

const LIN = { name: "Lin Xiao", email: "lin@acme.example" };
const MESSAGE = "Add the CSV export button\n\nOne click, one file.";

describe("commit message and author from the checkout", () => {
  let repo: Repo;
  let head: string;

  before(() => {
    repo = gitRepo();
    repo.commit("Initial commit", { name: "王芳", email: "wang@acme.example" });
    head = repo.commit(MESSAGE, LIN);
  });
  after(() => repo.remove());

  const cases: Array<
    [name: string, env: () => Record<string, string | undefined>, eventFile?: () => string]
  > = [
    [
      "GitHub pull_request (the event names the head, not its message)",
      () => fixture("github-pull-request.env.json"),
      () => {
        const event = JSON.parse(raw("github.event.pull_request.json"));
        event.pull_request.head.sha = head;
        return JSON.stringify(event);
      },
    ],
    [
      "GitLab merged results (CI_COMMIT_MESSAGE is the merge commit's)",
      () => ({ ...fixture("gitlab-merged-results.env.json"), CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: head }),
    ],
    ["Jenkins (names no message or author)", () => ({ ...fixture("jenkins.env.json"), GIT_COMMIT: head })],
    [
      "Gitee Go pull request (the message is the PR's title)",
      () => ({ ...fixture("gitee-pull-request.env.json"), GITEE_SOURCE_COMMIT: head }),
    ],
    [
      "Drone pull request (the message is the PR's body)",
      () => ({ ...fixture("drone-pull-request.env.json"), DRONE_COMMIT_SHA: head }),
    ],
    [
      "Woodpecker pull request (the message is the PR's title)",
      () => ({ ...fixture("woodpecker-pull-request.env.json"), CI_COMMIT_SHA: head }),
    ],
  ];
  for (const [name, env, eventFile] of cases) {
    it(name, () => {
      const event = readCi(env(), { cwd: repo.dir, ...(eventFile ? { readFile: eventFile } : {}) });
      assert.equal(event.source?.commit?.sha, head);
      assert.equal(event.source?.commit?.message, MESSAGE);
      assert.equal(event.source?.commit?.author, "Lin Xiao");
    });
  }

  it("what the CI says wins, and git is only asked when the CI gives no message (Flow names no author)", () => {
    const env = { ...fixture("yunxiao.env.json"), CI_COMMIT_SHA: head };
    const asked: string[] = [];
    const git = gitCommitReader(repo.dir);
    const readCommit = (sha: string) => {
      asked.push(sha);
      return git(sha);
    };
    const event = readCi(env, { readCommit });
    assert.equal(event.source?.commit?.message, "修复支付回调重复入账");
    assert.equal(event.source?.commit?.author, undefined);
    assert.deepEqual(asked, []);
    const gitlab = readCi({ ...fixture("gitlab.env.json"), CI_COMMIT_SHA: head }, { cwd: repo.dir });
    assert.equal(gitlab.source?.commit?.author, "Lin Xiao", "GitLab's CI_COMMIT_AUTHOR");
    assert.equal(gitlab.source?.commit?.message?.startsWith("fix login redirect loop"), true);
  });

  it("readCommit: () => undefined keeps git out", () => {
    const env = { ...fixture("jenkins.env.json"), GIT_COMMIT: head };
    const event = readCi(env, { cwd: repo.dir, readCommit: () => undefined });
    assert.equal(event.source?.commit?.message, undefined);
  });

  it("DINGPIPE_COMMIT naming another commit: the platform's message, author and page go with its commit", () => {
    const env = { ...fixture("gitlab.env.json"), DINGPIPE_COMMIT: head };
    const event = readCi(env, { cwd: repo.dir });
    assert.deepEqual(event.source?.commit, { sha: head, message: MESSAGE, author: "Lin Xiao" });
    const same = readCi({
      ...fixture("gitlab.env.json"),
      DINGPIPE_COMMIT: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
    });
    assert.equal(same.source?.commit?.author, "Lin Xiao", "the same commit keeps its facts");
  });
});
