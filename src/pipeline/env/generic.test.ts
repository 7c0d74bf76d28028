import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { detectCi, readEnvironment } from "../ci.ts";

const fixture = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8"));

test("generic: every fact from DINGPIPE_* variables", () => {
  const env = fixture("generic.env.json");
  assert.equal(detectCi(env), "generic");
  const event = readEnvironment(env, { status: "failure" });
  assert.deepEqual(event, {
    pipeline: { name: "nightly-backup" },
    run: {
      number: 311,
      url: "https://ops.acme.example/runs/311",
      trigger: { user: "cron", event: "schedule" },
    },
    stage: { name: "backup" },
    task: { name: "dump-database", status: "failure" },
    source: {
      repo: "acme/ops",
      branch: "main",
      commit: {
        sha: "d4e5f60718293a4b5c6d7e8f9012345678abcdef",
        message: "rotate backup keys",
        author: "ops-bot",
      },
    },
    variables: event.variables,
  });
  assert.equal(event.variables?.["DINGPIPE_TASK"], "dump-database");
  assert.equal("HOME" in (event.variables ?? {}), false);
});

test("generic: DINGPIPE_* overrides a platform's values; options override both", () => {
  const env = {
    ...fixture("gitlab.env.json"),
    DINGPIPE_BRANCH: "release/1.2",
    DINGPIPE_PIPELINE: "web",
    DINGPIPE_TASK: "from-env",
    DINGPIPE_BUILD_NUMBER: "7",
  };
  const event = readEnvironment(env, { status: "success" });
  assert.equal(event.source?.branch, "release/1.2");
  assert.equal(event.pipeline.name, "web");
  assert.equal(event.task.name, "from-env");
  assert.equal(event.run?.number, 7);
  assert.equal(event.run?.id, "2366", "values DINGPIPE_* does not set stay the platform's");
  const forced = readEnvironment(env, { status: "success", task: "from-flag", pipeline: "flag-pipeline" });
  assert.equal(forced.task.name, "from-flag");
  assert.equal(forced.pipeline.name, "flag-pipeline");
});

test('generic: empty or malformed DINGPIPE_* values are absent, not "" or NaN', () => {
  const env = {
    DINGPIPE_PIPELINE: "p",
    DINGPIPE_BUILD_NUMBER: "abc",
    DINGPIPE_BRANCH: "   ",
    DINGPIPE_STARTED_AT: "yesterday",
    DINGPIPE_COMMIT_MESSAGE: "no sha, so no commit",
  };
  const event = readEnvironment(env, { status: "success" });
  assert.deepEqual(event, {
    pipeline: { name: "p" },
    task: { name: "p", status: "success" },
    variables: event.variables,
  });
  const withTime = readEnvironment(
    { DINGPIPE_PIPELINE: "p", DINGPIPE_STARTED_AT: "2026-11-23T08:00:00+08:00" },
    {
      status: "started",
    },
  );
  assert.equal(withTime.task.startedAt, "2026-11-23T00:00:00Z");
});

test("generic: no pipeline name anywhere is a clear error; the repository is the fallback", () => {
  assert.throws(
    () => readEnvironment({ PATH: "/usr/bin" }, { status: "success" }),
    (e: unknown) => isDingpipeError(e, "ci_environment") && /DINGPIPE_PIPELINE/.test(e.fix ?? ""),
  );
  assert.equal(
    readEnvironment({ DINGPIPE_REPO: "acme/ops" }, { status: "success" }).pipeline.name,
    "acme/ops",
  );
  assert.equal(readEnvironment({}, { status: "success", pipeline: "cli" }).pipeline.name, "cli");
});
