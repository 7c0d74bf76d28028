import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeGitlab } from "./gitlab.ts";

/** A recorded payload of go-gitlab's test data (test/fixtures/README.md). */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/hooks/gitlab-${name}.json`, import.meta.url), "utf8"),
  );
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);
const PIPELINE = {
  "X-Gitlab-Event": "Pipeline Hook",
  "X-Gitlab-Event-UUID": "13792a34-cac6-4fda-95a8-c58e00a3954e",
};
const JOB = { "x-gitlab-event": "Job Hook", "idempotency-key": "f0c1d2e3-0000-4000-8000-000000000001" };
const DEPLOYMENT = { "x-gitlab-event": "Deployment Hook" };

test("Pipeline Hook: one event for the pipeline; its number is the pipeline ID, as in its URL", () => {
  const hook = normalizeGitlab(PIPELINE, fixture("pipeline"));
  assert.equal(hook.deliveryId, "13792a34-cac6-4fda-95a8-c58e00a3954e");
  assert.deepEqual(hook.events, [
    {
      pipeline: {
        name: "gitlab-org/gitlab-test",
        url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines",
      },
      run: {
        id: "31",
        number: 31,
        url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31",
        trigger: { user: "User1", event: "merge_request_event" },
      },
      task: {
        name: "gitlab-org/gitlab-test",
        status: "success",
        url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31",
        startedAt: "2016-08-12T15:23:28Z",
        finishedAt: "2016-08-12T15:26:29Z",
        durationMs: 63000,
      },
      source: {
        provider: "gitlab",
        repo: "gitlab-org/gitlab-test",
        branch: "test",
        commit: {
          sha: "bcbb5ec396a2c0f828686f14fac9b80b780504f2",
          message: "test",
          author: "User",
          url: "http://example.com/gitlab-org/gitlab-test/commit/bcbb5ec396a2c0f828686f14fac9b80b780504f2",
        },
        pullRequest: {
          id: "1",
          title: "Test",
          url: "http://192.168.64.1:3005/gitlab-org/gitlab-test/merge_requests/1",
        },
      },
      variables: { NESTOR_PROD_ENVIRONMENT: "us-west-1" },
    },
  ]);
  assert.notEqual(hook.events[0]?.run?.number, 123, "never the iid, which no GitLab page shows as #123");
});

test("Pipeline Hook of GitLab 16.1+: object_attributes.name and .url, as GitLab's docs show them", () => {
  // A copy of the recorded payload with the two fields GitLab's webhook_events.md documents since 16.1.
  const payload = fixture("pipeline");
  const hook = normalizeGitlab(PIPELINE, {
    ...payload,
    object_attributes: {
      ...(payload["object_attributes"] as object),
      name: "Pipeline for branch: master",
      url: "http://example.com/gitlab-org/gitlab-test/-/pipelines/31",
    },
  });
  const event = hook.events[0]!;
  assert.equal(event.pipeline.name, "Pipeline for branch: master");
  assert.equal(event.task.name, "Pipeline for branch: master");
  assert.equal(event.run?.url, "http://example.com/gitlab-org/gitlab-test/-/pipelines/31");
  assert.equal(event.run?.number, 31);
});

test("Job Hook from gitlab.com: the job in its named pipeline, with the same pipeline number and page", () => {
  const hook = normalizeGitlab(JOB, fixture("job"));
  assert.equal(hook.deliveryId, "f0c1d2e3-0000-4000-8000-000000000001");
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "Build pipeline", url: "https://gitlab.com/jsmithy2/release-tools-fake/-/pipelines" },
      run: {
        id: "743121198",
        number: 743121198,
        url: "https://gitlab.com/jsmithy2/release-tools-fake/-/pipelines/743121198",
        trigger: { user: "John Smith" },
      },
      stage: { name: "coordinated:tag" },
      task: {
        name: "auto_deploy:start",
        status: "success",
        url: "https://gitlab.com/jsmithy2/release-tools-fake/-/jobs/3580121225",
        startedAt: "2023-01-10T13:50:05Z",
        finishedAt: "2023-01-10T13:50:54Z",
        durationMs: 49504,
      },
      source: {
        provider: "gitlab",
        repo: "jsmithy2/release-tools-fake",
        branch: "main",
        commit: {
          sha: "95d49d1efbd941908580e79d65e4b5ecaf4a8305",
          message: "Remove test jobs and add back other jobs",
          author: "John Smith",
          url: "https://gitlab.com/jsmithy2/release-tools-fake/-/commit/95d49d1efbd941908580e79d65e4b5ecaf4a8305",
        },
      },
    },
  ]);
});

test("the delivery id: Idempotency-Key (the same across GitLab's retries), else X-Gitlab-Event-UUID", () => {
  const both = { ...PIPELINE, "Idempotency-Key": "retry-stable-1" };
  assert.equal(normalizeGitlab(both, fixture("pipeline")).deliveryId, "retry-stable-1");
  assert.equal(normalizeGitlab(PIPELINE, fixture("pipeline")).deliveryId, PIPELINE["X-Gitlab-Event-UUID"]);
});

test("a job and its pipeline show one number: the pipeline ID", () => {
  const pipeline = normalizeGitlab(PIPELINE, fixture("pipeline")).events[0]!;
  const job = normalizeGitlab(JOB, { ...fixture("job"), pipeline_id: 31 }).events[0]!;
  assert.equal(job.run?.number, pipeline.run?.number);
  assert.equal(job.run?.id, pipeline.run?.id);
});

test("queued noise: created, waiting_for_resource and preparing are ignored; pending is the one waiting", () => {
  const created = normalizeGitlab(JOB, fixture("build"));
  assert.deepEqual(created.events, []);
  assert.match(created.ignored ?? "", /status created: still queueing; pending is reported once/);
  const payload = fixture("job");
  const at = (build_status: unknown, extra: Record<string, unknown> = {}) =>
    normalizeGitlab(JOB, { ...payload, build_status, ...extra });
  for (const s of ["created", "waiting_for_resource", "preparing"]) assert.deepEqual(at(s).events, [], s);
  assert.equal(at("pending").events[0]?.task.status, "waiting");
  assert.equal(at("running").events[0]?.task.status, "started");
  assert.equal(at("success").events[0]?.task.status, "success");
  assert.equal(at("failed").events[0]?.task.status, "failure");
  assert.equal(at("canceled").events[0]?.task.status, "cancelled");
  assert.equal(at("skipped").events[0]?.task.status, "skipped");
  assert.equal(at("manual").events[0]?.task.status, "waiting");
  assert.equal(at("scheduled").events[0]?.task.status, "waiting");
  assert.match(at("canceling").ignored ?? "", /canceling is transitional/);
  assert.match(at("exploded").ignored ?? "", /exploded is not a task state/);
  const pipeline = fixture("pipeline");
  const pipelineAt = (status: string) =>
    normalizeGitlab(PIPELINE, {
      ...pipeline,
      object_attributes: { ...(pipeline["object_attributes"] as object), status },
    });
  assert.deepEqual(pipelineAt("created").events, []);
  assert.equal(pipelineAt("pending").events[0]?.task.status, "waiting");
});

test("Job Hook: the documented *_iso times win; without commit.name the project path names the pipeline", () => {
  const payload = fixture("job");
  const { name: _, ...commit } = payload["commit"] as Record<string, unknown>;
  const event = normalizeGitlab(JOB, {
    ...payload,
    commit,
    build_started_at_iso: "2023-01-10T13:50:06Z",
    build_finished_at_iso: "2023-01-10T13:50:55Z",
  }).events[0]!;
  assert.equal(event.pipeline.name, "jsmithy2/release-tools-fake");
  assert.equal(event.task.startedAt, "2023-01-10T13:50:06Z");
  assert.equal(event.task.finishedAt, "2023-01-10T13:50:55Z");
});

test("Deployment Hook: deploy to <environment>, linked to the job that deployed, states one to one", () => {
  const hook = normalizeGitlab(DEPLOYMENT, fixture("deployment"));
  assert.deepEqual(hook.events, [
    {
      pipeline: {
        name: "root/test-deployment-webhooks",
        url: "http://10.126.0.2:3000/root/test-deployment-webhooks/-/environments",
      },
      run: { trigger: { user: "User1" } },
      task: {
        name: "deploy to staging",
        status: "success",
        url: "http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796",
        finishedAt: "2021-04-28T19:50:00Z",
      },
      source: {
        provider: "gitlab",
        repo: "root/test-deployment-webhooks",
        branch: "1.0.0",
        commit: {
          sha: "279484c09fbe69ededfced8c1bb6e6d24616b468",
          message: "Add new file",
          url: "http://10.126.0.2:3000/root/test-deployment-webhooks/-/commit/279484c09fbe69ededfced8c1bb6e6d24616b468",
        },
      },
      variables: { DEPLOY_ENVIRONMENT: "staging", DEPLOY_URL: "https://staging.example.com" },
    },
  ]);
  const payload = fixture("deployment");
  const at = (status: string) => normalizeGitlab(DEPLOYMENT, { ...payload, status }).events[0];
  assert.equal(at("running")?.task.status, "started");
  assert.equal(at("running")?.task.startedAt, "2021-04-28T19:50:00Z");
  assert.equal(at("running")?.task.finishedAt, undefined);
  assert.equal(at("failed")?.task.status, "failure");
  assert.equal(at("canceled")?.task.status, "cancelled");
  assert.equal(normalizeGitlab({}, payload).events[0]?.task.name, "deploy to staging", "by object_kind");
});

test("missing X-Gitlab-Event falls back on object_kind; other hooks are ignored", () => {
  assert.equal(normalizeGitlab({}, fixture("job")).events[0]?.task.name, "auto_deploy:start");
  assert.equal(normalizeGitlab({}, fixture("pipeline")).events.length, 1);
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
  const job = fixture("job");
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
  assert.throws(
    () => normalizeGitlab(DEPLOYMENT, { ...fixture("deployment"), environment: null }),
    badPayload(/environment missing/),
  );
});

test("wrongly typed optional fields stay absent; hostile variable keys are plain data", () => {
  const payload = fixture("pipeline");
  const hook = normalizeGitlab(PIPELINE, {
    ...payload,
    user: "root",
    commit: [],
    object_attributes: {
      ...(payload["object_attributes"] as object),
      duration: "185",
      created_at: "yesterday",
      id: -3,
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
