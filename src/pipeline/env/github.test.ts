import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, raw, readCi } from "../../../test/helpers/ci-fixtures.ts";
import { explainCi } from "../ci.ts";

test("GitHub Actions push: run, commit, message and author from head_commit of the recorded push event", () => {
  const env = fixture("github.env.json");
  assert.deepEqual(explainCi(env), { ci: "github", reason: "GITHUB_ACTIONS=true" });
  const asked: string[] = [];
  const event = readCi(env, {
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
      url: "https://github.com/Codertocat/Hello-World/actions/runs/9876543210",
      trigger: { user: "Codertocat", event: "push" },
    },
    task: { name: "build", status: "success" },
    source: {
      provider: "github",
      repo: "Codertocat/Hello-World",
      branch: "master",
      commit: {
        sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        message: "Initial commit",
        author: "Codertocat",
        url: "https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      },
    },
    variables: event.variables,
  });
  assert.equal(event.variables?.["GITHUB_RUN_ATTEMPT"], "1");
  assert.equal("GITHUB_TOKEN" in (event.variables ?? {}), false, "tokens are never copied");
  assert.equal("GITHUB_HEAD_REF" in (event.variables ?? {}), false, "empty values are absent");
});

test("GitHub Actions pull_request: the head commit on the head branch, not GITHUB_SHA (the test merge commit)", () => {
  const env = fixture("github-pull-request.env.json");
  const event = readCi(env, { eventFile: "github.event.pull_request.json" });
  assert.deepEqual(event.source, {
    provider: "github",
    repo: "Codertocat/Hello-World",
    branch: "changes",
    commit: {
      sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
      url: "https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821",
    },
    pullRequest: {
      id: "2",
      title: "Update the README with new information.",
      url: "https://github.com/Codertocat/Hello-World/pull/2",
    },
  });
  assert.notEqual(event.source?.commit?.sha, env["GITHUB_SHA"]);
  assert.deepEqual(event.run?.trigger, { user: "Codertocat", event: "pull_request" });
  assert.equal(event.task.name, "test");
});

test("GitHub Actions re-run: the person who re-ran it (GITHUB_TRIGGERING_ACTOR), not who started the first attempt", () => {
  const env = {
    ...fixture("github-pull-request.env.json"),
    GITHUB_RUN_ATTEMPT: "2",
    GITHUB_TRIGGERING_ACTOR: "octocat",
  };
  const event = readCi(env, { eventFile: "github.event.pull_request.json" });
  assert.equal(event.run?.trigger?.user, "octocat");
  const older = { ...fixture("github.env.json"), GITHUB_TRIGGERING_ACTOR: undefined };
  assert.equal(readCi(older, { eventFile: "github.event.push.json" }).run?.trigger?.user, "Codertocat");
});

test("GitHub Actions workflow_run: the triggering run's commit, branch, message, author and pull request", () => {
  const env = fixture("github-workflow-run.env.json");
  const event = readCi(env, { eventFile: "github.event.workflow_run.json" });
  assert.deepEqual(event.source, {
    provider: "github",
    repo: "octo-org/octo-repo",
    branch: "master",
    commit: {
      sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
      message: "build(test): check workflow run event payload",
      author: "Matthias Fax",
      url: "https://github.com/octo-org/octo-repo/commit/3484a3fb816e0859fd6e1cea078d76385ff50625",
    },
    pullRequest: { id: "2", url: "https://github.com/octo-org/octo-repo/pull/2" },
  });
  assert.notEqual(event.source?.commit?.sha, env["GITHUB_SHA"], "GITHUB_SHA is the default branch's head");
  assert.equal(event.run?.trigger?.event, "workflow_run");
});

test("GitHub Actions: an unreadable or broken event file loses the event's facts, never reports a wrong commit", () => {
  const push = fixture("github.env.json");
  for (const readFile of [() => undefined, () => "{not json", () => "[1,2]", () => '{"head_commit":"x"}']) {
    const event = readCi(push, { status: "success", readFile });
    assert.equal(event.source?.commit?.sha, "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    assert.equal(event.source?.commit?.message, undefined);
    assert.equal(event.source?.pullRequest, undefined);
    const pr = readCi(fixture("github-pull-request.env.json"), { readFile });
    assert.equal(pr.source?.commit, undefined, "GITHUB_SHA of a pull request run is a merge commit");
    assert.equal(pr.source?.branch, "changes");
  }
  const throwing = () => {
    throw new Error("EACCES");
  };
  assert.equal(readCi(push, { status: "success", readFile: throwing }).task.name, "build");
});

test("GitHub Actions: a head_commit that is not the commit reported gives nothing", () => {
  const event = readCi(fixture("github.env.json"), {
    readFile: () =>
      JSON.stringify({ head_commit: { id: "f".repeat(40), message: "other", author: { name: "x" } } }),
  });
  assert.equal(event.source?.commit?.message, undefined);
  assert.equal(event.source?.commit?.author, undefined);
});

test("GitHub Actions: without server URL no run URL is invented", () => {
  const env = { ...fixture("github.env.json"), GITHUB_SERVER_URL: undefined, GITHUB_EVENT_PATH: "" };
  const event = readCi(env, { status: "success" });
  assert.equal(event.run?.url, undefined);
  assert.equal(event.source?.commit?.url, undefined);
});
