import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { detectCi, readEnvironment } from "../ci.ts";

const fixture = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8"));

test("Jenkins: job, build, stage as task, origin/ stripped from GIT_BRANCH, repo from GIT_URL", () => {
  const env = fixture("jenkins.env.json");
  assert.equal(detectCi(env), "jenkins");
  assert.deepEqual(readEnvironment(env, { status: "failure" }), {
    pipeline: {
      name: "frontend/web-release",
      url: "https://jenkins.acme.example/job/frontend/job/web-release/",
    },
    run: {
      id: "42",
      number: 42,
      url: "https://jenkins.acme.example/job/frontend/job/web-release/42/",
      trigger: { user: "Lin Xiao" },
    },
    stage: { name: "Unit tests" },
    task: { name: "Unit tests", status: "failure" },
    source: {
      provider: "jenkins",
      repo: "acme-tech/web-portal",
      branch: "master",
      commit: { sha: "9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345" },
    },
    variables: readEnvironment(env, { status: "failure" }).variables,
  });
});

test("Jenkins multibranch pull request: CHANGE_* and the PR branch", () => {
  const env = {
    ...fixture("jenkins.env.json"),
    BRANCH_NAME: "PR-12",
    CHANGE_ID: "12",
    CHANGE_TITLE: "Export orders as CSV",
    CHANGE_URL: "https://gitee.com/acme-tech/web-portal/pulls/12",
    CHANGE_BRANCH: "feature/export",
    STAGE_NAME: undefined,
  };
  const event = readEnvironment(env, { status: "success", task: "lint" });
  assert.equal(event.source?.branch, "feature/export");
  assert.deepEqual(event.source?.pullRequest, {
    id: "12",
    title: "Export orders as CSV",
    url: "https://gitee.com/acme-tech/web-portal/pulls/12",
  });
  assert.equal(event.task.name, "lint");
  assert.equal(event.stage, undefined);
});

test("Jenkins without STAGE_NAME or --task: the job names the task", () => {
  const env = { ...fixture("jenkins.env.json"), STAGE_NAME: "" };
  assert.equal(readEnvironment(env, { status: "started" }).task.name, "frontend/web-release");
});
