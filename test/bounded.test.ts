/**
 * The waits tests rely on end: a hanging probe is cut off, a child that ignores SIGTERM is killed, and a
 * PostgreSQL that cannot start (its port taken) fails the start instead of hanging the run for ever.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { describe, it } from "node:test";
import { bounded, stopChild } from "./helpers/bounded.ts";
import { waitFor } from "./helpers/delivery.ts";
import { startPostgres } from "./helpers/postgres.ts";

describe("bounded waits", () => {
  it("waitFor cuts off a probe that never answers and says what it was waiting for", async () => {
    await assert.rejects(
      waitFor(
        "the robot's answer",
        () => new Promise<number>(() => {}),
        () => true,
        300,
      ),
      /timed out after .* waiting for the robot's answer \(the probe did not answer/,
    );
  });

  it("waitFor fails after its deadline with the last state it saw", async () => {
    let n = 0;
    await assert.rejects(
      waitFor(
        "three messages",
        () => ++n,
        (v) => v > 1_000_000,
        200,
      ),
      /timed out waiting for three messages: \d+/,
    );
  });

  it("bounded passes values and errors through, and fails a promise that never settles", async () => {
    assert.equal(await bounded(Promise.resolve(7), 1000, "seven"), 7);
    await assert.rejects(bounded(Promise.reject(new Error("boom")), 1000, "x"), /boom/);
    await assert.rejects(bounded(new Promise(() => {}), 50, "nothing"), /waiting for nothing/);
  });

  it("stopChild kills a child that ignores SIGTERM, and fails saying so", async () => {
    const child = spawn(
      process.execPath,
      ["-e", "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)"],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    await bounded(new Promise((r) => child.stdout.once("data", r)), 30_000, "the child to start");
    await assert.rejects(
      stopChild(child, "SIGTERM", "the stubborn child", 500),
      /stubborn child to exit after SIGTERM/,
    );
    assert.equal(child.signalCode, "SIGKILL", "killed, not left running");
  });

  it("stopChild on a child that already ended answers at once", async () => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await bounded(new Promise((r) => child.once("exit", r)), 30_000, "the child to end");
    assert.equal(await stopChild(child, "SIGTERM", "the ended child", 1000), 0);
  });
});

describe("a PostgreSQL that cannot start", () => {
  it("fails the start, naming why, instead of waiting for ever (its port is taken)", async () => {
    // Each port the helper picks is taken right after it was found free, as another process may do.
    const blockers: Server[] = [];
    const result = await bounded(
      startPostgres({
        afterPortChosen: async (port) => {
          const blocker = createServer();
          blockers.push(blocker);
          await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", r));
        },
      }).then(
        async (pg) => {
          await pg.stop();
          return { error: undefined };
        },
        (error: unknown) => ({ error }),
      ),
      280_000,
      "startPostgres to give up",
    );
    for (const b of blockers) b.close();
    assert.match(String(result.error), /PostgreSQL did not start/);
    assert.equal(blockers.length, 3, "three attempts, each on a taken port");
  });
});
