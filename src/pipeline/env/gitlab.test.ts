import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { detectCi, readEnvironment } from "../ci.ts";

const fixture = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8"));

test("GitLab CI: pipeline run, job as task, stage, commit and author", () => {
  const env = fixture("gitlab.env.json");
  assert.equal(detectCi(env), "gitlab");
  const event = readEnvironment(env, { status: "failure" });
  assert.deepEqual(event, {
    pipeline: { name: "acme/web" },
    run: {
      id: "2366",
      number: 2366,
      url: "https://gitlab.example.com/acme/web/-/pipelines/2366",
      trigger: { user: "Lin Xiao", event: "push" },
    },
    stage: { name: "test" },
    task: {
      name: "unit-tests",
      status: "failure",
      url: "https://gitlab.example.com/acme/web/-/jobs/1977",
      startedAt: "2026-11-23T08:01:12Z",
    },
    source: {
      provider: "gitlab",
      repo: "acme/web",
      branch: "main",
      commit: {
        sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
        message: "fix login redirect loop\n\nThe session cookie was read before it was set.",
        author: "Lin Xiao",
        url: "https://gitlab.example.com/acme/web/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2",
      },
    },
    variables: event.variables,
  });
  assert.equal(event.variables?.["CI_COMMIT_SHORT_SHA"], "bcbb5ec3");
  assert.equal("CI_JOB_TOKEN" in (event.variables ?? {}), false);
});

test("GitLab CI merge request pipeline: workflow name, source branch, merge request link", () => {
  const event = readEnvironment(fixture("gitlab-merge-request.env.json"), { status: "success" });
  assert.equal(event.pipeline.name, "MR checks");
  assert.equal(event.source?.branch, "feature/export");
  assert.deepEqual(event.source?.pullRequest, {
    id: "12",
    title: "Draft: Export orders as CSV",
    url: "https://gitlab.example.com/acme/web/-/merge_requests/12",
  });
  assert.equal(event.task.startedAt, undefined);
  assert.equal(event.source?.commit?.author, undefined);
});

test("GitLab CI: the run number is the pipeline ID GitLab shows and links, as its webhooks report it", () => {
  const event = readEnvironment(fixture("gitlab.env.json"), { status: "success" });
  assert.equal(event.run?.number, 2366);
  assert.ok(event.run?.url?.endsWith(`/-/pipelines/${event.run?.number}`));
  assert.notEqual(event.run?.number, 42, "not CI_PIPELINE_IID");
});
