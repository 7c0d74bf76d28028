/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  /** stdout is a terminal (a person reads it): logs are worded for people, not collectors. */
  isTTY?: boolean;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A command: takes its arguments (after the command name), returns the exit code. Never exits. */
export type Command = (args: string[], io: Io) => Promise<number>;
