/**
 * What a user configures — in `.dingpipe.yml` or through the service's API — already validated and
 * normalized. Rules and composition are pure functions over these types and a PipelineEvent.
 */
import type { ChannelKind } from "../channels/kinds.ts";
import type { EventName } from "../pipeline/status.ts";
import type { MessageLocale } from "./i18n/index.ts";

/** Run facts a notification can add to its message, in the order the user lists them. */
export const CONTENT_ITEMS = [
  "pipeline",
  "build_number",
  "stage",
  "task",
  "status",
  "trigger_user",
  "trigger_event",
  "repo",
  "branch",
  "commit",
  "commit_message",
  "author",
  "pull_request",
  "duration",
  "started_at",
  "finished_at",
  "link",
] as const;
export type ContentItem = (typeof CONTENT_ITEMS)[number];

/** The content a notification carries when it names none. */
export const DEFAULT_CONTENT: readonly ContentItem[] = [
  "pipeline",
  "build_number",
  "task",
  "status",
  "trigger_user",
  "branch",
  "commit",
  "duration",
  "link",
];

/**
 * markdown, action_card (one button to the run), or run_card: one card per pipeline run that changes in
 * place (the service and DingTalk app robots only; an event without a run gets a message).
 */
export type MessageStyle = "markdown" | "action_card" | "run_card";

export interface NotificationRule {
  /** What the operator calls it (the service's API and console); absent = described by its robot and patterns. */
  name?: string;
  /** false = switched off: it matches no event until switched on again. Absent = on. */
  enabled?: boolean;
  /** Name of the credential (group robot) that sends it. */
  credential: string;
  /** Pipeline names or glob patterns (`web-*`); absent = every pipeline. */
  pipelines?: string[];
  /** Task names or glob patterns; absent = every task. */
  tasks?: string[];
  /**
   * Events that send a message: canonical task states, and transitions the service derives from the
   * history (broken, fixed, still_failing).
   */
  events: EventName[];
  /** Run facts to add, in this order. */
  content: ContentItem[];
  /** DingTalk markdown with ${VAR} / ${VAR:-default} references. */
  custom?: string;
  /** Mobiles (may be ${VAR} references) to @-mention; `all` mentions everyone. */
  at?: string[];
  style?: MessageStyle;
  /** The language of its messages (absent: the file's or the service's default, else zh-CN). */
  locale?: MessageLocale;
  /** The IANA time zone of the times in its messages (absent: the default zone, TZ else the system's). */
  timezone?: string;
}

/** A group robot (DingTalk, WeCom, Feishu), with secrets in clear (in memory only). */
export interface Credential {
  name: string;
  /** The robot's kind (`type:` in .dingpipe.yml); absent = a DingTalk webhook robot. */
  kind?: ChannelKind;
  /** Full webhook URL (https://oapi.dingtalk.com/robot/send?access_token=…, a WeCom or Feishu webhook), or… */
  webhook?: string;
  /** …(DingTalk) the access_token alone. */
  token?: string;
  /** With `token`: where to send instead of https://oapi.dingtalk.com (a relay, the emulator). */
  baseUrl?: string;
  /** The robot's signing secret (DingTalk SEC…, Feishu), when it signs. */
  secret?: string;
  /** The robot's custom keywords, when it uses them. */
  keywords?: string[];
  /** Messages per window for this robot (default: its kind's, 20 per 60 s for DingTalk). */
  rateLimit?: { messages: number; perSeconds: number };
}
