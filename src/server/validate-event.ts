/**
 * Validation of a PipelineEvent from the outside (POST /api/events, preview): required fields present,
 * every field of the right type, the status canonical (aliases accepted), unknown fields dropped, empty
 * strings treated as absent. Returns a clean PipelineEvent or throws HttpError 400 with details.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import { STATUSES, statusOf, suggestStatus, toStatus, toTransition } from "../pipeline/status.ts";
import { badRequest, type ErrorDetail } from "./errors.ts";

type Obj = Record<string, unknown>;
const MAX_STRING = 10_000;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function validateEvent(body: unknown, prefix = ""): PipelineEvent {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path: prefix + path, message });
  if (!isObj(body)) throw badRequest("invalid event: the body must be a PipelineEvent JSON object");

  const obj = (v: unknown, path: string, required = false): Obj | undefined => {
    if (v === undefined || v === null) {
      if (required) add(path, "is required");
      return undefined;
    }
    if (!isObj(v)) {
      add(path, "must be an object");
      return undefined;
    }
    return v;
  };
  const s = (o: Obj | undefined, key: string, path: string, required = false): string | undefined => {
    const v = o?.[key];
    if (v === undefined || v === null || v === "") {
      if (required) add(path, "is required");
      return undefined;
    }
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (typeof v !== "string") {
      add(path, "must be a string");
      return undefined;
    }
    if (v.length > MAX_STRING) {
      add(path, `must be at most ${MAX_STRING} characters`);
      return undefined;
    }
    return v;
  };
  const n = (o: Obj | undefined, key: string, path: string): number | undefined => {
    const v = o?.[key];
    if (v === undefined || v === null || v === "") return undefined;
    const num = typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    if (typeof num !== "number" || !Number.isFinite(num)) {
      add(path, "must be a number");
      return undefined;
    }
    return num;
  };
  const time = (o: Obj | undefined, key: string, path: string): string | undefined => {
    const v = s(o, key, path);
    if (v !== undefined && Number.isNaN(Date.parse(v))) {
      add(path, "must be an ISO-8601 time (2026-11-23T08:00:00Z)");
      return undefined;
    }
    return v;
  };
  // Copies without the undefined fields (no `delete`: it would make every event object slow to use).
  const defined = <T extends Obj>(o: T): T | undefined => {
    const out: Obj = {};
    let any = false;
    for (const k in o) {
      const v = o[k];
      if (v === undefined) continue;
      out[k] = v;
      any = true;
    }
    return any ? (out as T) : undefined;
  };

  const pipeline = obj(body["pipeline"], "pipeline", true);
  const task = obj(body["task"], "task", true);
  const run = obj(body["run"], "run");
  const trigger = obj(run?.["trigger"], "run.trigger");
  const stage = obj(body["stage"], "stage");
  const source = obj(body["source"], "source");
  const commit = obj(source?.["commit"], "source.commit");
  const pr = obj(source?.["pullRequest"], "source.pullRequest");

  const statusWord = s(task, "status", "task.status", task !== undefined);
  const status = statusWord === undefined ? undefined : toStatus(statusWord);
  const transition = statusWord === undefined ? undefined : toTransition(statusWord);
  if (statusWord !== undefined && status === undefined && transition !== undefined) {
    add(
      "task.status",
      `'${statusWord}' is a transition the service derives from the task's history, not a task's state: send '${statusOf(transition)}'`,
    );
  } else if (statusWord !== undefined && status === undefined) {
    const hint = suggestStatus(statusWord);
    add(
      "task.status",
      `unknown status '${statusWord}'${hint ? ` — did you mean '${hint}'?` : ""} (one of ${STATUSES.join(", ")})`,
    );
  }

  const event: Obj = {
    pipeline: {
      name: s(pipeline, "name", "pipeline.name", pipeline !== undefined),
      displayName: s(pipeline, "displayName", "pipeline.displayName"),
      url: s(pipeline, "url", "pipeline.url"),
    },
    task: {
      name: s(task, "name", "task.name", task !== undefined),
      status,
      url: s(task, "url", "task.url"),
      startedAt: time(task, "startedAt", "task.startedAt"),
      finishedAt: time(task, "finishedAt", "task.finishedAt"),
      durationMs: n(task, "durationMs", "task.durationMs"),
      exitCode: n(task, "exitCode", "task.exitCode"),
      logTail: s(task, "logTail", "task.logTail"),
    },
  };
  if (run) {
    event["run"] = defined({
      id: s(run, "id", "run.id"),
      number: n(run, "number", "run.number"),
      url: s(run, "url", "run.url"),
      trigger: trigger
        ? defined({
            user: s(trigger, "user", "run.trigger.user"),
            event: s(trigger, "event", "run.trigger.event"),
          })
        : undefined,
    });
  }
  if (stage) {
    const name = s(stage, "name", "stage.name");
    if (name !== undefined) event["stage"] = { name };
  }
  if (source) {
    const sha = s(commit, "sha", "source.commit.sha", commit !== undefined);
    const prId = s(pr, "id", "source.pullRequest.id", pr !== undefined);
    event["source"] = defined({
      provider: s(source, "provider", "source.provider"),
      repo: s(source, "repo", "source.repo"),
      branch: s(source, "branch", "source.branch"),
      commit:
        sha === undefined
          ? undefined
          : defined({
              sha,
              message: s(commit, "message", "source.commit.message"),
              author: s(commit, "author", "source.commit.author"),
              url: s(commit, "url", "source.commit.url"),
            }),
      pullRequest:
        prId === undefined
          ? undefined
          : defined({
              id: prId,
              title: s(pr, "title", "source.pullRequest.title"),
              url: s(pr, "url", "source.pullRequest.url"),
            }),
    });
  }
  const vars = obj(body["variables"], "variables");
  if (vars) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(vars)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
        add(`variables.${k}`, "is not a variable name (letters, digits, _)");
      else if (typeof v === "string") out[k] = v.slice(0, MAX_STRING);
      else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
      else add(`variables.${k}`, "must be a string");
    }
    if (Object.keys(out).length > 0) event["variables"] = out;
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    throw badRequest(
      `invalid event: ${first.path}: ${first.message}${more}`,
      problems,
      "send a PipelineEvent (docs/api.md): pipeline.name, task.name and task.status are required",
    );
  }
  event["pipeline"] = defined(event["pipeline"] as Obj);
  event["task"] = defined(event["task"] as Obj);
  return defined(event) as unknown as PipelineEvent;
}
