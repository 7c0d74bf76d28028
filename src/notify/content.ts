/**
 * One markdown line per content item ("**Branch** main"), or undefined when the event lacks the
 * fact — a message never shows "undefined" or an empty bullet. Every untrusted value is escaped
 * here; links go through safeUrl().
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import { escapeInline, markdownLink, safeUrl } from "./escape.ts";
import { eventDurationMs, formatDuration, formatTime, shortSha, statusMark } from "./format.ts";
import type { ContentItem } from "./rule.ts";

/** Longest one-line untrusted value shown in an item (commit messages are shrunk by fitting instead). */
export const MAX_ITEM_CHARS = 300;

/** Cut a value to `max` characters (code points), marking the cut with "…". */
export function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** A one-line untrusted value written after a label, clipped and escaped. */
export function plain(value: string, max = MAX_ITEM_CHARS): string {
  return escapeInline(clip(value.replace(/\s+/gu, " ").trim(), max), { midLine: true });
}

/** `[text](url)` for an untrusted text (clipped, escaped) and a URL (only when safe). */
export function link(text: string, url: string | undefined, max = MAX_ITEM_CHARS): string {
  return markdownLink(clip(text.replace(/\s+/gu, " ").trim(), max), url);
}

/** The URL behind "View run": the run's, else the task's, else the pipeline's — safe ones only. */
export function runUrl(event: PipelineEvent): string | undefined {
  return safeUrl(event.run?.url) ?? safeUrl(event.task.url) ?? safeUrl(event.pipeline.url);
}

export const ITEM_LABELS: Record<ContentItem, string> = {
  pipeline: "Pipeline",
  build_number: "Run",
  stage: "Stage",
  task: "Task",
  status: "Status",
  trigger_user: "Triggered by",
  trigger_event: "Trigger",
  repo: "Repository",
  branch: "Branch",
  commit: "Commit",
  commit_message: "Message",
  author: "Author",
  pull_request: "Pull request",
  duration: "Duration",
  started_at: "Started",
  finished_at: "Finished",
  link: "Link",
};

const nonEmpty = (s: string | undefined): s is string => typeof s === "string" && s.trim() !== "";

/** The item's value as markdown (without its label), or undefined when the event lacks it. */
export function itemValue(
  item: ContentItem,
  event: PipelineEvent,
  utcOffsetMinutes: number,
): string | undefined {
  const { pipeline, run, stage, task, source } = event;
  switch (item) {
    case "pipeline":
      return link(pipeline.displayName || pipeline.name, pipeline.url);
    case "build_number":
      // Only the number users see in their CI; a run id (GitHub's 2202229078) is never shown as "#…".
      return Number.isSafeInteger(run?.number) ? link(`#${run?.number}`, run?.url) : undefined;
    case "stage":
      return nonEmpty(stage?.name) ? plain(stage.name) : undefined;
    case "task":
      return link(task.name, task.url);
    case "status":
      return `${statusMark(task.status)} ${task.status}`;
    case "trigger_user":
      return nonEmpty(run?.trigger?.user) ? plain(run.trigger.user) : undefined;
    case "trigger_event":
      return nonEmpty(run?.trigger?.event) ? plain(run.trigger.event) : undefined;
    case "repo":
      return nonEmpty(source?.repo) ? plain(source.repo) : undefined;
    case "branch":
      return nonEmpty(source?.branch) ? plain(source.branch) : undefined;
    case "commit":
      return nonEmpty(source?.commit?.sha) ? link(shortSha(source.commit.sha), source.commit.url) : undefined;
    case "commit_message":
      // Not clipped here: fitting shrinks it when the message is too big.
      return nonEmpty(source?.commit?.message)
        ? escapeInline(source.commit.message, { midLine: true })
        : undefined;
    case "author":
      return nonEmpty(source?.commit?.author) ? plain(source.commit.author) : undefined;
    case "pull_request": {
      const pr = source?.pullRequest;
      if (!nonEmpty(pr?.id)) return undefined;
      const title = nonEmpty(pr.title) ? `#${pr.id} ${pr.title}` : `#${pr.id}`;
      return link(title, pr.url);
    }
    case "duration": {
      const ms = eventDurationMs(event);
      return ms === undefined ? undefined : formatDuration(ms);
    }
    case "started_at":
      return nonEmpty(task.startedAt) ? formatTime(task.startedAt, utcOffsetMinutes) : undefined;
    case "finished_at":
      return nonEmpty(task.finishedAt) ? formatTime(task.finishedAt, utcOffsetMinutes) : undefined;
    case "link": {
      const url = runUrl(event);
      return url ? `[View run](${url})` : undefined;
    }
    default:
      return undefined;
  }
}

/** The item as one list line ("- **Branch** main"; the link item alone: "- [View run](…)"). */
export function itemLine(
  item: ContentItem,
  event: PipelineEvent,
  utcOffsetMinutes: number,
): string | undefined {
  const value = itemValue(item, event, utcOffsetMinutes);
  if (value === undefined) return undefined;
  return item === "link" ? `- ${value}` : `- **${ITEM_LABELS[item]}** ${value}`;
}
