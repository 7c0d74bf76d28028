/**
 * Small value readers shared by the CI adapters. Each returns undefined for anything unusable
 * (empty, blank, not a number, not a date) so that absent facts stay absent.
 */

/** A trimmed, non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** A non-negative safe integer from a number or a decimal string ("42"), or undefined. */
export function count(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const s = text(value);
  if (s === undefined || !/^\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}

/** An identifier (numbers become their decimal text), or undefined. */
export function id(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : undefined;
  return text(value);
}

/** Seconds (possibly fractional) as whole milliseconds, or undefined. */
export function secondsToMs(value: unknown): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
  return Math.round(value * 1000);
}

/**
 * An ISO-8601 UTC timestamp (`2026-11-23T08:00:00Z`) from a date string — ISO, or GitLab's
 * `2016-08-12 15:23:28 UTC` — or from unix seconds (`unix: true`); undefined when unreadable.
 */
export function isoTime(value: unknown, options: { unix?: boolean } = {}): string | undefined {
  let ms: number;
  if (options.unix) {
    const seconds = count(value);
    if (seconds === undefined || seconds === 0) return undefined;
    ms = seconds * 1000;
  } else {
    const s = text(value);
    if (s === undefined) return undefined;
    const gitlab = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/.exec(s);
    ms = Date.parse(gitlab ? `${gitlab[1]}T${gitlab[2]}Z` : s);
  }
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(".000Z", "Z");
}

/**
 * `owner/name` from a clone URL (`https://host/owner/name.git`, `git@host:owner/name.git`),
 * or the text itself when it is already a path; undefined when nothing is left.
 */
export function repoFromUrl(value: unknown): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  let path = s;
  const scp = /^[\w.-]+@[\w.-]+:(?!\/\/)(.+)$/.exec(s);
  if (scp) path = scp[1]!;
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      path = new URL(s).pathname;
    } catch {
      return undefined;
    }
  }
  path = path.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  return path === "" ? undefined : path;
}

/** A git branch name without `refs/heads/` or a leading `origin/` (Jenkins' GIT_BRANCH). */
export function branchName(value: unknown): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  return text(s.replace(/^refs\/heads\//, "").replace(/^origin\//, ""));
}

/** `Name <mail@host>` → `Name`; plain names unchanged. */
export function personName(value: unknown): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  return text(s.replace(/\s*<[^>]*>\s*$/, "")) ?? s;
}
