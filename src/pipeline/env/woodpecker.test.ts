import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { detectCi, readEnvironment } from "../ci.ts";

const fixture = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8"));

test("Woodpecker: workflow as stage, step as task with URL and start time", () => {
  const env = fixture("woodpecker.env.json");
  assert.equal(detectCi(env), "woodpecker", "CI_PIPELINE_URL alone does not make it GitLab");
  const event = readEnvironment(env, { status: "success" });
  assert.deepEqual(event, {
    pipeline: { name: "acme/web" },
    run: {
      number: 42,
      url: "https://ci.acme.example/repos/7/pipeline/42",
      trigger: { event: "pull_request" },
    },
    stage: { name: "build" },
    task: {
      name: "unit-tests",
      status: "success",
      url: "https://ci.acme.example/repos/7/pipeline/42/3",
      startedAt: "2026-11-23T08:00:30Z",
    },
    source: {
      provider: "woodpecker",
      repo: "acme/web",
      branch: "feature/export",
      commit: {
        sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
        message: "Export orders as CSV",
        author: "linxiao",
      },
      pullRequest: { id: "12" },
    },
    variables: event.variables,
  });
});
