/** Starts test/helpers/delivery-worker.ts in a child process and waits (bounded) for it to say "ready". */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stopChild } from "./bounded.ts";

const ENTRY = fileURLToPath(new URL("./delivery-worker.ts", import.meta.url));
const START_MS = 30_000;
const STOP_MS = 30_000;

export interface SpawnedWorker {
  child: ChildProcess;
  /** SIGKILL, and wait (bounded) for the process to be gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), and wait at most 30 s; then SIGKILL and fail. */
  stop(): Promise<void>;
}

export async function spawnWorker(config: Record<string, unknown>): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, DINGPIPE_TEST_WORKER: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a worker that did not start running behind the test.
      child.kill("SIGKILL");
      reject(new Error(`the worker did not say "ready" within ${START_MS / 1000} s: ${output}`));
    }, START_MS);
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code ?? signal}) before it was ready: ${output}`));
    });
  });
  return {
    child,
    kill9: async () => {
      await stopChild(child, "SIGKILL", "the worker", STOP_MS);
    },
    stop: async () => {
      await stopChild(child, "SIGTERM", "the worker", STOP_MS);
    },
  };
}
