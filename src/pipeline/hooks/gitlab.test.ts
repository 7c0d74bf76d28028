import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeGitlab } from "./gitlab.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/hooks/${name}`, import.meta.url), "utf8"));
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);
const PIPELINE = {
  "X-Gitlab-Event": "Pipeline Hook",
  "X-Gitlab-Event-UUID": "13792a34-cac6-4fda-95a8-c58e00a3954e",
};
const JOB = { "x-gitlab-event": "Job Hook", "idempotency-key": "f0c1d2e3-0000-4000-8000-000000000001" };

test("Pipeline Hook: one event for the pipeline, with run, times, duration, commit, variables", () => {
  const hook = normalizeGitlab(PIPELINE, fixture("gitlab-pipeline.json"));
  assert.equal(hook.deliveryId, "13792a34-cac6-4fda-95a8-c58e00a3954e");
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "Pipeline for branch: main", url: "https://gitlab.example.com/acme/web/-/pipelines" },
      run: {
        id: "2366",
        number: 42,
        url: "https://gitlab.example.com/acme/web/-/pipelines/2366",
        trigger: { user: "Lin Xiao", event: "push" },
      },
      task: {
        name: "Pipeline for branch: main",
        status: "failure",
        url: "https://gitlab.example.com/acme/web/-/pipelines/2366",
        startedAt: "2026-11-23T08:00:00Z",
        finishedAt: "2026-11-23T08:03:05Z",
        durationMs: 185000,
      },
      source: {
        provider: "gitlab",
        repo: "acme/web",
        branch: "main",
        commit: {
          sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
          message: "fix login redirect loop",
          author: "Lin Xiao",
          url: "https://gitlab.example.com/acme/web/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2",
        },
      },
      variables: { DEPLOY_REGION: "cn-hangzhou" },
    },
  ]);
});

test("Pipeline Hook for a merge request: source branch and the merge request", () => {
  const payload = fixture("gitlab-pipeline.json");
  const hook = normalizeGitlab(PIPELINE, {
    ...payload,
    object_attributes: {
      ...(payload["object_attributes"] as object),
      name: null,
      ref: "refs/merge-requests/1/head",
      source: "merge_request_event",
    },
    merge_request: {
      id: 99,
      iid: 12,
      title: "Export orders as CSV",
      source_branch: "feature/export",
      target_branch: "main",
      state: "opened",
      url: "https://gitlab.example.com/acme/web/-/merge_requests/12",
    },
  });
  const event = hook.events[0]!;
  assert.equal(event.pipeline.name, "acme/web", "without workflow:name the project path names the pipeline");
  assert.equal(event.source?.branch, "feature/export");
  assert.deepEqual(event.source?.pullRequest, {
    id: "12",
    title: "Export orders as CSV",
    url: "https://gitlab.example.com/acme/web/-/merge_requests/12",
  });
});

test("Job Hook: the job as task in its stage, with job URL built from the project", () => {
  const hook = normalizeGitlab(JOB, fixture("gitlab-job.json"));
  assert.equal(hook.deliveryId, "f0c1d2e3-0000-4000-8000-000000000001");
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "acme/web", url: "https://gitlab.example.com/acme/web/-/pipelines" },
      run: {
        id: "2366",
        url: "https://gitlab.example.com/acme/web/-/pipelines/2366",
        trigger: { user: "Lin Xiao" },
      },
      stage: { name: "test" },
      task: {
        name: "unit-tests",
        status: "failure",
        url: "https://gitlab.example.com/acme/web/-/jobs/1977",
        startedAt: "2026-11-23T08:01:12Z",
        finishedAt: "2026-11-23T08:03:05Z",
        durationMs: 113400,
      },
      source: {
        provider: "gitlab",
        repo: "acme/web",
        branch: "main",
        commit: {
          sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
          message: "fix login redirect loop",
          author: "Lin Xiao",
          url: "https://gitlab.example.com/acme/web/-/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2",
        },
      },
    },
  ]);
});

test("Job Hook statuses and the pipeline name from commit.name", () => {
  const payload = fixture("gitlab-job.json");
  const at = (build_status: unknown, extra: Record<string, unknown> = {}) =>
    normalizeGitlab(JOB, { ...payload, build_status, ...extra });
  assert.equal(at("created").events[0]?.task.status, "waiting");
  assert.equal(at("pending").events[0]?.task.status, "waiting");
  assert.equal(at("running").events[0]?.task.status, "started");
  assert.equal(at("success").events[0]?.task.status, "success");
  assert.equal(at("canceled").events[0]?.task.status, "cancelled");
  assert.equal(at("skipped").events[0]?.task.status, "skipped");
  assert.equal(at("manual").events[0]?.task.status, "waiting");
  assert.match(at("canceling").ignored ?? "", /canceling is not a task state/);
  const named = at("success", { commit: { ...(payload["commit"] as object), name: "Release 1.2" } });
  assert.equal(named.events[0]?.pipeline.name, "Release 1.2");
});

test("missing X-Gitlab-Event falls back on object_kind; other hooks are ignored", () => {
  assert.equal(normalizeGitlab({}, fixture("gitlab-job.json")).events[0]?.task.name, "unit-tests");
  assert.equal(normalizeGitlab({}, fixture("gitlab-pipeline.json")).events.length, 1);
  assert.match(
    normalizeGitlab({ "X-Gitlab-Event": "Push Hook" }, { object_kind: "push" }).ignored ?? "",
    /Push Hook is not handled/,
  );
  assert.match(normalizeGitlab({}, { object_kind: "push" }).ignored ?? "", /push is not handled/);
  assert.equal(normalizeGitlab({ "X-Gitlab-Event": "Push Hook" }, {}).deliveryId, undefined);
});

test("hostile or missing fields: bad_payload naming the field", () => {
  assert.throws(() => normalizeGitlab(PIPELINE, 42), badPayload(/body is not an object/));
  assert.throws(() => normalizeGitlab({}, {}), badPayload(/X-Gitlab-Event header and object_kind missing/));
  assert.throws(
    () => normalizeGitlab(PIPELINE, { object_kind: "pipeline" }),
    badPayload(/object_attributes missing/),
  );
  assert.throws(
    () => normalizeGitlab(PIPELINE, { object_attributes: { status: { x: 1 } } }),
    badPayload(/object_attributes.status is not a text/),
  );
  assert.throws(
    () => normalizeGitlab(PIPELINE, { object_attributes: { status: "success" } }),
    badPayload(/object_attributes.name and project.path_with_namespace missing/),
  );
  const job = fixture("gitlab-job.json");
  assert.throws(
    () => normalizeGitlab(JOB, { ...job, build_status: null }),
    badPayload(/build_status missing/),
  );
  assert.throws(
    () => normalizeGitlab(JOB, { ...job, build_name: ["x"] }),
    badPayload(/build_name is not a text/),
  );
  assert.throws(
    () => normalizeGitlab(JOB, { build_name: "x", build_status: "success" }),
    badPayload(/commit.name, project.path_with_namespace and project_name missing/),
  );
});

test("wrongly typed optional fields stay absent; hostile variable keys are plain data", () => {
  const payload = fixture("gitlab-pipeline.json");
  const hook = normalizeGitlab(PIPELINE, {
    ...payload,
    user: "root",
    commit: [],
    object_attributes: {
      ...(payload["object_attributes"] as object),
      duration: "185",
      created_at: "yesterday",
      iid: -3,
      variables: [
        { key: "__proto__", value: "x" },
        { key: "", value: "y" },
        { key: "OK", value: { nested: true } },
        null,
      ],
    },
  });
  const event = hook.events[0]!;
  assert.equal(event.task.durationMs, undefined);
  assert.equal(event.task.startedAt, undefined);
  assert.equal(event.run?.number, undefined);
  assert.equal(event.run?.trigger?.user, undefined);
  assert.equal(event.source?.commit?.message, undefined);
  assert.deepEqual(Object.keys(event.variables ?? {}), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(event.variables), Object.prototype, "no prototype pollution");
  assert.equal(({} as Record<string, unknown>)["x"], undefined);
});
