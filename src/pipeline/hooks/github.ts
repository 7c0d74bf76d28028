/**
 * GitHub webhooks: `workflow_run` (a workflow run is pipeline and task at once) and `workflow_job`
 * (one job of a run). Status: `completed` + conclusion, `in_progress` → started, `requested` /
 * `queued` / `waiting` → waiting. `ping` and other events are ignored with the reason.
 */
import { BadPayloadError } from "../errors.ts";
import { type CiFacts, toEvent } from "../facts.ts";
import { type Status, toStatus } from "../status.ts";
import { count, id, isoTime, text } from "../values.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { asObject, firstObject, header, type JsonObject, requireObject, requireText } from "./payload.ts";

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
  if (kind !== "workflow_run" && kind !== "workflow_job") {
    return ignore(
      `X-GitHub-Event ${kind} is not handled; subscribe to workflow runs and workflow jobs`,
      deliveryId,
    );
  }
  const body = requireObject(payload, "body");
  const action = requireText(body, "action", "body");
  const item = requireObject(body[kind], kind);
  const outcome = statusOf(kind, action, item);
  if ("ignored" in outcome) return ignore(outcome.ignored, deliveryId);
  const repository = asObject(body["repository"]);
  const facts = kind === "workflow_run" ? runFacts(item, repository) : jobFacts(item, repository, action);
  const sender = text(asObject(body["sender"])?.["login"]);
  if (facts.triggerUser === undefined && sender !== undefined) facts.triggerUser = sender;
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
  const known = kind === "workflow_run" ? ["requested", "in_progress"] : ["queued", "waiting", "in_progress"];
  const status = known.includes(action) ? toStatus(action) : undefined;
  return status ? { status } : { ignored: `${kind} ${action} is not a task state we report` };
}

function runFacts(
  run: JsonObject,
  repository: JsonObject | undefined,
): CiFacts & { pipeline: string; task: string } {
  const name = text(run["name"]) ?? text(asObject(run["workflow"])?.["name"]);
  if (name === undefined) throw new BadPayloadError("workflow_run.name missing");
  const repoUrl = text(repository?.["html_url"]);
  const workflowFile = text(run["path"])?.split("/").pop();
  const headCommit = asObject(run["head_commit"]);
  const pr = firstObject(run["pull_requests"], (p) => count(p["number"]) !== undefined);
  const prNumber = pr ? String(count(pr["number"])) : undefined;
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
    repo: text(repository?.["full_name"]),
    branch: text(run["head_branch"]),
    commitSha: sha,
    commitMessage: text(headCommit?.["message"]),
    commitAuthor: text(asObject(headCommit?.["author"])?.["name"]),
    commitUrl: repoUrl && sha ? `${repoUrl}/commit/${sha}` : undefined,
    pullRequestId: prNumber,
    pullRequestUrl: repoUrl && prNumber ? `${repoUrl}/pull/${prNumber}` : undefined,
  };
}

function jobFacts(
  job: JsonObject,
  repository: JsonObject | undefined,
  action: string,
): CiFacts & { pipeline: string; task: string } {
  const task = requireText(job, "name", "workflow_job");
  const repo = text(repository?.["full_name"]);
  const pipeline = text(job["workflow_name"]) ?? repo;
  if (pipeline === undefined)
    throw new BadPayloadError("workflow_job.workflow_name and repository.full_name missing");
  const repoUrl = text(repository?.["html_url"]);
  const runId = id(job["run_id"]);
  const sha = text(job["head_sha"]);
  return {
    provider: "github",
    pipeline,
    runId,
    runUrl: repoUrl && runId ? `${repoUrl}/actions/runs/${runId}` : undefined,
    task,
    taskUrl: text(job["html_url"]),
    startedAt: action === "queued" ? undefined : isoTime(job["started_at"]),
    finishedAt: action === "completed" ? isoTime(job["completed_at"]) : undefined,
    repo,
    branch: text(job["head_branch"]),
    commitSha: sha,
    commitUrl: repoUrl && sha ? `${repoUrl}/commit/${sha}` : undefined,
  };
}
