import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeGitee } from "./gitee.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/hooks/${name}`, import.meta.url), "utf8"));
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);

test("Gitee webhook plugin: job, code source and global params", () => {
  const hook = normalizeGitee({}, fixture("gitee-job.json"));
  assert.equal(hook.deliveryId, undefined);
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "前端发布流水线" },
      run: { number: 42 },
      stage: { name: "构建" },
      task: {
        name: "Node.js 构建",
        status: "failure",
        url: "https://e.gitee.com/acme-tech/projects/210455/pipelines/255039/history/426411/stages/741137/jobs/1018636?buildNumber=42",
      },
      source: {
        provider: "gitee",
        repo: "acme-tech/web-portal",
        branch: "master",
        commit: { sha: "9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345" },
      },
      variables: { DEPLOY_ENV: "生产", NODE_VERSION: "24" },
    },
  ]);
});

test("Gitee status codes SUCC/FAIL/CANCEL/SKIP; unknown ones ignored", () => {
  const payload = fixture("gitee-job.json");
  const at = (statusCode: string) =>
    normalizeGitee({}, { ...payload, job: { ...(payload["job"] as object), statusCode } });
  assert.equal(at("SUCC").events[0]?.task.status, "success");
  assert.equal(at("FAIL").events[0]?.task.status, "failure");
  assert.equal(at("CANCEL").events[0]?.task.status, "cancelled");
  assert.equal(at("SKIP").events[0]?.task.status, "skipped");
  assert.deepEqual(at("PAUSE"), {
    events: [],
    ignored: "Gitee job statusCode PAUSE is not a task state we report",
  });
});

test("Gitee: an upstream-pipeline source lends its GITEE_* params; no source means no source facts", () => {
  const payload = fixture("gitee-job.json");
  const upstream = normalizeGitee(
    {},
    {
      ...payload,
      sources: [
        {
          sourceType: "PIPELINE",
          buildNumber: 7,
          upParams:
            '{"GITEE_REPO":"acme-tech/api","GITEE_BRANCH":"release","GITEE_COMMIT":"c2a64f66a9536200f9dc464427e793c3444b1113"}',
        },
      ],
    },
  );
  assert.deepEqual(upstream.events[0]?.source, {
    provider: "gitee",
    repo: "acme-tech/api",
    branch: "release",
    commit: { sha: "c2a64f66a9536200f9dc464427e793c3444b1113" },
  });
  const broken = normalizeGitee(
    {},
    { ...payload, sources: [{ sourceType: "PIPELINE", upParams: "{oops" }], globalParams: null },
  );
  assert.deepEqual(broken.events[0]?.source, { provider: "gitee" });
  assert.equal(broken.events[0]?.variables, undefined);
});

test("Gitee hostile or missing fields", () => {
  const payload = fixture("gitee-job.json");
  const job = payload["job"] as Record<string, unknown>;
  assert.throws(() => normalizeGitee({}, undefined), badPayload(/body missing/));
  assert.throws(() => normalizeGitee({}, { sources: [] }), badPayload(/^job missing/));
  assert.throws(() => normalizeGitee({}, { job: [] }), badPayload(/job is not an object/));
  assert.throws(() => normalizeGitee({}, { job: { ...job, statusCode: "" } }), badPayload(/job.statusCode/));
  assert.throws(
    () => normalizeGitee({}, { job: { ...job, jobName: null } }),
    badPayload(/job.jobName missing/),
  );
  assert.throws(
    () => normalizeGitee({}, { job: { ...job, pipelineName: {} } }),
    badPayload(/job.pipelineName is not a text/),
  );
  assert.throws(() => normalizeGitee({}, { ...payload, sources: "x" }), badPayload(/sources is not a list/));
  const odd = normalizeGitee(
    {},
    { job: { ...job, buildNumber: "NaN", stageName: 3.5 }, sources: [1, null, { repoPath: 5 }] },
  );
  assert.equal(odd.events[0]?.run, undefined);
  assert.equal(odd.events[0]?.stage?.name, "3.5");
  assert.equal(odd.events[0]?.source?.repo, "5");
});
