/**
 * Content items as neutral facts (label key + value, untrusted values marked), or undefined when
 * the event lacks the fact — a message never shows "undefined" or an empty bullet. Links go
 * through safeUrl(); `factMarkdown` writes a fact's value in DingTalk markdown, escaped.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import { escapeInline, markdownLink, safeUrl } from "./escape.ts";
import { graphemes } from "./fit.ts";
import { eventDurationMs, shortSha, statusMark } from "./format.ts";
import { dateTime, formatDuration, itemLabel, stateWord, t, withZone } from "./i18n/index.ts";
import { DEFAULT_LOCALE, type Locale, type NoticeFact } from "./notice.ts";
import type { ContentItem } from "./rule.ts";

/** Longest one-line untrusted value shown in an item (commit messages are shrunk by fitting instead). */
export const MAX_ITEM_CHARS = 300;

/** Cut a value to `max` characters (graphemes: an emoji sequence or a flag is one), marking the cut with "…". */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  const chars = graphemes(value);
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

/** The words a fact's label key stands for, in a locale: "Branch", "分支". */
export function factLabel(key: ContentItem, locale: Locale = DEFAULT_LOCALE): string {
  return itemLabel(locale, key);
}

/** The words of the run link: "View run", "查看详情". */
export function viewRunLabel(locale: Locale = DEFAULT_LOCALE): string {
  return t(locale, "viewRun");
}

/** "2026-11-23 08:03:05 (UTC+8)": a time in the zone, with the zone's offset at that instant. */
export function zonedTime(iso: string, timeZone: string): string | undefined {
  const text = dateTime(iso, timeZone);
  return text === undefined ? undefined : withZone(text, iso, timeZone);
}

const nonEmpty = (s: string | undefined): s is string => typeof s === "string" && s.trim() !== "";

const untrusted = (key: ContentItem, text: string, url?: string): NoticeFact => {
  const safe = safeUrl(url);
  return safe === undefined ? { key, text, untrusted: true } : { key, text, url: safe, untrusted: true };
};
const trusted = (key: ContentItem, text: string): NoticeFact => ({ key, text, untrusted: false });

/** The item as a neutral fact (label key + value), or undefined when the event lacks it. */
export function itemFact(
  item: ContentItem,
  event: PipelineEvent,
  /** The zone, or a function giving it (asked only for a time item). */
  timeZone: string | (() => string),
  locale: Locale = DEFAULT_LOCALE,
): NoticeFact | undefined {
  const zone = () => (typeof timeZone === "string" ? timeZone : timeZone());
  const { pipeline, run, stage, task, source } = event;
  switch (item) {
    case "pipeline":
      return untrusted(item, pipeline.displayName || pipeline.name, pipeline.url);
    case "build_number":
      // Only the number users see in their CI; a run id (GitHub's 2202229078) is never shown as "#…".
      return Number.isSafeInteger(run?.number) ? untrusted(item, `#${run?.number}`, run?.url) : undefined;
    case "stage":
      return nonEmpty(stage?.name) ? untrusted(item, stage.name) : undefined;
    case "task":
      return untrusted(item, task.name, task.url);
    case "status":
      return trusted(item, `${statusMark(task.status)} ${stateWord(locale, task.status)}`);
    case "trigger_user":
      return nonEmpty(run?.trigger?.user) ? untrusted(item, run.trigger.user) : undefined;
    case "trigger_event":
      return nonEmpty(run?.trigger?.event) ? untrusted(item, run.trigger.event) : undefined;
    case "repo":
      return nonEmpty(source?.repo) ? untrusted(item, source.repo) : undefined;
    case "branch":
      return nonEmpty(source?.branch) ? untrusted(item, source.branch) : undefined;
    case "commit":
      return nonEmpty(source?.commit?.sha)
        ? untrusted(item, shortSha(source.commit.sha), source.commit.url)
        : undefined;
    case "commit_message":
      // Not clipped here: a channel shrinks it when its message is too big.
      return nonEmpty(source?.commit?.message)
        ? { key: item, text: source.commit.message, untrusted: true, long: true }
        : undefined;
    case "author":
      return nonEmpty(source?.commit?.author) ? untrusted(item, source.commit.author) : undefined;
    case "pull_request": {
      const pr = source?.pullRequest;
      if (!nonEmpty(pr?.id)) return undefined;
      return untrusted(item, nonEmpty(pr.title) ? `#${pr.id} ${pr.title}` : `#${pr.id}`, pr.url);
    }
    case "duration": {
      const ms = eventDurationMs(event);
      const text = ms === undefined ? undefined : formatDuration(ms, locale);
      return text === undefined ? undefined : trusted(item, text);
    }
    case "started_at": {
      const text = nonEmpty(task.startedAt) ? zonedTime(task.startedAt, zone()) : undefined;
      return text === undefined ? undefined : trusted(item, text);
    }
    case "finished_at": {
      const text = nonEmpty(task.finishedAt) ? zonedTime(task.finishedAt, zone()) : undefined;
      return text === undefined ? undefined : trusted(item, text);
    }
    case "link": {
      const url = runUrl(event);
      return url ? { key: item, text: viewRunLabel(locale), url, untrusted: false } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A fact's value as DingTalk markdown (without its label): untrusted text clipped and escaped,
 * links as `[text](url)`, the long commit message escaped but not clipped (fitting shrinks it).
 */
export function factMarkdown(fact: NoticeFact): string {
  if (fact.url !== undefined) return link(fact.text, fact.url);
  if (fact.long) return escapeInline(fact.text, { midLine: true });
  return fact.untrusted ? plain(fact.text) : fact.text;
}
