/**
 * Jenkins. Variables: https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables
 * (the full list is each controller's `/env-vars.html`); git plugin: GIT_URL, GIT_BRANCH, GIT_COMMIT
 * (https://plugins.jenkins.io/git/#plugin-content-environment-variables); BUILD_USER* come from the
 * build-user-vars plugin (https://plugins.jenkins.io/build-user-vars-plugin/).
 *
 * Detection: JOB_NAME and BUILD_NUMBER with JENKINS_URL or a `jenkins-` BUILD_TAG — never
 * JENKINS_HOME alone (the jenkins/jenkins image sets it for anything run in it).
 *
 * JOB_NAME is the pipeline (folder path included), STAGE_NAME the stage and, unless `--task` says
 * otherwise, the task. GIT_BRANCH comes as `origin/main` on freestyle jobs; multibranch jobs give
 * BRANCH_NAME and, for pull requests, CHANGE_*. Jenkins names no commit message or author:
 * GIT_AUTHOR_NAME is the identity the git plugin would commit with, not the built commit's author,
 * so both come from the checkout. A pull request built merged with its target (the default of the
 * GitHub and Gitea branch sources) builds a local merge commit of the target into the pull request's
 * head: the commit reported is then that head (see builtCommit). BUILD_USER is a person only for
 * builds a user started: the plugin writes "Timer Trigger", "SCM Change", "Branch Indexing"… for
 * the others, which become the trigger instead.
 */
import type { CiFacts } from "../facts.ts";
import { branchName, commitPage, count, repoFromUrl, text, webOfClone } from "../values.ts";
import type { EnvContext, EnvReader } from "./reader.ts";

/** BUILD_USER_ID values the build-user-vars plugin sets for builds no person started, and what started them. */
const AUTOMATIC: Readonly<Record<string, string>> = {
  timer: "timer",
  scmChange: "scm change",
  branchIndexing: "branch indexing",
  remoteRequest: "remote request",
  genericWebhook: "webhook",
};

/** The same builds by their BUILD_USER (plugin versions that leave BUILD_USER_ID out). */
const AUTOMATIC_NAMES: Readonly<Record<string, string>> = {
  "Timer Trigger": "timer",
  "SCM Change": "scm change",
  "Branch Indexing": "branch indexing",
  "Generic Webhook Trigger": "webhook",
};

export const jenkins: EnvReader = {
  detect: (env) => {
    if (text(env["JOB_NAME"]) === undefined || count(env["BUILD_NUMBER"]) === undefined) return undefined;
    if (text(env["JENKINS_URL"]) !== undefined) return "JENKINS_URL, JOB_NAME and BUILD_NUMBER set";
    if (text(env["BUILD_TAG"])?.startsWith("jenkins-"))
      return "BUILD_TAG=jenkins-…, JOB_NAME and BUILD_NUMBER set";
    return undefined;
  },
  read: (env, context) => {
    const id = text(env["BUILD_USER_ID"]);
    const user = text(env["BUILD_USER"]);
    const automatic =
      (id !== undefined ? AUTOMATIC[id] : undefined) ?? (user ? AUTOMATIC_NAMES[user] : undefined);
    const prId = text(env["CHANGE_ID"]);
    const sha = builtCommit(text(env["GIT_COMMIT"]), prId !== undefined, context);
    const facts: CiFacts = {
      provider: "jenkins",
      pipeline: text(env["JOB_NAME"]),
      pipelineUrl: text(env["JOB_URL"]),
      runId: text(env["BUILD_ID"]),
      runNumber: count(env["BUILD_NUMBER"]),
      runUrl: text(env["BUILD_URL"]),
      triggerUser: automatic ? undefined : (user ?? id),
      triggerEvent: automatic,
      stage: text(env["STAGE_NAME"]),
      task: text(env["STAGE_NAME"]),
      repo: repoFromUrl(env["GIT_URL"]),
      branch: text(env["CHANGE_BRANCH"]) ?? text(env["BRANCH_NAME"]) ?? branchName(env["GIT_BRANCH"]),
      commitSha: sha,
      commitUrl: commitPage(webOfClone(env["GIT_URL"]), sha),
      pullRequestId: prId,
      pullRequestTitle: text(env["CHANGE_TITLE"]),
      pullRequestUrl: text(env["CHANGE_URL"]),
    };
    return facts;
  },
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
    "CHANGE_AUTHOR_DISPLAY_NAME",
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

/**
 * The commit built from the branch: GIT_COMMIT, or — on a pull request built merged with its target
 * — the pull request's head. The git plugin (MergeWithGitSCMExtension) checks the head out and
 * merges the target's commit into it as "Jenkins", so GIT_COMMIT is then a merge commit whose
 * message is git's "Merge commit '<target>' into HEAD" with `<target>` its second parent: its first
 * parent is the head. Any other commit (one the author pushed, a fast-forward) is reported as is.
 */
function builtCommit(sha: string | undefined, pullRequest: boolean, context: EnvContext): string | undefined {
  if (sha === undefined || !pullRequest) return sha;
  const commit = context.readCommit(sha);
  if (commit === undefined || commit.author !== "Jenkins" || commit.parents.length !== 2) return sha;
  const merged = /^Merge commit '([0-9a-f]{40,64})'(?: into HEAD)?$/.exec(commit.message)?.[1];
  return merged !== undefined && merged === commit.parents[1] ? commit.parents[0] : sha;
}
