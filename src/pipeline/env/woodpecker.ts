/**
 * Woodpecker CI (`CI=woodpecker`). The repository names the pipeline, CI_WORKFLOW_NAME is the
 * stage, CI_STEP_NAME the task with its own URL and start time (unix seconds).
 */
import { count, isoTime, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const woodpecker: EnvReader = {
  detect: (env) => env["CI"] === "woodpecker" || env["CI_SYSTEM_NAME"] === "woodpecker",
  read: (env) => ({
    provider: "woodpecker",
    pipeline: text(env["CI_REPO"]),
    runNumber: count(env["CI_PIPELINE_NUMBER"]),
    runUrl: text(env["CI_PIPELINE_URL"]),
    triggerEvent: text(env["CI_PIPELINE_EVENT"]),
    stage: text(env["CI_WORKFLOW_NAME"]),
    task: text(env["CI_STEP_NAME"]),
    taskUrl: text(env["CI_STEP_URL"]),
    startedAt: isoTime(env["CI_STEP_STARTED"], { unix: true }),
    repo: text(env["CI_REPO"]),
    branch: text(env["CI_COMMIT_SOURCE_BRANCH"]) ?? text(env["CI_COMMIT_BRANCH"]),
    commitSha: text(env["CI_COMMIT_SHA"]),
    commitMessage: text(env["CI_COMMIT_MESSAGE"]),
    commitAuthor: text(env["CI_COMMIT_AUTHOR"]),
    pullRequestId: text(env["CI_COMMIT_PULL_REQUEST"]),
  }),
  variables: [
    "CI_REPO",
    "CI_REPO_URL",
    "CI_PIPELINE_NUMBER",
    "CI_PIPELINE_URL",
    "CI_PIPELINE_EVENT",
    "CI_PIPELINE_STATUS",
    "CI_WORKFLOW_NAME",
    "CI_STEP_NAME",
    "CI_STEP_URL",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_SOURCE_BRANCH",
    "CI_COMMIT_TARGET_BRANCH",
    "CI_COMMIT_TAG",
    "CI_COMMIT_SHA",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_AUTHOR",
    "CI_COMMIT_PULL_REQUEST",
  ],
  untrusted: [
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_SOURCE_BRANCH",
    "CI_COMMIT_TARGET_BRANCH",
    "CI_COMMIT_REF",
    "CI_COMMIT_TAG",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_AUTHOR",
    "CI_COMMIT_AUTHOR_EMAIL",
    "CI_PREV_COMMIT_MESSAGE",
    "CI_PREV_COMMIT_AUTHOR",
  ],
};
