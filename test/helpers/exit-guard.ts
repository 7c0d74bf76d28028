/**
 * Loaded before every test file (`--import` in `npm test`): once a file's tests have finished, its process
 * must end by itself. If something the tests opened is still alive a minute later (a server, a socket, a
 * timer, a child), the file fails and says what was left, instead of hanging the run.
 *
 * This replaces `--test-force-exit`, which ended a file's process while its results were still on their way
 * to the runner: under load a file's last verdicts were dropped and the run still passed with fewer tests
 * (nodejs/node#64833).
 */
import { after } from "node:test";

/** How long a finished file may take to close; `DINGPIPE_TEST_EXIT_GRACE_MS` changes it (the guard's own test). */
const GRACE_MS = Number(process.env["DINGPIPE_TEST_EXIT_GRACE_MS"] ?? 60_000);

after(() => {
  const timer = setTimeout(() => {
    const alive = process.getActiveResourcesInfo().filter((r) => r !== "Timeout" && r !== "PipeWrap");
    process.stderr.write(
      `exit-guard: this test file's process did not end ${GRACE_MS / 1000} s after its tests finished; ` +
        `still open: ${alive.join(", ") || "(timers or pipes only)"}. Close what the tests opened.\n`,
    );
    process.exit(1);
  }, GRACE_MS);
  timer.unref();
});
