/**
 * GitLab CI. A GitLab pipeline is one run: CI_PIPELINE_ID/IID/URL describe the run, the pipeline
 * name is `workflow:name` (CI_PIPELINE_NAME) or else the project path. Merge request pipelines
 * add CI_MERGE_REQUEST_* and build the source branch.
 */
import { count, personName, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const gitlab: EnvReader = {
  detect: (env) => env["GITLAB_CI"] === "true",
  read: (env) => {
    const project = text(env["CI_PROJECT_URL"])?.replace(/\/+$/, "");
    const sha = text(env["CI_COMMIT_SHA"]);
    const mrIid = text(env["CI_MERGE_REQUEST_IID"]);
    const mrProject = text(env["CI_MERGE_REQUEST_PROJECT_URL"])?.replace(/\/+$/, "") ?? project;
    return {
      provider: "gitlab",
      pipeline: text(env["CI_PIPELINE_NAME"]) ?? text(env["CI_PROJECT_PATH"]),
      runId: text(env["CI_PIPELINE_ID"]),
      // The pipeline ID: the #… GitLab shows and links (/-/pipelines/<id>), as the webhooks report it too.
      runNumber: count(env["CI_PIPELINE_ID"]),
      runUrl: text(env["CI_PIPELINE_URL"]),
      triggerUser: text(env["GITLAB_USER_NAME"]) ?? text(env["GITLAB_USER_LOGIN"]),
      triggerEvent: text(env["CI_PIPELINE_SOURCE"]),
      stage: text(env["CI_JOB_STAGE"]),
      task: text(env["CI_JOB_NAME"]),
      taskUrl: text(env["CI_JOB_URL"]),
      startedAt: text(env["CI_JOB_STARTED_AT"]),
      repo: text(env["CI_PROJECT_PATH"]),
      branch: text(env["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"]) ?? text(env["CI_COMMIT_REF_NAME"]),
      commitSha: sha,
      commitMessage: text(env["CI_COMMIT_MESSAGE"]) ?? text(env["CI_COMMIT_TITLE"]),
      commitAuthor: personName(env["CI_COMMIT_AUTHOR"]),
      commitUrl: project && sha ? `${project}/-/commit/${sha}` : undefined,
      pullRequestId: mrIid,
      pullRequestTitle: text(env["CI_MERGE_REQUEST_TITLE"]),
      pullRequestUrl: mrIid && mrProject ? `${mrProject}/-/merge_requests/${mrIid}` : undefined,
    };
  },
  variables: [
    "CI_PIPELINE_ID",
    "CI_PIPELINE_IID",
    "CI_PIPELINE_NAME",
    "CI_PIPELINE_URL",
    "CI_PIPELINE_SOURCE",
    "CI_JOB_ID",
    "CI_JOB_NAME",
    "CI_JOB_STAGE",
    "CI_JOB_URL",
    "CI_JOB_STATUS",
    "CI_JOB_STARTED_AT",
    "CI_PROJECT_PATH",
    "CI_PROJECT_NAME",
    "CI_PROJECT_URL",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_TAG",
    "CI_COMMIT_SHA",
    "CI_COMMIT_SHORT_SHA",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_AUTHOR",
    "CI_MERGE_REQUEST_IID",
    "CI_MERGE_REQUEST_TITLE",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "GITLAB_USER_NAME",
    "GITLAB_USER_LOGIN",
  ],
  untrusted: [
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_REF_SLUG",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_TAG",
    "CI_COMMIT_TAG_MESSAGE",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_DESCRIPTION",
    "CI_COMMIT_AUTHOR",
    "CI_MERGE_REQUEST_TITLE",
    "CI_MERGE_REQUEST_DESCRIPTION",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
    "GITLAB_USER_NAME",
    "GITLAB_USER_LOGIN",
    "GITLAB_USER_EMAIL",
  ],
};
