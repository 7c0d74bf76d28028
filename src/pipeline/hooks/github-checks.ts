/**
 * How CI apps other than Actions report on GitHub: `check_run` / `check_suite` (CircleCI, Buildkite, Travis…)
 * and commit `status` (Jenkins and other status-API reporters). None of them has a pipeline name or a run
 * number, so the repository is the pipeline (rules can select `acme/*`), the check or status context is the
 * task, and the CI's own page (`details_url`, `target_url`) is the link.
 *
 * - check_run: created (queued → waiting, in_progress → started, completed) and completed are reported;
 *   rerequested and requested_action are someone's click, not a state.
 * - check_suite: only completed (a suite is requested for every push); the app is the task.
 * - status: pending → started (the status API has no queued state), success, failure and error → failure.
 * - Checks of the `github-actions` app are ignored: workflow_job / workflow_run report those jobs already.
 */
import { BadPayloadError } from "../errors.ts";
import { toEvent } from "../facts.ts";
import type { Status } from "../status.ts";
import { toStatus } from "../status.ts";
import { id, isoTime, text } from "../values.ts";
import { commitUrl, isGithubActionsApp, pullRequestOf, repositoryOf, senderOf } from "./github-common.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { asObject, type JsonObject, requireObject, requireText } from "./payload.ts";

const ACTIONS_REASON =
  "belongs to GitHub Actions, which dingpipe reads from workflow_job and workflow_run (subscribe to those), so it is not reported twice";

function requireRepo(repo: string | undefined, what: string): string {
  if (repo !== undefined) return repo;
  throw new BadPayloadError(`repository.full_name missing, so the ${what} has no pipeline`);
}

/** A check's state: the conclusion when completed, else its status. */
function checkStatus(
  what: string,
  item: JsonObject,
): { status: Status; completed: boolean } | { ignored: string } {
  const status = requireText(item, "status", what);
  if (status === "completed") {
    const conclusion = text(item["conclusion"]);
    if (conclusion === undefined) throw new BadPayloadError(`${what}.conclusion missing`);
    const canonical = toStatus(conclusion);
    return canonical
      ? { status: canonical, completed: true }
      : { ignored: `${what} completed with conclusion ${conclusion} is not a task state we report` };
  }
  const canonical = status === "queued" || status === "in_progress" ? toStatus(status) : undefined;
  return canonical
    ? { status: canonical, completed: false }
    : { ignored: `${what} status ${status} is not a task state we report` };
}

export function normalizeCheckRun(body: JsonObject, deliveryId: string | undefined): NormalizedHook {
  const action = requireText(body, "action", "body");
  const run = requireObject(body["check_run"], "check_run");
  if (action !== "created" && action !== "completed") {
    return ignore(
      `check_run ${action} is someone's request, not a check state; nothing to report`,
      deliveryId,
    );
  }
  if (isGithubActionsApp(run["app"])) return ignore(`check_run ${ACTIONS_REASON}`, deliveryId);
  const outcome = checkStatus("check_run", run);
  if ("ignored" in outcome) return ignore(outcome.ignored, deliveryId);
  const { repo, repoUrl } = repositoryOf(body);
  const suite = asObject(run["check_suite"]);
  const sha = text(run["head_sha"]) ?? text(suite?.["head_sha"]);
  return single(
    toEvent(
      {
        provider: "github",
        pipeline: requireRepo(repo, "check run"),
        pipelineUrl: repoUrl,
        runId: id(suite?.["id"]),
        stage: text(asObject(run["app"])?.["name"]),
        task: requireText(run, "name", "check_run"),
        taskUrl: text(run["details_url"]) ?? text(run["html_url"]),
        triggerUser: senderOf(body),
        startedAt: outcome.status === "waiting" ? undefined : isoTime(run["started_at"]),
        finishedAt: outcome.completed ? isoTime(run["completed_at"]) : undefined,
        repo,
        branch: text(suite?.["head_branch"]),
        commitSha: sha,
        commitUrl: commitUrl(repoUrl, sha),
        ...pullRequestOf(run["pull_requests"], repoUrl),
      },
      outcome.status,
    ),
    deliveryId,
  );
}

export function normalizeCheckSuite(body: JsonObject, deliveryId: string | undefined): NormalizedHook {
  const action = requireText(body, "action", "body");
  const suite = requireObject(body["check_suite"], "check_suite");
  if (action !== "completed") {
    return ignore(
      `check_suite ${action}: a suite is requested for every push; dingpipe reports its completion`,
      deliveryId,
    );
  }
  if (isGithubActionsApp(suite["app"])) return ignore(`check_suite ${ACTIONS_REASON}`, deliveryId);
  const outcome = checkStatus("check_suite", suite);
  if ("ignored" in outcome) return ignore(outcome.ignored, deliveryId);
  const { repo, repoUrl } = repositoryOf(body);
  const app = asObject(suite["app"]);
  const task = text(app?.["name"]) ?? text(app?.["slug"]);
  if (task === undefined) throw new BadPayloadError("check_suite.app.name missing, so the suite has no name");
  const sha = text(suite["head_sha"]);
  const headCommit = asObject(suite["head_commit"]);
  return single(
    toEvent(
      {
        provider: "github",
        pipeline: requireRepo(repo, "check suite"),
        pipelineUrl: repoUrl,
        runId: id(suite["id"]),
        task,
        // The commit's checks page lists this suite's runs.
        taskUrl: repoUrl && sha ? `${repoUrl}/commit/${sha}/checks` : undefined,
        triggerUser: senderOf(body),
        startedAt: isoTime(suite["created_at"]),
        finishedAt: isoTime(suite["updated_at"]),
        repo,
        branch: text(suite["head_branch"]),
        commitSha: sha,
        commitMessage: text(headCommit?.["message"]),
        commitAuthor: text(asObject(headCommit?.["author"])?.["name"]),
        commitUrl: commitUrl(repoUrl, sha),
        ...pullRequestOf(suite["pull_requests"], repoUrl),
      },
      outcome.status,
    ),
    deliveryId,
  );
}

const STATUS_STATES: Record<string, Status> = {
  pending: "started",
  success: "success",
  failure: "failure",
  error: "failure",
};

export function normalizeStatus(body: JsonObject, deliveryId: string | undefined): NormalizedHook {
  const state = requireText(body, "state", "body");
  const status = STATUS_STATES[state];
  if (status === undefined) return ignore(`status state ${state} is not a task state we report`, deliveryId);
  const { repo: fullName, repoUrl } = repositoryOf(body);
  const repo = fullName ?? text(body["name"]);
  const sha = requireText(body, "sha", "body");
  const commit = asObject(body["commit"]);
  const detail = asObject(commit?.["commit"]);
  // `branches` lists branches that contain the commit; only one whose head it is names the build's branch.
  const branch = Array.isArray(body["branches"])
    ? body["branches"].map(asObject).find((b) => text(asObject(b?.["commit"])?.["sha"]) === sha)?.["name"]
    : undefined;
  return single(
    toEvent(
      {
        provider: "github",
        pipeline: requireRepo(repo, "status"),
        pipelineUrl: repoUrl,
        task: requireText(body, "context", "body"),
        // The CI's page for this status; without one, the commit's page, which lists its statuses.
        taskUrl: text(body["target_url"]) ?? text(commit?.["html_url"]) ?? commitUrl(repoUrl, sha),
        triggerUser: senderOf(body),
        repo,
        branch: text(branch),
        commitSha: sha,
        commitMessage: text(detail?.["message"]),
        commitAuthor: text(asObject(detail?.["author"])?.["name"]),
        commitUrl: text(commit?.["html_url"]) ?? commitUrl(repoUrl, sha),
      },
      status,
    ),
    deliveryId,
  );
}
