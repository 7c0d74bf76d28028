/**
 * GitHub `deployment_status`: one deployment to one environment. The task is "deploy to <environment>"; the
 * pipeline is the workflow run that deployed (GitHub Actions sends `workflow_run` along) or else the
 * repository. States: success, failure / error → failure, in_progress → started, queued / pending / waiting
 * → waiting; `inactive` only says a newer deployment replaced this one and is ignored.
 * DEPLOY_ENVIRONMENT and DEPLOY_URL (the environment's URL) are variables for custom content.
 */

import { BadPayloadError } from "../errors.ts";
import { toEvent } from "../facts.ts";
import type { Status } from "../status.ts";
import { count, id, isoTime, text } from "../values.ts";
import { commitUrl, repositoryOf, senderOf } from "./github-common.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { asObject, type JsonObject, requireObject, requireText } from "./payload.ts";

const STATES: Record<string, Status> = {
  success: "success",
  failure: "failure",
  error: "failure",
  in_progress: "started",
  queued: "waiting",
  pending: "waiting",
  waiting: "waiting",
};

export function normalizeDeploymentStatus(body: JsonObject, deliveryId: string | undefined): NormalizedHook {
  const ds = requireObject(body["deployment_status"], "deployment_status");
  const deployment = requireObject(body["deployment"], "deployment");
  const state = requireText(ds, "state", "deployment_status");
  if (state === "inactive")
    return ignore("deployment_status inactive: a newer deployment replaced this one", deliveryId);
  const status = STATES[state];
  if (status === undefined)
    return ignore(`deployment_status ${state} is not a task state we report`, deliveryId);
  const environment = text(ds["environment"]) ?? text(deployment["environment"]);
  if (environment === undefined)
    throw new BadPayloadError("deployment_status.environment and deployment.environment missing");
  const { repo, repoUrl } = repositoryOf(body);
  const run = asObject(body["workflow_run"]);
  const runName = text(run?.["name"]);
  const pipeline = runName ?? repo;
  if (pipeline === undefined)
    throw new BadPayloadError("repository.full_name missing, so the deployment has no pipeline");
  const sha = text(deployment["sha"]);
  const ref = text(deployment["ref"]);
  const verb = text(deployment["task"]) ?? "deploy";
  const final = status !== "started" && status !== "waiting";
  const environmentUrl = text(ds["environment_url"]);
  const variables: Record<string, string> = { DEPLOY_ENVIRONMENT: environment };
  if (environmentUrl !== undefined) variables["DEPLOY_URL"] = environmentUrl;
  return single(
    toEvent(
      {
        provider: "github",
        pipeline,
        pipelineUrl: runName ? undefined : repoUrl && `${repoUrl}/deployments`,
        runId: runName ? id(run?.["id"]) : undefined,
        runNumber: runName ? count(run?.["run_number"]) : undefined,
        runUrl: runName ? text(run?.["html_url"]) : undefined,
        triggerUser: text(asObject(deployment["creator"])?.["login"]) ?? senderOf(body),
        triggerEvent: runName ? text(run?.["event"]) : undefined,
        task: `${verb} to ${environment}`,
        taskUrl: text(ds["log_url"]) ?? text(ds["target_url"]) ?? environmentUrl,
        startedAt: status === "waiting" ? undefined : isoTime(deployment["created_at"]),
        finishedAt: final ? isoTime(ds["created_at"]) : undefined,
        repo,
        // A deployment's ref may be a branch, a tag or the sha itself; a sha is not a branch.
        branch: ref !== undefined && ref !== sha ? ref : undefined,
        commitSha: sha,
        commitUrl: commitUrl(repoUrl, sha),
      },
      status,
      variables,
    ),
    deliveryId,
  );
}
