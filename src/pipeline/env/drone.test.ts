import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, readCi } from "../../../test/helpers/ci-fixtures.ts";
import { explainCi } from "../ci.ts";

test("Drone push: repo as pipeline, stage and step, start time, the commit's own page, @hook is no person", () => {
  const env = fixture("drone.env.json");
  assert.deepEqual(explainCi(env), { ci: "drone", reason: "DRONE=true" });
  const event = readCi(env);
  assert.deepEqual(event, {
    pipeline: { name: "octocat/hello-world" },
    run: { number: 42, url: "https://drone.company.com/octocat/hello-world/42", trigger: { event: "push" } },
    stage: { name: "default" },
    task: { name: "test", status: "failure", startedAt: "2026-11-23T08:00:00Z" },
    source: {
      provider: "drone",
      repo: "octocat/hello-world",
      branch: "main",
      commit: {
        sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        message: "fix login redirect loop\n\nThe session cookie was read before it was set.",
        author: "The Octocat",
        url: "https://github.com/octocat/hello-world/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      },
    },
    variables: event.variables,
  });
  assert.match(
    env["DRONE_COMMIT_LINK"] ?? "",
    /\/compare\//,
    "the push's link is a compare page, not the commit",
  );
  assert.equal("PLUGIN_WEBHOOK" in (event.variables ?? {}), false, "plugin settings (webhooks) stay out");
});

test("Drone pull request: DRONE_COMMIT_MESSAGE is the PR's body, DRONE_COMMIT_LINK its page", () => {
  const env = fixture("drone-pull-request.env.json");
  const event = readCi(env, { status: "success" });
  assert.deepEqual(event.source, {
    provider: "drone",
    repo: "octocat/hello-world",
    branch: "feature/export",
    commit: {
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      url: "https://github.com/octocat/hello-world/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    },
    pullRequest: {
      id: "12",
      title: "Export orders as CSV",
      url: "https://github.com/octocat/hello-world/pull/12",
    },
  });
  assert.doesNotMatch(JSON.stringify(event.source), /export button/, "the PR's body is not a commit message");
  assert.deepEqual(event.run?.trigger, { event: "pull_request" });
  assert.equal(event.task.startedAt, "2026-11-23T09:00:00Z");
});

test("Drone: a user who started the build is the trigger; @cron is not", () => {
  const env = fixture("drone.env.json");
  assert.deepEqual(readCi({ ...env, DRONE_BUILD_TRIGGER: "octocat" }).run?.trigger, {
    user: "octocat",
    event: "push",
  });
  assert.deepEqual(readCi({ ...env, DRONE_BUILD_TRIGGER: "@cron", DRONE_BUILD_EVENT: "cron" }).run?.trigger, {
    event: "cron",
  });
});

test("Drone: a push link that is the commit's page is used as is; DRONE_BUILD_STARTED when the stage's is missing", () => {
  const link =
    "https://gitea.acme.example/octocat/hello-world/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  const env = {
    ...fixture("drone.env.json"),
    DRONE_REPO_LINK: "https://gitea.acme.example/octocat/hello-world",
    DRONE_COMMIT_LINK: link,
    DRONE_STAGE_STARTED: undefined,
  };
  const event = readCi(env);
  assert.equal(event.source?.commit?.url, link);
  assert.equal(event.task.startedAt, "2026-11-23T07:59:52Z");
});
