/** Waiting for the process to be asked to stop: long-running commands (serve, worker, emulator) share it. */

/**
 * Resolves on the first SIGINT or SIGTERM (the listeners are removed afterwards, so a second one has Node's
 * default effect). `cancel` removes them without resolving: the command ends another way.
 */
export function waitForSignal(cancel?: AbortSignal): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const off = () => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
    };
    const on = (signal: NodeJS.Signals) => {
      off();
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
    cancel?.addEventListener("abort", off, { once: true });
  });
}
