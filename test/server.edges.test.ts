/**
 * Input people really send, refused at the edge with a 4xx that says what to fix — never a 500, never
 * silence: page cursors and time ranges that were not given out, a signing secret that is not one,
 * Idempotency-Keys too long to keep whole, credential names a URL cannot carry. Errors are counted in
 * /metrics under the route they were for. The real app over HTTP, a real SQLite file.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createSealer } from "../src/server/crypto.ts";
import { startService, type TestService } from "./helpers/service.ts";

const WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=edgecases0123456789";
const secretKey = randomBytes(32);
let s: TestService;
before(async () => {
  s = await startService({ config: { secretKey } });
});
after(() => s.close());

const event = (task: string) => ({ pipeline: { name: "edges" }, task: { name: task, status: "success" } });

describe("query parameters", () => {
  test("a cursor this server did not give out is a 400 with the fix", async () => {
    for (const cursor of ["abc", "ZDp4", "%%%", "x".repeat(500)]) {
      const r = await s.api(`/api/deliveries?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(r.status, 400, cursor);
      assert.equal(r.body.error.code, "invalid");
      assert.equal(r.body.error.details[0].path, "cursor");
      assert.match(r.body.error.fix, /Pass the `next` value of the previous page/);
    }
  });

  test("a time range out of bounds is a 400 naming the bound", async () => {
    for (const [since, message] of [
      ["99999999999999d", /at most 366d/],
      ["9999999999999999999999", /duration such as 300|at most 366d/],
      ["400d", /at most 366d/],
      ["2999-01-01T00:00:00Z", /not be in the future/],
      ["1970-01-01T00:00:00Z", /within the last 366 days/],
      ["+275760-09-13T00:00:00.000Z", /future/],
      ["yesterday", /ISO-8601 time or a duration/],
    ] as const) {
      const r = await s.api(`/api/stats/deliveries?since=${encodeURIComponent(since)}`);
      assert.equal(r.status, 400, since);
      assert.match(r.body.error.message, message, since);
    }
    assert.equal((await s.api("/api/stats/deliveries?bucket=99999999999999d")).status, 400);
    assert.equal((await s.api("/api/stats/deliveries?since=24h&bucket=1h")).status, 200);
    assert.equal((await s.api("/api/stats/deliveries?since=366d&bucket=1d")).status, 200);
  });
});

describe("credentials", () => {
  test("a secret that does not start with SEC is refused with the fix, on create and on edit", async () => {
    const created = await s.api("/api/credentials", {
      body: { name: "notsec", webhook: WEBHOOK, secret: "hunter2-hunter2" },
    });
    assert.equal(created.status, 400);
    assert.equal(created.body.error.details[0].path, "secret");
    assert.match(
      created.body.error.message,
      /secret: is not a DingTalk signing secret: those start with SEC/,
    );
    assert.match(created.body.error.fix, /copy the secret \(SEC…\) from the robot's security settings/);
    assert.doesNotMatch(JSON.stringify(created.body), /hunter2/);
    assert.equal(
      (await s.api("/api/credentials", { body: { name: "sec-ok", webhook: WEBHOOK, secret: "SECabc123" } }))
        .status,
      201,
    );
    const edited = await s.api("/api/credentials/sec-ok", { method: "PUT", body: { secret: "abc123" } });
    assert.equal(edited.status, 400);
    assert.equal(edited.body.error.details[0].path, "secret");
  });

  test("a credential stored with such a secret (before this check) tests to a 422 with the fix, not a 500", async () => {
    const sealed = createSealer(secretKey).seal("legacy", { webhook: WEBHOOK, secret: "not-a-sec-secret" });
    await s.store.createCredential({
      name: "legacy",
      sealed,
      hint: "oapi.dingtalk.com access_token=edge…",
      hasSecret: true,
      keywords: [],
      rateLimit: { messages: 20, perSeconds: 60 },
    });
    const r = await s.api("/api/credentials/legacy/test", { method: "POST" });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.error.fix);
    assert.doesNotMatch(JSON.stringify(r.body), /not-a-sec-secret/);
  });

  test("names: letters of any script, digits, . _ -, not only dots; the rule is in the error", async () => {
    for (const name of [
      ".",
      "..",
      "...",
      "a/b",
      "a b",
      "a?b",
      "#x",
      "tab\tname",
      "x".repeat(65),
      "émoji🙂",
    ]) {
      const r = await s.api("/api/credentials", { body: { name, webhook: WEBHOOK } });
      assert.equal(r.status, 400, JSON.stringify(name));
      assert.equal(r.body.error.details[0].path, "name");
      assert.match(
        r.body.error.details[0].message,
        /letters \(of any script\), digits, '\.', '_' or '-', not only dots/,
      );
      assert.match(r.body.error.fix, /^name it with 1 to 64 letters/);
    }
    for (const name of ["运维群", "ci.group_1-a", "Équipe-2", "..a"]) {
      const r = await s.api("/api/credentials", { body: { name, webhook: WEBHOOK } });
      assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
      const back = await s.api(`/api/credentials/${encodeURIComponent(name)}`);
      assert.equal(back.status, 200, name);
      assert.equal(back.body.name, name);
      assert.equal(
        (await s.api(`/api/credentials/${encodeURIComponent(name)}`, { method: "DELETE" })).status,
        204,
      );
    }
  });
});

describe("events", () => {
  test("an Idempotency-Key longer than 200 characters is a 400, never cut into another event's key", async () => {
    const shared = "k".repeat(200);
    const first = await s.api("/api/events", { body: event("a"), headers: { "idempotency-key": shared } });
    assert.equal(first.status, 202);
    const longer = await s.api("/api/events", {
      body: event("b"),
      headers: { "idempotency-key": `${shared}-second` },
    });
    assert.equal(longer.status, 400);
    assert.equal(longer.body.error.details[0].path, "Idempotency-Key");
    assert.match(longer.body.error.message, /207 characters long: at most 200/);
    assert.match(longer.body.error.fix, /shorter key/);
    const again = await s.api("/api/events", { body: event("a"), headers: { "idempotency-key": shared } });
    assert.deepEqual(again.body, { id: first.body.id, duplicate: true });
  });
});

test("error answers are counted under their route, not as unmatched", async () => {
  await s.api("/api/deliveries?cursor=abc");
  await s.api("/api/credentials/nobody");
  const metrics = (await s.api("/metrics")).body as string;
  assert.match(
    metrics,
    /dingpipe_http_requests_total\{method="GET",route="\/api\/deliveries",status="400"\} \d+/,
  );
  assert.match(
    metrics,
    /dingpipe_http_requests_total\{method="GET",route="\/api\/credentials\/:name",status="404"\} \d+/,
  );
  assert.match(
    metrics,
    /dingpipe_http_requests_total\{method="POST",route="\/api\/credentials",status="400"\} \d+/,
  );
  assert.doesNotMatch(metrics, /route="unmatched",status="400"/);
});
