/**
 * The event trail over HTTP: GET /api/events lists what came in (filters, paging, every bad parameter a 400
 * saying what to fix) and GET /api/events/{id} explains one event — which notifications match it, which do
 * not and why, and what it delivered. Events come in as recorded GitLab webhooks.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { selectRules } from "../src/notify/rules.ts";
import { type Json, startService, type TestService } from "./helpers/service.ts";

let s: TestService;
const ids: Record<string, string> = {};

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/hooks/${name}.json`, import.meta.url), "utf8");
}

async function gitlab(name: string, event: string): Promise<string> {
  const res = await fetch(`${s.url}/hooks/gitlab`, {
    method: "POST",
    body: fixture(name),
    headers: { "content-type": "application/json", "x-gitlab-event": event, "x-gitlab-token": "gl" },
  });
  assert.equal(res.status, 202);
  return (await res.json()).ids[0];
}

before(async () => {
  s = await startService({ config: { hookSecrets: { gitlab: ["gl"] } } });
  ids["pipeline"] = await gitlab("gitlab-pipeline", "Pipeline Hook");
  ids["job"] = await gitlab("gitlab-job", "Job Hook");
  ids["deploy"] = await gitlab("gitlab-deployment", "Deployment Hook");
  const api = await s.api("/api/events", {
    body: { pipeline: { name: "web-release" }, task: { name: "build", status: "failure" } },
  });
  assert.equal(api.status, 202);
  ids["api"] = api.body.id;
});
after(() => s.close());

const list = async (query: string) => {
  const r = await s.api(`/api/events${query}`);
  assert.equal(r.status, 200, `${query}: ${JSON.stringify(r.body)}`);
  return r.body as { items: Json[]; next?: string };
};

describe("GET /api/events", () => {
  test("lists every accepted event, newest first, with its source and normalized event", async () => {
    const page = await list("");
    assert.deepEqual(
      page.items.map((e) => e.id),
      [ids["api"], ids["deploy"], ids["job"], ids["pipeline"]],
    );
    const job = page.items.find((e) => e.id === ids["job"]);
    assert.equal(job.source, "gitlab");
    assert.equal(job.event.pipeline.name, "Build pipeline");
    assert.equal(job.event.task.name, "auto_deploy:start");
    assert.equal(job.expanded, false);
    assert.ok(Date.parse(job.receivedAt));
  });

  test("filters by source, pipeline, status and time, and pages with a cursor", async () => {
    assert.deepEqual(
      (await list("?source=api")).items.map((e) => e.id),
      [ids["api"]],
    );
    assert.deepEqual(
      (await list(`?pipeline=${encodeURIComponent("Build pipeline")}`)).items.map((e) => e.id),
      [ids["job"]],
    );
    assert.deepEqual(
      (await list("?status=success&source=gitlab")).items.map((e) => e.id),
      [ids["deploy"], ids["job"], ids["pipeline"]],
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await list(`?since=${future}`)).items.length, 0);
    assert.equal((await list(`?until=${future}`)).items.length, 4);
    const first = await list("?limit=3");
    assert.equal(first.items.length, 3);
    assert.ok(first.next);
    const second = await list(`?limit=3&cursor=${first.next}`);
    assert.deepEqual(
      second.items.map((e) => e.id),
      [ids["pipeline"]],
    );
    assert.equal(second.next, undefined);
  });

  test("every bad parameter is a 400 naming it and what to give instead", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["?source=jenkins", "source", /not one of api, github, gitlab, gitee, yunxiao/],
      ["?status=broken-ish", "status", /not one of started, success/],
      ["?since=yesterday", "since", /ISO-8601/],
      ["?until=2026-11-23", "until", /ISO-8601/],
      ["?since=2026-11-23T08:00:00Z&until=2026-11-23T07:00:00Z", "until", /later than since/],
      ["?limit=0", "limit", /1 to 500/],
      ["?limit=501", "limit", /1 to 500/],
      ["?limit=ten", "limit", /1 to 500/],
      ["?cursor=bogus", "cursor", /not a cursor this server gave out/],
      ["?pipline=web", "pipline", /unknown parameter; use source, pipeline/],
      ["?status=success&status=failure", "status", /given 2 times/],
      [`?pipeline=${"x".repeat(501)}`, "pipeline", /longer than 500/],
    ];
    for (const [query, path, message] of cases) {
      const r = await s.api(`/api/events${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.code, "invalid", query);
      const detail = r.body.error.details.find((d: Json) => d.path === path);
      assert.ok(detail, `${query}: a detail for ${path}`);
      assert.match(detail.message, message, query);
      assert.ok(r.body.error.fix, query);
    }
    const several = await s.api("/api/events?source=x&limit=0");
    assert.equal(several.body.error.details.length, 2, "every problem at once");
  });

  test("a bad cursor on /api/deliveries is a 400 too, not a 500", async () => {
    const r = await s.api("/api/deliveries?cursor=garbage");
    assert.equal(r.status, 400);
    assert.equal(r.body.error.details[0].path, "cursor");
  });
});

describe("GET /api/events/{id}", () => {
  test("explains which notifications match the event, which do not and why, and what it delivered", async () => {
    await s.api("/api/credentials", {
      body: { name: "web", webhook: "https://oapi.dingtalk.com/robot/send?access_token=webtoken" },
    });
    await s.api("/api/credentials", {
      body: { name: "release", webhook: "https://oapi.dingtalk.com/robot/send?access_token=reltoken" },
    });
    const web = await s.api("/api/notifications", {
      body: { credential: "web", pipelines: ["web-*"], events: ["failure", "success"] },
    });
    const release = await s.api("/api/notifications", {
      body: { credential: "release", tasks: ["auto_deploy:*"], events: ["success"] },
    });
    assert.equal(web.status, 201);
    assert.equal(release.status, 201);

    const before = await s.api(`/api/events/${ids["job"]}`);
    assert.equal(before.status, 200);
    assert.equal(before.body.expanded, false);
    assert.match(before.body.note, /not matched against the notifications yet/);
    assert.deepEqual(before.body.deliveries, []);

    // The delivery engine's own matching step, on this service's store.
    await s.store.expandEvents({ limit: 100, now: Date.now(), select: (e, rules) => selectRules(rules, e) });

    const r = await s.api(`/api/events/${ids["job"]}`);
    assert.equal(r.status, 200);
    const detail = r.body;
    assert.equal(detail.id, ids["job"]);
    assert.equal(detail.source, "gitlab");
    assert.equal(detail.expanded, true);
    assert.equal(detail.note, undefined);
    assert.equal(detail.event.pipeline.name, "Build pipeline");
    const byCredential = Object.fromEntries(detail.notifications.map((n: Json) => [n.credential, n]));
    assert.equal(byCredential.web.matched, false);
    assert.deepEqual(byCredential.web.why, ["pipeline pattern `web-*` does not match `Build pipeline`"]);
    assert.equal(byCredential.web.deliveryId, undefined);
    assert.equal(byCredential.web.changedSince, true, "created after the event arrived");
    assert.equal(byCredential.release.matched, true);
    assert.deepEqual(byCredential.release.why, []);
    assert.equal(
      byCredential.release.checks.find((c: Json) => c.field === "task").reason,
      "task `auto_deploy:start` matches `auto_deploy:*`",
    );
    assert.equal(detail.deliveries.length, 1);
    assert.equal(detail.deliveries[0].credential, "release");
    assert.equal(detail.deliveries[0].eventId, ids["job"]);
    assert.equal(byCredential.release.deliveryId, detail.deliveries[0].id);

    const api = (await s.api(`/api/events/${ids["api"]}`)).body;
    const apiWeb = api.notifications.find((n: Json) => n.credential === "web");
    assert.equal(apiWeb.matched, true, "web-release matches web-*");
    assert.equal(apiWeb.deliveryId, api.deliveries[0].id);
    const apiRelease = api.notifications.find((n: Json) => n.credential === "release");
    assert.deepEqual(apiRelease.why, [
      "status `failure` is not one of its events (`success`)",
      "task pattern `auto_deploy:*` does not match `build`",
    ]);
  });

  test("an unknown event is a 404", async () => {
    for (const id of ["999999", "abc", "1;DROP"]) {
      const r = await s.api(`/api/events/${encodeURIComponent(id)}`);
      assert.equal(r.status, 404, id);
      assert.equal(r.body.error.code, "not_found");
    }
  });
});
