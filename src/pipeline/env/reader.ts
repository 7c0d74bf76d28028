/** The shape of one platform's environment reader: detection, the fact mapping, its variable names. */
import type { CiFacts } from "../facts.ts";

export type Env = Record<string, string | undefined>;

export interface EnvContext {
  /** Reads a file the platform points at (GitHub's GITHUB_EVENT_PATH); undefined when unreadable. */
  readFile: (path: string) => string | undefined;
}

export interface EnvReader {
  /** True when the environment is this platform's. */
  detect: (env: Env) => boolean;
  /** The run facts this platform's variables give (absent ones left undefined). */
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
