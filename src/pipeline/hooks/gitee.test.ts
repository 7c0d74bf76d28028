import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeGitee } from "./gitee.ts";

/** Gitee's published examples (test/fixtures/README.md says what was edited and why). */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/hooks/${name}`, import.meta.url), "utf8"));
const PUBLISHED = "gitee-pipeline-webhook.json";
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);

test("Gitee's published task notification: job, code source with its commit linked, global params", () => {
  const hook = normalizeGitee({}, fixture(PUBLISHED));
  assert.equal(hook.deliveryId, undefined);
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "测试流水线" },
      run: { number: 19 },
      stage: { name: "构建" },
      task: {
        name: "java构建",
        status: "success",
        url: "https://e.gitee.com/oschina/projects/210455/pipelines/255039/history/426411/stages/741137/jobs/1018636?buildNumber=2",
      },
      source: {
        provider: "gitee",
        repo: "xiaoxuxuy/test",
        branch: "master",
        commit: { sha: "123123", url: "https://gitee.com/xiaoxuxuy/test/commit/123123" },
      },
      variables: { test: "test1", test2: "test2" },
    },
  ]);
});

test("Gitee repository WebHooks (Push Hook, Merge Request Hook, Note Hook…) are ignored with the reason", () => {
  const push = normalizeGitee({ "X-Gitee-Event": "Push Hook" }, fixture("gitee-push-hook.json"));
  assert.deepEqual(push.events, []);
  assert.match(push.ignored ?? "", /Gitee Push Hook is a repository WebHook/);
  const note = normalizeGitee({}, { hook_name: "note_hooks", note: { body: "LGTM" } });
  assert.match(note.ignored ?? "", /note_hooks is a repository WebHook/);
  assert.match(
    normalizeGitee({ "x-gitee-event": "Merge Request Hook" }, { action: "open" }).ignored ?? "",
    /Merge Request Hook/,
  );
});

test("Gitee status codes SUCC/FAIL/CANCEL/SKIP; unknown ones ignored", () => {
  const payload = fixture(PUBLISHED);
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
  const payload = fixture(PUBLISHED);
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
    commit: {
      sha: "c2a64f66a9536200f9dc464427e793c3444b1113",
      url: "https://gitee.com/acme-tech/api/commit/c2a64f66a9536200f9dc464427e793c3444b1113",
    },
  });
  const broken = normalizeGitee(
    {},
    { ...payload, sources: [{ sourceType: "PIPELINE", upParams: "{oops" }], globalParams: null },
  );
  assert.deepEqual(broken.events[0]?.source, { provider: "gitee" });
  assert.equal(broken.events[0]?.variables, undefined);
});

test("Gitee hostile or missing fields", () => {
  const payload = fixture(PUBLISHED);
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
  assert.equal(odd.events[0]?.source?.commit, undefined);
  const notHex = normalizeGitee({}, { job, sources: [{ repoPath: "a/b", commitId: "../../evil" }] });
  assert.deepEqual(notHex.events[0]?.source?.commit, { sha: "../../evil" }, "no link built from odd values");
});
