import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { detectCi, readEnvironment } from "../ci.ts";

const fixture = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8"));

test("Drone: repo as pipeline, stage and step, build link, commit author name", () => {
  const env = fixture("drone.env.json");
  assert.equal(detectCi(env), "drone");
  const event = readEnvironment(env, { status: "failure" });
  assert.deepEqual(event, {
    pipeline: { name: "acme/web" },
    run: {
      number: 42,
      url: "https://drone.acme.example/acme/web/42",
      trigger: { user: "octocat", event: "push" },
    },
    stage: { name: "default" },
    task: { name: "test", status: "failure" },
    source: {
      provider: "drone",
      repo: "acme/web",
      branch: "main",
      commit: {
        sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        message: "fix login redirect loop",
        author: "The Octocat",
        url: "https://github.com/acme/web/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      },
    },
    variables: event.variables,
  });
  assert.equal("PLUGIN_WEBHOOK" in (event.variables ?? {}), false, "plugin settings (webhooks) stay out");
});

test("Drone pull request: number and title", () => {
  const env = {
    ...fixture("drone.env.json"),
    DRONE_BUILD_EVENT: "pull_request",
    DRONE_PULL_REQUEST: "12",
    DRONE_PULL_REQUEST_TITLE: "Export orders as CSV",
    DRONE_SOURCE_BRANCH: "feature/export",
  };
  const event = readEnvironment(env, { status: "success" });
  assert.deepEqual(event.source?.pullRequest, { id: "12", title: "Export orders as CSV" });
  assert.equal(event.source?.branch, "feature/export");
});
