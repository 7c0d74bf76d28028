/**
 * Gitee pipeline webhook plugin: `{job, sources, globalParams}`, one event per task state change.
 * `job.pipelineUrl` links to the task inside the run (…/history/<run>/stages/<s>/jobs/<j>), so it
 * is the task's URL. The code source is the first GITEE_GO source; a PIPELINE source (upstream
 * pipeline) lends its GITEE_REPO/BRANCH/COMMIT from `upParams` when there is no code source.
 * Gitee documents no signature for this plugin: see docs/ci.md for the shared token.
 */
import { BadPayloadError } from "../errors.ts";
import { toEvent } from "../facts.ts";
import { toStatus } from "../status.ts";
import { count, text } from "../values.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import {
  asObject,
  firstObject,
  type JsonObject,
  requireObject,
  requireText,
  variablesFrom,
} from "./payload.ts";

export function normalizeGitee(
  _headers: Record<string, string | undefined>,
  payload: unknown,
): NormalizedHook {
  const body = requireObject(payload, "body");
  const job = requireObject(body["job"], "job");
  const code = requireText(job, "statusCode", "job");
  const status = toStatus(code);
  if (status === undefined) return ignore(`Gitee job statusCode ${code} is not a task state we report`);
  const pipeline = requireText(job, "pipelineName", "job");
  const task = requireText(job, "jobName", "job");
  const source = codeSource(body["sources"]);
  return single(
    toEvent(
      {
        provider: "gitee",
        pipeline,
        runNumber: count(job["buildNumber"]),
        stage: text(job["stageName"]),
        task,
        taskUrl: text(job["pipelineUrl"]),
        repo: source.repo,
        branch: source.branch,
        commitSha: source.commit,
      },
      status,
      variablesFrom(body["globalParams"]),
    ),
  );
}

function codeSource(sources: unknown): { repo?: string; branch?: string; commit?: string } {
  if (sources !== undefined && sources !== null && !Array.isArray(sources)) {
    throw new BadPayloadError("sources is not a list");
  }
  const gitee = firstObject(sources, (s) => text(s["repoPath"]) !== undefined);
  if (gitee)
    return { repo: text(gitee["repoPath"]), branch: text(gitee["branch"]), commit: text(gitee["commitId"]) };
  const upstream = firstObject(sources, (s) => text(s["sourceType"]) === "PIPELINE");
  const params = upstream ? parseParams(upstream["upParams"]) : undefined;
  if (!params) return {};
  return {
    repo: text(params["GITEE_REPO"]),
    branch: text(params["GITEE_BRANCH"]),
    commit: text(params["GITEE_COMMIT"]),
  };
}

/** `upParams` is a JSON object serialized into a string; anything else yields nothing. */
function parseParams(value: unknown): JsonObject | undefined {
  if (typeof value !== "string") return asObject(value);
  try {
    return asObject(JSON.parse(value));
  } catch {
    return undefined;
  }
}
