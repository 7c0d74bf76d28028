/**
 * Gitee Go. System parameters: https://help.gitee.com/gitee-go/pipeline/parameter (系统级参数).
 *
 * On a pull request run (GITEE_PULL_ID set) Gitee Go gives: GITEE_COMMIT_MESSAGE = the PR's title,
 * GITEE_BRANCH / GITEE_COMMIT = the target branch and its commit, GITEE_SOURCE_BRANCH /
 * GITEE_SOURCE_COMMIT = the branch and commit built. So the title goes to the pull request line,
 * the source commit is reported (its message comes from the checkout), and the pull request is
 * linked on gitee.com when GITEE_REPO is `owner/name`. There is no job name or run URL in the
 * environment: the task name comes from `--task` / DINGPIPE_TASK, else the stage.
 *
 * GITEE_PULL_REQUEST_ID, GITEE_PULL_REQUEST_TITLE, GITEE_COMPANY, GITEE_SHORT_COMMIT and
 * GITEE_COMMENT are not in that reference; they are read too when set (seen in Gitee's
 * enterprise pipelines), after the documented names.
 */
import { count, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const gitee: EnvReader = {
  detect: (env) => {
    if (text(env["GITEE_PIPELINE_NAME"]) !== undefined) return "GITEE_PIPELINE_NAME set";
    if (text(env["GITEE_PIPELINE_BUILD_NUMBER"]) !== undefined) return "GITEE_PIPELINE_BUILD_NUMBER set";
    return undefined;
  },
  read: (env) => {
    const pullId = text(env["GITEE_PULL_ID"]) ?? text(env["GITEE_PULL_REQUEST_ID"]);
    const pr = pullId !== undefined;
    const repo = text(env["GITEE_REPO"]);
    const web = repo && /^[^/\s]+\/[^/\s]+$/.test(repo) ? `https://gitee.com/${repo}` : undefined;
    const sha = pr ? text(env["GITEE_SOURCE_COMMIT"]) : text(env["GITEE_COMMIT"]);
    return {
      provider: "gitee",
      pipeline: text(env["GITEE_PIPELINE_NAME"]),
      pipelineDisplayName: text(env["GITEE_PIPELINE_DISPLAY_NAME"]),
      runNumber: count(env["GITEE_PIPELINE_BUILD_NUMBER"]),
      triggerUser: text(env["GITEE_PIPELINE_TRIGGER_USER"]),
      stage: text(env["GITEE_STAGE_DISPLAY_NAME"]) ?? text(env["GITEE_STAGE_NAME"]),
      repo,
      branch: pr
        ? (text(env["GITEE_SOURCE_BRANCH"]) ?? text(env["GITEE_BRANCH"]))
        : text(env["GITEE_BRANCH"]),
      commitSha: sha,
      commitMessage: pr ? undefined : text(env["GITEE_COMMIT_MESSAGE"]),
      commitUrl: web && sha ? `${web}/commit/${sha}` : undefined,
      pullRequestId: pullId,
      pullRequestTitle: pr
        ? (text(env["GITEE_PULL_REQUEST_TITLE"]) ?? text(env["GITEE_COMMIT_MESSAGE"]))
        : undefined,
      pullRequestUrl: pr && web ? `${web}/pulls/${pullId}` : undefined,
    };
  },
  variables: [
    "GITEE_PIPELINE_NAME",
    "GITEE_PIPELINE_DISPLAY_NAME",
    "GITEE_PIPELINE_BUILD_NUMBER",
    "GITEE_PIPELINE_TRIGGER_USER",
    "GITEE_COMMIT_MESSAGE",
    "GITEE_BRANCH",
    "GITEE_COMMIT",
    "GITEE_SOURCE_BRANCH",
    "GITEE_SOURCE_COMMIT",
    "GITEE_PULL_ID",
    "GITEE_REPO",
    "GITEE_STAGE_NAME",
    "GITEE_STAGE_DISPLAY_NAME",
    "GITEE_STAGE_STRATEGY",
    "GITEE_COMPANY",
    "GITEE_SHORT_COMMIT",
    "GITEE_PULL_REQUEST_ID",
    "GITEE_PULL_REQUEST_TITLE",
    "GITEE_COMMENT",
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
