/**
 * Small, pure formatters shared by templates, composition and digests: status marks and words,
 * durations ("3m 05s") and times shown in a fixed UTC offset (UTC+8 by default: DingTalk groups
 * are mostly in China Standard Time).
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";

/** Default offset for times shown in messages: UTC+8 (China Standard Time), in minutes. */
export const DEFAULT_UTC_OFFSET_MINUTES = 480;

const MARKS: Record<Status, string> = {
  success: "✅",
  failure: "❌",
  cancelled: "⏹",
  skipped: "⏭",
  waiting: "⏳",
  started: "▶",
};

/** Past-tense words used in titles: "❌ web-release · unit-tests failed". */
const WORDS: Record<Status, string> = {
  success: "succeeded",
  failure: "failed",
  cancelled: "cancelled",
  skipped: "skipped",
  waiting: "waiting",
  started: "started",
};

/** The mark shown before a status (✅ ❌ ⏹ ⏭ ⏳ ▶). */
export function statusMark(status: Status): string {
  return MARKS[status] ?? "•";
}

/** The word shown after pipeline and task in a title ("failed", "succeeded" …). */
export function statusWord(status: Status): string {
  return WORDS[status] ?? String(status);
}

/**
 * "3m 05s", "1h 02m 03s", "42s"; under a second "< 1s" (platforms report whole seconds, so "0ms" would claim a
 * precision nobody measured). Negative or non-finite values give undefined.
 */
export function formatDuration(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  if (ms < 1000) return "< 1s";
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/**
 * Whether the event is about a whole pipeline run (a GitHub workflow run, a GitLab pipeline, a check suite):
 * its task is the pipeline itself, so titles name it once ("❌ CI failed", not "❌ CI · CI failed").
 */
export function isPipelineLevel(event: PipelineEvent): boolean {
  const task = event.task.name.trim();
  return task === event.pipeline.name.trim() || task === (event.pipeline.displayName ?? "").trim();
}

/** The task's duration: `durationMs` when reported, else finishedAt − startedAt. */
export function eventDurationMs(event: PipelineEvent): number | undefined {
  const { durationMs, startedAt, finishedAt } = event.task;
  if (typeof durationMs === "number" && Number.isFinite(durationMs) && durationMs >= 0) return durationMs;
  if (!startedAt || !finishedAt) return undefined;
  const a = Date.parse(startedAt);
  const b = Date.parse(finishedAt);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return undefined;
  return b - a;
}

function shifted(iso: string, offsetMinutes: number): Date | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return new Date(t + offsetMinutes * 60_000);
}

/** "UTC+8", "UTC-3:30", "UTC". */
export function offsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "UTC";
  const sign = offsetMinutes > 0 ? "+" : "-";
  const abs = Math.abs(offsetMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
}

/** "2026-11-23 16:03:05 UTC+8"; undefined for an unparsable timestamp. */
export function formatTime(iso: string, offsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string | undefined {
  const d = shifted(iso, offsetMinutes);
  if (!d) return undefined;
  const text = d.toISOString().slice(0, 19).replace("T", " ");
  return `${text} ${offsetLabel(offsetMinutes)}`;
}

/** "16:03" — the short clock time used in digests; undefined for an unparsable timestamp. */
export function formatClock(iso: string, offsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string | undefined {
  const d = shifted(iso, offsetMinutes);
  return d ? d.toISOString().slice(11, 16) : undefined;
}

/** The first 7 characters of a commit sha. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
