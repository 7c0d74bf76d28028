/**
 * Gitee pipeline webhook plugin: `{job, sources, globalParams}`, one event per task state change.
 * `job.pipelineUrl` links to the task inside the run (…/history/<run>/stages/<s>/jobs/<j>), so it
 * is the task's URL. The code source is the first GITEE_GO source; a PIPELINE source (upstream
 * pipeline) lends its GITEE_REPO/BRANCH/COMMIT from `upParams` when there is no code source.
 * Repository WebHooks (Push Hook, Merge Request Hook, Note Hook…: `hook_name`, `X-Gitee-Event`) carry no
 * task state: they are answered "ignored" with the reason, never refused. The commit links to
 * `https://gitee.com/<repoPath>/commit/<commitId>`. Authenticity (X-Gitee-Token) is checked before this.
 */
import { BadPayloadError } from "../errors.ts";
import { toEvent } from "../facts.ts";
import { toStatus } from "../status.ts";
import { count, text } from "../values.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import {
  asObject,
  firstObject,
  header,
  type JsonObject,
  requireObject,
  requireText,
  variablesFrom,
} from "./payload.ts";

export function normalizeGitee(
  headers: Record<string, string | undefined>,
  payload: unknown,
): NormalizedHook {
  const body = requireObject(payload, "body");
  const repositoryHook = header(headers, "X-Gitee-Event") ?? text(body["hook_name"]);
  if (body["job"] === undefined && repositoryHook !== undefined) {
    return ignore(
      `Gitee ${repositoryHook} is a repository WebHook, which carries no task state; dingpipe reads the Webhook notification of a pipeline task (see docs/ci.md)`,
    );
  }
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
        commitUrl: commitUrl(source.repo, source.commit),
      },
      status,
      variablesFrom(body["globalParams"]),
    ),
  );
}

/** Gitee's commit page, when the repository is an `owner/name` path and the commit a hex sha. */
function commitUrl(repo: string | undefined, sha: string | undefined): string | undefined {
  if (repo === undefined || sha === undefined) return undefined;
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^[0-9a-f]{6,64}$/i.test(sha)) return undefined;
  return `https://gitee.com/${repo}/commit/${sha}`;
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
