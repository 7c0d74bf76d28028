/**
 * CiFacts: the flat list of run facts a CI adapter (environment reader or webhook normalizer)
 * extracts, and `toEvent`, which nests them into a PipelineEvent leaving out whatever is absent.
 * Keeping adapters flat makes each platform's mapping a plain table that is easy to correct.
 */
import type { PipelineEvent } from "./event.ts";
import type { Status } from "./status.ts";

export interface CiFacts {
  pipeline?: string;
  pipelineDisplayName?: string;
  pipelineUrl?: string;
  runId?: string;
  runNumber?: number;
  runUrl?: string;
  triggerUser?: string;
  triggerEvent?: string;
  stage?: string;
  task?: string;
  taskUrl?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  provider?: string;
  repo?: string;
  branch?: string;
  commitSha?: string;
  commitMessage?: string;
  commitAuthor?: string;
  commitUrl?: string;
  pullRequestId?: string;
  pullRequestTitle?: string;
  pullRequestUrl?: string;
}

/** Facts with every absent value left out (so spreading one over another never erases a value). */
export function present(facts: CiFacts): CiFacts {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) if (value !== undefined) out[key] = value;
  return out as CiFacts;
}

/**
 * The PipelineEvent for these facts. `pipeline` and `task` must be known by now; groups
 * (run, stage, source, commit, pullRequest) appear only when they hold at least one value.
 */
export function toEvent(
  facts: CiFacts & { pipeline: string; task: string },
  status: Status,
  variables?: Record<string, string>,
): PipelineEvent {
  const f = facts;
  const event: PipelineEvent = {
    pipeline: compact({ name: f.pipeline, displayName: f.pipelineDisplayName, url: f.pipelineUrl }),
    task: compact({
      name: f.task,
      status,
      url: f.taskUrl,
      startedAt: f.startedAt,
      finishedAt: f.finishedAt,
      durationMs: f.durationMs,
    }),
  };
  const trigger = optional({ user: f.triggerUser, event: f.triggerEvent });
  const run = optional({ id: f.runId, number: f.runNumber, url: f.runUrl, trigger });
  if (run) event.run = run;
  if (f.stage !== undefined) event.stage = { name: f.stage };
  const commit =
    f.commitSha === undefined
      ? undefined
      : compact({ sha: f.commitSha, message: f.commitMessage, author: f.commitAuthor, url: f.commitUrl });
  const pullRequest =
    f.pullRequestId === undefined
      ? undefined
      : compact({ id: f.pullRequestId, title: f.pullRequestTitle, url: f.pullRequestUrl });
  const source = optional({ provider: f.provider, repo: f.repo, branch: f.branch, commit, pullRequest });
  if (source) event.source = source;
  if (variables && Object.keys(variables).length > 0) event.variables = variables;
  return event;
}

function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

function optional<T extends object>(value: T): T | undefined {
  const out = compact(value);
  return Object.keys(out).length > 0 ? out : undefined;
}
