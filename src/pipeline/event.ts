/**
 * PipelineEvent: the one vocabulary every input (CI environment, CI webhook, API call) is
 * normalized into. Only `pipeline.name`, `task.name` and `task.status` are required; whatever a
 * platform does not provide is simply absent (never "", never "undefined").
 */
import type { Status } from "./status.ts";

export interface PipelineEvent {
  pipeline: { name: string; displayName?: string; url?: string };
  run?: {
    id?: string;
    number?: number;
    url?: string;
    trigger?: { user?: string; event?: string };
  };
  stage?: { name: string };
  task: {
    name: string;
    status: Status;
    url?: string;
    /** ISO-8601 timestamps. */
    startedAt?: string;
    finishedAt?: string;
    /** Duration in milliseconds when the platform reports it directly. */
    durationMs?: number;
    /** For failures of a wrapped command (`dingpipe run`): its exit code and last lines of output. */
    exitCode?: number;
    logTail?: string;
  };
  source?: {
    provider?: string;
    repo?: string;
    branch?: string;
    commit?: { sha: string; message?: string; author?: string; url?: string };
    pullRequest?: { id: string; title?: string; url?: string };
  };
  /** Extra variables usable as ${NAME} in custom content (CI environment, global params…). */
  variables?: Record<string, string>;
}
