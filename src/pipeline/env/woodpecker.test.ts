import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, readCi } from "../../../test/helpers/ci-fixtures.ts";
import { explainCi } from "../ci.ts";

test("Woodpecker push: pipeline author as trigger, the forge's commit page, step as task with URL and start", () => {
  const env = fixture("woodpecker.env.json");
  assert.deepEqual(explainCi(env), { ci: "woodpecker", reason: "CI=woodpecker" });
  const event = readCi(env);
  assert.deepEqual(event, {
    pipeline: { name: "acme/web" },
    run: {
      number: 41,
      url: "https://ci.acme.example/repos/7/pipeline/41",
      trigger: { user: "linxiao", event: "push" },
    },
    stage: { name: "build" },
    task: {
      name: "unit-tests",
      status: "failure",
      url: "https://ci.acme.example/repos/7/pipeline/41/3",
      startedAt: "2026-11-23T08:00:30Z",
    },
    source: {
      provider: "woodpecker",
      repo: "acme/web",
      branch: "main",
      commit: {
        sha: "8826c98181353075bbeee8f99b400496488e3523",
        message: "fix login redirect loop",
        author: "linxiao",
        url: "https://gitea.acme.example/acme/web/commit/8826c98181353075bbeee8f99b400496488e3523",
      },
    },
    variables: event.variables,
  });
});

test("Woodpecker pull request: the PR line links CI_PIPELINE_FORGE_URL with the title CI_COMMIT_MESSAGE holds", () => {
  const event = readCi(fixture("woodpecker-pull-request.env.json"), { status: "success" });
  assert.deepEqual(event.source, {
    provider: "woodpecker",
    repo: "acme/web",
    branch: "feature/export",
    commit: {
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      url: "https://gitea.acme.example/acme/web/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    },
    pullRequest: {
      id: "12",
      title: "Export orders as CSV",
      url: "https://gitea.acme.example/acme/web/pulls/12",
    },
  });
  assert.deepEqual(event.run?.trigger, { user: "linxiao", event: "pull_request" });
});

test("Woodpecker on GitLab: a merge request keeps the commit's message; commit pages at /-/commit/", () => {
  const env = {
    ...fixture("woodpecker-pull-request.env.json"),
    CI_FORGE_TYPE: "gitlab",
    CI_REPO_URL: "https://gitlab.example.com/acme/web",
    CI_PIPELINE_FORGE_URL: "https://gitlab.example.com/acme/web/-/merge_requests/12",
    CI_COMMIT_MESSAGE: "Add the CSV export button",
  };
  const event = readCi(env);
  assert.equal(event.source?.commit?.message, "Add the CSV export button");
  assert.equal(
    event.source?.commit?.url,
    "https://gitlab.example.com/acme/web/-/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
  );
  assert.deepEqual(event.source?.pullRequest, {
    id: "12",
    url: "https://gitlab.example.com/acme/web/-/merge_requests/12",
  });
});

test("Woodpecker detection by CI_SYSTEM_NAME too; its Drone-compatible DRONE_* variables do not make it Drone", () => {
  assert.deepEqual(explainCi({ CI_SYSTEM_NAME: "woodpecker", DRONE: "true" }), {
    ci: "woodpecker",
    reason: "CI_SYSTEM_NAME=woodpecker",
  });
});
