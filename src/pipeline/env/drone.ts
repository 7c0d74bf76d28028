/**
 * Drone. Variables: https://docs.drone.io/pipeline/environment/reference/ — what they hold per
 * event is Drone's hook parser (harness/harness, formerly drone/drone: service/hook/parser/parse.go):
 * - DRONE_BUILD_TRIGGER is the user who started the build, or `@hook` / `@cron` for builds a
 *   webhook or a cron job started: those are the trigger's kind, not a person;
 * - push: DRONE_COMMIT_MESSAGE / _AUTHOR are the commit's, DRONE_COMMIT_LINK is the forge's link for
 *   the push (GitHub's compare page);
 * - pull_request: DRONE_COMMIT_MESSAGE is the pull request's body (its title when the body is
 *   empty), DRONE_COMMIT_AUTHOR its author, DRONE_COMMIT_LINK the pull request's page,
 *   DRONE_PULL_REQUEST_TITLE its title, DRONE_COMMIT_SHA the head commit built.
 * So the commit line links the commit's own page on the forge (DRONE_REPO_LINK + the sha), the pull
 * request line links DRONE_COMMIT_LINK, and a pull request's commit message comes from the checkout.
 * The repository names the pipeline, DRONE_STAGE_NAME (the `.drone.yml` pipeline) the stage,
 * DRONE_STEP_NAME the task; DRONE_STAGE_STARTED is when the runner started that pipeline.
 */
import { commitPage, count, isCommitPage, isoTime, text } from "../values.ts";
import type { EnvReader } from "./reader.ts";

export const drone: EnvReader = {
  detect: (env) => (env["DRONE"] === "true" ? "DRONE=true" : undefined),
  read: (env) => {
    const trigger = text(env["DRONE_BUILD_TRIGGER"]);
    const prId = text(env["DRONE_PULL_REQUEST"]);
    const pr = env["DRONE_BUILD_EVENT"] === "pull_request" || prId !== undefined;
    const sha = text(env["DRONE_COMMIT_SHA"]) ?? text(env["DRONE_COMMIT"]);
    const link = text(env["DRONE_COMMIT_LINK"]);
    return {
      provider: "drone",
      pipeline: text(env["DRONE_REPO"]),
      runNumber: count(env["DRONE_BUILD_NUMBER"]),
      runUrl: text(env["DRONE_BUILD_LINK"]),
      triggerUser: trigger?.startsWith("@") ? undefined : trigger,
      triggerEvent: text(env["DRONE_BUILD_EVENT"]),
      stage: text(env["DRONE_STAGE_NAME"]),
      task: text(env["DRONE_STEP_NAME"]),
      startedAt:
        isoTime(env["DRONE_STAGE_STARTED"], { unix: true }) ??
        isoTime(env["DRONE_BUILD_STARTED"], { unix: true }),
      repo: text(env["DRONE_REPO"]),
      branch: text(env["DRONE_SOURCE_BRANCH"]) ?? text(env["DRONE_BRANCH"]),
      commitSha: sha,
      commitMessage: pr ? undefined : text(env["DRONE_COMMIT_MESSAGE"]),
      commitAuthor: pr
        ? undefined
        : (text(env["DRONE_COMMIT_AUTHOR_NAME"]) ?? text(env["DRONE_COMMIT_AUTHOR"])),
      commitUrl: !pr && isCommitPage(link, sha) ? link : commitPage(env["DRONE_REPO_LINK"], sha),
      pullRequestId: prId,
      pullRequestTitle: text(env["DRONE_PULL_REQUEST_TITLE"]),
      pullRequestUrl: pr && prId !== undefined ? link : undefined,
    };
  },
  variables: [
    "DRONE_REPO",
    "DRONE_REPO_LINK",
    "DRONE_BUILD_NUMBER",
    "DRONE_BUILD_STATUS",
    "DRONE_BUILD_LINK",
    "DRONE_BUILD_EVENT",
    "DRONE_BUILD_TRIGGER",
    "DRONE_BUILD_STARTED",
    "DRONE_STAGE_STARTED",
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
  untrusted: [
    "DRONE_BUILD_TRIGGER",
    "DRONE_BRANCH",
    "DRONE_SOURCE_BRANCH",
    "DRONE_TARGET_BRANCH",
    "DRONE_COMMIT_BRANCH",
    "DRONE_COMMIT_REF",
    "DRONE_TAG",
    "DRONE_COMMIT_MESSAGE",
    "DRONE_COMMIT_AUTHOR",
    "DRONE_COMMIT_AUTHOR_NAME",
    "DRONE_COMMIT_AUTHOR_EMAIL",
    "DRONE_PULL_REQUEST_TITLE",
  ],
};
