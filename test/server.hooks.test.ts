/**
 * CI webhooks over real HTTP: each platform's recorded payload, signed or tokened as the platform does, becomes
 * stored PipelineEvents; a missing credential and a wrong one are told apart and the 401 says what was tried
 * and what to set; repository hooks are answered "ignored"; unconfigured hooks, bad payloads and oversize
 * bodies are refused and recorded; redeliveries are deduplicated by delivery id and, within a window, by body.
 * (test/hooks.serve.test.ts follows the same payloads through `dingpipe serve` to the DingTalk group.)
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { giteeSignature } from "../src/pipeline/hooks/verify.ts";
import { openStore } from "../src/store/index.ts";
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
  url = s.url,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(url + path, {
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

/** A body no earlier test sent: the same payload with one value changed. */
function variant(name: string, n: number): string {
  return fixture(name).replace('"buildNumber":19', `"buildNumber":${1000 + n}`);
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
    assert.equal(e1.event.pipeline.name, "test", "GitHub's empty workflow_run.name: the workflow's name");
    assert.equal(e1.event.task.status, "success");
    const job = fixture("github-workflow_job.completed.success");
    const r2 = await hook("/hooks/github", job, {
      "x-github-event": "workflow_job",
      "x-github-delivery": "d-job-1",
      "x-hub-signature-256": githubSignature(job, "gh-old-secret"),
    });
    assert.equal(r2.status, 202, JSON.stringify(r2.body));
    const e2 = await storedEvent(r2.body.ids[0]);
    assert.equal(e2.event.task.name, "linters");
    assert.equal(e2.event.run?.number, undefined);
  });

  test("GitHub form-encoded bodies are read from their payload field", async () => {
    const run = fixture("github-workflow_run.completed.with-pull-requests");
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

  test("GitLab Pipeline, Job and Deployment Hooks with X-Gitlab-Token", async () => {
    const headers = (event: string) => ({ "x-gitlab-event": event, "x-gitlab-token": "gl-token" });
    const r1 = await hook("/hooks/gitlab", fixture("gitlab-pipeline"), headers("Pipeline Hook"));
    assert.equal(r1.status, 202, JSON.stringify(r1.body));
    const e1 = await storedEvent(r1.body.ids[0]);
    assert.equal(e1.source, "gitlab");
    assert.equal(e1.event.run?.number, 31);
    const r2 = await hook("/hooks/gitlab", fixture("gitlab-job"), headers("Job Hook"));
    assert.equal(r2.status, 202, JSON.stringify(r2.body));
    assert.equal((await storedEvent(r2.body.ids[0])).event.task.name, "auto_deploy:start");
    const r3 = await hook("/hooks/gitlab", fixture("gitlab-deployment"), headers("Deployment Hook"));
    assert.equal(r3.status, 202, JSON.stringify(r3.body));
    assert.equal((await storedEvent(r3.body.ids[0])).event.task.name, "deploy to staging");
  });

  test("Yunxiao with the token query parameter, the X-Dingpipe-Token header or Codeup's X-Codeup-Token", async () => {
    const yunxiao = fixture("yunxiao-task-webhook");
    const r1 = await hook("/hooks/yunxiao?token=yx-shared", yunxiao, {});
    assert.equal(r1.status, 202, JSON.stringify(r1.body));
    assert.equal((await storedEvent(r1.body.ids[0])).event.pipeline.name, "test pipeline");
    const legacy = fixture("yunxiao-task-webhook.legacy");
    assert.equal((await hook("/hooks/yunxiao", legacy, { "x-dingpipe-token": "yx-shared" })).status, 202);
    const codeup = await hook("/hooks/yunxiao", fixture("yunxiao-codeup-push-hook"), {
      "codeup-event": "Push Hook",
      "x-codeup-token": "yx-shared",
    });
    assert.equal(codeup.status, 200);
    assert.equal(codeup.body.ignored, true);
    assert.match(codeup.body.reason, /Codeup Push Hook is a repository WebHook/);
  });
});

describe("Gitee: its own X-Gitee-Token, as password or signature, and dingpipe's token", () => {
  test("a signature with X-Gitee-Timestamp, as Gitee computes it", async () => {
    const ts = String(Date.now());
    const r = await hook("/hooks/gitee", variant("gitee-pipeline-webhook", 1), {
      "x-gitee-token": giteeSignature(ts, "gitee-shared"),
      "x-gitee-timestamp": ts,
      "x-gitee-event": "Pipeline Hook",
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const e = await storedEvent(r.body.ids[0]);
    assert.equal(e.event.pipeline.name, "测试流水线");
    assert.equal(e.event.source?.commit?.url, "https://gitee.com/xiaoxuxuy/test/commit/123123");
  });

  test("the URL-encoded signature, the plain password, X-Dingpipe-Token and ?token= are all accepted", async () => {
    const ts = String(Date.now());
    const encoded = encodeURIComponent(giteeSignature(ts, "gitee-shared"));
    const ways: Array<[string, Record<string, string>]> = [
      ["/hooks/gitee", { "x-gitee-token": encoded, "x-gitee-timestamp": ts }],
      ["/hooks/gitee", { "x-gitee-token": "gitee-shared", "x-gitee-timestamp": ts }],
      ["/hooks/gitee", { "x-dingpipe-token": "gitee-shared" }],
      ["/hooks/gitee?token=gitee-shared", {}],
    ];
    for (const [i, [path, headers]] of ways.entries()) {
      const r = await hook(path, variant("gitee-pipeline-webhook", 10 + i), headers);
      assert.equal(r.status, 202, `${path} ${JSON.stringify(headers)}: ${JSON.stringify(r.body)}`);
    }
  });

  test("a right signature more than an hour old is refused as a possible replay", async () => {
    const ts = String(Date.now() - 2 * 60 * 60 * 1000);
    const r = await hook("/hooks/gitee", variant("gitee-pipeline-webhook", 20), {
      "x-gitee-token": giteeSignature(ts, "gitee-shared"),
      "x-gitee-timestamp": ts,
    });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, "stale_timestamp");
    assert.match(r.body.error.message, /X-Gitee-Timestamp is 120 minutes from this server's clock/);
    assert.match(r.body.error.fix, /clock/);
  });

  test("a repository WebHook (Push Hook) is answered 200 ignored with the reason, not refused", async () => {
    const r = await hook("/hooks/gitee", fixture("gitee-push-hook"), {
      "x-gitee-token": "gitee-shared",
      "x-gitee-event": "Push Hook",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body).sort(), ["ids", "ignored", "reason"]);
    assert.equal(r.body.ignored, true);
    assert.match(r.body.reason, /Gitee Push Hook is a repository WebHook/);
  });
});

describe("refusals", () => {
  const run = fixture("github-workflow_run.completed");

  test("nothing sent: 401 signature_missing, saying what the platform must send and where to set it", async () => {
    const cases: Array<[string, string, Record<string, string>, RegExp]> = [
      ["/hooks/github", run, { "x-github-event": "workflow_run" }, /X-Hub-Signature-256/],
      ["/hooks/gitlab", fixture("gitlab-job"), { "x-gitlab-event": "Job Hook" }, /X-Gitlab-Token/],
      [
        "/hooks/gitee",
        fixture("gitee-pipeline-webhook"),
        {},
        /X-Gitee-Token header \(password, or signature with X-Gitee-Timestamp\), an X-Dingpipe-Token header or a token query parameter/,
      ],
      [
        "/hooks/yunxiao",
        fixture("yunxiao-task-webhook"),
        {},
        /X-Dingpipe-Token header, a token query parameter/,
      ],
    ];
    for (const [path, body, headers, needs] of cases) {
      const r = await hook(path, body, headers);
      assert.equal(r.status, 401, path);
      assert.equal(r.body.error.code, "signature_missing", path);
      assert.match(r.body.error.message, /came without a secret/, path);
      assert.match(r.body.error.message, needs, path);
      assert.match(r.body.error.fix, /DINGPIPE_[A-Z]+_SECRET/, path);
    }
  });

  test("something wrong sent: 401 bad_signature naming each credential tried and why it failed", async () => {
    const tampered = run.replace('"head_branch": "master"', '"head_branch": "evil"');
    const ts = String(Date.now());
    const cases: Array<[string, string, Record<string, string>, RegExp]> = [
      [
        "/hooks/github",
        tampered,
        { "x-github-event": "workflow_run", "x-hub-signature-256": githubSignature(run, "gh-new-secret") },
        /X-Hub-Signature-256 is not the HMAC-SHA256 of this body/,
      ],
      [
        "/hooks/github",
        run,
        { "x-github-event": "workflow_run", "x-hub-signature-256": "sha1=abc" },
        /X-Hub-Signature-256 is not of the form sha256=<64 hex digits>/,
      ],
      [
        "/hooks/gitlab",
        fixture("gitlab-job"),
        { "x-gitlab-event": "Job Hook", "x-gitlab-token": "gl-tokeN" },
        /X-Gitlab-Token matches no configured secret/,
      ],
      [
        "/hooks/gitee?token=nope",
        fixture("gitee-pipeline-webhook"),
        { "x-gitee-token": giteeSignature(ts, "guess"), "x-gitee-timestamp": ts },
        /X-Gitee-Token is neither the password nor the signature of X-Gitee-Timestamp with any configured secret; the token query parameter matches no configured secret/,
      ],
      [
        "/hooks/gitee",
        fixture("gitee-pipeline-webhook"),
        { "x-gitee-token": "guess" },
        /X-Gitee-Token is not the password of any configured secret \(and no X-Gitee-Timestamp came/,
      ],
      [
        "/hooks/yunxiao?token=gitee-shared",
        fixture("yunxiao-task-webhook"),
        {},
        /the token query parameter matches no configured secret/,
      ],
    ];
    const before = (await s.api("/api/hooks/rejected?limit=500")).body.length;
    for (const [path, body, headers, why] of cases) {
      const r = await hook(path, body, headers);
      assert.equal(r.status, 401, path);
      assert.equal(r.body.error.code, "bad_signature", path);
      assert.match(r.body.error.message, why, path);
      assert.match(r.body.error.fix, /DINGPIPE_[A-Z]+_SECRET/, path);
      assert.doesNotMatch(
        JSON.stringify(r.body),
        /gitee-shared|gl-token|gh-new-secret|guess/,
        "no secret echoed",
      );
    }
    const rejected = (await s.api("/api/hooks/rejected?limit=500")).body;
    assert.equal(rejected.length - before, cases.length);
    assert.ok(rejected.every((h: { reason: string; httpStatus: number }) => h.reason && h.httpStatus >= 400));
    const metrics = (await s.api("/metrics")).body as string;
    assert.match(metrics, /dingpipe_hooks_rejected_total\{reason="bad_signature",source="github"\} 2/);
    assert.match(metrics, /dingpipe_hooks_rejected_total\{reason="signature_missing",source="github"\} 1/);
  });

  test("a hook without a configured secret answers 503 and accepts nothing", async () => {
    const other = await startService({ config: { hookSecrets: { gitlab: ["x"] } } });
    try {
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
    const job = fixture("github-workflow_job.in_progress");
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

  test("a captured GitHub delivery replayed with a new X-GitHub-Delivery is the same event", async () => {
    const job = fixture("github-workflow_job.waiting");
    const signed = {
      "x-github-event": "workflow_job",
      "x-hub-signature-256": githubSignature(job, "gh-new-secret"),
    };
    const first = await hook("/hooks/github", job, { ...signed, "x-github-delivery": "replay-1" });
    assert.equal(first.status, 202);
    for (const id of ["replay-2", "replay-3"]) {
      const again = await hook("/hooks/github", job, { ...signed, "x-github-delivery": id });
      assert.equal(again.status, 200, id);
      assert.deepEqual(again.body, { ids: first.body.ids, duplicate: true });
    }
  });

  test("without a delivery id, an identical body within the window is a duplicate", async () => {
    const gitee = variant("gitee-pipeline-webhook", 40);
    const first = await hook("/hooks/gitee", gitee, { "x-dingpipe-token": "gitee-shared" });
    const again = await hook("/hooks/gitee", gitee, { "x-dingpipe-token": "gitee-shared" });
    assert.equal(first.status, 202);
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
  });

  test("after the window, a retried task's byte-identical FAIL is a new event", async () => {
    // The store's clock is the test's: "inside the window" cannot depend on how fast two requests go.
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-hooks-window-"));
    let clock = Date.now();
    const store = await openStore(undefined, { dataDir: dir, now: () => clock });
    const short = await startService({ store, config: { hookSecrets: SECRETS, hookDedupWindowMs: 200 } });
    try {
      const fail = fixture("gitee-pipeline-webhook").replace('"statusCode":"SUCC"', '"statusCode":"FAIL"');
      const send = () => hook("/hooks/gitee", fail, { "x-dingpipe-token": "gitee-shared" }, short.url);
      const first = await send();
      assert.equal(first.status, 202);
      clock += 199;
      assert.equal((await send()).status, 200, "a redelivery inside the window");
      clock += 1;
      const retried = await send();
      assert.equal(retried.status, 202, JSON.stringify(retried.body));
      assert.notDeepEqual(retried.body.ids, first.body.ids);
      const events = await short.store.listEvents({ source: "gitee" });
      assert.equal(events.items.length, 2);
      assert.ok(events.items.every((e) => e.event.task.status === "failure"));
    } finally {
      await short.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
