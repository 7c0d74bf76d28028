/**
 * Drone. The repository names the pipeline, DRONE_STAGE_NAME (the `.drone.yml` pipeline) the
 * stage and DRONE_STEP_NAME the task. On pull requests DRONE_SOURCE_BRANCH is the PR's branch.
 */
import { count, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const drone: EnvReader = {
  detect: (env) => env["DRONE"] === "true",
  read: (env) => ({
    provider: "drone",
    pipeline: text(env["DRONE_REPO"]),
    runNumber: count(env["DRONE_BUILD_NUMBER"]),
    runUrl: text(env["DRONE_BUILD_LINK"]),
    triggerUser: text(env["DRONE_BUILD_TRIGGER"]),
    triggerEvent: text(env["DRONE_BUILD_EVENT"]),
    stage: text(env["DRONE_STAGE_NAME"]),
    task: text(env["DRONE_STEP_NAME"]),
    repo: text(env["DRONE_REPO"]),
    branch: text(env["DRONE_SOURCE_BRANCH"]) ?? text(env["DRONE_BRANCH"]),
    commitSha: text(env["DRONE_COMMIT_SHA"]),
    commitMessage: text(env["DRONE_COMMIT_MESSAGE"]),
    commitAuthor: text(env["DRONE_COMMIT_AUTHOR_NAME"]) ?? text(env["DRONE_COMMIT_AUTHOR"]),
    commitUrl: text(env["DRONE_COMMIT_LINK"]),
    pullRequestId: text(env["DRONE_PULL_REQUEST"]),
    pullRequestTitle: text(env["DRONE_PULL_REQUEST_TITLE"]),
  }),
  variables: [
    "DRONE_REPO",
    "DRONE_REPO_LINK",
    "DRONE_BUILD_NUMBER",
    "DRONE_BUILD_STATUS",
    "DRONE_BUILD_LINK",
    "DRONE_BUILD_EVENT",
    "DRONE_BUILD_TRIGGER",
    "DRONE_BUILD_STARTED",
    "DRONE_BRANCH",
    "DRONE_SOURCE_BRANCH",
    "DRONE_TARGET_BRANCH",
    "DRONE_TAG",
    "DRONE_COMMIT_SHA",
    "DRONE_COMMIT_MESSAGE",
    "DRONE_COMMIT_AUTHOR",
    "DRONE_COMMIT_AUTHOR_NAME",
    "DRONE_COMMIT_LINK",
    "DRONE_PULL_REQUEST",
    "DRONE_PULL_REQUEST_TITLE",
    "DRONE_STAGE_NAME",
    "DRONE_STEP_NAME",
  ],
};
