/**
 * The CI environments of test/fixtures/ci (see test/fixtures/README.md for where each comes from)
 * and `readCi`: readEnvironment as a step runs it, in a working directory that holds no checkout
 * (so nothing comes from git unless a test makes a repository).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ReadOptions, readEnvironment } from "../../src/pipeline/ci.ts";
import type { PipelineEvent } from "../../src/pipeline/event.ts";

const DIR = new URL("../fixtures/ci/", import.meta.url);

/** The path of a file in test/fixtures/ci. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, DIR));
}

/** A file of test/fixtures/ci as text. */
export function raw(name: string): string {
  return readFileSync(new URL(name, DIR), "utf8");
}

/** An environment of test/fixtures/ci (`github.env.json`). */
export function fixture(name: string): Record<string, string> {
  return JSON.parse(raw(name));
}

let empty: string | undefined;

/** A directory without a repository, removed when the process ends. */
export function emptyDir(): string {
  if (empty === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "dingpipe-ci-"));
    empty = dir;
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return empty;
}

/** readEnvironment with the event file the environment names read from `eventFile` in test/fixtures/ci. */
export function readCi(
  env: Record<string, string | undefined>,
  options: Partial<ReadOptions> & { eventFile?: string } = {},
): PipelineEvent {
  const { eventFile, ...rest } = options;
  return readEnvironment(env, {
    status: "failure",
    cwd: emptyDir(),
    ...(eventFile ? { readFile: () => raw(eventFile) } : {}),
    ...rest,
  });
}
