/**
 * GitLab CI. Variables: https://docs.gitlab.com/ci/variables/predefined_variables/
 *
 * A GitLab pipeline is one run. Its page (CI_PIPELINE_URL, `/-/pipelines/<id>`) shows the
 * instance-wide CI_PIPELINE_ID as "#<id>", so that is the number shown; CI_PIPELINE_IID (the
 * project's count) stays available as `${CI_PIPELINE_IID}`. The pipeline name is `workflow:name`
 * (CI_PIPELINE_NAME) or else the project path.
 *
 * Merge request pipelines add CI_MERGE_REQUEST_*. Merged results and merge train pipelines
 * (CI_MERGE_REQUEST_EVENT_TYPE `merged_result` / `merge_train`) build a merge commit GitLab made:
 * CI_COMMIT_SHA, CI_COMMIT_MESSAGE and CI_COMMIT_AUTHOR describe that commit, so the commit
 * reported is the source branch's head, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA (its message and
 * author come from the checkout, which holds it as the merge commit's parent).
 * External pull request pipelines (GitHub repositories) use CI_EXTERNAL_PULL_REQUEST_*.
 */
import { count, personName, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const gitlab: EnvReader = {
  detect: (env) => (env["GITLAB_CI"] === "true" ? "GITLAB_CI=true" : undefined),
  read: (env) => {
    const project = text(env["CI_PROJECT_URL"])?.replace(/\/+$/, "");
    const built = text(env["CI_COMMIT_SHA"]);
    const sourceSha =
      text(env["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"]) ??
      text(env["CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA"]);
    const sha = sourceSha ?? built;
    // The variables describe CI_COMMIT_SHA: they are the reported commit's only when it is that one.
    const same = sha === built;
    // A fork's merge request: the source branch's head lives in the source project.
    const commitProject = same
      ? project
      : (text(env["CI_MERGE_REQUEST_SOURCE_PROJECT_URL"])?.replace(/\/+$/, "") ?? project);
    const mrIid = text(env["CI_MERGE_REQUEST_IID"]);
    const mrProject = text(env["CI_MERGE_REQUEST_PROJECT_URL"])?.replace(/\/+$/, "") ?? project;
    const external = mrIid === undefined ? text(env["CI_EXTERNAL_PULL_REQUEST_IID"]) : undefined;
    const target = text(env["CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY"]);
    const pipelineId = text(env["CI_PIPELINE_ID"]);
    return {
      provider: "gitlab",
      pipeline: text(env["CI_PIPELINE_NAME"]) ?? text(env["CI_PROJECT_PATH"]),
      runId: pipelineId,
      // The pipeline ID: the #… GitLab shows and links (/-/pipelines/<id>), as the webhooks report it too.
      runNumber: count(pipelineId),
      runUrl: text(env["CI_PIPELINE_URL"]),
      triggerUser: text(env["GITLAB_USER_NAME"]) ?? text(env["GITLAB_USER_LOGIN"]),
      triggerEvent: text(env["CI_PIPELINE_SOURCE"]),
      stage: text(env["CI_JOB_STAGE"]),
      task: text(env["CI_JOB_NAME"]),
      taskUrl: text(env["CI_JOB_URL"]),
      startedAt: text(env["CI_JOB_STARTED_AT"]),
      repo: text(env["CI_PROJECT_PATH"]),
      branch:
        text(env["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"]) ??
        text(env["CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME"]) ??
        text(env["CI_COMMIT_REF_NAME"]),
      commitSha: sha,
      commitMessage: same ? (text(env["CI_COMMIT_MESSAGE"]) ?? text(env["CI_COMMIT_TITLE"])) : undefined,
      commitAuthor: same ? personName(env["CI_COMMIT_AUTHOR"]) : undefined,
      commitUrl: sha && commitProject ? `${commitProject}/-/commit/${sha}` : undefined,
      pullRequestId: mrIid ?? external,
      pullRequestTitle: mrIid ? text(env["CI_MERGE_REQUEST_TITLE"]) : undefined,
      pullRequestUrl:
        mrIid && mrProject
          ? `${mrProject}/-/merge_requests/${mrIid}`
          : external && target?.includes("/")
            ? `https://github.com/${target}/pull/${external}`
            : undefined,
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
    "CI_MERGE_REQUEST_EVENT_TYPE",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "CI_MERGE_REQUEST_TARGET_BRANCH_SHA",
    "CI_MERGE_REQUEST_PROJECT_URL",
    "CI_MERGE_REQUEST_SOURCE_PROJECT_URL",
    "CI_EXTERNAL_PULL_REQUEST_IID",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA",
    "CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY",
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
