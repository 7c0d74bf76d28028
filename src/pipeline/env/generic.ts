/**
 * DINGPIPE_* variables: the whole mapping for CI systems dingpipe does not know, and overrides
 * for any platform value (a set DINGPIPE_BRANCH beats GITHUB_HEAD_REF). One table, one edit.
 */
import type { CiFacts } from "../facts.ts";
import { count, isoTime, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

type Key = keyof CiFacts;

/** Each fact and the DINGPIPE_ variable that sets it. */
export const DINGPIPE_VARIABLES: ReadonlyArray<readonly [variable: string, fact: Key]> = [
  ["DINGPIPE_PIPELINE", "pipeline"],
  ["DINGPIPE_PIPELINE_DISPLAY_NAME", "pipelineDisplayName"],
  ["DINGPIPE_PIPELINE_URL", "pipelineUrl"],
  ["DINGPIPE_RUN_ID", "runId"],
  ["DINGPIPE_BUILD_NUMBER", "runNumber"],
  ["DINGPIPE_RUN_URL", "runUrl"],
  ["DINGPIPE_TRIGGER_USER", "triggerUser"],
  ["DINGPIPE_TRIGGER_EVENT", "triggerEvent"],
  ["DINGPIPE_STAGE", "stage"],
  ["DINGPIPE_TASK", "task"],
  ["DINGPIPE_TASK_URL", "taskUrl"],
  ["DINGPIPE_STARTED_AT", "startedAt"],
  ["DINGPIPE_PROVIDER", "provider"],
  ["DINGPIPE_REPO", "repo"],
  ["DINGPIPE_BRANCH", "branch"],
  ["DINGPIPE_COMMIT", "commitSha"],
  ["DINGPIPE_COMMIT_MESSAGE", "commitMessage"],
  ["DINGPIPE_AUTHOR", "commitAuthor"],
  ["DINGPIPE_COMMIT_URL", "commitUrl"],
  ["DINGPIPE_PULL_REQUEST", "pullRequestId"],
  ["DINGPIPE_PULL_REQUEST_TITLE", "pullRequestTitle"],
  ["DINGPIPE_PULL_REQUEST_URL", "pullRequestUrl"],
];

export const generic: EnvReader = {
  detect: () => "no CI platform's variables set",
  read: (env) => {
    const facts: Record<string, unknown> = {};
    for (const [variable, fact] of DINGPIPE_VARIABLES) {
      const raw = env[variable];
      facts[fact] = fact === "runNumber" ? count(raw) : fact === "startedAt" ? isoTime(raw) : text(raw);
    }
    return facts as CiFacts;
  },
  variables: DINGPIPE_VARIABLES.map(([variable]) => variable),
  untrusted: [
    "DINGPIPE_TRIGGER_USER",
    "DINGPIPE_BRANCH",
    "DINGPIPE_COMMIT_MESSAGE",
    "DINGPIPE_AUTHOR",
    "DINGPIPE_PULL_REQUEST_TITLE",
  ],
};
