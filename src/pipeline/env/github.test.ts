import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { detectCi, readEnvironment } from "../ci.ts";

const raw = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8");
const fixture = (name: string): Record<string, string> => JSON.parse(raw(name));

test("GitHub Actions push: run URL, commit message and author from the event file", () => {
  const env = fixture("github.env.json");
  assert.equal(detectCi(env), "github");
  const asked: string[] = [];
  const event = readEnvironment(env, {
    status: "success",
    readFile: (path) => {
      asked.push(path);
      return raw("github.event.push.json");
    },
  });
  assert.deepEqual(asked, ["/home/runner/work/_temp/_github_workflow/event.json"]);
  assert.deepEqual(event, {
    pipeline: { name: "CI" },
    run: {
      id: "9876543210",
      number: 42,
      url: "https://github.com/acme/web/actions/runs/9876543210",
      trigger: { user: "octocat", event: "push" },
    },
    task: { name: "build", status: "success" },
    source: {
      provider: "github",
      repo: "acme/web",
      branch: "main",
      commit: {
        sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        message: "fix login redirect loop\n\nThe session cookie was read before it was set.",
        author: "Lin Xiao",
        url: "https://github.com/acme/web/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      },
    },
    variables: event.variables,
  });
  assert.equal(event.variables?.["GITHUB_RUN_ATTEMPT"], "1");
  assert.equal("GITHUB_TOKEN" in (event.variables ?? {}), false, "tokens are never copied");
  assert.equal("GITHUB_HEAD_REF" in (event.variables ?? {}), false, "empty values are absent");
});

test("GitHub Actions pull_request: head branch, not 12/merge, and the pull request", () => {
  const event = readEnvironment(fixture("github-pull-request.env.json"), {
    status: "failure",
    readFile: () => raw("github.event.pull_request.json"),
  });
  assert.equal(event.source?.branch, "feature/export");
  assert.deepEqual(event.source?.pullRequest, {
    id: "12",
    title: "Export orders as CSV",
    url: "https://github.com/acme/web/pull/12",
  });
  assert.equal(event.source?.commit?.message, undefined, "pull_request events carry no head_commit");
  assert.equal(event.task.name, "test");
  assert.equal(event.run?.trigger?.event, "pull_request");
});

test("GitHub Actions: an unreadable or broken event file only loses the commit details", () => {
  const env = fixture("github.env.json");
  for (const readFile of [() => undefined, () => "{not json", () => "[1,2]", () => '{"head_commit":"x"}']) {
    const event = readEnvironment(env, { status: "success", readFile });
    assert.equal(event.source?.commit?.sha, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
    assert.equal(event.source?.commit?.message, undefined);
    assert.equal(event.source?.pullRequest, undefined);
  }
  const throwing = () => {
    throw new Error("EACCES");
  };
  assert.equal(readEnvironment(env, { status: "success", readFile: throwing }).task.name, "build");
});

test("GitHub Actions: without server URL no run URL is invented", () => {
  const env = { ...fixture("github.env.json"), GITHUB_SERVER_URL: undefined, GITHUB_EVENT_PATH: "" };
  const event = readEnvironment(env, { status: "success" });
  assert.equal(event.run?.url, undefined);
  assert.equal(event.source?.commit?.url, undefined);
});
