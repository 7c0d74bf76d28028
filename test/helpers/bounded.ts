/**
 * Waits with a bound: every wait in a test either ends or fails saying what it was waiting for, and a
 * child process a test started is never left running, nor awaited for ever.
 */
import type { ChildProcess } from "node:child_process";

/** `promise`, or a rejection "timed out after N s waiting for WHAT" once `ms` have passed. */
export function bounded<T>(promise: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)),
      ms,
    );
  });
  return Promise.race([Promise.resolve(promise), limit]).finally(() => clearTimeout(timer));
}

/** Resolves with the exit code, or the signal name, of a child (at once when it already ended). */
export function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
}

/**
 * Sends `signal` and waits at most `ms` for the child to end. A child still running then is killed
 * with SIGKILL (so nothing is left behind) and the wait fails, naming `what` and the signal.
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  what: string,
  ms = 30_000,
): Promise<number | string> {
  const ended = exitOf(child);
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  try {
    return await bounded(ended, ms, `${what} to exit after ${signal}`);
  } catch (error) {
    child.kill("SIGKILL");
    await bounded(ended, 10_000, `${what} to exit after SIGKILL`).catch(() => {});
    throw error;
  }
}
