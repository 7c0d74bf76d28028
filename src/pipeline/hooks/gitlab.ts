/**
 * GitLab webhooks: "Pipeline Hook" (one event for the whole pipeline: the pipeline is its own task), "Job Hook"
 * (one event per job status change) and "Deployment Hook" (a deployment to an environment: running, success,
 * failed, canceled).
 *
 * Numbers: a pipeline's number is its ID — the `#1234567` GitLab shows in its pipeline list, pages and
 * e-mails, and the one in its URL (`/-/pipelines/<id>`). Both hooks carry it (`object_attributes.id`,
 * `pipeline_id`), so a job's message and its pipeline's message show the same number.
 * Queued noise: a job or pipeline goes created → (waiting_for_resource →) pending (→ preparing) → running;
 * only `pending` is reported as waiting, the other queue states are ignored with the reason. `manual` and
 * `scheduled` (waiting for a person or a time) are reported as waiting too; `canceling` is transitional.
 */
import { BadPayloadError } from "../errors.ts";
import { type CiFacts, toEvent } from "../facts.ts";
import { toStatus } from "../status.ts";
import { count, id, isoTime, repoFromUrl, secondsToMs, text } from "../values.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { asObject, header, type JsonObject, requireObject, requireText, variablesFrom } from "./payload.ts";

const KINDS = ["Pipeline Hook", "Job Hook", "Deployment Hook"] as const;
type Kind = (typeof KINDS)[number];

/** States that only say a job is still on its way to the queue, or leaving it: `pending` reports it once. */
const QUEUE_STATES = new Set(["created", "waiting_for_resource", "preparing"]);

export function normalizeGitlab(
  headers: Record<string, string | undefined>,
  payload: unknown,
): NormalizedHook {
  // Idempotency-Key (GitLab 17.4+) is documented to stay the same when GitLab retries a delivery.
  const deliveryId = header(headers, "Idempotency-Key") ?? header(headers, "X-Gitlab-Event-UUID");
  const body = requireObject(payload, "body");
  const kind = header(headers, "X-Gitlab-Event") ?? kindOf(text(body["object_kind"]));
  if (kind === undefined) {
    throw new BadPayloadError(
      "X-Gitlab-Event header and object_kind missing",
      "Point a GitLab webhook with pipeline, job or deployment events at /hooks/gitlab.",
    );
  }
  if (!(KINDS as readonly string[]).includes(kind)) {
    return ignore(
      `X-Gitlab-Event ${kind} is not handled; enable pipeline, job or deployment events`,
      deliveryId,
    );
  }
  const word = statusWord(kind as Kind, body);
  if (QUEUE_STATES.has(word))
    return ignore(`${kind} status ${word}: still queueing; pending is reported once as waiting`, deliveryId);
  if (word === "canceling")
    return ignore(`${kind} status canceling is transitional; canceled follows`, deliveryId);
  const status = toStatus(word);
  if (status === undefined) return ignore(`${kind} status ${word} is not a task state we report`, deliveryId);
  switch (kind as Kind) {
    case "Pipeline Hook": {
      const attributes = requireObject(body["object_attributes"], "object_attributes");
      return single(
        toEvent(pipelineFacts(body, attributes), status, variablesFrom(attributes["variables"])),
        deliveryId,
      );
    }
    case "Job Hook":
      return single(toEvent(jobFacts(body), status), deliveryId);
    case "Deployment Hook": {
      const { facts, variables } = deploymentFacts(body, status === "started");
      return single(toEvent(facts, status, variables), deliveryId);
    }
  }
}

function kindOf(objectKind: string | undefined): string | undefined {
  if (objectKind === "pipeline") return "Pipeline Hook";
  if (objectKind === "build") return "Job Hook";
  if (objectKind === "deployment") return "Deployment Hook";
  return objectKind;
}

function statusWord(kind: Kind, body: JsonObject): string {
  switch (kind) {
    case "Pipeline Hook":
      return requireText(
        requireObject(body["object_attributes"], "object_attributes"),
        "status",
        "object_attributes",
      );
    case "Job Hook":
      return requireText(body, "build_status", "body");
    case "Deployment Hook":
      return requireText(body, "status", "body");
  }
}

/** Project facts every hook shares: `owner/name`, its web URL, the user. */
function project(body: JsonObject): { repo?: string; web?: string; user?: string } {
  const p = asObject(body["project"]);
  const web = text(p?.["web_url"]) ?? text(asObject(body["repository"])?.["homepage"]);
  const user = asObject(body["user"]);
  return {
    repo: text(p?.["path_with_namespace"]) ?? repoFromUrl(web),
    web,
    user: text(user?.["name"]) ?? text(user?.["username"]),
  };
}

/** The pipeline's number (its ID) and page. */
function pipelineRun(web: string | undefined, pipelineId: unknown, url?: string) {
  const runId = id(pipelineId);
  return {
    runId,
    runNumber: count(pipelineId),
    runUrl: url ?? (web && runId ? `${web}/-/pipelines/${runId}` : undefined),
  };
}

function pipelineFacts(body: JsonObject, a: JsonObject): CiFacts & { pipeline: string; task: string } {
  const { repo, web, user } = project(body);
  const pipeline = text(a["name"]) ?? repo ?? text(asObject(body["project"])?.["name"]);
  if (pipeline === undefined)
    throw new BadPayloadError("object_attributes.name and project.path_with_namespace missing");
  const run = pipelineRun(web, a["id"], text(a["url"]));
  const commit = asObject(body["commit"]);
  const sha = text(a["sha"]) ?? text(commit?.["id"]);
  const mr = asObject(body["merge_request"]);
  const mrIid = id(mr?.["iid"]);
  return {
    provider: "gitlab",
    triggerUser: user,
    repo,
    pipeline,
    pipelineUrl: web ? `${web}/-/pipelines` : undefined,
    ...run,
    triggerEvent: text(a["source"]),
    task: pipeline,
    taskUrl: run.runUrl,
    startedAt: isoTime(a["created_at"]),
    finishedAt: isoTime(a["finished_at"]),
    durationMs: secondsToMs(a["duration"]),
    branch: text(mr?.["source_branch"]) ?? text(a["ref"]),
    commitSha: sha,
    commitMessage: text(commit?.["message"]),
    commitAuthor: text(asObject(commit?.["author"])?.["name"]),
    commitUrl: text(commit?.["url"]) ?? (web && sha ? `${web}/-/commit/${sha}` : undefined),
    pullRequestId: mrIid,
    pullRequestTitle: mrIid ? text(mr?.["title"]) : undefined,
    pullRequestUrl: mrIid ? text(mr?.["url"]) : undefined,
  };
}

function jobFacts(body: JsonObject): CiFacts & { pipeline: string; task: string } {
  const { repo, web, user } = project(body);
  const task = requireText(body, "build_name", "body");
  const commit = asObject(body["commit"]);
  // commit.name is the pipeline's name (workflow:name, GitLab 15.8+); commit.id is the pipeline's ID.
  const pipeline = text(commit?.["name"]) ?? repo ?? text(body["project_name"]);
  if (pipeline === undefined)
    throw new BadPayloadError("commit.name, project.path_with_namespace and project_name missing");
  const buildId = id(body["build_id"]);
  const sha = text(body["sha"]) ?? text(commit?.["sha"]);
  return {
    provider: "gitlab",
    triggerUser: user,
    repo,
    pipeline,
    pipelineUrl: web ? `${web}/-/pipelines` : undefined,
    ...pipelineRun(web, body["pipeline_id"] ?? commit?.["id"]),
    stage: text(body["build_stage"]),
    task,
    taskUrl: web && buildId ? `${web}/-/jobs/${buildId}` : undefined,
    startedAt: isoTime(body["build_started_at_iso"]) ?? isoTime(body["build_started_at"]),
    finishedAt: isoTime(body["build_finished_at_iso"]) ?? isoTime(body["build_finished_at"]),
    durationMs: secondsToMs(body["build_duration"]),
    branch: text(body["ref"]),
    commitSha: sha,
    commitMessage: text(commit?.["message"]),
    commitAuthor: text(commit?.["author_name"]),
    commitUrl: web && sha ? `${web}/-/commit/${sha}` : undefined,
  };
}

/**
 * A deployment: "deploy to <environment>" in the project, linked to the job that deployed. DEPLOY_ENVIRONMENT
 * and DEPLOY_URL (the environment's external URL) are variables for custom content.
 */
function deploymentFacts(
  body: JsonObject,
  running: boolean,
): { facts: CiFacts & { pipeline: string; task: string }; variables: Record<string, string> } {
  const { repo, web, user } = project(body);
  if (repo === undefined) throw new BadPayloadError("project.path_with_namespace missing");
  const environment = requireText(body, "environment", "body");
  const commitLink = text(body["commit_url"]);
  const sha = /\/commit\/([0-9a-f]{7,64})$/i.exec(commitLink ?? "")?.[1] ?? text(body["short_sha"]);
  const variables: Record<string, string> = { DEPLOY_ENVIRONMENT: environment };
  const external = text(body["environment_external_url"]);
  if (external !== undefined) variables["DEPLOY_URL"] = external;
  return {
    facts: {
      provider: "gitlab",
      triggerUser: user,
      repo,
      pipeline: repo,
      pipelineUrl: web ? `${web}/-/environments` : undefined,
      task: `deploy to ${environment}`,
      taskUrl: text(body["deployable_url"]),
      startedAt: running ? isoTime(body["status_changed_at"]) : undefined,
      finishedAt: running ? undefined : isoTime(body["status_changed_at"]),
      branch: text(body["ref"]),
      commitSha: sha,
      commitMessage: text(body["commit_title"]),
      commitUrl: commitLink ?? (web && sha ? `${web}/-/commit/${sha}` : undefined),
    },
    variables,
  };
}
