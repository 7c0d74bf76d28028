/**
 * composeDigest: the neutral digest of a robot's backlog, used by the service when sending the
 * events one by one would exceed the robot's rate limit. A channel renders it as one message
 * (digest-markdown.ts writes it in DingTalk markdown, fitted by the channel's own measure).
 *
 * - one group per pipeline + task, failing ones first (by their LATEST state), then the most recent —
 *   with its latest run, status and time, its updates, and the earlier ones with their run numbers;
 * - mentions of every rule united (deduplicated; everyone when any rule says `all`);
 * - every event stays counted (`total`), however much a channel later collapses.
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import { type ComposeContext, eventTitle, mentionLookup, ruleMentions } from "./compose.ts";
import { runUrl } from "./content.ts";
import { DEFAULT_UTC_OFFSET_MINUTES } from "./format.ts";
import { DEFAULT_LOCALE, type DigestGroup, type DigestNotice } from "./notice.ts";
import type { NotificationRule } from "./rule.ts";

export interface DigestItem {
  rule: NotificationRule;
  event: PipelineEvent;
  /** ISO-8601 time the service received the event. */
  receivedAt: string;
}

const time = (item: DigestItem) => {
  const t = Date.parse(item.receivedAt);
  return Number.isNaN(t) ? 0 : t;
};

function group(items: DigestItem[]): DigestGroup {
  const last = items[items.length - 1]!;
  const e = last.event;
  const g: DigestGroup = {
    pipeline: e.pipeline.name,
    title: eventTitle(e),
    status: e.task.status,
    receivedAt: last.receivedAt,
    count: items.length,
    earlier: items.slice(0, -1).map((i) => {
      const n = i.event.run?.number;
      return typeof n === "number" && Number.isFinite(n)
        ? { status: i.event.task.status, receivedAt: i.receivedAt, runNumber: n }
        : { status: i.event.task.status, receivedAt: i.receivedAt };
    }),
  };
  if (typeof e.run?.number === "number" && Number.isFinite(e.run.number)) g.runNumber = e.run.number;
  const url = runUrl(e);
  if (url !== undefined) g.runUrl = url;
  if (e.source?.branch) g.branch = e.source.branch;
  return g;
}

function groupByTask(items: readonly DigestItem[]): DigestGroup[] {
  const groups = new Map<string, DigestItem[]>();
  const sorted = items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => time(a.item) - time(b.item) || a.i - b.i);
  for (const { item } of sorted) {
    const key = JSON.stringify([item.event.pipeline.name, item.event.task.name]);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const latest = (g: DigestItem[]) => g[g.length - 1]!;
  return [...groups.values()]
    .sort((a, b) => {
      const fa = latest(a).event.task.status === "failure" ? 0 : 1;
      const fb = latest(b).event.task.status === "failure" ? 0 : 1;
      return fa - fb || time(latest(b)) - time(latest(a));
    })
    .map(group);
}

/** The neutral digest of a robot's backlog: every item accounted for. */
export function composeDigest(items: readonly DigestItem[], ctx: ComposeContext = {}): DigestNotice {
  const groups = groupByTask(items);
  const mobiles: string[] = [];
  const userIds: string[] = [];
  let all = false;
  for (const { rule, event } of items) {
    const m = ruleMentions(rule, mentionLookup(event, ctx.env));
    if (m.all) all = true;
    for (const mobile of m.mobiles) if (!mobiles.includes(mobile)) mobiles.push(mobile);
    for (const id of m.userIds) if (!userIds.includes(id)) userIds.push(id);
  }
  return {
    total: items.length,
    failing: groups.filter((g) => g.status === "failure").length,
    groups,
    mentions: { mobiles, userIds, all },
    utcOffsetMinutes: ctx.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES,
    locale: ctx.locale ?? DEFAULT_LOCALE,
  };
}
