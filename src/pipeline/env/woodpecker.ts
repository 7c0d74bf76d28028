/**
 * Woodpecker CI. Variables: https://woodpecker-ci.org/docs/usage/environment — what they hold per
 * forge is each forge's hook parser (woodpecker-ci/woodpecker, server/forge/<forge>/):
 * - CI_PIPELINE_AUTHOR is who the pipeline is for (the pusher, the pull request's author);
 *   CI_COMMIT_AUTHOR is filled from the same value (server/pipeline/metadata/metadata.go), so on a
 *   pull request it names the pull request's author, not the commit's: the checkout tells that;
 * - CI_PIPELINE_FORGE_URL is the forge's page for what triggered the pipeline: the commit (or the
 *   push) on a push, the pull request on a pull request;
 * - on a pull request CI_COMMIT_MESSAGE is the pull request's title on GitHub, Gitea, Forgejo and
 *   Bitbucket (the last commit's message on GitLab), so it goes to the pull request line there.
 * The repository names the pipeline, CI_WORKFLOW_NAME is the stage, CI_STEP_NAME the task with its
 * own URL and start time (unix seconds).
 */
import { commitPage, count, isCommitPage, isoTime, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

/** Pipeline events of a pull request. */
const PULL_EVENTS = new Set(["pull_request", "pull_request_closed", "pull_request_metadata"]);

export const woodpecker: EnvReader = {
  detect: (env) => {
    if (env["CI"] === "woodpecker") return "CI=woodpecker";
    if (env["CI_SYSTEM_NAME"] === "woodpecker") return "CI_SYSTEM_NAME=woodpecker";
    return undefined;
  },
  read: (env) => {
    const prId = text(env["CI_COMMIT_PULL_REQUEST"]);
    const pr = PULL_EVENTS.has(env["CI_PIPELINE_EVENT"] ?? "") || prId !== undefined;
    const forge = text(env["CI_FORGE_TYPE"]);
    // GitLab's merge requests keep the commit's message; the other forges put the title there.
    const titleInMessage = pr && forge !== "gitlab";
    const sha = text(env["CI_COMMIT_SHA"]);
    const forgeUrl = text(env["CI_PIPELINE_FORGE_URL"]);
    const message = text(env["CI_COMMIT_MESSAGE"]);
    return {
      provider: "woodpecker",
      pipeline: text(env["CI_REPO"]),
      runNumber: count(env["CI_PIPELINE_NUMBER"]),
      runUrl: text(env["CI_PIPELINE_URL"]),
      triggerUser: text(env["CI_PIPELINE_AUTHOR"]),
      triggerEvent: text(env["CI_PIPELINE_EVENT"]),
      stage: text(env["CI_WORKFLOW_NAME"]),
      task: text(env["CI_STEP_NAME"]),
      taskUrl: text(env["CI_STEP_URL"]),
      startedAt:
        isoTime(env["CI_STEP_STARTED"], { unix: true }) ??
        isoTime(env["CI_PIPELINE_STARTED"], { unix: true }),
      repo: text(env["CI_REPO"]),
      branch: text(env["CI_COMMIT_SOURCE_BRANCH"]) ?? text(env["CI_COMMIT_BRANCH"]),
      commitSha: sha,
      commitMessage: titleInMessage ? undefined : message,
      commitAuthor: pr ? undefined : text(env["CI_COMMIT_AUTHOR"]),
      commitUrl: !pr && isCommitPage(forgeUrl, sha) ? forgeUrl : commitPage(env["CI_REPO_URL"], sha, forge),
      pullRequestId: prId,
      pullRequestTitle: titleInMessage ? message : undefined,
      pullRequestUrl: pr ? forgeUrl : undefined,
    };
  },
  variables: [
    "CI_REPO",
    "CI_REPO_URL",
    "CI_FORGE_TYPE",
    "CI_PIPELINE_NUMBER",
    "CI_PIPELINE_URL",
    "CI_PIPELINE_EVENT",
    "CI_PIPELINE_STATUS",
    "CI_PIPELINE_AUTHOR",
    "CI_PIPELINE_FORGE_URL",
    "CI_PIPELINE_STARTED",
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
    "CI_PIPELINE_AUTHOR",
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
