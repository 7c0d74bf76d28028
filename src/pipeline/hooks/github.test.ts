import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeGithub } from "./github.ts";

/** A recorded payload of octokit/webhooks (test/fixtures/README.md). */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/hooks/github-${name}.json`, import.meta.url), "utf8"),
  );
const DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
const headers = (event: string) => ({ "x-github-event": event, "x-github-delivery": DELIVERY });
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);

test("workflow_run as GitHub sends it (empty name): the workflow's name comes from the top-level workflow", () => {
  const payload = fixture("workflow_run.completed");
  assert.equal(
    (payload["workflow_run"] as { name: string }).name,
    "",
    "the recorded payload's name is empty",
  );
  const hook = normalizeGithub(headers("workflow_run"), payload);
  assert.equal(hook.deliveryId, DELIVERY);
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "test", url: "https://github.com/octo-org/octo-repo/actions/workflows/test.yml" },
      run: {
        id: "289782451",
        number: 163,
        url: "https://github.com/octo-org/octo-repo/actions/runs/289782451",
        trigger: { user: "Codertocat", event: "repository_dispatch" },
      },
      task: {
        name: "test",
        status: "success",
        url: "https://github.com/octo-org/octo-repo/actions/runs/289782451",
        startedAt: "2020-10-05T16:33:49Z",
        finishedAt: "2020-10-05T16:33:49Z",
      },
      source: {
        provider: "github",
        repo: "octo-org/octo-repo",
        branch: "master",
        commit: {
          sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
          message: "build(test): check workflow run event payload",
          author: "Matthias Fax",
          url: "https://github.com/octo-org/octo-repo/commit/3484a3fb816e0859fd6e1cea078d76385ff50625",
        },
      },
    },
  ]);
});

test("workflow_run with pull requests names the first one", () => {
  const event = normalizeGithub(headers("workflow_run"), fixture("workflow_run.completed.with-pull-requests"))
    .events[0];
  assert.deepEqual(event?.source?.pullRequest, {
    id: "2",
    url: "https://github.com/octo-org/octo-repo/pull/2",
  });
});

test("workflow_run name: its own when filled, else workflow.name, else the workflow file", () => {
  const payload = fixture("workflow_run.completed");
  const run = payload["workflow_run"] as Record<string, unknown>;
  const named = normalizeGithub(headers("workflow_run"), {
    ...payload,
    workflow_run: { ...run, name: "CI" },
  });
  assert.equal(named.events[0]?.pipeline.name, "CI");
  const fileOnly = normalizeGithub(headers("workflow_run"), { ...payload, workflow: null });
  assert.equal(fileOnly.events[0]?.pipeline.name, "test.yml");
});

test("workflow_run requested is ignored (every run is requested); in_progress → started", () => {
  const requested = normalizeGithub(headers("workflow_run"), fixture("workflow_run.requested"));
  assert.deepEqual(requested.events, []);
  assert.match(requested.ignored ?? "", /requested: every run is requested before it starts/);
  const payload = fixture("workflow_run.completed");
  const run = payload["workflow_run"] as Record<string, unknown>;
  const started = normalizeGithub(headers("workflow_run"), {
    ...payload,
    action: "in_progress",
    workflow_run: { ...run, status: "in_progress", conclusion: null },
  });
  assert.equal(started.events[0]?.task.status, "started");
  assert.equal(started.events[0]?.task.finishedAt, undefined);
});

test("workflow_run conclusions map through the status table; unknown ones (stale) are ignored with the reason", () => {
  const payload = fixture("workflow_run.completed");
  const run = payload["workflow_run"] as Record<string, unknown>;
  const expected = {
    success: "success",
    failure: "failure",
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
  assert.equal(stale.deliveryId, DELIVERY);
});

test("workflow_job: no run number (GitHub sends none), the run id is not shown as one, the link goes to the run", () => {
  const hook = normalizeGithub(headers("workflow_job"), fixture("workflow_job.completed.failure"));
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "CodeQL" },
      run: {
        id: "2202229078",
        url: "https://github.com/Codertocat/Hello-World/actions/runs/2202229078",
        trigger: { user: "Codertocat" },
      },
      task: {
        name: "linters",
        status: "failure",
        url: "https://github.com/octo-org/octo-repo/runs/1291536064",
        startedAt: "2021-08-05T10:34:58Z",
        finishedAt: "2021-08-05T10:38:16Z",
      },
      source: {
        provider: "github",
        repo: "Codertocat/Hello-World",
        branch: "main",
        commit: {
          sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
          url: "https://github.com/Codertocat/Hello-World/commit/3484a3fb816e0859fd6e1cea078d76385ff50625",
        },
      },
    },
  ]);
  assert.equal(hook.events[0]?.run?.number, undefined);
});

test("workflow_job of a re-run links to the attempt it ran in", () => {
  const payload = fixture("workflow_job.completed.success");
  const job = payload["workflow_job"] as Record<string, unknown>;
  const hook = normalizeGithub(headers("workflow_job"), {
    ...payload,
    workflow_job: { ...job, run_attempt: 2 },
  });
  assert.equal(
    hook.events[0]?.run?.url,
    "https://github.com/Codertocat/Hello-World/actions/runs/2202229078/attempts/2",
  );
  assert.equal(hook.events[0]?.task.status, "success");
});

test("workflow_job queued / waiting → waiting without a start time, in_progress → started", () => {
  const queued = normalizeGithub(headers("workflow_job"), fixture("workflow_job.queued")).events[0];
  assert.equal(queued?.task.status, "waiting");
  assert.equal(queued?.task.startedAt, undefined);
  const waiting = normalizeGithub(headers("workflow_job"), fixture("workflow_job.waiting")).events[0];
  assert.equal(waiting?.task.status, "waiting");
  assert.equal(waiting?.pipeline.name, "Env Test");
  const started = normalizeGithub(headers("workflow_job"), fixture("workflow_job.in_progress")).events[0];
  assert.equal(started?.task.status, "started");
  assert.equal(started?.task.name, "Analyze (javascript)");
  assert.equal(started?.task.startedAt, "2021-09-13T02:21:13Z");
  assert.equal(started?.task.finishedAt, undefined);
  const payload = fixture("workflow_job.queued");
  assert.match(
    normalizeGithub(headers("workflow_job"), { ...payload, action: "deleted" }).ignored ?? "",
    /workflow_job deleted is not a task state/,
  );
});

test("workflow_job without workflow_name (older servers) falls back to the repository", () => {
  const payload = fixture("workflow_job.queued");
  const { workflow_name: _, ...job } = payload["workflow_job"] as Record<string, unknown>;
  const hook = normalizeGithub(headers("workflow_job"), { ...payload, workflow_job: job });
  assert.equal(hook.events[0]?.pipeline.name, "Codertocat/Hello-World");
});

test("deployment_status: deploy to <environment>, in the repository or in the workflow run that deployed", () => {
  const plain = normalizeGithub(headers("deployment_status"), fixture("deployment_status"));
  assert.deepEqual(plain.events, [
    {
      pipeline: {
        name: "Codertocat/Hello-World",
        url: "https://github.com/Codertocat/Hello-World/deployments",
      },
      run: { trigger: { user: "Codertocat" } },
      task: {
        name: "deploy to production",
        status: "success",
        startedAt: "2019-05-15T15:20:53Z",
        finishedAt: "2019-05-15T15:20:55Z",
      },
      source: {
        provider: "github",
        repo: "Codertocat/Hello-World",
        branch: "master",
        commit: {
          sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
          url: "https://github.com/Codertocat/Hello-World/commit/f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
        },
      },
      variables: { DEPLOY_ENVIRONMENT: "production" },
    },
  ]);
  const pages = normalizeGithub(headers("deployment_status"), fixture("deployment_status.gh-pages"))
    .events[0];
  assert.equal(pages?.pipeline.name, "pages build and deployment");
  assert.equal(pages?.run?.number, 1);
  assert.equal(pages?.run?.url, "https://github.com/Codertocat/Hello-World/actions/runs/289782451");
  assert.equal(pages?.task.name, "deploy to github-pages");
  assert.equal(pages?.task.status, "started");
  assert.equal(
    pages?.task.url,
    "https://github.com/CorsixTH/CorsixTH/runs/4687056418?check_suite_focus=true",
  );
  assert.equal(pages?.task.finishedAt, undefined);
});

test("deployment_status states: error → failure, queued/pending/waiting → waiting, inactive ignored", () => {
  const payload = fixture("deployment_status");
  const ds = payload["deployment_status"] as Record<string, unknown>;
  const at = (state: string) =>
    normalizeGithub(headers("deployment_status"), { ...payload, deployment_status: { ...ds, state } });
  assert.equal(at("failure").events[0]?.task.status, "failure");
  assert.equal(at("error").events[0]?.task.status, "failure");
  assert.equal(at("in_progress").events[0]?.task.status, "started");
  for (const s of ["queued", "pending", "waiting"]) {
    assert.equal(at(s).events[0]?.task.status, "waiting", s);
    assert.equal(at(s).events[0]?.task.startedAt, undefined, s);
  }
  assert.match(at("inactive").ignored ?? "", /newer deployment replaced/);
  assert.match(at("exploded").ignored ?? "", /exploded is not a task state/);
});

test("check_run of a CI app: the repository as pipeline, the check as task, the app's page as link", () => {
  const hook = normalizeGithub(headers("check_run"), fixture("check_run.completed"));
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "Codertocat/Hello-World", url: "https://github.com/Codertocat/Hello-World" },
      run: { id: "118578147", trigger: { user: "Codertocat" } },
      stage: { name: "octocoders-linter" },
      task: {
        name: "Octocoders-linter",
        status: "success",
        url: "https://octocoders.io",
        startedAt: "2019-05-15T15:21:12Z",
        finishedAt: "2019-05-15T15:21:12Z",
      },
      source: {
        provider: "github",
        repo: "Codertocat/Hello-World",
        branch: "changes",
        commit: {
          sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
          url: "https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821",
        },
        pullRequest: { id: "2", url: "https://github.com/Codertocat/Hello-World/pull/2" },
      },
    },
  ]);
  const created = normalizeGithub(headers("check_run"), fixture("check_run.created")).events[0];
  assert.equal(created?.task.status, "waiting");
  assert.equal(created?.task.startedAt, undefined);
});

test("check_run: GitHub Actions' own checks and someone's re-request are ignored with the reason", () => {
  const actions = normalizeGithub(headers("check_run"), fixture("check_run.completed.actions"));
  assert.deepEqual(actions.events, []);
  assert.match(actions.ignored ?? "", /GitHub Actions.*workflow_job/);
  const again = normalizeGithub(headers("check_run"), fixture("check_run.rerequested"));
  assert.match(again.ignored ?? "", /check_run rerequested/);
});

test("check_suite: only its completion, the app as task, the commit's checks page as link", () => {
  const done = normalizeGithub(headers("check_suite"), fixture("check_suite.completed")).events[0];
  assert.equal(done?.pipeline.name, "Codertocat/Hello-World");
  assert.equal(done?.task.name, "octocoders-linter");
  assert.equal(done?.task.status, "success");
  assert.equal(
    done?.task.url,
    "https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821/checks",
  );
  assert.equal(done?.source?.commit?.message, "Update README.md");
  assert.equal(done?.source?.pullRequest?.id, "2");
  const requested = normalizeGithub(headers("check_suite"), fixture("check_suite.requested"));
  assert.match(requested.ignored ?? "", /requested for every push/);
});

test("status: the context as task; pending → started, error → failure; a branch only when the commit is its head", () => {
  const payload = fixture("status");
  const hook = normalizeGithub(headers("status"), payload);
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "Codertocat/Hello-World", url: "https://github.com/Codertocat/Hello-World" },
      run: { trigger: { user: "Codertocat" } },
      task: {
        name: "default",
        status: "success",
        url: "https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      },
      source: {
        provider: "github",
        repo: "Codertocat/Hello-World",
        commit: {
          sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
          message: "Initial commit",
          author: "Codertocat",
          url: "https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        },
      },
    },
  ]);
  const at = (over: Record<string, unknown>) => normalizeGithub(headers("status"), { ...payload, ...over });
  assert.equal(at({ state: "pending" }).events[0]?.task.status, "started");
  assert.equal(at({ state: "error" }).events[0]?.task.status, "failure");
  const jenkins = at({
    context: "continuous-integration/jenkins/branch",
    target_url: "https://ci.example.com/job/web/42/",
    sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
  }).events[0];
  assert.equal(jenkins?.task.name, "continuous-integration/jenkins/branch");
  assert.equal(jenkins?.task.url, "https://ci.example.com/job/web/42/");
  assert.equal(jenkins?.source?.branch, "master", "the branch whose head is the commit");
  assert.equal(
    normalizeGithub(headers("status"), fixture("status.with-author-committer-null")).events[0]?.task.status,
    "success",
  );
});

test("ping and other events are ignored, with the reason and delivery id", () => {
  const ping = normalizeGithub(headers("ping"), { zen: "Design for failure.", hook_id: 1 });
  assert.deepEqual(ping, {
    events: [],
    deliveryId: DELIVERY,
    ignored: "ping: the webhook is set up; nothing to report",
  });
  assert.match(normalizeGithub(headers("push"), {}).ignored ?? "", /push is not handled; dingpipe reads/);
  assert.equal(
    normalizeGithub({ "X-GitHub-Event": "ping" }, {}).deliveryId,
    undefined,
    "header names any case",
  );
});

test("hostile or missing fields: clear bad_payload errors naming what is wrong, not blaming GitHub", () => {
  const run = fixture("workflow_run.completed");
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
        workflow_run: { ...wr, name: ["x"], path: null },
      }),
    (e: unknown) =>
      badPayload(/workflow.name and workflow_run.path are all missing/)(e) &&
      isDingpipeError(e) &&
      /report it/.test(e.fix ?? "") &&
      !/exactly as|unmodified/.test(e.fix ?? ""),
  );
  const job = fixture("workflow_job.queued");
  assert.throws(
    () =>
      normalizeGithub(headers("workflow_job"), {
        ...job,
        workflow_job: { ...(job["workflow_job"] as object), name: "" },
      }),
    badPayload(/workflow_job.name missing|workflow_job.name is not a text/),
  );
  assert.throws(
    () => normalizeGithub(headers("check_run"), { action: "completed", check_run: 3 }),
    badPayload(/check_run is not an object/),
  );
  assert.throws(() => normalizeGithub(headers("status"), { state: "success" }), badPayload(/sha missing/));
});

test("wrongly typed optional fields are left out, never copied as objects or NaN", () => {
  const run = fixture("workflow_run.completed");
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
