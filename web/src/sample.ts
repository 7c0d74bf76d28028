/** The sample PipelineEvent the live preview renders a notification against. */
import type { PipelineEvent } from "../../src/pipeline/event.ts";
import type { Status } from "../../src/pipeline/status.ts";

const isPlainName = (s: string | undefined): s is string =>
  s !== undefined && s !== "" && !/[*?[\]{}]/.test(s);

/** A realistic event for the chosen state, named after the rule's first plain pipeline and task. */
export function sampleEvent(status: Status, pipeline?: string, task?: string): PipelineEvent {
  const pipelineName = isPlainName(pipeline) ? pipeline : "web-release";
  const taskName = isPlainName(task) ? task : "unit-tests";
  const finished = status === "started" || status === "waiting" ? undefined : "2026-11-23T08:03:05Z";
  return {
    pipeline: { name: pipelineName, displayName: "Web release", url: "https://ci.example/p/7" },
    run: {
      id: "9001",
      number: 42,
      url: "https://ci.example/p/7/runs/42",
      trigger: { user: "lin", event: "push" },
    },
    stage: { name: "build" },
    task: {
      name: taskName,
      status,
      url: "https://ci.example/p/7/runs/42/t/3",
      startedAt: "2026-11-23T08:00:00Z",
      ...(finished ? { finishedAt: finished } : {}),
    },
    source: {
      provider: "gitee",
      repo: "acme/web",
      branch: "main",
      commit: {
        sha: "a1b2c3d4e5f6",
        message: "fix login",
        author: "lin",
        url: "https://gitee.com/acme/web/commit/a1b2c3d4e5f6",
      },
    },
    variables: { GITEE_PIPELINE_NAME: pipelineName },
  };
}
