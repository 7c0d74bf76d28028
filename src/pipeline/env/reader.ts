/** The shape of one platform's environment reader: detection, the fact mapping, its variable names. */
import type { CiFacts } from "../facts.ts";
import type { ReadCommit } from "../git.ts";

export type Env = Record<string, string | undefined>;

export interface EnvContext {
  /** Reads a file the platform points at (GitHub's GITHUB_EVENT_PATH); undefined when unreadable. */
  readFile: (path: string) => string | undefined;
  /** The commit as the checkout in the working directory knows it; undefined when it does not. */
  readCommit: ReadCommit;
}

export interface EnvReader {
  /**
   * Why the environment is this platform's — the variables that say so, e.g. `GITHUB_ACTIONS=true`
   * — or undefined when it is not. Generic names alone (`PIPELINE_ID`, `JENKINS_HOME`) never decide.
   */
  detect: (env: Env) => string | undefined;
  /**
   * The run facts this platform's variables give (absent ones left undefined). A reader leaves the
   * commit message and author out when its variables hold something else there (a pull request's
   * title or body): the checkout then gives them, or they stay absent.
   */
  read: (env: Env, context: EnvContext) => CiFacts;
  /** The platform's own variables, copied into `event.variables` when set (for `${NAME}` in custom content). */
  variables: readonly string[];
  /**
   * Variables whose values anyone who can push a branch or open a pull request controls (commit
   * messages, branch and tag names, titles, people's names). They are always copied into
   * `event.variables`, so `${NAME}` in custom content is escaped instead of trusted.
   */
  untrusted: readonly string[];
}
