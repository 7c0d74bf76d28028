/**
 * The built commit as the checkout in the step's working directory knows it. Several CIs name the
 * commit they built but not its message or author (Jenkins never; GitHub, GitLab merged results,
 * Drone, Woodpecker and Gitee Go give the pull request's title or body instead), while the job's
 * workspace usually holds that commit. One `git log` answers, bounded in time; anything that goes
 * wrong (no git, not a repository, a shallow clone without the commit, a repository git refuses
 * to read) answers undefined, and the fact simply stays absent.
 */

export interface CommitInfo {
  sha: string;
  /** Parent shas: two or more for a merge commit. */
  parents: string[];
  author: string;
  /** The full message, as git stores it (trailing newline removed). */
  message: string;
}

export type ReadCommit = (sha: string) => CommitInfo | undefined;

/** Longest a `git log` may take before the fact is given up. */
export const GIT_TIMEOUT_MS = 5000;

const SHA = /^[0-9a-f]{7,64}$/i;
const FORMAT = "%H%x00%P%x00%an%x00%B";

/**
 * Reads commits with the `git` on PATH in `cwd`. Only full or abbreviated hex shas are asked for
 * (never a ref or an option); answers are cached, so asking twice runs git once.
 */
export function gitCommitReader(
  cwd: string,
  env: Record<string, string | undefined> = process.env,
): ReadCommit {
  const cache = new Map<string, CommitInfo | undefined>();
  return (sha) => {
    if (!SHA.test(sha)) return undefined;
    const key = sha.toLowerCase();
    if (cache.has(key)) return cache.get(key);
    const info = readCommit(cwd, key, env);
    cache.set(key, info);
    return info;
  };
}

function readCommit(
  cwd: string,
  sha: string,
  env: Record<string, string | undefined>,
): CommitInfo | undefined {
  let out: string;
  try {
    // node:child_process at the first git call: the service reads CI variables' names from this
    // module's neighbours but never runs git, and loading it costs an idle service net and dgram too.
    out = process
      .getBuiltinModule("node:child_process")
      .execFileSync(
        "git",
        ["log", "-1", "--no-show-signature", "--no-decorate", "--no-color", `--format=${FORMAT}`, sha, "--"],
        {
          cwd,
          encoding: "utf8",
          timeout: GIT_TIMEOUT_MS,
          maxBuffer: 4 * 1024 * 1024,
          stdio: ["ignore", "pipe", "ignore"],
          env: { ...env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", GIT_PAGER: "cat" },
          windowsHide: true,
        },
      );
  } catch {
    return undefined;
  }
  return parseCommit(out);
}

/** One `%H%x00%P%x00%an%x00%B` record, or undefined when it is not one. */
export function parseCommit(out: string): CommitInfo | undefined {
  const [sha, parents, author, ...rest] = out.split("\u0000");
  if (sha === undefined || !/^[0-9a-f]{40,64}$/.test(sha) || parents === undefined || author === undefined) {
    return undefined;
  }
  return {
    sha,
    parents: parents.split(" ").filter((p) => p !== ""),
    author: author.trim(),
    message: rest.join("\u0000").replace(/\s+$/, ""),
  };
}
