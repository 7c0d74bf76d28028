/**
 * From HTTP to the DingTalk group, with the real delivery engine in-process and the DingTalk emulator:
 * credential test messages, API events and each CI's webhook fixture become the right messages; a robot with
 * the wrong secret yields dead letters with the fix, which can be retried; deliveries show what was sent.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { type Json, startService, type TestService } from "./helpers/service.ts";

const ROBOT = { token: "robottoken0001", secret: "SECfakesecret0001", keywords: ["CI"] };
/** A robot whose stored limit is 2 messages an hour: test messages must respect it. */
const SMALL = { token: "robottoken0002" };
const HOOK_SECRETS = { github: ["gh"], gitlab: ["gl"], gitee: ["ge"], yunxiao: ["yx"] };

let emulator: Emulator;
let s: TestService;

before(async () => {
  emulator = await startEmulator({ port: 0, robots: [ROBOT, SMALL] });
  const host = new URL(emulator.url).host;
  s = await startService({ deliver: true, config: { allowHosts: [host], hookSecrets: HOOK_SECRETS } });
  const created = await s.api("/api/credentials", {
    body: {
      name: "group",
      webhook: emulator.webhookUrl(ROBOT.token),
      secret: ROBOT.secret,
      keywords: ROBOT.keywords,
    },
  });
  assert.equal(created.status, 201);
  const rule = await s.api("/api/notifications", {
    body: { credential: "group", events: ["failure", "success"], custom: "Owner: ops team" },
  });
  assert.equal(rule.status, 201);
});

after(async () => {
  await s?.close();
  await emulator?.close();
});

/** Polls until `check` returns a value (bounded: fails after 15 s instead of hanging). */
async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function messageWith(text: string) {
  return emulator.messages(ROBOT.token).find((m) => JSON.stringify(m.body).includes(text));
}

describe("credential test", () => {
  test("a good robot answers ok, and the group receives the test message", async () => {
    const r = await s.api("/api/credentials/group/test", { method: "POST" });
    assert.equal(r.status, 200);
    assert.equal(r.body.ok, true);
    assert.equal(r.body.errcode, 0);
    assert.equal(typeof r.body.durationMs, "number");
    assert.ok(messageWith("dingpipe 测试消息：机器人“group” ✅"), "in Chinese by default");
    const en = await s.api("/api/credentials/group/test?locale=en", { method: "POST" });
    assert.equal(en.status, 200);
    assert.ok(messageWith("dingpipe test message for robot 'group' ✅"), "?locale=en");
    const bad = await s.api("/api/credentials/group/test?locale=zh", { method: "POST" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].path, "locale");
    assert.match(bad.body.error.details[0].message, /did you mean 'zh-CN'/);
  });

  test("a robot with the wrong secret answers DingTalk's errcode and the fix", async () => {
    await s.api("/api/credentials", {
      body: { name: "wrong-secret", webhook: emulator.webhookUrl(ROBOT.token), secret: "SECwrong" },
    });
    const r = await s.api("/api/credentials/wrong-secret/test", { method: "POST" });
    assert.equal(r.status, 200);
    assert.equal(r.body.ok, false);
    assert.equal(r.body.errcode, 310000);
    assert.equal(r.body.code, "signature_mismatch");
    assert.match(r.body.fix, /signing secret|SEC… secret/);
    assert.match(r.body.fix, /console Robots → Edit/);
    assert.doesNotMatch(r.body.fix, /--secret|DINGTALK_SECRET/);
    assert.doesNotMatch(JSON.stringify(r.body), /SECwrong|robottoken0001/);
  });
});

describe("credential test within the robot's rate limit", () => {
  test("test messages take slots in the shared send log; past the limit the answer is 429 and nothing is sent", async () => {
    const created = await s.api("/api/credentials", {
      body: {
        name: "small",
        webhook: emulator.webhookUrl(SMALL.token),
        rateLimit: { messages: 2, perSeconds: 3600 },
      },
    });
    assert.equal(created.status, 201);
    for (let i = 0; i < 2; i++) {
      const r = await s.api("/api/credentials/small/test", { method: "POST" });
      assert.equal(r.status, 200, `test ${i + 1}`);
      assert.equal(r.body.ok, true);
    }
    const refused = await s.api("/api/credentials/small/test", { method: "POST" });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, "rate_limited");
    assert.ok(refused.body.error.fix);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter > 3000 && retryAfter <= 3601, `Retry-After ${retryAfter}`);
    assert.equal(emulator.messages(SMALL.token).length, 2, "the refused test reached nobody");
    // The delivery engine counts the same two requests in the robot's window.
    const lane = (await s.store.getCredential("small"))?.robotKey;
    assert.ok(lane, "the credential is keyed by its robot");
    assert.equal((await s.store.laneSends(lane, 0)).length, 2);
  });
});

describe("events become messages", () => {
  test("POST /api/events → 202 → the message in the group, and the delivery records it exactly", async () => {
    const r = await s.api("/api/events", {
      body: {
        pipeline: { name: "api-pipeline-7" },
        run: { number: 7 },
        task: { name: "deploy", status: "FAIL" },
        source: { branch: "main", commit: { sha: "abcdef1234567" } },
      },
    });
    assert.equal(r.status, 202);
    const received = await eventually("the API event's message", () => messageWith("api-pipeline-7"));
    const text = JSON.stringify(received.body);
    assert.match(text, /deploy/);
    assert.match(text, /Owner: ops team/);
    const delivery = await eventually("the sent delivery", async () => {
      const list = await s.api("/api/deliveries?credential=group&pipeline=api-pipeline-7");
      return list.body.items.find((d: Json) => d.state === "sent");
    });
    assert.deepEqual(delivery.message, received.body, "the message exactly as sent");
    assert.equal(delivery.attempts.at(-1).errcode, 0);
    const detail = await s.api(`/api/deliveries/${delivery.id}`);
    assert.equal(detail.body.event.id, r.body.id);
    assert.equal(detail.body.event.event.pipeline.name, "api-pipeline-7");
    const metrics = (await s.api("/metrics")).body as string;
    assert.match(metrics, /dingpipe_deliveries_total\{credential="group",outcome="sent"\} \d+/);
    assert.match(metrics, /dingpipe_dingtalk_request_duration_seconds_count/);
  });

  test("each CI's webhook fixture becomes the right message", async () => {
    const fixture = (name: string) =>
      readFileSync(new URL(`./fixtures/hooks/${name}.json`, import.meta.url), "utf8");
    const post = async (path: string, body: string, headers: Record<string, string>) => {
      const res = await fetch(s.url + path, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });
      assert.equal(res.status, 202, `${path}: ${await res.text()}`);
    };
    const run = fixture("github-workflow_run.completed");
    await post("/hooks/github", run, {
      "x-github-event": "workflow_run",
      "x-github-delivery": "e2e-1",
      "x-hub-signature-256": "sha256=" + createHmac("sha256", "gh").update(run).digest("hex"),
    });
    await post("/hooks/gitlab", fixture("gitlab-job"), {
      "x-gitlab-event": "Job Hook",
      "x-gitlab-token": "gl",
    });
    await post("/hooks/gitee", fixture("gitee-pipeline-webhook"), { "x-dingpipe-token": "ge" });
    await post("/hooks/yunxiao?token=yx", fixture("yunxiao-task-webhook"), {});
    const expectations: Array<[string, RegExp]> = [
      ["octo-org/octo-repo", /test 运行成功/],
      ["auto_deploy:start", /Build pipeline/],
      ["测试流水线", /java构建/],
      ["test pipeline", /java构建/],
    ];
    for (const [pipeline, detail] of expectations) {
      const m = await eventually(`the message for ${pipeline}`, () => messageWith(pipeline));
      assert.match(JSON.stringify(m.body), detail, pipeline);
      assert.match(JSON.stringify(m.body), /CI/, "the robot's keyword is present");
    }
  });
});

describe("dead letters", () => {
  test("a robot with the wrong secret leaves dead letters with the fix; retry puts one back", async () => {
    await s.api("/api/notifications", {
      body: { credential: "wrong-secret", pipelines: ["doomed"], events: ["failure"] },
    });
    await s.api("/api/events", {
      body: { pipeline: { name: "doomed" }, task: { name: "t", status: "failure" } },
    });
    const dead = await eventually("a dead letter", async () => {
      const r = await s.api("/api/deliveries?state=dead&credential=wrong-secret");
      return r.body.items[0];
    });
    assert.ok(dead.fix, "the dead letter says what to fix");
    // Worded for the console and API: where to change the robot, not a command-line flag.
    assert.match(dead.fix, /PUT \/api\/credentials/);
    assert.doesNotMatch(dead.fix, /--secret|DINGTALK_SECRET/);
    assert.ok(dead.lastError);
    const retry = await s.api(`/api/deliveries/${dead.id}/retry`, { method: "POST" });
    assert.equal(retry.status, 202);
    const again = await eventually("the retried delivery's new attempt", async () => {
      const d = (await s.api(`/api/deliveries/${dead.id}`)).body;
      return d.state === "dead" && d.attempts.length > dead.attempts.length ? d : undefined;
    });
    assert.equal(again.state, "dead");
    assert.doesNotMatch(again.fix, /--secret|DINGTALK_SECRET/);
  });
});

describe("bulk retry of dead letters", () => {
  test("every dead letter of a robot and a pipeline glob goes back at once; after the fix they arrive", async () => {
    await s.api("/api/credentials", {
      body: { name: "bulk-robot", webhook: emulator.webhookUrl(ROBOT.token), secret: "SECwrongtoo" },
    });
    assert.equal(
      (
        await s.api("/api/notifications", {
          body: {
            credential: "bulk-robot",
            pipelines: ["bulk-*"],
            events: ["failure"],
            content: ["pipeline"],
          },
        })
      ).status,
      201,
    );
    for (const [i, name] of ["bulk-a", "bulk-b", "other-c"].entries()) {
      await s.api("/api/events", {
        body: { pipeline: { name }, run: { number: 300 + i }, task: { name: "t", status: "failure" } },
      });
    }
    const dead = await eventually("two dead letters", async () => {
      const r = await s.api("/api/deliveries?state=dead&credential=bulk-robot");
      return r.body.items.length === 2 ? r.body.items : undefined;
    });
    // The list carries each delivery's run number, read from its event.
    assert.deepEqual(dead.map((d: Json) => d.run).sort(), [300, 301]);

    // Bad bodies say what to fix.
    for (const [body, path] of [
      [{ credential: "" }, "credential"],
      [{ robot: "bulk-robot" }, "robot"],
      [{ pipeline: 7 }, "pipeline"],
    ] as const) {
      const r = await s.api("/api/deliveries/retry", { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.details[0].path, path);
      assert.ok(r.body.error.fix);
    }
    assert.equal((await s.api("/api/deliveries/retry", { body: [] })).status, 400);

    // Nothing dead matches: nothing retried.
    assert.deepEqual((await s.api("/api/deliveries/retry", { body: { pipeline: "none-*" } })).body, {
      retried: 0,
    });
    // Fix the robot, then retry every dead letter of it and of bulk-*: both reach the group.
    const fixed = await s.api("/api/credentials/bulk-robot", {
      method: "PUT",
      body: { webhook: emulator.webhookUrl(ROBOT.token), secret: ROBOT.secret, keywords: ROBOT.keywords },
    });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    const r = await s.api("/api/deliveries/retry", {
      body: { credential: "bulk-robot", pipeline: "bulk-*" },
    });
    assert.equal(r.status, 202);
    assert.deepEqual(r.body, { retried: 2 });
    await eventually("both sent", async () => {
      const list = await s.api("/api/deliveries?credential=bulk-robot&pipeline=bulk-*");
      return list.body.items.length === 2 && list.body.items.every((d: Json) => d.state === "sent")
        ? true
        : undefined;
    });
    assert.ok(messageWith("bulk-a") && messageWith("bulk-b"));
    // The chart follows the same filters.
    const chart = await s.api(
      "/api/stats/deliveries?since=1h&bucket=1h&credential=bulk-robot&pipeline=bulk-*",
    );
    assert.equal(chart.status, 200);
    assert.equal(
      chart.body.reduce((n: number, b: Json) => n + b.counts.sent, 0),
      2,
    );
    assert.equal((await s.api("/api/stats/deliveries?state=nope")).status, 400);
  });
});

describe("retry while sending", () => {
  test("a delivery being sent right now answers 409 and stays as it is", async () => {
    // Every answer of this group's robot is held back, so the delivery stays `sending` while we retry it.
    const slow = await startEmulator({
      port: 0,
      robots: [{ token: "slowrobot0001" }],
      faults: { rate: 1, kinds: ["latency"], latencyMs: 60_000 },
    });
    const svc = await startService({ deliver: true, config: { allowHosts: [new URL(slow.url).host] } });
    try {
      await svc.api("/api/credentials", {
        body: { name: "slow", webhook: slow.webhookUrl("slowrobot0001") },
      });
      await svc.api("/api/notifications", { body: { credential: "slow", events: ["failure"] } });
      const posted = await svc.api("/api/events", {
        body: { pipeline: { name: "held" }, task: { name: "t", status: "failure" } },
      });
      assert.equal(posted.status, 202);
      const sending = await eventually("a delivery in flight", async () => {
        const r = await svc.api("/api/deliveries?state=sending&credential=slow");
        return r.body.items[0];
      });
      const retry = await svc.api(`/api/deliveries/${sending.id}/retry`, { method: "POST" });
      assert.equal(retry.status, 409);
      assert.deepEqual(retry.body, {
        error: {
          code: "conflict",
          message: `delivery ${sending.id} is being sent right now`,
          fix: "wait for this attempt's outcome, then retry if it failed",
        },
      });
      const after = (await svc.api(`/api/deliveries/${sending.id}`)).body;
      assert.equal(after.state, "sending");
      assert.equal(after.waiting, undefined, "a worker holds it: not awaiting a re-send");
      assert.deepEqual(after.attempts, sending.attempts);
      assert.equal((await svc.api("/api/deliveries/999999/retry", { method: "POST" })).status, 404);
    } finally {
      await slow.close();
      await svc.close();
    }
  });
});
