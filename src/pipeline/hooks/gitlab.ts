/**
 * GitLab webhooks: "Pipeline Hook" (one event for the whole pipeline: the pipeline is its own task)
 * and "Job Hook" (one event per job status change). Statuses go through toStatus; GitLab's
 * transitional `canceling` and unknown words are ignored with the reason.
 */
import { BadPayloadError } from "../errors.ts";
import { type CiFacts, toEvent } from "../facts.ts";
import { toStatus } from "../status.ts";
import { count, id, isoTime, secondsToMs, text } from "../values.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { asObject, header, type JsonObject, requireObject, requireText, variablesFrom } from "./payload.ts";

export function normalizeGitlab(
  headers: Record<string, string | undefined>,
  payload: unknown,
): NormalizedHook {
  const deliveryId = header(headers, "X-Gitlab-Event-UUID") ?? header(headers, "Idempotency-Key");
  const body = requireObject(payload, "body");
  const kind = header(headers, "X-Gitlab-Event") ?? kindOf(text(body["object_kind"]));
  if (kind === undefined) {
    throw new BadPayloadError(
      "X-Gitlab-Event header and object_kind missing",
      "Point a GitLab webhook with pipeline or job events at /hooks/gitlab.",
    );
  }
  if (kind !== "Pipeline Hook" && kind !== "Job Hook") {
    return ignore(`X-Gitlab-Event ${kind} is not handled; enable pipeline events or job events`, deliveryId);
  }
  const word = kind === "Pipeline Hook" ? pipelineStatus(body) : requireText(body, "build_status", "body");
  const status = toStatus(word);
  if (status === undefined) return ignore(`${kind} status ${word} is not a task state we report`, deliveryId);
  if (kind === "Pipeline Hook") {
    const attributes = requireObject(body["object_attributes"], "object_attributes");
    return single(
      toEvent(pipelineFacts(body, attributes), status, variablesFrom(attributes["variables"])),
      deliveryId,
    );
  }
  return single(toEvent(jobFacts(body), status), deliveryId);
}

function kindOf(objectKind: string | undefined): string | undefined {
  if (objectKind === "pipeline") return "Pipeline Hook";
  if (objectKind === "build") return "Job Hook";
  return objectKind;
}

function pipelineStatus(body: JsonObject): string {
  return requireText(
    requireObject(body["object_attributes"], "object_attributes"),
    "status",
    "object_attributes",
  );
}

/** Facts shared by both hooks: project, user, commit. */
function common(body: JsonObject): CiFacts {
  const project = asObject(body["project"]);
  const user = asObject(body["user"]);
  return {
    provider: "gitlab",
    triggerUser: text(user?.["name"]) ?? text(user?.["username"]),
    repo: text(project?.["path_with_namespace"]),
  };
}

function pipelineFacts(body: JsonObject, a: JsonObject): CiFacts & { pipeline: string; task: string } {
  const base = common(body);
  const project = asObject(body["project"]);
  const web = text(project?.["web_url"]);
  const pipeline = text(a["name"]) ?? base.repo ?? text(project?.["name"]);
  if (pipeline === undefined)
    throw new BadPayloadError("object_attributes.name and project.path_with_namespace missing");
  const runId = id(a["id"]);
  const runUrl = text(a["url"]) ?? (web && runId ? `${web}/-/pipelines/${runId}` : undefined);
  const commit = asObject(body["commit"]);
  const sha = text(a["sha"]) ?? text(commit?.["id"]);
  const mr = asObject(body["merge_request"]);
  const mrIid = id(mr?.["iid"]);
  return {
    ...base,
    pipeline,
    pipelineUrl: web ? `${web}/-/pipelines` : undefined,
    runId,
    runNumber: count(a["iid"]),
    runUrl,
    triggerEvent: text(a["source"]),
    task: pipeline,
    taskUrl: runUrl,
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
  const base = common(body);
  const task = requireText(body, "build_name", "body");
  const project = asObject(body["project"]);
  const web = text(project?.["web_url"]) ?? text(asObject(body["repository"])?.["homepage"]);
  const commit = asObject(body["commit"]);
  const pipeline = text(commit?.["name"]) ?? base.repo ?? text(body["project_name"]);
  if (pipeline === undefined)
    throw new BadPayloadError("commit.name, project.path_with_namespace and project_name missing");
  const runId = id(body["pipeline_id"]);
  const buildId = id(body["build_id"]);
  const sha = text(body["sha"]) ?? text(commit?.["sha"]);
  return {
    ...base,
    pipeline,
    pipelineUrl: web ? `${web}/-/pipelines` : undefined,
    runId,
    runUrl: web && runId ? `${web}/-/pipelines/${runId}` : undefined,
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
