/**
 * `dingpipe serve`: the service — HTTP API and console, CI webhooks, and (unless --no-worker) the delivery
 * engine — until SIGINT/SIGTERM, then a graceful shutdown. Prints no secret except the admin token created
 * on first start, once.
 */
import { isDingpipeError } from "../errors.ts";
import { startEngine } from "../server/engine.ts";
import { createLogger } from "../server/log.ts";
import { parseServiceOptions, SERVE_HELP, type ServiceOptions } from "../server/options.ts";
import { startService } from "../server/service.ts";
import { openStore } from "../store/index.ts";
import { freeCompileJobsOnMainThread } from "./compile-jobs.ts";
import type { Command } from "./io.ts";
import { waitForSignal } from "./signals.ts";

export const run: Command = async (args, io) => runService("serve", args, io);

export async function runService(
  mode: "serve" | "worker",
  args: string[],
  io: Parameters<Command>[1],
): Promise<number> {
  let options: ServiceOptions;
  try {
    options = parseServiceOptions(args, io.env, mode);
  } catch (e) {
    if (isDingpipeError(e)) {
      io.stderr(`dingpipe ${mode}: ${e.message}\n${e.fix ? `  fix: ${e.fix}\n` : ""}`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    io.stdout(mode === "serve" ? SERVE_HELP : (await import("../server/options.ts")).WORKER_HELP);
    return 0;
  }
  // A person at a terminal reads lines; a collector (systemd, docker, a file) gets JSON.
  const format = options.logFormat ?? (io.isTTY === true ? "pretty" : "json");
  const logger = createLogger({
    level: options.logLevel,
    format,
    color: format === "pretty" && io.isTTY === true && !io.env["NO_COLOR"],
    write: io.stdout,
    base: { service: `dingpipe-${mode}` },
  });
  // Signals are heard from before the start on. One that comes while starting (migrations, a slow database)
  // stops the service as soon as it has started, instead of Node's default killing it half-way or, right after
  // "listening", before it could stop cleanly. A second one stops it at once (waitForSignal lets go after one).
  let started = false;
  const notStarting = new AbortController();
  const stopping = waitForSignal(notStarting.signal);
  void stopping.then((signal) => {
    if (!started)
      io.stderr(
        `dingpipe ${mode}: ${signal} received while starting: stopping as soon as it has started (send it again to stop at once)\n`,
      );
  });
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(
      options,
      { env: io.env, cwd: io.cwd, logger, say: (line) => io.stderr(line + "\n"), openStore, startEngine },
      mode,
    );
  } catch (e) {
    notStarting.abort(); // not started: the signals are Node's again
    if (isDingpipeError(e)) {
      io.stderr(`dingpipe ${mode}: ${e.message}\n${e.fix ? `  fix: ${e.fix}\n` : ""}`);
      return 1;
    }
    // Only a listening socket's failure is about the port (an EACCES of the database is not).
    const { code, syscall } = e as NodeJS.ErrnoException;
    if (syscall === "listen" && (code === "EADDRINUSE" || code === "EACCES")) {
      io.stderr(
        mode === "worker"
          ? `dingpipe worker: cannot listen on ${options.host}:${options.metricsPort} (${code})\n  fix: choose another --metrics-port\n`
          : `dingpipe serve: cannot listen on ${options.host}:${options.port} (${code})\n  fix: choose another --port\n`,
      );
      return 1;
    }
    // Anything else: what it is, never a stack trace.
    io.stderr(
      `dingpipe ${mode}: could not start: ${(e as Error)?.message ?? String(e)}\n  fix: see the log above; report it if it persists\n`,
    );
    return 1;
  }
  started = true;
  // Started: from now on Maglev's finished jobs are freed as their code is installed (compile-jobs.ts),
  // unless Node was told otherwise.
  logger.debug("compiled code's jobs", { freedAsInstalled: freeCompileJobsOnMainThread() });
  const signal = await stopping;
  logger.info("signal received", { signal });
  await service.stop();
  return 0;
}
