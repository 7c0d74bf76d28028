/**
 * A digest written in DingTalk markdown, the dialect users write custom content in, shrunk until
 * the channel's measure says it fits:
 *
 *   ### dingpipe digest: 37 updates (3 ❌)
 *   - ❌ **web-burst · deploy**: 38 success, 4 failure — last #50 success 16:03 (UTC+8) on main · earlier: #48 ▶ started 16:00, …
 *   - web-release: 12 more updates of 5 tasks (2 ❌)
 *
 * When too long, the earlier updates are only counted (oldest tasks first), then the oldest tasks
 * collapse into one count line per pipeline, then everything into one line — every event stays
 * counted. Channels whose apps draw markdown differently convert the lines (Feishu's lark_md).
 */
import type { Status } from "../pipeline/status.ts";
import { clip, link, plain, viewRunLabel } from "./content.ts";
import { plainText } from "./escape.ts";
import { formatClock, offsetLabel, statusMark } from "./format.ts";
import type { DigestGroup, DigestNotice } from "./notice.ts";

const MAX_NAME_CHARS = 60;

type Detail = "full" | "counts";

/** "dingpipe digest: 37 updates (3 ❌)" — the ❌ count is of tasks whose latest state is a failure. */
export function digestTitle(digest: Pick<DigestNotice, "total" | "failing">): string {
  const { total, failing } = digest;
  const updates = `${total} update${total === 1 ? "" : "s"}`;
  return `dingpipe digest: ${updates}${failing ? ` (${failing} ❌)` : ""}`;
}

/** "38 success, 4 failure": the group's updates counted per status, most first. */
function statusCounts(g: DigestGroup): string {
  const byStatus = new Map<Status, number>();
  for (const status of [...g.earlier.map((e) => e.status), g.status])
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  return [...byStatus]
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${n} ${status}`)
    .join(", ");
}

/** " · earlier: #40 ▶ started 16:00, #41 ❌ failure 16:01" — each earlier update with its run and time. */
function earlierSummary(g: DigestGroup, offset: number): string {
  if (g.earlier.length === 0) return "";
  const states = g.earlier.map((e) => {
    const run = e.runNumber === undefined ? "" : `#${e.runNumber} `;
    const at = e.receivedAt === undefined ? undefined : formatClock(e.receivedAt, offset);
    return `${run}${statusMark(e.status)} ${e.status}${at ? ` ${at}` : ""}`;
  });
  return ` · earlier: ${states.join(", ")}`;
}

/**
 * One pipeline + task: "- ❌ **web-burst · deploy**: 38 success, 4 failure — last [#50](…) success
 * 16:03 (UTC+8) on main", with the earlier updates one by one when `full` (each with its run number and
 * time), else only counted.
 */
function groupLine(g: DigestGroup, detail: Detail, digest: DigestNotice): string {
  const offset = digest.utcOffsetMinutes;
  const pipeline = plain(g.title.pipeline, MAX_NAME_CHARS);
  const name = g.title.task === undefined ? pipeline : `${pipeline} · ${plain(g.title.task, MAX_NAME_CHARS)}`;
  const url = g.runUrl;
  const at = g.receivedAt === undefined ? undefined : formatClock(g.receivedAt, offset);
  const when = at ? ` ${at} (${offsetLabel(offset)})` : "";
  const run =
    g.runNumber !== undefined
      ? link(`#${g.runNumber}`, url)
      : url
        ? `[${viewRunLabel(digest.locale)}](${url})`
        : "";
  const branch = g.branch ? ` on ${plain(clip(g.branch, 40))}` : "";
  const several = g.count > 1;
  const latest = `${several ? "last " : ""}${run ? `${run} ` : ""}${g.status}${when}${branch}`;
  const head = `- ${statusMark(g.status)} **${name}**`;
  if (!several) return `${head}: ${latest}`;
  return `${head}: ${statusCounts(g)} — ${latest}${detail === "full" ? earlierSummary(g, offset) : ""}`;
}

/** "- web-release: 12 more updates of 5 tasks (2 ❌)" for tasks collapsed into counts. */
function collapsedLine(pipeline: string, groups: readonly DigestGroup[]): string {
  const updates = groups.reduce((n, g) => n + g.count, 0);
  const failing = groups.filter((g) => g.status === "failure").length;
  const tasks = `${groups.length} task${groups.length === 1 ? "" : "s"}`;
  return `- ${plain(pipeline, MAX_NAME_CHARS)}: ${updates} more update${updates === 1 ? "" : "s"} of ${tasks}${failing ? ` (${failing} ❌)` : ""}`;
}

export interface DigestText {
  /** The plain title (chat list, card header), with the keyword when one had to be added. */
  title: string;
  /** The heading and the lines, in DingTalk markdown, without the mention line. */
  lines: string;
  /** The whole text: heading, lines and the mention line (`mentionText`), blank-line separated. */
  text: string;
}

/**
 * The digest's title and text, as detailed as `fits(title, text)` allows. `mentionText` (a
 * channel's way of writing its mentions into the text, "" for none) always stays; with keywords and
 * none of them in the title or text, the first one is added to the title (`title 【CI】`).
 */
export function fitDigestText(
  digest: DigestNotice,
  options: {
    fits: (title: string, text: string) => boolean;
    mentionText?: string;
    keywords?: readonly string[];
    /** How the title becomes the text's first line (default a level-3 heading). */
    heading?: (title: string) => string;
    /** The part of the text a robot searches for keywords (default all of it). */
    searchable?: (text: string) => string;
  },
): DigestText {
  const { groups } = digest;
  const mentionText = options.mentionText ?? "";
  const headingOf = options.heading ?? ((t: string) => `### ${t}`);
  let title = digestTitle(digest);

  const render = (detailed: number, full: number): string => {
    // The first `detailed` groups get a line ("full" earlier states for the first `full` of them);
    // the rest collapse into one count line per pipeline.
    const lines = groups.slice(0, detailed).map((g, i) => groupLine(g, i < full ? "full" : "counts", digest));
    const byPipeline = new Map<string, DigestGroup[]>();
    for (const g of groups.slice(detailed))
      byPipeline.set(g.pipeline, [...(byPipeline.get(g.pipeline) ?? []), g]);
    for (const [pipeline, gs] of byPipeline) lines.push(collapsedLine(pipeline, gs));
    return [headingOf(title), lines.join("\n"), mentionText].filter((s) => s !== "").join("\n\n");
  };
  const fits = (d: number, f: number) => options.fits(title, render(d, f));

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
    const total = `- ${digest.total} updates of ${groups.length} tasks in ${pipelines} pipelines${digest.failing ? ` (${digest.failing} ❌)` : ""}`;
    return [headingOf(title), total, mentionText].filter((x) => x !== "").join("\n\n");
  };

  let text = choose();
  const keywords = (options.keywords ?? []).filter((k) => k.trim() !== "");
  const searchable = options.searchable ?? ((t: string) => t);
  if (keywords.length && !keywords.some((k) => title.includes(k) || searchable(text).includes(k))) {
    title = `${title} 【${plainText(keywords[0]!)}】`;
    text = choose();
  }
  const lines =
    mentionText !== "" && text.endsWith(`\n\n${mentionText}`) ? text.slice(0, -mentionText.length - 2) : text;
  return { title, lines, text };
}
