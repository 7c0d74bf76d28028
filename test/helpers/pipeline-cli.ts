/**
 * For the `notify`, `run` and `preview` integration tests: dingpipe as a real process (the CLI
 * entry runs directly on Node 24), a CI platform's environment from its fixture, a temp directory
 * with a `.dingpipe.yml`, and an emulator whose robots stand in for the groups.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { MarkdownMessage } from "../../src/dingtalk/message.ts";
import type { Emulator, ReceivedMessage } from "../../src/emulator/index.ts";

const MAIN = pathToFileURL(new URL("../../src/cli/main.ts", import.meta.url).pathname).href;
// With TEST_REPORT_UNDICI set, the runner says on stderr whether fetch's engine was loaded by the command.
const RUNNER = `import { main } from ${JSON.stringify(MAIN)}; process.exitCode = await main(process.argv.slice(1)); if (process.env.TEST_REPORT_UNDICI) console.error("undici loaded: " + process.moduleLoadList.some((m) => m.includes("undici")));`;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for byte-exact checks. */
  raw: Buffer;
}

export interface Started {
  child: ChildProcess;
  /** Resolves when the process ends. */
  done: Promise<Run>;
  /** Resolves once stdout has contained `text`. */
  waitForStdout(text: string): Promise<void>;
}

/**
 * Starts `dingpipe <args>` in `cwd` with exactly `env` (plus PATH), and `stdin` as its standard
 * input when given (none otherwise). Killed after 60 s at the latest.
 */
export function startDingpipe(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  stdin?: string | Buffer,
): Started {
  const child = spawn(process.execPath, ["--input-type=module", "-e", RUNNER, "--", ...args], {
    cwd,
    env: { ...env, PATH: process.env["PATH"] ?? "" },
    stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout?.on("data", (c: Buffer) => {
    out.push(c);
    const now = Buffer.concat(out).toString("utf8");
    for (const w of waiters.filter((x) => now.includes(x.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr?.on("data", (c: Buffer) => err.push(c));
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const done = new Promise<Run>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(guard);
      const raw = Buffer.concat(out);
      resolve({
        code,
        signal,
        raw,
        stdout: raw.toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
  return {
    child,
    done,
    waitForStdout: (text) =>
      new Promise<void>((resolve, reject) => {
        if (Buffer.concat(out).toString("utf8").includes(text)) return resolve();
        waiters.push({ text, resolve });
        done.then(() => reject(new Error(`process ended before printing ${JSON.stringify(text)}`)), reject);
      }),
  };
}

export function dingpipe(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  stdin?: string | Buffer,
): Promise<Run> {
  return startDingpipe(args, cwd, env, stdin).done;
}

/** A CI platform's environment as its runner sets it (test/fixtures/ci/<name>.env.json). */
export function ciEnv(name: string): Record<string, string> {
  return JSON.parse(readFileSync(new URL(`../fixtures/ci/${name}.env.json`, import.meta.url), "utf8"));
}

export async function tempDir(prefix: string): Promise<{
  dir: string;
  write: (name: string, text: string) => Promise<string>;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    write: async (name, text) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The markdown text of a received message (markdown or actionCard). */
export function textOf(m: ReceivedMessage | undefined): string {
  const body = m?.body as MarkdownMessage | { actionCard?: { text?: string } } | undefined;
  if (body && "markdown" in body) return body.markdown.text;
  return (body as { actionCard?: { text?: string } } | undefined)?.actionCard?.text ?? "";
}

export function titleOf(m: ReceivedMessage | undefined): string {
  const body = m?.body as MarkdownMessage | undefined;
  return body?.markdown?.title ?? "";
}

/** Every accepted message's token and status word, oldest first. */
export function timeline(emulator: Emulator): string[] {
  return emulator.messages().map((m) => `${m.robot ?? m.token}: ${titleOf(m)}`);
}
