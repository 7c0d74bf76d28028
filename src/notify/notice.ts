/**
 * The channel-neutral Notice: what one notification says about one event, before any robot's
 * dialect. `compose` produces it (pure); a channel (src/channels/<kind>/) renders it as its
 * robot's message within its limits. No channel syntax leaks into it — except the custom content,
 * which users write in DingTalk markdown (the dialect Gitee and Alibaba Cloud DevOps document), so
 * it travels as that source and each channel converts what its app draws differently.
 *
 * Facts carry their label as a KEY (the content item), never as words: the wording (en, zh-CN)
 * is the renderer's, so a wording catalogue can plug in without touching composition.
 */
import type { Status } from "../pipeline/status.ts";
import type { ContentItem, MessageStyle } from "./rule.ts";

/** The language a notice is worded in. Rendering is English for now; zh-CN comes with the catalogue. */
export type Locale = "en" | "zh-CN";
export const DEFAULT_LOCALE: Locale = "en";

export interface NoticeTitle {
  pipeline: string;
  task?: string;
}

/** One run fact: its label key and its value. */
export interface NoticeFact {
  key: ContentItem;
  /** The value as plain text (never markup). */
  text: string;
  /** Where the value links to: an http(s) URL already made safe (safeUrl), when it has one. */
  url?: string;
  /** The text came from outside (a CI system, a webhook): a channel must neutralize its markup. */
  untrusted: boolean;
  /** Not clipped by compose: a channel shrinks it when its message is too big (the commit message). */
  long?: boolean;
}

/** Who to @-mention. A channel that cannot mention some of them says so (Channel.render). */
export interface NoticeMentions {
  /** Mobile numbers (DingTalk, WeCom). */
  mobiles: string[];
  /** User ids (Feishu open_id `ou_…`). */
  userIds: string[];
  /** Everyone in the group — only when the rule says `all` literally. */
  all: boolean;
}

export interface NoticeLogTail {
  /** The last lines of the output (at most MAX_LOG_LINES), right-trimmed, unescaped. */
  lines: string[];
  /** Lines before them that are not shown. */
  omitted: number;
}

export interface Notice {
  status: Status;
  /**
   * The title's parts, plain and untrusted: "<mark> <pipeline> · <task> <status word>". No task when
   * the event is about a whole pipeline run (its task is the pipeline): "❌ CI failed".
   */
  title: NoticeTitle;
  /** The rule's content items the event has, in the rule's order. */
  facts: NoticeFact[];
  /** The custom content: DingTalk markdown, `${VAR}`s substituted (untrusted values escaped). */
  custom?: string;
  /** The wrapped command's exit code, on a failure. */
  exitCode?: number;
  /** The end of the wrapped command's output, on a failure. */
  logTail?: NoticeLogTail;
  mentions: NoticeMentions;
  /** The run's link (run, else task, else pipeline; safe ones only): what a button opens. */
  runUrl?: string;
  /** The rule's wish: a plain message, or a card with one button to the run. */
  style: MessageStyle;
  locale: Locale;
  /** Variables the custom content references that have no value (rendered empty). */
  unknownVariables: string[];
  /** `at:` entries that are neither a mobile, a user id nor `all` (left out). */
  droppedMentions: string[];
}

/** One pipeline + task of a digest: its latest state first, earlier states summarized. */
export interface DigestGroup {
  /** The pipeline's name (digest lines of collapsed tasks are grouped by it). */
  pipeline: string;
  /** Shown names, plain and untrusted (no task for a whole pipeline run). */
  title: NoticeTitle;
  status: Status;
  /** When the service received the latest event (ISO-8601), when known. */
  receivedAt?: string;
  runNumber?: number;
  /** Safe link to the run. */
  runUrl?: string;
  branch?: string;
  /** Updates of this task in the digest (the latest included). */
  count: number;
  /** The earlier updates, oldest first, with their run numbers when known. */
  earlier: Array<{ status: Status; receivedAt?: string; runNumber?: number }>;
}

/** Many events for one robot, as one message: every event accounted for. */
export interface DigestNotice {
  /** Events in the digest. */
  total: number;
  /** Tasks whose latest state is a failure. */
  failing: number;
  /** Failures first, then the most recent. */
  groups: DigestGroup[];
  /** Every rule's mentions, united. */
  mentions: NoticeMentions;
  utcOffsetMinutes: number;
  locale: Locale;
}
