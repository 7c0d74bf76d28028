/**
 * GitHub webhooks. Actions: `workflow_run` (a run is pipeline and task at once) and `workflow_job` (one job of
 * a run). Other CI apps and deploys: `check_run`, `check_suite`, `status`, `deployment_status`
 * (github-checks.ts, github-deploy.ts). `ping` and every other event are ignored with the reason.
 *
 * Numbers: `run.number` is only ever the number GitHub shows (#163, `run_number`); a workflow_job carries
 * none, so it has no number — its run id stays `run.id` and its link goes to the run (and attempt) page.
 * Queued noise: every run is `requested` before it starts, so that action is ignored; a job's `queued`
 * is its one `waiting` (a second comes only when it waits for an approval).
 */
import { BadPayloadError } from "../errors.ts";
import { type CiFacts, toEvent } from "../facts.ts";
import { type Status, toStatus } from "../status.ts";
import { count, id, isoTime, text } from "../values.ts";
import { normalizeCheckRun, normalizeCheckSuite, normalizeStatus } from "./github-checks.ts";
import { commitUrl, type GithubRepo, pullRequestOf, repositoryOf, senderOf } from "./github-common.ts";
import { normalizeDeploymentStatus } from "./github-deploy.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { asObject, header, type JsonObject, requireObject, requireText } from "./payload.ts";

/** The events dingpipe reads, by X-GitHub-Event. */
export const GITHUB_EVENTS = [
  "workflow_run",
  "workflow_job",
  "check_run",
  "check_suite",
  "status",
  "deployment_status",
] as const;

type Reader = (body: JsonObject, deliveryId: string | undefined) => NormalizedHook;

const READERS: Record<(typeof GITHUB_EVENTS)[number], Reader> = {
  workflow_run: (body, d) => workflow("workflow_run", body, d),
  workflow_job: (body, d) => workflow("workflow_job", body, d),
  check_run: normalizeCheckRun,
  check_suite: normalizeCheckSuite,
  status: normalizeStatus,
  deployment_status: normalizeDeploymentStatus,
};

export function normalizeGithub(
  headers: Record<string, string | undefined>,
  payload: unknown,
): NormalizedHook {
  const deliveryId = header(headers, "X-GitHub-Delivery");
  const kind = header(headers, "X-GitHub-Event");
  if (kind === undefined) {
    throw new BadPayloadError(
      "X-GitHub-Event header missing",
      "Point a GitHub webhook (content type application/json) at /hooks/github; it sends X-GitHub-Event.",
    );
  }
  if (kind === "ping") return ignore("ping: the webhook is set up; nothing to report", deliveryId);
  if (!Object.hasOwn(READERS, kind)) {
    return ignore(
      `X-GitHub-Event ${kind} is not handled; dingpipe reads ${GITHUB_EVENTS.join(", ")}`,
      deliveryId,
    );
  }
  return READERS[kind as keyof typeof READERS](requireObject(payload, "body"), deliveryId);
}

function workflow(
  kind: "workflow_run" | "workflow_job",
  body: JsonObject,
  deliveryId: string | undefined,
): NormalizedHook {
  const action = requireText(body, "action", "body");
  const item = requireObject(body[kind], kind);
  const outcome = statusOf(kind, action, item);
  if ("ignored" in outcome) return ignore(outcome.ignored, deliveryId);
  const repo = repositoryOf(body);
  const facts = kind === "workflow_run" ? runFacts(item, body, repo) : jobFacts(item, repo, action);
  facts.triggerUser ??= senderOf(body);
  return single(toEvent(facts, outcome.status), deliveryId);
}

/** The canonical status, or why this action is not reported. */
function statusOf(kind: string, action: string, item: JsonObject): { status: Status } | { ignored: string } {
  if (action === "completed") {
    const conclusion = text(item["conclusion"]);
    if (conclusion === undefined) throw new BadPayloadError(`${kind}.conclusion missing`);
    const status = toStatus(conclusion);
    return status
      ? { status }
      : { ignored: `${kind} completed with conclusion ${conclusion} is not a task state we report` };
  }
  if (kind === "workflow_run" && action === "requested") {
    return {
      ignored:
        "workflow_run requested: every run is requested before it starts, so it is not reported; its start (in_progress) and end (completed) are, and workflow_job reports queued and waiting jobs",
    };
  }
  const known = kind === "workflow_run" ? ["in_progress"] : ["queued", "waiting", "in_progress"];
  const status = known.includes(action) ? toStatus(action) : undefined;
  return status ? { status } : { ignored: `${kind} ${action} is not a task state we report` };
}

/**
 * The workflow's name: `workflow_run.name`, which GitHub often sends empty, then the top-level `workflow.name`,
 * then the workflow file (`.github/workflows/ci.yml` → `ci.yml`).
 */
function workflowName(run: JsonObject, body: JsonObject): string {
  const name =
    text(run["name"]) ?? text(asObject(body["workflow"])?.["name"]) ?? text(run["path"])?.split("/").pop();
  if (name !== undefined) return name;
  throw new BadPayloadError(
    "workflow_run.name, workflow.name and workflow_run.path are all missing, so the workflow has no name",
    "GitHub names the workflow in at least one of them; if this delivery came from GitHub, please report it with its X-GitHub-Delivery id so the reader can learn this shape.",
  );
}

function runFacts(
  run: JsonObject,
  body: JsonObject,
  { repo, repoUrl }: GithubRepo,
): CiFacts & { pipeline: string; task: string } {
  const name = workflowName(run, body);
  const workflowFile = text(run["path"])?.split("/").pop();
  const headCommit = asObject(run["head_commit"]);
  const sha = text(run["head_sha"]);
  const url = text(run["html_url"]);
  return {
    provider: "github",
    pipeline: name,
    pipelineUrl: repoUrl && workflowFile ? `${repoUrl}/actions/workflows/${workflowFile}` : undefined,
    runId: id(run["id"]),
    runNumber: count(run["run_number"]),
    runUrl: url,
    triggerUser:
      text(asObject(run["triggering_actor"])?.["login"]) ?? text(asObject(run["actor"])?.["login"]),
    triggerEvent: text(run["event"]),
    task: name,
    taskUrl: url,
    startedAt: isoTime(run["run_started_at"]),
    finishedAt: text(run["status"]) === "completed" ? isoTime(run["updated_at"]) : undefined,
    repo,
    branch: text(run["head_branch"]),
    commitSha: sha,
    commitMessage: text(headCommit?.["message"]),
    commitAuthor: text(asObject(headCommit?.["author"])?.["name"]),
    commitUrl: commitUrl(repoUrl, sha),
    ...pullRequestOf(run["pull_requests"], repoUrl),
  };
}

function jobFacts(
  job: JsonObject,
  { repo, repoUrl }: GithubRepo,
  action: string,
): CiFacts & { pipeline: string; task: string } {
  const task = requireText(job, "name", "workflow_job");
  const pipeline = text(job["workflow_name"]) ?? repo;
  if (pipeline === undefined)
    throw new BadPayloadError(
      "workflow_job.workflow_name and repository.full_name are both missing, so the job has no pipeline",
    );
  const runId = id(job["run_id"]);
  const attempt = count(job["run_attempt"]);
  const sha = text(job["head_sha"]);
  const queued = action === "queued" || action === "waiting";
  return {
    provider: "github",
    pipeline,
    // A job carries no run number: the run is named by its id, never shown as "#<id>".
    runId,
    runUrl: runPage(repoUrl, runId, attempt),
    task,
    taskUrl: text(job["html_url"]),
    startedAt: queued ? undefined : isoTime(job["started_at"]),
    finishedAt: action === "completed" ? isoTime(job["completed_at"]) : undefined,
    repo,
    branch: text(job["head_branch"]),
    commitSha: sha,
    commitUrl: commitUrl(repoUrl, sha),
  };
}

/** `…/actions/runs/<id>`, or `…/attempts/<n>` for a re-run, so the link shows the attempt this job ran in. */
function runPage(
  repoUrl: string | undefined,
  runId: string | undefined,
  attempt: number | undefined,
): string | undefined {
  if (!repoUrl || !runId) return undefined;
  const run = `${repoUrl}/actions/runs/${runId}`;
  return attempt !== undefined && attempt > 1 ? `${run}/attempts/${attempt}` : run;
}
