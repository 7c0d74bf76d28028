/**
 * Jenkins. JOB_NAME is the pipeline (folder path included), STAGE_NAME the stage and, unless
 * `--task` says otherwise, the task. GIT_BRANCH comes as `origin/main` on freestyle jobs;
 * multibranch jobs give BRANCH_NAME and, for pull requests, CHANGE_*. BUILD_USER needs the
 * build-user-vars plugin.
 */
import { branchName, count, repoFromUrl, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const jenkins: EnvReader = {
  detect: (env) => text(env["JENKINS_URL"]) !== undefined || text(env["JENKINS_HOME"]) !== undefined,
  read: (env) => ({
    provider: "jenkins",
    pipeline: text(env["JOB_NAME"]),
    pipelineUrl: text(env["JOB_URL"]),
    runId: text(env["BUILD_ID"]),
    runNumber: count(env["BUILD_NUMBER"]),
    runUrl: text(env["BUILD_URL"]),
    triggerUser: text(env["BUILD_USER"]) ?? text(env["BUILD_USER_ID"]),
    stage: text(env["STAGE_NAME"]),
    task: text(env["STAGE_NAME"]),
    repo: repoFromUrl(env["GIT_URL"]),
    branch: text(env["CHANGE_BRANCH"]) ?? text(env["BRANCH_NAME"]) ?? branchName(env["GIT_BRANCH"]),
    commitSha: text(env["GIT_COMMIT"]),
    commitAuthor: text(env["GIT_AUTHOR_NAME"]),
    pullRequestId: text(env["CHANGE_ID"]),
    pullRequestTitle: text(env["CHANGE_TITLE"]),
    pullRequestUrl: text(env["CHANGE_URL"]),
  }),
  variables: [
    "JOB_NAME",
    "JOB_BASE_NAME",
    "JOB_URL",
    "BUILD_ID",
    "BUILD_NUMBER",
    "BUILD_DISPLAY_NAME",
    "BUILD_TAG",
    "BUILD_URL",
    "BUILD_USER",
    "BUILD_USER_ID",
    "STAGE_NAME",
    "NODE_NAME",
    "GIT_URL",
    "GIT_BRANCH",
    "GIT_COMMIT",
    "GIT_PREVIOUS_COMMIT",
    "BRANCH_NAME",
    "CHANGE_ID",
    "CHANGE_TITLE",
    "CHANGE_URL",
    "CHANGE_AUTHOR",
    "CHANGE_BRANCH",
    "CHANGE_TARGET",
  ],
  untrusted: [
    "BUILD_USER",
    "GIT_BRANCH",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "BRANCH_NAME",
    "TAG_NAME",
    "CHANGE_TITLE",
    "CHANGE_AUTHOR",
    "CHANGE_AUTHOR_DISPLAY_NAME",
    "CHANGE_AUTHOR_EMAIL",
    "CHANGE_BRANCH",
  ],
};
