/**
 * `dingpipe run [--task NAME] -- cmd args…`: wraps a task. Notifies `started`, runs the command with
 * its output passed through byte for byte, then notifies `success`, `failure` (exit code and the last
 * 20 lines of output, secrets masked) or `cancelled` (SIGINT/SIGTERM, forwarded to the command).
 * Exits with the command's own status (128+n for signal n); a failed notification never changes it.
 *
 * Timing: the `started` messages are sent while the command already runs (it is not delayed by
 * DingTalk); the outcome is sent only once `started` is settled, so the group sees them in order.
 * dingpipe's own lines go to stderr, so the command's stdout stays exactly its own.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { Readable, Writable } from "node:stream";
import { isDingpipeError } from "../errors.ts";
import { readEnvironment } from "../pipeline/ci.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";
import {
  type DeliveryOutcome,
  deliverAll,
  loadStepConfig,
  parseCi,
  planNotifications,
  STEP_OPTIONS,
  stepHttp,
  stepSecrets,
  stepWording,
  switchedOffNotes,
  UsageError,
} from "./pipeline-step.ts";
import { maskSecrets } from "./secrets.ts";
import { LineTail, TAIL_LINES } from "./tail.ts";

const HELP = `Usage: dingpipe run [--task NAME] [--pipeline NAME] [--config FILE] [--ci NAME]
                   [--locale L] [--timezone TZ] -- cmd args…

Runs the command as a pipeline task and tells DingTalk about it, through the notifications of
.dingpipe.yml that select each event: 'started' (sent while the command starts), then 'success',
'failure' (with the exit code and the last ${TAIL_LINES} lines of output, secret values masked) or
'cancelled' (when dingpipe gets SIGINT/SIGTERM: the signal is forwarded to the command).
The command's output passes through unchanged; dingpipe's own lines go to stderr.

Options:
  --task NAME        the task (job) name; default: the platform's job/step name  (env DINGPIPE_TASK)
  --pipeline NAME    the pipeline name; default: the platform's           (env DINGPIPE_PIPELINE)
  --config FILE      default: .dingpipe.yml in the working directory
  --ci NAME          read this platform's variables instead of detecting it
  --locale L         the messages' language: zh-CN (default) or en, for notifications that set
                     no locale: (overrides the file's top-level locale:)   (env DINGPIPE_LOCALE)
  --timezone TZ      the IANA zone of their times, e.g. Asia/Shanghai; default: the file's
                     timezone:, else TZ, else the system's zone          (env DINGPIPE_TIMEZONE)
  -h, --help         this help

Exit status: the command's own (128+n when a signal n ended it; 127 when it cannot be found);
2 for bad usage (the command is then not run). A configuration error, or a message that could
not be delivered, is reported on stderr and never changes the exit status: the command runs.
`;

export interface RunDeps {
  /** Wall clock, ms since the epoch (timestamps in messages). */
  now?: () => number;
  /** Monotonic clock in ms (the duration). */
  monotonic?: () => number;
  /** Where the command's output goes (default this process's stdout/stderr). */
  stdout?: Writable;
  stderr?: Writable;
}

/** How the wrapped command ended. */
interface Ended {
  code: number;
  status: Exclude<Status, "started" | "skipped" | "waiting">;
  /** Set when the command could not be started at all. */
  startError?: string;
}

function describe(e: unknown): string {
  const message = (e as Error)?.message ?? String(e);
  return isDingpipeError(e) && e.fix ? `${message}\n  fix: ${e.fix}` : message;
}

/** Splits `[options…] -- cmd args…`; without `--`, the first non-option starts the command. */
function splitCommand(args: string[]): { options: string[]; command: string[] } {
  const dashes = args.indexOf("--");
  if (dashes >= 0) return { options: args.slice(0, dashes), command: args.slice(dashes + 1) };
  return { options: args, command: [] };
}

export function runWith(deps: RunDeps = {}): Command {
  return (args, io) => runCommand(args, io, deps);
}

export const run: Command = runWith();

async function runCommand(args: string[], io: Io, deps: RunDeps): Promise<number> {
  const now = deps.now ?? Date.now;
  const monotonic = deps.monotonic ?? (() => performance.now());
  const { options, command } = splitCommand(args);
  let values: {
    task?: string;
    pipeline?: string;
    config?: string;
    ci?: string;
    locale?: string;
    timezone?: string;
    help?: boolean;
  };
  let wording: ReturnType<typeof stepWording> | undefined;
  let base: PipelineEvent | undefined;
  let secrets: string[] = [];
  let loaded: Awaited<ReturnType<typeof loadStepConfig>>;
  try {
    ({ values } = parseCommandArgs({
      args: options,
      strict: true,
      allowPositionals: false,
      options: STEP_OPTIONS,
    }));
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    if (command.length === 0 || command[0] === "")
      throw new UsageError("no command: write it after --, e.g. dingpipe run -- npm test");
    const ci = parseCi(values.ci);
    // A broken config or an unknown pipeline turns the notifications off, never the task: the
    // problem is reported (loadStepConfig prints its diagnostics) and the command runs all the same.
    loaded = await loadStepConfig(values.config, io);
    if (loaded) {
      secrets = stepSecrets(loaded.config, io.env);
      wording = stepWording(values, loaded.config, io.env);
      try {
        base = readEnvironment(io.env, {
          cwd: io.cwd,
          status: "started",
          ...(ci ? { ci } : {}),
          ...(values.task ? { task: values.task } : {}),
          ...(values.pipeline ? { pipeline: values.pipeline } : {}),
        });
      } catch (e) {
        io.stderr(maskSecrets(`dingpipe run: ${describe(e)}\n`, secrets));
      }
    }
  } catch (e) {
    const more = isDingpipeError(e) ? "" : "\n\nRun 'dingpipe run --help' for the options.";
    io.stderr(maskSecrets(`dingpipe run: ${describe(e)}${more}\n`, secrets));
    return 2;
  }
  if (!loaded || !base) {
    io.stderr("dingpipe run: no notifications for this run (see above); running the command anyway\n");
    const signals = new RunSignals(new AbortController());
    try {
      return (await runChild(command, io, new LineTail(TAIL_LINES), deps, signals)).code;
    } finally {
      signals.dispose();
    }
  }

  const report = { out: io.stderr, err: io.stderr, secrets };
  const startedAt = now();
  const t0 = monotonic();
  base.task.startedAt = new Date(startedAt).toISOString();
  const http = stepHttp(io.env);
  const startedPlan = planNotifications(loaded, base, io.env, wording, http?.fetch);
  for (const note of switchedOffNotes(loaded.config, base)) io.stderr(`${maskSecrets(note, secrets)}\n`);
  // Sent while the command starts; awaited before the outcome so the group sees them in order.
  const late = new AbortController();
  const started: Promise<DeliveryOutcome[]> = startedPlan.length
    ? deliverAll(startedPlan, { ...report, label: "started", signal: late.signal })
    : Promise.resolve([]);

  const tail = new LineTail(TAIL_LINES);
  // From here to the end, Ctrl-C (or SIGTERM) goes to the command while it runs; once it has ended,
  // it stops waiting for DingTalk — for a `started` still in flight as for the outcome — and dingpipe
  // still exits with the command's status.
  const signals = new RunSignals(late);
  try {
    const ended = await runChild(command, io, tail, deps, signals);
    const event: PipelineEvent = {
      ...base,
      task: {
        ...base.task,
        status: ended.status,
        finishedAt: new Date(now()).toISOString(),
        durationMs: Math.max(0, Math.round(monotonic() - t0)),
      },
    };
    if (ended.status === "failure") {
      event.task.exitCode = ended.code;
      const lines = ended.startError ? [ended.startError] : tail.lines();
      if (lines.length > 0) event.task.logTail = maskSecrets(lines.join("\n"), secrets);
    }
    await started;
    const plan = planNotifications(loaded, event, io.env, wording, http?.fetch);
    for (const note of switchedOffNotes(loaded.config, event)) io.stderr(`${maskSecrets(note, secrets)}\n`);
    if (plan.length > 0) await deliverAll(plan, { ...report, label: ended.status, signal: late.signal });
    return ended.code;
  } finally {
    signals.dispose();
    http?.close();
  }
}

/**
 * Copies a child's output to `dest` as it comes (pausing when `dest` is full) and feeds the tail.
 * When `dest` breaks (`dingpipe run -- cmd | head`), the command's pipe is closed too, so its next
 * write fails (SIGPIPE, EPIPE or ECONNRESET) as it would without dingpipe in between; draining it
 * instead would keep a command that writes until told to stop (`yes`, `tail -f`) running forever.
 */
function passThrough(src: Readable, dest: Writable, onChunk: (chunk: Buffer) => void): void {
  let broken = false;
  const onError = () => {
    broken = true;
    src.destroy();
  };
  // process.stdout on a socket reports EPIPE to the write's callback without an 'error' event.
  const written = (error?: Error | null) => {
    if (error) onError();
  };
  dest.on("error", onError);
  src.on("data", (chunk: Buffer) => {
    onChunk(chunk);
    if (broken) return;
    if (!dest.write(chunk, written)) {
      src.pause();
      dest.once("drain", () => src.resume());
    }
  });
  src.once("close", () => dest.off("error", onError));
}

/**
 * SIGINT and SIGTERM while `run` has a command: each goes to the command while it runs (`forward`), and
 * once it has ended stops the waiting for robots (`late`). One listener each from the command's start
 * to the end of `run`: Node drops a signal it caught for a listener that is removed before the signal
 * is dispatched, even when another listener took its place, so handing over from one listener to
 * another as the command ends lost a Ctrl-C that came at that moment.
 */
class RunSignals {
  /** Sends the signal to the running command; false when there is none (it has ended). */
  forward: ((signal: NodeJS.Signals) => boolean) | undefined;
  readonly #late: AbortController;
  readonly #onInt = () => this.#on("SIGINT");
  readonly #onTerm = () => this.#on("SIGTERM");

  constructor(late: AbortController) {
    this.#late = late;
    process.on("SIGINT", this.#onInt);
    process.on("SIGTERM", this.#onTerm);
  }

  #on(signal: NodeJS.Signals): void {
    if (this.forward?.(signal) !== true) this.#late.abort();
  }

  dispose(): void {
    process.off("SIGINT", this.#onInt);
    process.off("SIGTERM", this.#onTerm);
  }
}

/** How long after the command exits its output pipes may stay open. */
const CLOSE_GRACE_MS = 2000;

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

function runChild(
  command: string[],
  io: Io,
  tail: LineTail,
  deps: RunDeps,
  signals: RunSignals,
): Promise<Ended> {
  const [file, ...rest] = command as [string, ...string[]];
  return new Promise<Ended>((resolve) => {
    let interrupted: NodeJS.Signals | undefined;
    let settled = false;
    const child = spawn(file, rest, {
      cwd: io.cwd,
      env: io.env as NodeJS.ProcessEnv,
      stdio: ["inherit", "pipe", "pipe"],
    });
    // The command may have ended before Node has told us (reaped, 'exit' not yet run): kill() then
    // finds no process, and the signal means what it means after the end — stop waiting for robots.
    signals.forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null && child.kill(signal)) {
        interrupted ??= signal;
        return true;
      }
      return false;
    };
    const finish = (ended: Ended) => {
      if (settled) return;
      settled = true;
      signals.forward = undefined;
      resolve(ended);
    };
    passThrough(child.stdout, deps.stdout ?? process.stdout, (c) => tail.push("stdout", c));
    passThrough(child.stderr, deps.stderr ?? process.stderr, (c) => tail.push("stderr", c));
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return; // started: 'close' reports the end
      const missing = error.code === "ENOENT";
      const why = missing ? "not found" : error.code === "EACCES" ? "permission denied" : error.message;
      const startError = `dingpipe run: cannot start '${file}': ${why}`;
      io.stderr(`${startError}\n`);
      finish({ code: missing ? 127 : 126, status: "failure", startError });
    });
    // 'close' waits for the output pipes; a background process the command left behind may hold
    // them open, so the exit is enough after a short grace for the last output.
    child.once("exit", () => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, CLOSE_GRACE_MS).unref();
    });
    child.once("close", (code, signal) => {
      tail.end("stdout");
      tail.end("stderr");
      const byStopSignal = signal === "SIGINT" || signal === "SIGTERM";
      const exit = code ?? (signal ? 128 + signalNumber(signal) : 1);
      const status = interrupted || byStopSignal ? "cancelled" : exit === 0 ? "success" : "failure";
      finish({ code: exit, status });
    });
  });
}
