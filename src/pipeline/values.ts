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

/** Forges whose commit pages are not at `<repo>/commit/<sha>`, by the kinds Woodpecker names. */
const COMMIT_PATHS: Readonly<Record<string, string>> = {
  gitlab: "/-/commit/",
  bitbucket: "/commits/",
  bitbucket_dc: "/commits/",
};

/** The forge kind of a few public hosts, for CIs that do not say which forge they serve. */
const KNOWN_HOSTS: Readonly<Record<string, string>> = {
  "github.com": "github",
  "gitlab.com": "gitlab",
  "bitbucket.org": "bitbucket",
  "gitee.com": "gitee",
  "codeberg.org": "forgejo",
};

/** The forge kind of a public host (github, gitlab, bitbucket, gitee, forgejo), or undefined. */
export function forgeOfHost(url: string): string | undefined {
  try {
    return KNOWN_HOSTS[new URL(url).hostname.toLowerCase()];
  } catch {
    return undefined;
  }
}

/**
 * The web page of commit `sha` in the repository whose web page is `repoUrl`: `/-/commit/` on
 * GitLab, `/commits/` on Bitbucket, `/commit/` elsewhere (GitHub, Gitea, Forgejo, Gitee, Gogs).
 * `forge` names the forge when the CI says it; else a public host tells it. Undefined without an
 * http(s) repository URL or a sha.
 */
export function commitPage(repoUrl: unknown, sha: unknown, forge?: string): string | undefined {
  const base = text(repoUrl)
    ?.replace(/\/+$/, "")
    .replace(/\/browse$/, "")
    .replace(/\.git$/, "");
  const commit = text(sha);
  if (base === undefined || commit === undefined || !/^https?:\/\/[^/]/i.test(base)) return undefined;
  const kind = forge ?? forgeOfHost(base) ?? "";
  return `${base}${COMMIT_PATHS[kind] ?? "/commit/"}${commit}`;
}

/**
 * The web address of a repository from its clone URL, when that is certain: an https clone URL
 * without credentials (`https://host/owner/name.git` → `https://host/owner/name`), or an SSH one on
 * a public host (`git@github.com:owner/name.git`). Undefined otherwise (a self-hosted SSH host may
 * serve its web pages elsewhere).
 */
export function webOfClone(value: unknown): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  if (/^https?:\/\//i.test(s)) {
    try {
      const url = new URL(s);
      if (url.username || url.password) return undefined;
      return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\.git$/, "")}`;
    } catch {
      return undefined;
    }
  }
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+?)(?:\.git)?\/?$/.exec(s);
  const ssh = /^ssh:\/\/[\w.-]+@([\w.-]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/i.exec(s);
  const m = scp ?? ssh;
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  return KNOWN_HOSTS[host] ? `https://${host}/${m[2]}` : undefined;
}

/** Whether `url` is the page of commit `sha` (it ends with the sha or a prefix of it of 7+ characters). */
export function isCommitPage(url: string | undefined, sha: string | undefined): boolean {
  if (url === undefined || sha === undefined) return false;
  const last = /\/([0-9a-f]{7,64})\/?$/i.exec(url)?.[1]?.toLowerCase();
  return last !== undefined && sha.toLowerCase().startsWith(last);
}
