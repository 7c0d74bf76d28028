/**
 * The state of one pipeline run, as the service keeps it: the run's facts (number, link, trigger,
 * commit) and each task with its state, times and duration, in the order the tasks were first seen.
 * `applyEvent` folds one event into it — a pure function, so both store dialects and the run card
 * share one behaviour. The run's overall state is derived (`runStatus`), never stored apart.
 */
import { eventDurationMs, isPipelineLevel } from "../notify/format.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { textKey } from "./key.ts";

export interface TaskState {
  name: string;
  stage?: string;
  status: Status;
  url?: string;
  /** ISO-8601; from the event, else when a started/waiting event for it was received. */
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** The event that last changed it. */
  eventId: string;
}

export interface RunState {
  source: string;
  pipeline: string;
  displayName?: string;
  pipelineUrl?: string;
  /** The run's id on its platform (or `#number` when only a number is known). */
  runId: string;
  number?: number;
  url?: string;
  trigger?: { user?: string; event?: string };
  repo?: string;
  branch?: string;
  commit?: { sha: string; message?: string; author?: string; url?: string };
  /** The run's own state, when the platform reports the run as a whole (a workflow run, a GitLab pipeline). */
  runStatus?: Status;
  tasks: TaskState[];
  /** Bumped on every change: a run card's updates are ordered by it. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Names a run: source, repository, pipeline and run id (unit separator between); undefined without a run.
 * NUL reads as U+FFFD, as in every text column (PostgreSQL's text refuses it), and so does a lone surrogate
 * (a name cut inside an emoji), as the column's UTF-8 stores it: the key is found again as it was stored.
 */
export function runKeyOf(source: string, event: PipelineEvent): string | undefined {
  const id = runIdOf(event);
  if (id === undefined) return undefined;
  return textKey(`${source}\u001f${event.source?.repo ?? ""}\u001f${event.pipeline.name}\u001f${id}`);
}

function runIdOf(event: PipelineEvent): string | undefined {
  const id = event.run?.id?.trim();
  if (id) return id;
  const n = event.run?.number;
  return typeof n === "number" && Number.isFinite(n) ? `#${n}` : undefined;
}

const TERMINAL: ReadonlySet<Status> = new Set(["success", "failure", "cancelled", "skipped"]);

export function isTerminal(status: Status): boolean {
  return TERMINAL.has(status);
}

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** `time(iso)`, without parsing the received time back when the caller gave it in ms too. */
function timeOr(
  iso: string | undefined,
  receivedAt: string,
  receivedMs: number | undefined,
): number | undefined {
  return receivedMs !== undefined && iso === receivedAt ? receivedMs : time(iso);
}

/**
 * The task after an event, or undefined when the event changes nothing: a `started`/`waiting` that
 * began before the task's recorded finish is a late, stale webhook (a re-run starts after it).
 * `receivedMs`: `receivedAt` as epoch ms (`receivedAt` is its ISO text), when the caller has it.
 */
export function applyTaskEvent(
  previous: TaskState | undefined,
  event: PipelineEvent,
  eventId: string,
  receivedAt: string,
  receivedMs?: number,
): TaskState | undefined {
  const t = event.task;
  if (previous && isTerminal(previous.status) && !isTerminal(t.status)) {
    const began = time(t.startedAt);
    const finished = time(previous.finishedAt);
    if (began !== undefined && finished !== undefined && began < finished) return undefined;
  }
  const startedAt = startOf(previous, event, receivedAt);
  const finishedAt = isTerminal(t.status) ? (t.finishedAt ?? receivedAt) : undefined;
  const next: TaskState = { name: t.name, status: t.status, eventId };
  const stage = event.stage?.name ?? previous?.stage;
  if (stage !== undefined) next.stage = stage;
  const url = t.url ?? previous?.url;
  if (url !== undefined) next.url = url;
  if (startedAt !== undefined) next.startedAt = startedAt;
  if (finishedAt !== undefined) next.finishedAt = finishedAt;
  const duration =
    eventDurationMs(event) ??
    (finishedAt !== undefined && startedAt !== undefined
      ? Math.max(
          0,
          (timeOr(finishedAt, receivedAt, receivedMs) ?? 0) -
            (timeOr(startedAt, receivedAt, receivedMs) ?? 0),
        )
      : undefined);
  if (isTerminal(t.status) && duration !== undefined && Number.isFinite(duration)) next.durationMs = duration;
  return next;
}

/**
 * When the task began: the event's own time; else, for a task that (re)starts, when we heard of it;
 * else the start recorded while it ran. A finish right after another finish (a re-run we never saw
 * start) keeps no start: its duration would span both attempts.
 */
function startOf(
  previous: TaskState | undefined,
  event: PipelineEvent,
  receivedAt: string,
): string | undefined {
  if (event.task.startedAt !== undefined) return event.task.startedAt;
  const finishing = isTerminal(event.task.status);
  if (previous === undefined || isTerminal(previous.status)) return finishing ? undefined : receivedAt;
  return previous.startedAt ?? (finishing ? undefined : receivedAt);
}

/** A new run's state from its first event. */
export function newRun(source: string, event: PipelineEvent, receivedAt: string): RunState {
  return {
    source,
    pipeline: event.pipeline.name,
    runId: runIdOf(event) ?? "",
    tasks: [],
    version: 0,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
}

/**
 * The run after an event (a new object; the input is not changed), or undefined when nothing changed.
 * Facts the event carries fill in or refresh the run's; a pipeline-level event (the task is the pipeline
 * itself) sets the run's own state instead of adding a task. `receivedMs`: as for applyTaskEvent.
 */
export function applyEvent(
  run: RunState,
  event: PipelineEvent,
  eventId: string,
  receivedAt: string,
  receivedMs?: number,
): RunState | undefined {
  const next: RunState = { ...run, tasks: [...run.tasks] };
  let changed = false;
  const set = <K extends keyof RunState>(key: K, value: RunState[K] | undefined) => {
    if (value === undefined) return;
    if (!sameJson(next[key], value)) {
      next[key] = value;
      changed = true;
    }
  };
  set("displayName", event.pipeline.displayName);
  set("pipelineUrl", event.pipeline.url);
  set("number", event.run?.number);
  set("url", event.run?.url);
  set("trigger", event.run?.trigger);
  set("repo", event.source?.repo);
  set("branch", event.source?.branch);
  set("commit", event.source?.commit);
  if (isPipelineLevel(event)) {
    set("runStatus", event.task.status);
  } else {
    const at = next.tasks.findIndex((task) => task.name === event.task.name);
    const before = at < 0 ? undefined : next.tasks[at]!;
    const task = applyTaskEvent(before, event, eventId, receivedAt, receivedMs);
    if (task !== undefined) {
      if (before === undefined) next.tasks.push(task);
      else next.tasks[at] = task;
      // A task changes the run when it is new or differs in more than the event that last changed it.
      if (before === undefined || !sameFields(before, task, "eventId")) changed = true;
    }
  }
  if (!changed) return undefined;
  next.version = run.version + 1;
  next.updatedAt = receivedAt;
  return next;
}

/**
 * Whether two JSON values would serialize alike (`JSON.stringify(a) === JSON.stringify(b)`), without
 * serializing them: every event folds ~10 fields this way, and the strings were most of expansion's CPU.
 * Objects compare by their defined keys in order, as their serialization does; undefined fields are absent.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    if (a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, bs[i] ?? null)) return false;
    return true;
  }
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

/**
 * Whether two objects would serialize alike without their `except` field: their defined keys in order,
 * each value alike (sameJson), walked side by side without copying either.
 */
function sameFields(a: object, b: object, except?: string): boolean {
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ak.length && (ak[i] === except || ao[ak[i]!] === undefined)) i++;
    while (j < bk.length && (bk[j] === except || bo[bk[j]!] === undefined)) j++;
    if (i === ak.length || j === bk.length) return i === ak.length && j === bk.length;
    const k = ak[i]!;
    if (k !== bk[j] || !sameJson(ao[k], bo[k])) return false;
    i++;
    j++;
  }
}

export type RunStatus = "running" | "success" | "failure" | "cancelled" | "waiting";

/**
 * The run as a whole: the platform's own final word when it reported the run's end; otherwise a
 * failed task makes it failed (even while others still run: someone should look); then the platform's
 * word for a run in progress; then from the tasks: running, waiting, cancelled, success.
 */
export function runStatus(run: RunState): RunStatus {
  if (run.runStatus !== undefined && isTerminal(run.runStatus)) return asRunStatus(run.runStatus);
  const states = new Set(run.tasks.map((t) => t.status));
  if (states.has("failure")) return "failure";
  if (run.runStatus !== undefined) return asRunStatus(run.runStatus);
  if (states.has("started")) return "running";
  if (states.has("waiting")) return "waiting";
  if (states.has("cancelled")) return "cancelled";
  return states.size === 0 ? "waiting" : "success";
}

function asRunStatus(status: Status): RunStatus {
  if (status === "started") return "running";
  if (status === "skipped") return "success";
  return status;
}
