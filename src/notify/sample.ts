/**
 * A realistic PipelineEvent for `preview` and the console when the user has no event yet. Fixed
 * values (no clock), so previews are stable; a failure carries an exit code and a log tail, as
 * `dingpipe run` would report it.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";

export function sampleEvent(status: Status = "failure"): PipelineEvent {
  const finished = status !== "started" && status !== "waiting";
  const event: PipelineEvent = {
    pipeline: { name: "web-release", displayName: "Web release", url: "https://ci.example.com/p/7" },
    run: {
      id: "9001",
      number: 42,
      url: "https://ci.example.com/p/7/runs/42",
      trigger: { user: "lin", event: "push" },
    },
    stage: { name: "build" },
    task: {
      name: "unit-tests",
      status,
      url: "https://ci.example.com/p/7/runs/42/tasks/3",
      startedAt: "2026-11-23T08:00:00Z",
      ...(finished ? { finishedAt: "2026-11-23T08:03:05Z" } : {}),
    },
    source: {
      provider: "gitee",
      repo: "acme/web",
      branch: "main",
      commit: {
        sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        message: "fix(login): keep the session after a token refresh",
        author: "lin",
        url: "https://gitee.com/acme/web/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      },
      pullRequest: {
        id: "12",
        title: "Keep the session on refresh",
        url: "https://gitee.com/acme/web/pulls/12",
      },
    },
    variables: { GITEE_PIPELINE_NAME: "web-release", GITEE_BRANCH: "main" },
  };
  if (status === "failure") {
    event.task.exitCode = 1;
    event.task.logTail = [
      "  ✓ renders the login form (12 ms)",
      "  ✗ keeps the session after a token refresh (35 ms)",
      "    AssertionError: expected 'anonymous' to equal 'lin'",
      "      at test/session.test.ts:48:12",
      "Tests: 1 failed, 86 passed, 87 total",
    ].join("\n");
  }
  return event;
}
