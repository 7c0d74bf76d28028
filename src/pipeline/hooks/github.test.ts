import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeGithub } from "./github.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/hooks/${name}`, import.meta.url), "utf8"));
const headers = (event: string) => ({
  "x-github-event": event,
  "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
});
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);

test("workflow_run completed: the run as pipeline and task, with PR, commit, times", () => {
  const hook = normalizeGithub(headers("workflow_run"), fixture("github-workflow_run.json"));
  assert.equal(hook.deliveryId, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
  assert.equal(hook.ignored, undefined);
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "PR checks", url: "https://github.com/acme/web/actions/workflows/pr.yml" },
      run: {
        id: "9876543299",
        number: 57,
        url: "https://github.com/acme/web/actions/runs/9876543299",
        trigger: { user: "linxiao", event: "pull_request" },
      },
      task: {
        name: "PR checks",
        status: "failure",
        url: "https://github.com/acme/web/actions/runs/9876543299",
        startedAt: "2026-11-23T08:00:00Z",
        finishedAt: "2026-11-23T08:03:05Z",
      },
      source: {
        provider: "github",
        repo: "acme/web",
        branch: "feature/export",
        commit: {
          sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
          message: "Export orders as CSV\n\nAdds an export button to the orders page.",
          author: "Lin Xiao",
          url: "https://github.com/acme/web/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
        },
        pullRequest: { id: "12", url: "https://github.com/acme/web/pull/12" },
      },
    },
  ]);
});

test("workflow_run actions: requested → waiting, in_progress → started (no finish time)", () => {
  const payload = fixture("github-workflow_run.json");
  const run = payload["workflow_run"] as Record<string, unknown>;
  const requested = normalizeGithub(headers("workflow_run"), {
    ...payload,
    action: "requested",
    workflow_run: { ...run, status: "queued", conclusion: null },
  });
  assert.equal(requested.events[0]?.task.status, "waiting");
  assert.equal(requested.events[0]?.task.finishedAt, undefined);
  const started = normalizeGithub(headers("workflow_run"), {
    ...payload,
    action: "in_progress",
    workflow_run: { ...run, status: "in_progress", conclusion: null },
  });
  assert.equal(started.events[0]?.task.status, "started");
});

test("workflow_run conclusions map through the status table; unknown ones (stale) are ignored with the reason", () => {
  const payload = fixture("github-workflow_run.json");
  const run = payload["workflow_run"] as Record<string, unknown>;
  const expected = {
    success: "success",
    cancelled: "cancelled",
    skipped: "skipped",
    timed_out: "failure",
    action_required: "waiting",
    startup_failure: "failure",
    neutral: "success",
  };
  for (const [conclusion, status] of Object.entries(expected)) {
    const hook = normalizeGithub(headers("workflow_run"), {
      ...payload,
      workflow_run: { ...run, conclusion },
    });
    assert.equal(hook.events[0]?.task.status, status, conclusion);
  }
  const stale = normalizeGithub(headers("workflow_run"), {
    ...payload,
    workflow_run: { ...run, conclusion: "stale" },
  });
  assert.deepEqual(stale.events, []);
  assert.match(stale.ignored ?? "", /conclusion stale/);
  assert.equal(stale.deliveryId, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
});

test("workflow_job completed: job as task inside the workflow's run", () => {
  const hook = normalizeGithub(headers("workflow_job"), fixture("github-workflow_job.json"));
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "CI" },
      run: {
        id: "9876543210",
        url: "https://github.com/acme/web/actions/runs/9876543210",
        trigger: { user: "octocat" },
      },
      task: {
        name: "build (24.x)",
        status: "success",
        url: "https://github.com/acme/web/actions/runs/9876543210/job/29384756102",
        startedAt: "2026-11-23T08:00:09Z",
        finishedAt: "2026-11-23T08:02:41Z",
      },
      source: {
        provider: "github",
        repo: "acme/web",
        branch: "main",
        commit: {
          sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
          url: "https://github.com/acme/web/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        },
      },
    },
  ]);
});

test("workflow_job queued / waiting → waiting, in_progress → started; unknown actions ignored", () => {
  const payload = fixture("github-workflow_job.json");
  const job = payload["workflow_job"] as Record<string, unknown>;
  const at = (action: string) =>
    normalizeGithub(headers("workflow_job"), {
      ...payload,
      action,
      workflow_job: { ...job, status: action, conclusion: null, completed_at: null },
    });
  assert.equal(at("queued").events[0]?.task.status, "waiting");
  assert.equal(at("queued").events[0]?.task.startedAt, undefined);
  assert.equal(at("waiting").events[0]?.task.status, "waiting");
  assert.equal(at("in_progress").events[0]?.task.status, "started");
  assert.equal(at("in_progress").events[0]?.task.finishedAt, undefined);
  assert.match(at("deleted").ignored ?? "", /workflow_job deleted is not a task state/);
});

test("workflow_job without workflow_name (older servers) falls back to the repository", () => {
  const payload = fixture("github-workflow_job.json");
  const { workflow_name: _, ...job } = payload["workflow_job"] as Record<string, unknown>;
  const hook = normalizeGithub(headers("workflow_job"), { ...payload, workflow_job: job });
  assert.equal(hook.events[0]?.pipeline.name, "acme/web");
});

test("ping and other events are ignored, with the reason and delivery id", () => {
  const ping = normalizeGithub(headers("ping"), { zen: "Design for failure.", hook_id: 1 });
  assert.deepEqual(ping, {
    events: [],
    deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    ignored: "ping: the webhook is set up; nothing to report",
  });
  assert.match(normalizeGithub(headers("push"), {}).ignored ?? "", /push is not handled/);
  assert.equal(
    normalizeGithub({ "X-GitHub-Event": "ping" }, {}).deliveryId,
    undefined,
    "header names any case",
  );
});

test("hostile or missing fields: clear bad_payload errors naming what is wrong", () => {
  const run = fixture("github-workflow_run.json");
  const wr = run["workflow_run"] as Record<string, unknown>;
  assert.throws(() => normalizeGithub({}, run), badPayload(/X-GitHub-Event header missing/));
  assert.throws(() => normalizeGithub(headers("workflow_run"), null), badPayload(/body missing/));
  assert.throws(() => normalizeGithub(headers("workflow_run"), [run]), badPayload(/body is not an object/));
  assert.throws(() => normalizeGithub(headers("workflow_run"), "x"), badPayload(/body is not an object/));
  assert.throws(
    () => normalizeGithub(headers("workflow_run"), { ...run, action: {} }),
    badPayload(/action is not a text/),
  );
  assert.throws(
    () => normalizeGithub(headers("workflow_run"), { ...run, workflow_run: "x" }),
    badPayload(/workflow_run is not an object/),
  );
  assert.throws(
    () => normalizeGithub(headers("workflow_run"), { ...run, workflow_run: { ...wr, conclusion: null } }),
    badPayload(/workflow_run.conclusion missing/),
  );
  assert.throws(
    () =>
      normalizeGithub(headers("workflow_run"), {
        ...run,
        workflow: null,
        workflow_run: { ...wr, name: ["x"] },
      }),
    badPayload(/workflow_run.name missing/),
  );
  const job = fixture("github-workflow_job.json");
  assert.throws(
    () =>
      normalizeGithub(headers("workflow_job"), {
        ...job,
        workflow_job: { ...(job["workflow_job"] as object), name: "" },
      }),
    badPayload(/workflow_job.name missing|workflow_job.name is not a text/),
  );
});

test("wrongly typed optional fields are left out, never copied as objects or NaN", () => {
  const run = fixture("github-workflow_run.json");
  const wr = run["workflow_run"] as Record<string, unknown>;
  const hook = normalizeGithub(headers("workflow_run"), {
    ...run,
    repository: "acme/web",
    sender: [],
    workflow_run: {
      ...wr,
      run_number: "57x",
      id: { $gt: 1 },
      head_commit: "nope",
      pull_requests: [null, { number: "twelve" }],
      actor: null,
      triggering_actor: 5,
      run_started_at: "not a date",
    },
  });
  const event = hook.events[0]!;
  assert.equal(event.run?.number, undefined);
  assert.equal(event.run?.id, undefined);
  assert.equal(event.run?.trigger?.user, undefined);
  assert.equal(event.task.startedAt, undefined);
  assert.equal(event.source?.pullRequest, undefined);
  assert.equal(event.source?.repo, undefined);
  assert.doesNotMatch(JSON.stringify(event), /NaN|undefined|\[object/);
});
