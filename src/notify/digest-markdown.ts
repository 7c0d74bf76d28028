/**
 * A digest written in DingTalk markdown, the dialect users write custom content in, shrunk until
 * the channel's measure says it fits:
 *
 *   ### dingpipe digest: 37 updates (3 ❌)
 *   - ❌ **web-burst · deploy**: 38 success, 4 failure — last #50 success 16:03 (UTC+8) on main · earlier: #48 ▶ started 16:00, …
 *   - web-release: 12 more updates of 5 tasks (2 ❌)
 *
 * When too long, the earlier updates are only counted (oldest tasks first), then the oldest tasks
 * collapse into one count line per pipeline; when even those lines are too many (a burst from hundreds of
 * pipelines), the newest tasks that fit keep their lines and the rest is one line ("150 more updates of
 * 150 tasks in 150 pipelines"), and only when no task line fits, everything is one line — every event
 * stays counted. Channels whose apps draw markdown differently convert the lines (Feishu's lark_md).
 * Worded in the digest's locale (zh-CN: "dingpipe 汇总：37 条更新（3 ❌）"), times in its zone.
 */
import type { Status } from "../pipeline/status.ts";
import { clip, link, plain, viewRunLabel } from "./content.ts";
import { plainText } from "./escape.ts";
import { statusMark } from "./format.ts";
import { clockTime, stateWord, t, withZone } from "./i18n/index.ts";
import { DEFAULT_LOCALE, type DigestGroup, type DigestNotice } from "./notice.ts";

const MAX_NAME_CHARS = 60;

type Detail = "full" | "counts";

/** "dingpipe digest: 37 updates (3 ❌)" — the ❌ count is of tasks whose latest state is a failure. */
export function digestTitle(
  digest: Pick<DigestNotice, "total" | "failing"> & Partial<Pick<DigestNotice, "locale">>,
): string {
  return t(digest.locale ?? DEFAULT_LOCALE, "digest.title", {
    updates: digest.total,
    failing: digest.failing,
  });
}

/** "38 success, 4 failure" / "运行成功 38 次，运行失败 4 次": the group's updates counted per status, most first. */
function statusCounts(g: DigestGroup, digest: DigestNotice): string {
  const byStatus = new Map<Status, number>();
  for (const status of [...g.earlier.map((e) => e.status), g.status])
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  return [...byStatus]
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) =>
      t(digest.locale, "digest.statusCount", { count, status: stateWord(digest.locale, status) }),
    )
    .join(t(digest.locale, "digest.sep"));
}

/** " · earlier: #40 ▶ started 16:00, #41 ❌ failure 16:01" — each earlier update with its run and time. */
function earlierSummary(g: DigestGroup, digest: DigestNotice): string {
  if (g.earlier.length === 0) return "";
  const states = g.earlier.map((e) => {
    const run = e.runNumber === undefined ? "" : `#${e.runNumber} `;
    const at = e.receivedAt === undefined ? undefined : clockTime(e.receivedAt, digest.timeZone);
    return `${run}${statusMark(e.status)} ${stateWord(digest.locale, e.status)}${at ? ` ${at}` : ""}`;
  });
  return t(digest.locale, "digest.earlier", { states: states.join(t(digest.locale, "digest.sep")) });
}

/**
 * One pipeline + task: "- ❌ **web-burst · deploy**: 38 success, 4 failure — last [#50](…) success
 * 16:03 (UTC+8) on main", with the earlier updates one by one when `full` (each with its run number and
 * time), else only counted.
 */
function groupLine(g: DigestGroup, detail: Detail, digest: DigestNotice): string {
  const { locale, timeZone } = digest;
  const pipeline = plain(g.title.pipeline, MAX_NAME_CHARS);
  const name = g.title.task === undefined ? pipeline : `${pipeline} · ${plain(g.title.task, MAX_NAME_CHARS)}`;
  const url = g.runUrl;
  const at = g.receivedAt === undefined ? undefined : clockTime(g.receivedAt, timeZone);
  const when = at && g.receivedAt ? ` ${withZone(at, g.receivedAt, timeZone)}` : "";
  const run =
    g.runNumber !== undefined ? link(`#${g.runNumber}`, url) : url ? `[${viewRunLabel(locale)}](${url})` : "";
  const branch = g.branch ? t(locale, "digest.on", { branch: plain(clip(g.branch, 40)) }) : "";
  const several = g.count > 1;
  const latest = `${several ? t(locale, "digest.last") : ""}${run ? `${run} ` : ""}${stateWord(locale, g.status)}${when}${branch}`;
  const head = `- ${statusMark(g.status)} `;
  if (!several) return head + t(locale, "digest.line", { name: `**${name}**`, text: latest });
  const text = `${statusCounts(g, digest)} — ${latest}${detail === "full" ? earlierSummary(g, digest) : ""}`;
  return head + t(locale, "digest.line", { name: `**${name}**`, text });
}

/** "- 150 more updates of 150 tasks in 150 pipelines (3 ❌)", or "- 200 updates of …" for all: one line. */
function restLine(groups: readonly DigestGroup[], digest: DigestNotice, all: boolean): string {
  return `- ${t(digest.locale, all ? "digest.total" : "digest.rest", {
    updates: groups.reduce((n, g) => n + g.count, 0),
    tasks: groups.length,
    pipelines: new Set(groups.map((g) => g.pipeline)).size,
    failing: groups.filter((g) => g.status === "failure").length,
  })}`;
}

/** "- web-release: 12 more updates of 5 tasks (2 ❌)" for tasks collapsed into counts. */
function collapsedLine(pipeline: string, groups: readonly DigestGroup[], digest: DigestNotice): string {
  const updates = groups.reduce((n, g) => n + g.count, 0);
  const failing = groups.filter((g) => g.status === "failure").length;
  return `- ${t(digest.locale, "digest.collapsed", {
    pipeline: plain(pipeline, MAX_NAME_CHARS),
    updates,
    tasks: groups.length,
    failing,
  })}`;
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
    for (const [pipeline, gs] of byPipeline) lines.push(collapsedLine(pipeline, gs, digest));
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
    // Even one count line per pipeline is too much: the first tasks that fit keep a line each (failures
    // first, then the newest), and every other one is counted in one line; with none, one line for all.
    const withRest = (detailed: number): string => {
      const lines = groups.slice(0, detailed).map((g) => groupLine(g, "counts", digest));
      lines.push(restLine(groups.slice(detailed), digest, detailed === 0));
      return [headingOf(title), lines.join("\n"), mentionText].filter((x) => x !== "").join("\n\n");
    };
    lo = 0;
    hi = n - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (options.fits(title, withRest(mid))) lo = mid;
      else hi = mid - 1;
    }
    return withRest(lo);
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
