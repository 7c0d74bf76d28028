import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, readCi } from "../../../test/helpers/ci-fixtures.ts";
import { explainCi } from "../ci.ts";

test("GitLab push: the pipeline's id is the number shown, as the linked page shows it; job, stage, commit, author", () => {
  const env = fixture("gitlab.env.json");
  assert.deepEqual(explainCi(env), { ci: "gitlab", reason: "GITLAB_CI=true" });
  const event = readCi(env);
  assert.deepEqual(event.pipeline, { name: "acme/web" });
  assert.deepEqual(event.run, {
    id: "2366",
    number: 2366,
    url: "https://gitlab.example.com/acme/web/-/pipelines/2366",
    trigger: { user: "Lin Xiao", event: "push" },
  });
  assert.ok(event.run?.url?.endsWith(`/${event.run.number}`), "number shown = page linked");
  assert.equal(event.variables?.["CI_PIPELINE_IID"], "42", "the project's count stays available");
  assert.deepEqual(event.stage, { name: "test" });
  assert.deepEqual(event.task, {
    name: "unit-tests",
    status: "failure",
    url: "https://gitlab.example.com/acme/web/-/jobs/1977",
    startedAt: "2026-11-23T08:01:12Z",
  });
  assert.deepEqual(event.source, {
    provider: "gitlab",
    repo: "acme/web",
    branch: "main",
    commit: {
      sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
      message: "fix login redirect loop\n\nThe session cookie was read before it was set.",
      author: "Lin Xiao",
      url: "https://gitlab.example.com/acme/web/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2",
    },
  });
  assert.equal("CI_JOB_TOKEN" in (event.variables ?? {}), false);
});

test("GitLab merge request pipeline: source branch, its head commit, the merge request's page", () => {
  const event = readCi(fixture("gitlab-merge-request.env.json"));
  assert.equal(event.pipeline.name, "MR checks");
  assert.deepEqual(event.run?.number, 2370);
  assert.deepEqual(event.source, {
    provider: "gitlab",
    repo: "acme/web",
    branch: "feature/export",
    commit: {
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      message: "Add the CSV export button",
      author: "Lin Xiao",
      url: "https://gitlab.example.com/acme/web/-/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    },
    pullRequest: {
      id: "12",
      title: "Draft: Export orders as CSV",
      url: "https://gitlab.example.com/acme/web/-/merge_requests/12",
    },
  });
});

test("GitLab merged results pipeline: the source branch's head, not the merge commit GitLab made", () => {
  const env = fixture("gitlab-merged-results.env.json");
  const event = readCi(env);
  assert.deepEqual(event.source?.commit, {
    sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    url: "https://gitlab.example.com/acme/web/-/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
  });
  assert.notEqual(event.source?.commit?.sha, env["CI_COMMIT_SHA"]);
  assert.doesNotMatch(
    JSON.stringify(event.source),
    /Merge branch/,
    "the merge commit's message is not the commit's",
  );
  assert.equal(event.source?.branch, "feature/export");
  assert.equal(event.run?.trigger?.user, "Wang Fang");
  assert.equal(event.source?.pullRequest?.url, "https://gitlab.example.com/acme/web/-/merge_requests/12");
});

test("GitLab merged results from a fork: the head commit's page is in the source project", () => {
  const env = {
    ...fixture("gitlab-merged-results.env.json"),
    CI_MERGE_REQUEST_SOURCE_PROJECT_URL: "https://gitlab.example.com/wangfang/web",
  };
  assert.equal(
    readCi(env).source?.commit?.url,
    "https://gitlab.example.com/wangfang/web/-/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
  );
});

test("GitLab external pull request pipeline (a GitHub repository): number, branch and the pull request's page", () => {
  const env = {
    ...fixture("gitlab.env.json"),
    CI_PIPELINE_SOURCE: "external_pull_request_event",
    CI_EXTERNAL_PULL_REQUEST_IID: "31",
    CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME: "fix/login",
    CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
    CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY: "acme/web",
  };
  const event = readCi(env);
  assert.deepEqual(event.source?.pullRequest, { id: "31", url: "https://github.com/acme/web/pull/31" });
  assert.equal(event.source?.branch, "fix/login");
  assert.equal(event.source?.commit?.message?.startsWith("fix login redirect loop"), true);
});

test("GitLab: a project URL with a trailing slash gives clean links; no author without CI_COMMIT_AUTHOR", () => {
  const env = {
    ...fixture("gitlab.env.json"),
    CI_PROJECT_URL: "https://gitlab.example.com/acme/web/",
    CI_COMMIT_AUTHOR: undefined,
  };
  const event = readCi(env);
  assert.equal(
    event.source?.commit?.url,
    "https://gitlab.example.com/acme/web/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2",
  );
  assert.equal(event.source?.commit?.author, undefined);
});
