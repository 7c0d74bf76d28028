/** Waiting for the process to be asked to stop: long-running commands (serve, worker, emulator) share it. */

/** Resolves on the first SIGINT or SIGTERM (the listeners are removed afterwards). */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
