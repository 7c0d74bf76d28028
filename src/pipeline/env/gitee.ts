/**
 * Gitee pipelines and Gitee Go (including the older Gitee Go variables). Gitee gives no job
 * name or run URL in the environment: the task name comes from `--task` / DINGPIPE_TASK.
 * On pull request runs the source branch and commit (GITEE_SOURCE_*) are the ones reported.
 */
import { count, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const gitee: EnvReader = {
  detect: (env) =>
    text(env["GITEE_PIPELINE_NAME"]) !== undefined || text(env["GITEE_PIPELINE_BUILD_NUMBER"]) !== undefined,
  read: (env) => ({
    provider: "gitee",
    pipeline: text(env["GITEE_PIPELINE_NAME"]),
    pipelineDisplayName: text(env["GITEE_PIPELINE_DISPLAY_NAME"]),
    runNumber: count(env["GITEE_PIPELINE_BUILD_NUMBER"]),
    triggerUser: text(env["GITEE_PIPELINE_TRIGGER_USER"]),
    stage: text(env["GITEE_STAGE_DISPLAY_NAME"]) ?? text(env["GITEE_STAGE_NAME"]),
    repo: text(env["GITEE_REPO"]),
    branch: text(env["GITEE_SOURCE_BRANCH"]) ?? text(env["GITEE_BRANCH"]),
    commitSha: text(env["GITEE_SOURCE_COMMIT"]) ?? text(env["GITEE_COMMIT"]),
    commitMessage: text(env["GITEE_COMMIT_MESSAGE"]),
    pullRequestId: text(env["GITEE_PULL_REQUEST_ID"]) ?? text(env["GITEE_PULL_ID"]),
    pullRequestTitle: text(env["GITEE_PULL_REQUEST_TITLE"]),
  }),
  variables: [
    "GITEE_COMPANY",
    "GITEE_PIPELINE_NAME",
    "GITEE_PIPELINE_DISPLAY_NAME",
    "GITEE_PIPELINE_BUILD_NUMBER",
    "GITEE_PIPELINE_TRIGGER_USER",
    "GITEE_REPO",
    "GITEE_BRANCH",
    "GITEE_COMMIT",
    "GITEE_SHORT_COMMIT",
    "GITEE_COMMIT_MESSAGE",
    "GITEE_SOURCE_BRANCH",
    "GITEE_SOURCE_COMMIT",
    "GITEE_PULL_REQUEST_ID",
    "GITEE_PULL_REQUEST_TITLE",
    "GITEE_PULL_ID",
    "GITEE_COMMENT",
    "GITEE_STAGE_NAME",
    "GITEE_STAGE_DISPLAY_NAME",
    "GITEE_STAGE_STRATEGY",
  ],
  untrusted: [
    "GITEE_PIPELINE_TRIGGER_USER",
    "GITEE_BRANCH",
    "GITEE_SOURCE_BRANCH",
    "GITEE_COMMIT_MESSAGE",
    "GITEE_PULL_REQUEST_TITLE",
    "GITEE_COMMENT",
  ],
};
