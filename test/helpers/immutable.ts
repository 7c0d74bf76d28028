/**
 * Files this process cannot write, whoever runs the tests: `chattr +i` (refused even to root, on file systems
 * that support it), else a mode without write permission (enough for any other user). Undefined when neither
 * holds (root on a file system without `chattr`): the caller skips.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** True when this process may make a file immutable (root, a file system with chattr), probed in a temporary directory. */
export function canMakeImmutable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "dingpipe-immutable-"));
  const probe = join(dir, "probe");
  try {
    writeFileSync(probe, "x");
    execFileSync("chattr", ["+i", probe], { stdio: "ignore" });
    execFileSync("chattr", ["-i", probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Makes `files` unwritable for this process; returns the undo, or undefined when that cannot be done here. */
export function makeUnwritable(files: string[]): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    for (const f of files) chmodSync(f, 0o400);
    return () => {
      for (const f of files) chmodSync(f, 0o600);
    };
  }
  if (!canMakeImmutable()) return undefined;
  execFileSync("chattr", ["+i", ...files]);
  return () => execFileSync("chattr", ["-i", ...files]);
}
