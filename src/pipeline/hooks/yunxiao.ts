/**
 * Alibaba Cloud DevOps Flow (Yunxiao) webhook plugin: `{event: "task", action: "status", task,
 * sources, globalParams}`. `task.pipelineUrl` is the run (`…/pipelines/<id>?build=<n>`); without
 * its query it is the pipeline. CANCELLING is ignored (CANCELED follows), as is UNKOWN.
 * Flow documents no signature for this plugin: see docs/ci.md for the shared token.
 */
import { toEvent } from "../facts.ts";
import { toStatus } from "../status.ts";
import { count, repoFromUrl, text } from "../values.ts";
import { ignore, type NormalizedHook, single } from "./hook.ts";
import { firstObject, requireObject, requireText, variablesFrom } from "./payload.ts";

export function normalizeYunxiao(
  _headers: Record<string, string | undefined>,
  payload: unknown,
): NormalizedHook {
  const body = requireObject(payload, "body");
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
        commitSha: text(source?.["commitId"]),
      },
      status,
      variablesFrom(body["globalParams"]),
    ),
  );
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
