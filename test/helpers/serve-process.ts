/**
 * `dingpipe serve` / `dingpipe worker` as real child processes, run from the TypeScript entry (Node 24 runs
 * it directly, as test/config.test.ts does). `url` is read from the "listening" log line on stdout.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { exitOf, stopChild } from "./bounded.ts";

const MAIN = pathToFileURL(new URL("../../src/cli/main.ts", import.meta.url).pathname).href;
const RUNNER = `import { main } from ${JSON.stringify(MAIN)}; process.exitCode = await main(process.argv.slice(1));`;

export interface ServiceProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT for serve; undefined for a worker. */
  url: string | undefined;
  /** Every stdout line (JSON logs) and stderr line seen so far. */
  output: string[];
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
  /**
   * Sends `signal` and waits at most `ms` (default 30 s) for the exit code or signal name; a process
   * still running then is killed with SIGKILL and the wait fails saying so.
   */
  stop(signal: NodeJS.Signals, ms?: number): Promise<number | string>;
}

export async function spawnService(
  command: "serve" | "worker",
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    nodeFlags?: string[];
    /** false: resolves once spawned, without waiting for it to listen (`url` stays undefined). */
    untilReady?: boolean;
  },
): Promise<ServiceProcess> {
  const node = [...(options.nodeFlags ?? []), "--input-type=module", "-e", RUNNER, "--", command, ...args];
  const child = spawn(process.execPath, node, {
    cwd: options.cwd,
    env: { PATH: process.env["PATH"] ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = exitOf(child);
  createInterface({ input: child.stderr! }).on("line", (line) => output.push(line));
  const ready = new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dingpipe ${command} did not start:\n${output.join("\n")}`));
    }, 30_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "listening" || entry.msg === "worker started") {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dingpipe ${command} exited (${code}) before it was ready:\n${output.join("\n")}`));
    });
  });
  if (options.untilReady === false) ready.catch(() => {}); // the test watches the process itself
  const url = options.untilReady === false ? undefined : await ready;
  return {
    child,
    url,
    output,
    exited,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    stop: (signal, ms = 30_000) => stopChild(child, signal, `dingpipe ${command}`, ms),
  };
}

/** The first line of the service's output that includes `text`, waited for (at most `ms`); fails showing what it said. */
export async function lineOf(service: ServiceProcess, text: string, ms = 30_000): Promise<string> {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    const line = service.output.find((l) => l.includes(text));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(
    `no line with ${JSON.stringify(text)} within ${ms / 1000} s; it said:\n${service.output.join("\n")}`,
  );
}

/** A service's answer: its status, its body parsed as JSON (undefined when empty or not JSON) and its text. */
export interface ApiAnswer {
  status: number;
  body: ReturnType<typeof JSON.parse>;
  text: string;
}

/**
 * One request to the API of the service at `url`, signed in with `token` (Authorization: Bearer): `body`
 * is sent as JSON (POST by default when there is one, GET otherwise) and the answer is read whole. Answered
 * within 30 s or failed: a service that stops answering fails the test instead of hanging it.
 */
export async function callApi(
  url: string,
  token: string,
  path: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<ApiAnswer> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: ReturnType<typeof JSON.parse>;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}
