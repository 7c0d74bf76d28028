/**
 * composeDigest: one markdown message for a robot's backlog, used by the service when sending the
 * events one by one would exceed the robot's rate limit.
 *
 * - title: "dingpipe digest: 37 updates (3 ❌)" — about the whole backlog, never one pipeline's status;
 * - one line per pipeline + task, failing ones first (by their LATEST state), then the most recent:
 *   its updates counted per status and its latest run, status and time with the zone
 *   ("web-burst · deploy: 38 success, 4 failure — last #50 success 16:03 (UTC+8)"), then the earlier
 *   updates one by one with their run numbers ("earlier: #48 ▶ started 16:00, …");
 * - mentions of every rule united (deduplicated; isAtAll when any rule says `all`);
 * - within maxBytes: when too many, the earlier updates are only counted, then the oldest tasks
 *   collapse into one count line per pipeline — but every event stays counted.
 */

import { bodyBytes } from "../dingtalk/fit.ts";
import type { DingTalkMessage } from "../dingtalk/message.ts";
import { MAX_BODY_BYTES } from "../dingtalk/message.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import type { ComposeContext } from "./compose.ts";
import { clip, link, plain, runUrl } from "./content.ts";
import { plainText } from "./escape.ts";
import {
  DEFAULT_UTC_OFFSET_MINUTES,
  formatClock,
  isPipelineLevel,
  offsetLabel,
  statusMark,
} from "./format.ts";
import { atField, mentionLine, resolveMentions } from "./mentions.ts";
import type { NotificationRule } from "./rule.ts";

export interface DigestItem {
  rule: NotificationRule;
  event: PipelineEvent;
  /** ISO-8601 time the service received the event. */
  receivedAt: string;
}

interface TaskGroup {
  pipeline: string;
  task: string;
  /** Oldest first. */
  items: DigestItem[];
}

const MAX_NAME_CHARS = 60;

const time = (item: DigestItem) => {
  const t = Date.parse(item.receivedAt);
  return Number.isNaN(t) ? 0 : t;
};

function groupByTask(items: readonly DigestItem[]): TaskGroup[] {
  const groups = new Map<string, TaskGroup>();
  const sorted = items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => time(a.item) - time(b.item) || a.i - b.i);
  for (const { item } of sorted) {
    const key = JSON.stringify([item.event.pipeline.name, item.event.task.name]);
    let g = groups.get(key);
    if (!g) {
      g = { pipeline: item.event.pipeline.name, task: item.event.task.name, items: [] };
      groups.set(key, g);
    }
    g.items.push(item);
  }
  const latest = (g: TaskGroup) => g.items[g.items.length - 1]!;
  return [...groups.values()].sort((a, b) => {
    const fa = latest(a).event.task.status === "failure" ? 0 : 1;
    const fb = latest(b).event.task.status === "failure" ? 0 : 1;
    return fa - fb || time(latest(b)) - time(latest(a));
  });
}

/** "dingpipe digest: 37 updates (3 ❌)" — the ❌ count is of tasks whose latest state is a failure. */
function digestTitle(total: number, failing: number): string {
  const updates = `${total} update${total === 1 ? "" : "s"}`;
  return `dingpipe digest: ${updates}${failing ? ` (${failing} ❌)` : ""}`;
}

type Detail = "full" | "counts";

/** "#50", linked to the run when its address is known; "" without a number. */
function runRef(e: PipelineEvent, linked: boolean): string {
  const n = e.run?.number;
  if (n === undefined || !Number.isFinite(n)) return "";
  return linked ? link(`#${n}`, runUrl(e)) : `#${n}`;
}

/** "38 success, 4 failure": the group's updates counted per status, most first. */
function statusCounts(g: TaskGroup): string {
  const byStatus = new Map<Status, number>();
  for (const e of g.items) byStatus.set(e.event.task.status, (byStatus.get(e.event.task.status) ?? 0) + 1);
  return [...byStatus]
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${n} ${status}`)
    .join(", ");
}

/** "earlier: #40 ▶ started 16:00, #41 ❌ failure 16:01" — each earlier update with its run and time. */
function earlierSummary(g: TaskGroup, offset: number): string {
  const earlier = g.items.slice(0, -1);
  if (earlier.length === 0) return "";
  const states = earlier.map((e) => {
    const run = runRef(e.event, false);
    const at = formatClock(e.receivedAt, offset);
    return `${run ? `${run} ` : ""}${statusMark(e.event.task.status)} ${e.event.task.status}${at ? ` ${at}` : ""}`;
  });
  return ` · earlier: ${states.join(", ")}`;
}

/**
 * One pipeline + task: "- ❌ **web-burst · deploy**: 38 success, 4 failure — last [#50](…) success
 * 16:03 (UTC+8) on main", with the earlier updates one by one when `full` (each with its run number and
 * time), else only counted.
 */
function groupLine(g: TaskGroup, detail: Detail, offset: number): string {
  const last = g.items[g.items.length - 1]!;
  const e = last.event;
  const pipeline = plain(e.pipeline.displayName || e.pipeline.name, MAX_NAME_CHARS);
  const name = isPipelineLevel(e) ? pipeline : `${pipeline} · ${plain(e.task.name, MAX_NAME_CHARS)}`;
  const url = runUrl(e);
  const at = formatClock(last.receivedAt, offset);
  const when = at ? ` ${at} (${offsetLabel(offset)})` : "";
  const run = runRef(e, true) || (url ? `[View run](${url})` : "");
  const branch = e.source?.branch ? ` on ${plain(clip(e.source.branch, 40))}` : "";
  const several = g.items.length > 1;
  const latest = `${several ? "last " : ""}${run ? `${run} ` : ""}${e.task.status}${when}${branch}`;
  const head = `- ${statusMark(e.task.status)} **${name}**`;
  if (!several) return `${head}: ${latest}`;
  return `${head}: ${statusCounts(g)} — ${latest}${detail === "full" ? earlierSummary(g, offset) : ""}`;
}

/** "- web-release: 12 more updates of 5 tasks (2 ❌ latest)" for tasks collapsed into counts. */
function collapsedLine(pipeline: string, groups: readonly TaskGroup[]): string {
  const updates = groups.reduce((n, g) => n + g.items.length, 0);
  const failing = groups.filter((g) => g.items[g.items.length - 1]!.event.task.status === "failure").length;
  const tasks = `${groups.length} task${groups.length === 1 ? "" : "s"}`;
  return `- ${plain(pipeline, MAX_NAME_CHARS)}: ${updates} more update${updates === 1 ? "" : "s"} of ${tasks}${failing ? ` (${failing} ❌)` : ""}`;
}

/** One markdown message accounting for every item of a robot's backlog. */
export function composeDigest(items: readonly DigestItem[], ctx: ComposeContext = {}): DingTalkMessage {
  const maxBytes = ctx.maxBytes ?? MAX_BODY_BYTES;
  const offset = ctx.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  const groups = groupByTask(items);
  const failing = groups.filter((g) => g.items[g.items.length - 1]!.event.task.status === "failure").length;

  // Mentions: every rule's, united; `all` only when a rule writes it literally (as in compose).
  const mobiles: string[] = [];
  let all = false;
  for (const { rule, event } of items) {
    const entries = rule.at ?? [];
    if (entries.some((e) => /^\s*(all|所有人)\s*$/iu.test(e))) all = true;
    const vars = event.variables ?? {};
    const env = ctx.env ?? {};
    const m = resolveMentions(
      entries.filter((e) => !/^\s*(all|所有人)\s*$/iu.test(e)),
      (n) => (Object.hasOwn(vars, n) ? vars[n] : Object.hasOwn(env, n) ? env[n] : undefined),
    );
    for (const mobile of m.mobiles) if (!mobiles.includes(mobile)) mobiles.push(mobile);
  }
  const at = atField({ mobiles, all });

  const keywords = (ctx.keywords ?? []).filter((k) => k.trim() !== "");
  let title = digestTitle(items.length, failing);
  const heading = () => `### ${title}`;
  const mentionText = mentionLine({ mobiles });

  const render = (detailed: number, full: number): string => {
    // The first `detailed` groups get a line ("full" earlier states for the first `full` of them);
    // the rest collapse into one count line per pipeline.
    const lines = groups.slice(0, detailed).map((g, i) => groupLine(g, i < full ? "full" : "counts", offset));
    const rest = groups.slice(detailed);
    const byPipeline = new Map<string, TaskGroup[]>();
    for (const g of rest) byPipeline.set(g.pipeline, [...(byPipeline.get(g.pipeline) ?? []), g]);
    for (const [pipeline, gs] of byPipeline) lines.push(collapsedLine(pipeline, gs));
    return [heading(), lines.join("\n"), mentionText].filter((s) => s !== "").join("\n\n");
  };
  const build = (text: string): DingTalkMessage => ({
    msgtype: "markdown",
    markdown: { title, text },
    ...(at ? { at } : {}),
  });
  const fits = (d: number, f: number) => bodyBytes(build(render(d, f))) <= maxBytes;

  const choose = (): string => {
    const n = groups.length;
    if (fits(n, n)) return render(n, n);
    // Fewest groups with full earlier states first (oldest lose details first), then fewest lines.
    let lo = 0;
    let hi = n;
    if (fits(n, 0)) {
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(n, mid)) lo = mid;
        else hi = mid - 1;
      }
      return render(n, lo);
    }
    lo = 0;
    hi = n;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid, 0)) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0 || fits(0, 0)) return render(lo, 0);
    // Even one count line per pipeline is too much: one line for everything.
    const pipelines = new Set(groups.map((g) => g.pipeline)).size;
    const total = `- ${items.length} updates of ${groups.length} tasks in ${pipelines} pipelines${failing ? ` (${failing} ❌)` : ""}`;
    return [heading(), total, mentionText].filter((x) => x !== "").join("\n\n");
  };

  let text = choose();
  if (keywords.length && !keywords.some((k) => title.includes(k) || text.includes(k))) {
    title = `${title} 【${plainText(keywords[0]!)}】`;
    text = choose();
  }
  return build(text);
}
