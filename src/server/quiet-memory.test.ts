import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { giveMemoryBackWhenQuiet } from "./quiet-memory.ts";

/** Keeps the event loop busy for `ms` (synchronously), as a burst of requests would. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe("giving memory back when quiet", () => {
  it("collects once per quiet spell: after start-up, then again only after a busy period", async () => {
    const calls: string[] = [];
    // Wide thresholds: this test process shares its loop with the runner. A period is 100 ms.
    const quiet = giveMemoryBackWhenQuiet({
      gc: (o) => calls.push(`${o.type}/${o.flavor}`),
      periodMs: 100,
      quietBelow: 0.3,
    });
    try {
      await sleep(450);
      assert.deepEqual(calls, ["major/last-resort"], "one collection for the quiet spell after start");
      // Busy: 80 ms of every 100 for ~3 periods. No collection while busy.
      const until = performance.now() + 320;
      while (performance.now() < until) {
        block(80);
        await sleep(20);
      }
      assert.equal(calls.length, 1, "none while busy");
      await sleep(450);
      assert.equal(calls.length, 2, "one more once quiet again");
    } finally {
      quiet.stop();
    }
  });

  it("does nothing in a process without V8's gc (no --expose-gc)", () => {
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, "undefined", "this test process has no gc()");
    const quiet = giveMemoryBackWhenQuiet({ periodMs: 10 });
    quiet.stop();
  });

  it("with V8's gc, shrinks a young generation start-up grew", async () => {
    // A real process as the service runs: 4 MB semi-spaces and --expose-gc (bin/service-flags.js).
    const script = `
      import { getHeapSpaceStatistics } from "node:v8";
      import { giveMemoryBackWhenQuiet } from ${JSON.stringify(fileURLToPath(new URL("./quiet-memory.ts", import.meta.url)))};
      const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
      let keep = [];
      for (let i = 0; i < 300000; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 50000) keep = []; }
      keep = [];
      const before = young();
      const quiet = giveMemoryBackWhenQuiet({ periodMs: 200, quietBelow: 0.5, collected: () => {
        console.log(JSON.stringify({ before, after: young() }));
        quiet.stop();
      } });
      setTimeout(() => {}, 5000);
    `;
    const child = spawn(
      process.execPath,
      ["--max-semi-space-size=4", "--expose-gc", "--input-type=module", "-e", script],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) child.kill();
    });
    await new Promise((resolve) => child.once("exit", resolve));
    const { before, after } = JSON.parse(out) as { before: number; after: number };
    assert.ok(before >= 4 * 1024 * 1024, `start-up grew the young generation (${before} bytes)`);
    assert.ok(after < before, `the collection shrank it: ${before} → ${after} bytes`);
  });
});
