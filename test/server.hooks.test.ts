/**
 * CI webhooks over real HTTP: each platform's real payload fixture, signed or tokened as the platform does,
 * becomes stored PipelineEvents; forged signatures, unconfigured hooks, bad payloads and oversize bodies are
 * refused with a 4xx/503 and recorded; redeliveries are deduplicated.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { type Json, startService, type TestService } from "./helpers/service.ts";

const SECRETS = {
  github: ["gh-old-secret", "gh-new-secret"],
  gitlab: ["gl-token"],
  gitee: ["gitee-shared"],
  yunxiao: ["yx-shared"],
};

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/hooks/${name}.json`, import.meta.url), "utf8");
}

function githubSignature(body: string, secret: string): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

let s: TestService;
before(async () => {
  s = await startService({ config: { hookSecrets: SECRETS } });
});
after(async () => {
  await s.close();
});

async function hook(
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(s.url + path, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: res.status, body: await res.json() };
}

async function storedEvent(id: string) {
  const e = await s.store.getEvent(id);
  assert.ok(e, `event ${id} stored`);
  return e;
}

describe("each platform's webhook becomes stored PipelineEvents", () => {
  test("GitHub workflow_run and workflow_job, signed with either rotation secret", async () => {
    const run = fixture("github-workflow_run.completed");
    const r1 = await hook("/hooks/github", run, {
      "x-github-event": "workflow_run",
      "x-github-delivery": "d-run-1",
      "x-hub-signature-256": githubSignature(run, "gh-new-secret"),
    });
    assert.equal(r1.status, 202, JSON.stringify(r1.body));
    const e1 = await storedEvent(r1.body.ids[0]);
    assert.equal(e1.source, "github");
    assert.equal(e1.event.pipeline.name, JSON.parse(run).workflow.name);
    assert.equal(e1.event.task.status, "success");
    const job = fixture("github-workflow_job.completed.success");
    const r2 = await hook("/hooks/github", job, {
      "x-github-event": "workflow_job",
      "x-github-delivery": "d-job-1",
      "x-hub-signature-256": githubSignature(job, "gh-old-secret"),
    });
    assert.equal(r2.status, 202, JSON.stringify(r2.body));
    const e2 = await storedEvent(r2.body.ids[0]);
    assert.equal(e2.event.task.name, JSON.parse(job).workflow_job.name);
    assert.equal(e2.event.task.status, "success");
  });

  test("GitHub form-encoded bodies are read from their payload field", async () => {
    const run = fixture("github-workflow_run.completed");
    const form = new URLSearchParams({ payload: run }).toString();
    const res = await fetch(`${s.url}/hooks/github`, {
      method: "POST",
      body: form,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-github-event": "workflow_run",
        "x-github-delivery": "d-form-1",
        "x-hub-signature-256": githubSignature(form, "gh-new-secret"),
      },
    });
    assert.equal(res.status, 202);
  });

  test("GitLab Pipeline Hook and Job Hook with X-Gitlab-Token", async () => {
    const pipeline = fixture("gitlab-pipeline");
    const r1 = await hook("/hooks/gitlab", pipeline, {
      "x-gitlab-event": "Pipeline Hook",
      "x-gitlab-token": "gl-token",
    });
    assert.equal(r1.status, 202, JSON.stringify(r1.body));
    const e1 = await storedEvent(r1.body.ids[0]);
    assert.equal(e1.source, "gitlab");
    assert.equal(e1.event.task.status, "success");
    const job = fixture("gitlab-job");
    const r2 = await hook("/hooks/gitlab", job, {
      "x-gitlab-event": "Job Hook",
      "x-gitlab-token": "gl-token",
    });
    assert.equal(r2.status, 202, JSON.stringify(r2.body));
    assert.equal((await storedEvent(r2.body.ids[0])).event.task.name, "auto_deploy:start");
  });

  test("Gitee (X-Dingpipe-Token header) and Yunxiao (token query parameter)", async () => {
    const gitee = fixture("gitee-pipeline-webhook");
    const r1 = await hook("/hooks/gitee", gitee, { "x-dingpipe-token": "gitee-shared" });
    assert.equal(r1.status, 202, JSON.stringify(r1.body));
    const e1 = await storedEvent(r1.body.ids[0]);
    assert.equal(e1.event.pipeline.name, "测试流水线");
    assert.equal(e1.event.task.status, "success");
    const yunxiao = fixture("yunxiao-task-webhook");
    const r2 = await hook("/hooks/yunxiao?token=yx-shared", yunxiao, {});
    assert.equal(r2.status, 202, JSON.stringify(r2.body));
    assert.equal((await storedEvent(r2.body.ids[0])).event.pipeline.name, "test pipeline");
  });
});

describe("refusals", () => {
  test("forged or missing signatures and tokens are refused with 401 and recorded", async () => {
    const run = fixture("github-workflow_run.completed");
    const tampered = run.replace('"head_branch": "master"', '"head_branch": "evil"');
    const cases: Array<[string, string, Record<string, string>]> = [
      [
        "/hooks/github",
        tampered,
        { "x-github-event": "workflow_run", "x-hub-signature-256": githubSignature(run, "gh-new-secret") },
      ],
      [
        "/hooks/github",
        run,
        { "x-github-event": "workflow_run", "x-hub-signature-256": githubSignature(run, "guess") },
      ],
      ["/hooks/github", run, { "x-github-event": "workflow_run" }],
      [
        "/hooks/gitlab",
        fixture("gitlab-job"),
        { "x-gitlab-event": "Job Hook", "x-gitlab-token": "gl-tokeN" },
      ],
      ["/hooks/gitee", fixture("gitee-pipeline-webhook"), {}],
      ["/hooks/yunxiao?token=gitee-shared", fixture("yunxiao-task-webhook"), {}],
    ];
    const before = (await s.api("/api/hooks/rejected?limit=500")).body.length;
    for (const [path, body, headers] of cases) {
      const r = await hook(path, body, headers);
      assert.equal(r.status, 401, path);
      assert.equal(r.body.error.code, "bad_signature");
      assert.ok(r.body.error.fix);
    }
    const rejected = (await s.api("/api/hooks/rejected?limit=500")).body;
    assert.equal(rejected.length - before, cases.length);
    assert.ok(rejected.every((h: { reason: string; httpStatus: number }) => h.reason && h.httpStatus >= 400));
    const metrics = (await s.api("/metrics")).body as string;
    assert.match(metrics, /dingpipe_hooks_rejected_total\{reason="bad_signature",source="github"\} 3/);
  });

  test("a hook without a configured secret answers 503 and accepts nothing", async () => {
    const other = await startService({ config: { hookSecrets: { gitlab: ["x"] } } });
    try {
      const run = fixture("github-workflow_run.completed");
      const res = await fetch(`${other.url}/hooks/github`, {
        method: "POST",
        body: run,
        headers: {
          "content-type": "application/json",
          "x-github-event": "workflow_run",
          "x-hub-signature-256": githubSignature(run, ""),
        },
      });
      assert.equal(res.status, 503);
      const body = await res.json();
      assert.equal(body.error.code, "hook_not_configured");
      assert.match(body.error.fix, /DINGPIPE_GITHUB_SECRET/);
      assert.equal((await other.api("/api/deliveries")).body.items.length, 0);
    } finally {
      await other.close();
    }
  });

  test("bad payloads get a 4xx with the reason and are recorded; nothing crashes", async () => {
    const sign = (body: string) => githubSignature(body, "gh-new-secret");
    const notJson = "{not json";
    const r1 = await hook("/hooks/github", notJson, {
      "x-github-event": "workflow_run",
      "x-hub-signature-256": sign(notJson),
    });
    assert.equal(r1.status, 400);
    assert.match(r1.body.error.message, /not valid JSON/);
    const shapes = ['{"workflow_run": 5}', "[]", "null", '{"action":"completed"}', '"text"'];
    for (const body of shapes) {
      const r = await hook("/hooks/github", body, {
        "x-github-event": "workflow_run",
        "x-hub-signature-256": sign(body),
      });
      assert.ok(r.status >= 400 && r.status < 500, `${body}: ${r.status}`);
      assert.ok(r.body.error.message);
    }
    const gl = await hook("/hooks/gitlab", '{"object_kind":"pipeline"}', {
      "x-gitlab-event": "Pipeline Hook",
      "x-gitlab-token": "gl-token",
    });
    assert.equal(gl.status, 422);
    assert.equal(gl.body.error.code, "bad_payload");
    const rejected = (await s.api("/api/hooks/rejected?limit=5")).body;
    assert.ok(
      rejected.some(
        (h: { source: string; httpStatus: number }) => h.source === "gitlab" && h.httpStatus === 422,
      ),
    );
    assert.equal((await s.api("/healthz")).status, 200);
  });

  test("an oversize body is refused with 413", async () => {
    const huge = JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) });
    const res = await fetch(`${s.url}/hooks/gitlab`, {
      method: "POST",
      body: huge,
      headers: {
        "content-type": "application/json",
        "x-gitlab-event": "Pipeline Hook",
        "x-gitlab-token": "gl-token",
      },
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, "too_large");
  });

  test("unknown hook sources are 404", async () => {
    assert.equal((await hook("/hooks/jenkins", "{}", {})).status, 404);
  });
});

describe("deduplication", () => {
  test("a redelivery with the same delivery id is answered 200 duplicate and stored once", async () => {
    const job = fixture("github-workflow_job.completed.success");
    const headers = {
      "x-github-event": "workflow_job",
      "x-github-delivery": "dedup-1",
      "x-hub-signature-256": githubSignature(job, "gh-new-secret"),
    };
    const first = await hook("/hooks/github", job, headers);
    const again = await hook("/hooks/github", job, headers);
    assert.equal(first.status, 202);
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
    assert.deepEqual(again.body.ids, first.body.ids);
  });

  test("without a delivery id, an identical body is a duplicate", async () => {
    const gitee = fixture("gitee-pipeline-webhook").replace('"buildNumber":19', '"buildNumber":20');
    const first = await hook("/hooks/gitee", gitee, { "x-dingpipe-token": "gitee-shared" });
    const again = await hook("/hooks/gitee", gitee, { "x-dingpipe-token": "gitee-shared" });
    assert.equal(first.status, 202);
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
  });
});
