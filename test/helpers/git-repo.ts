/**
 * Real git repositories for tests of what a step reads from its checkout: `git init` in a temp
 * directory, commits with chosen messages and authors, and the merge commits CIs build (a pull
 * request merged with its target). Runs the system's git with no global or system configuration.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
};

export interface Person {
  name: string;
  email: string;
}

export interface Repo {
  dir: string;
  git(...args: string[]): string;
  /** A commit (empty tree change) on the current HEAD; returns its sha. */
  commit(message: string, author: Person): string;
  /** Merges `sha` into HEAD with git's default message, as `who` (author and committer); returns the merge's sha. */
  merge(sha: string, who: Person): string;
  remove(): void;
}

/** A new repository on branch `main` in a temp directory. */
export function gitRepo(prefix = "dingpipe-git-"): Repo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, env: ENV, encoding: "utf8", timeout: 20_000 }).trim();
  git("init", "-q", "-b", "main");
  let n = 0;
  const as = (who: Person) => ({
    ...ENV,
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
  });
  return {
    dir,
    git,
    commit(message, author) {
      n += 1;
      execFileSync("git", ["commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", message], {
        cwd: dir,
        env: { ...as(author), GIT_AUTHOR_DATE: `2026-11-23T08:00:${String(n).padStart(2, "0")}Z` },
        timeout: 20_000,
      });
      return git("rev-parse", "HEAD");
    },
    merge(sha, who) {
      execFileSync("git", ["merge", "-q", "--no-ff", "--no-edit", "--no-gpg-sign", sha], {
        cwd: dir,
        env: as(who),
        timeout: 20_000,
      });
      return git("rev-parse", "HEAD");
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An empty directory that is no repository: a step whose checkout does not hold the commit. */
export function noCheckout(prefix = "dingpipe-nogit-"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
