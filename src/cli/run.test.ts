/**
 * `run` in process, with its clocks injected: the duration in the outcome message is the
 * monotonic time between the command's start and its end (never the wall clock), and the
 * timestamps are the wall clock's. The command's output goes to the given streams.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, test } from "node:test";
import type { MarkdownMessage } from "../dingtalk/message.ts";
import { type Emulator, startEmulator } from "../emulator/index.ts";
import { runWith } from "./run.ts";

const TOKEN = "clock0123456789abcdef0123456789abcd";

let emulator: Emulator;
let dir: string;

before(async () => {
  emulator = await startEmulator({ robots: [{ token: TOKEN, name: "ci" }] });
  dir = await mkdtemp(join(tmpdir(), "dingpipe-run-unit-"));
  await writeFile(
    join(dir, ".dingpipe.yml"),
    `credentials:
  ci:
    webhook: \${DINGTALK_WEBHOOK}
notifications:
  - credential: ci
    events: [started, failure]
    content: [task, status, duration, started_at]
`,
  );
});
after(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

test("the duration is the monotonic clock's, measured around the command; output goes to the given streams", async () => {
  const ticks = [5_000, 189_000]; // start, end: 3m 04s apart
  let wallCalls = 0;
  const out = collect();
  const err = collect();
  const run = runWith({
    monotonic: () => ticks.shift() ?? assert.fail("monotonic read more than twice"),
    // The wall clock jumps backwards (NTP): it must not change the duration.
    now: () => (wallCalls++ === 0 ? Date.UTC(2026, 10, 23, 8, 0, 0) : Date.UTC(2026, 10, 23, 7, 0, 0)),
    stdout: out.stream,
    stderr: err.stream,
  });
  const lines: string[] = [];
  const code = await run(
    [
      "--task",
      "build",
      "--",
      process.execPath,
      "-e",
      "process.stdout.write('to out'); console.error('to err'); process.exit(4)",
    ],
    {
      stdout: (t) => lines.push(t),
      stderr: (t) => lines.push(t),
      env: { DINGPIPE_PIPELINE: "web", DINGTALK_WEBHOOK: emulator.webhookUrl(TOKEN) },
      cwd: dir,
    },
  );
  assert.equal(code, 4, lines.join(""));
  assert.equal(out.text(), "to out");
  assert.equal(err.text(), "to err\n");
  const texts = emulator.messages(TOKEN).map((m) => (m.body as MarkdownMessage).markdown.text);
  assert.equal(texts.length, 2);
  assert.doesNotMatch(texts[0] ?? "", /耗时/, "started has no duration yet");
  assert.match(texts[1] ?? "", /\*\*耗时\*\* 3分04秒/);
  assert.equal(ticks.length, 0, "the clock was read at the start and at the end");
});

test("SIGINT and SIGTERM are listened for without a gap from the command's start to the end of run", async () => {
  // Node drops a signal it caught for a listener that is removed before the signal is dispatched,
  // even when another listener took its place in the same tick: a run that handed over from the
  // command's listener to the "stop waiting" one as the command ended lost a Ctrl-C that came then,
  // and kept waiting for a hanging robot. So the listener count may reach zero only once, at the end.
  const drops = { SIGINT: 0, SIGTERM: 0 };
  const adds = { SIGINT: 0, SIGTERM: 0 };
  const onRemove = (event: string | symbol) => {
    if ((event === "SIGINT" || event === "SIGTERM") && process.listenerCount(event) === 0) drops[event]++;
  };
  const onAdd = (event: string | symbol) => {
    if (event === "SIGINT" || event === "SIGTERM") adds[event]++;
  };
  process.on("removeListener", onRemove);
  process.on("newListener", onAdd);
  const before = process.listenerCount("SIGINT");
  try {
    const out = collect();
    const code = await runWith({ stdout: out.stream, stderr: collect().stream })(
      ["--task", "build", "--", process.execPath, "-e", "process.exit(3)"],
      {
        stdout: () => {},
        stderr: () => {},
        env: { DINGPIPE_PIPELINE: "web", DINGTALK_WEBHOOK: emulator.webhookUrl(TOKEN) },
        cwd: dir,
      },
    );
    assert.equal(code, 3);
  } finally {
    process.off("removeListener", onRemove);
    process.off("newListener", onAdd);
  }
  assert.equal(before, 0, "the test process listens for SIGINT itself: the count says nothing");
  assert.deepEqual(adds, { SIGINT: 1, SIGTERM: 1 }, "one listener each for the whole run");
  assert.deepEqual(drops, { SIGINT: 1, SIGTERM: 1 }, "given back once, at the end");
});
