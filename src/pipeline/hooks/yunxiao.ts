/**
 * Alibaba Cloud DevOps Flow (Yunxiao) webhook plugin: `{event: "task", action: "status", task,
 * sources, globalParams}`. `task.pipelineUrl` is the run (`…/pipelines/<id>?build=<n>`); without
 * its query it is the pipeline. CANCELLING is ignored (CANCELED follows), as is UNKOWN.
 * Codeup repository WebHooks (Push Hook, Merge Request Hook, Note Hook…: `Codeup-Event`, `object_kind`)
 * carry no task state and are answered "ignored" with the reason. A Codeup repository's commit links to
 * `https://codeup.aliyun.com/<repo>/commits/<sha>`, the form Codeup's own payloads use.
 * Flow documents no signature for this plugin: see docs/ci.md for the shared token.
 */
import { toEvent } from "../facts.ts";
import { toStatus } from "../status.ts";
import { count, repoFromUrl, text } from "../values.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { firstObject, header, requireObject, requireText, variablesFrom } from "./payload.ts";

export function normalizeYunxiao(
  headers: Record<string, string | undefined>,
  payload: unknown,
): NormalizedHook {
  const body = requireObject(payload, "body");
  const codeup =
    header(headers, "Codeup-Event") ?? header(headers, "X-Codeup-Event") ?? text(body["object_kind"]);
  if (body["task"] === undefined && codeup !== undefined) {
    return ignore(
      `Codeup ${codeup} is a repository WebHook, which carries no task state; dingpipe reads the Webhook plugin of a Flow pipeline task (see docs/ci.md)`,
    );
  }
  const event = text(body["event"]);
  const action = text(body["action"]);
  if (event !== "task" || action !== "status") {
    return ignore(
      `Flow webhook event ${event ?? "(none)"} / action ${action ?? "(none)"} is not a task status`,
    );
  }
  const task = requireObject(body["task"], "task");
  const code = requireText(task, "statusCode", "task");
  if (code.toUpperCase() === "CANCELLING")
    return ignore("Flow statusCode CANCELLING is transitional; CANCELED follows");
  const status = toStatus(code);
  if (status === undefined) return ignore(`Flow task statusCode ${code} is not a task state we report`);
  const runUrl = text(task["pipelineUrl"]);
  const source = firstObject(body["sources"]);
  const repoText = text(source?.["repo"]);
  const sha = text(source?.["commitId"]);
  return single(
    toEvent(
      {
        provider: "yunxiao",
        pipeline: requireText(task, "pipelineName", "task"),
        pipelineUrl: withoutQuery(runUrl),
        runNumber: count(task["buildNumber"]),
        runUrl,
        stage: text(task["stageName"]),
        task: requireText(task, "taskName", "task"),
        repo: repoText === undefined ? undefined : (repoFromUrl(repoText) ?? repoText),
        branch: text(source?.["branch"]),
        commitSha: sha,
        commitUrl: codeupCommit(repoText, sha),
      },
      status,
      variablesFrom(body["globalParams"]),
    ),
  );
}

/** `https://codeup.aliyun.com/<org>/<repo>/commits/<sha>` for a Codeup https clone URL and a hex sha. */
function codeupCommit(repo: string | undefined, sha: string | undefined): string | undefined {
  if (repo === undefined || sha === undefined || !/^[0-9a-f]{7,64}$/i.test(sha)) return undefined;
  try {
    const url = new URL(repo);
    if (url.protocol !== "https:" || url.hostname !== "codeup.aliyun.com") return undefined;
    const path = url.pathname.replace(/\.git$/, "").replace(/\/+$/, "");
    return path.split("/").length >= 3 ? `https://codeup.aliyun.com${path}/commits/${sha}` : undefined;
  } catch {
    return undefined;
  }
}

function withoutQuery(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.search === "") return undefined;
    parsed.search = "";
    parsed.hash = "";
    return parsed.toString();
  } catch {
    return undefined;
  }
}
