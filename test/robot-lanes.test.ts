/**
 * One rate window per real robot, through the service as users drive it: two credentials holding one
 * robot's webhook (the README's steps make exactly that — one by curl, one in the console) share the
 * robot's window, so a burst never draws a 130101; the second credential is warned about; a robot
 * DingTalk throttles shows as paused on its credentials, and the deliveries waiting on it say until
 * when. The DingTalk emulator over HTTP with a sped-up window, the real engine, a real SQLite file.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { startEmulator } from "../src/emulator/index.ts";
import { burstEvent, missingTasks, throttledAnswers, waitFor } from "./helpers/delivery.ts";
import { type Json, startService, type TestService } from "./helpers/service.ts";

const SHARED = "tok-shared-robot-0001";
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setUp(robots: string[], limit: { messages: number; windowMs: number }) {
  const emulator = await startEmulator({
    port: 0,
    robots: robots.map((token) => ({ token })),
    rateLimit: { ...limit, throttleMs: 600_000 },
  });
  cleanups.push(() => emulator.close());
  const s = await startService({ deliver: true, config: { allowHosts: [new URL(emulator.url).host] } });
  cleanups.push(() => s.close());
  return { emulator, s };
}

async function credential(s: TestService, name: string, webhook: string, rate: object): Promise<Json> {
  const r = await s.api("/api/credentials", { body: { name, webhook, rateLimit: rate } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function notification(s: TestService, name: string, pipeline: string): Promise<void> {
  const r = await s.api("/api/notifications", {
    body: {
      credential: name,
      pipelines: [pipeline],
      events: ["success", "failure"],
      content: ["task", "status"],
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

describe("one rate window per real robot", () => {
  it("delivers a burst of 200 events through two credentials on one robot without a single 130101", async () => {
    const { emulator, s } = await setUp([SHARED], { messages: 20, windowMs: 2000 });
    const webhook = emulator.webhookUrl(SHARED);
    const rate = { messages: 20, perSeconds: 2 };
    const first = await credential(s, "by-curl", webhook, rate);
    assert.equal(first.warnings, undefined);
    const second = await credential(s, "from-console", webhook, rate);
    // The second credential on the robot is told it shares the window.
    assert.equal(second.warnings?.[0]?.code, "shared_robot");
    assert.match(second.warnings[0].message, /'by-curl'/);
    // Neither the token nor the robot key is ever shown.
    assert.ok(!JSON.stringify(second).includes(SHARED) && !JSON.stringify(second).includes("dingtalk:"));
    await notification(s, "by-curl", "alpha");
    await notification(s, "from-console", "beta");

    const accepted = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        s.api("/api/events", { body: burstEvent(i, i % 2 === 0 ? "alpha" : "beta") }),
      ),
    );
    assert.deepEqual(new Set(accepted.map((r) => r.status)), new Set([202]));
    await waitFor(
      "200 deliveries sent or merged",
      () => s.store.deliveryStats(),
      (st) => st.byState.sent + st.byState.merged === 200,
      60_000,
    );
    assert.equal(throttledAnswers(emulator, SHARED), 0, "no 130101 from the shared robot");
    assert.deepEqual(missingTasks(emulator, SHARED, 200), [], "every event reached the group");
    assert.equal((await s.store.deliveryStats()).byState.dead, 0);
    const robot = (await s.api("/api/credentials/by-curl")).body.robot;
    assert.equal(robot.state, "ok");
    assert.ok(Date.parse(robot.lastSentAt) > 0);
  });

  it("shows a robot DingTalk throttled as paused, and its waiting deliveries say until when", async () => {
    // The robot takes 2 messages per window; the credentials claim more: DingTalk answers 130101.
    const { emulator, s } = await setUp(["strict", "other"], { messages: 2, windowMs: 60_000 });
    await credential(s, "strict-a", emulator.webhookUrl("strict"), { messages: 20, perSeconds: 60 });
    const b = await credential(s, "strict-b", emulator.webhookUrl("other"), { messages: 20, perSeconds: 60 });
    assert.equal(b.warnings, undefined);
    // Editing b onto strict-a's robot warns, and moves b's deliveries into that robot's lane.
    const moved = await s.api("/api/credentials/strict-b", {
      method: "PUT",
      body: { webhook: emulator.webhookUrl("strict") },
    });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.warnings?.[0]?.code, "shared_robot");
    await notification(s, "strict-a", "p");
    for (let i = 0; i < 3; i++)
      assert.equal((await s.api("/api/events", { body: burstEvent(i, "p") })).status, 202);

    const paused = await waitFor(
      "the robot paused",
      async () => (await s.api("/api/credentials")).body as Json[],
      (list) => list.every((c) => c.robot?.state === "paused"),
      20_000,
    );
    for (const c of paused) {
      assert.ok(Date.parse(c.robot.until) > Date.now() + 500_000, "paused for DingTalk's 10 minutes");
      assert.match(c.robot.reason, /130101|throttled/);
      assert.match(c.robot.lastError, /throttled/);
    }
    assert.equal(throttledAnswers(emulator, "strict"), 1, "one 130101, then the lane waits");
    const one = (await s.api("/api/credentials/strict-b")).body;
    assert.equal(one.robot.state, "paused", "a credential on the same robot shows the same pause");
    const pending = (await s.api("/api/deliveries?state=pending")).body.items as Json[];
    assert.ok(pending.length >= 1);
    for (const d of pending) {
      assert.equal(d.waiting?.reason, "paused");
      assert.match(d.waiting.message, /^waiting for the robot until \d\d:\d\d UTC \(DingTalk throttled it/);
      assert.equal(d.waiting.until, paused[0].robot.until);
    }
    const detail = (await s.api(`/api/deliveries/${pending[0].id}`)).body;
    assert.equal(detail.waiting.reason, "paused");
  });

  for (const { kind, throttled, service } of [
    { kind: "wecom", throttled: 45009, service: "WeCom" },
    { kind: "feishu", throttled: 11232, service: "Feishu" },
  ] as const) {
    it(`${kind}: two credentials on one robot share its window — a burst of 200 without a single ${throttled}`, async () => {
      const key = `${kind}-shared-0001`;
      const emulator = await startEmulator({
        port: 0,
        robots: [{ token: key, kind }],
        // 20 per 2 s (and Feishu's own 5 a second); a request over a window is refused.
        wecomLimit: { windows: [{ messages: 20, windowMs: 2000 }] },
        feishuLimit: {
          windows: [
            { messages: 20, windowMs: 2000 },
            { messages: 5, windowMs: 1000 },
          ],
        },
      });
      cleanups.push(() => emulator.close());
      const s = await startService({ deliver: true, config: { allowHosts: [new URL(emulator.url).host] } });
      cleanups.push(() => s.close());
      const webhook = emulator.webhookUrl(key);
      const rate = { messages: 20, perSeconds: 2 };
      for (const name of ["by-curl", "from-console"]) {
        const r = await s.api("/api/credentials", { body: { name, type: kind, webhook, rateLimit: rate } });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        if (name === "by-curl") assert.equal(r.body.warnings, undefined);
        else {
          assert.equal(r.body.warnings?.[0]?.code, "shared_robot");
          assert.match(r.body.warnings[0].message, /'by-curl'/);
          assert.ok(!JSON.stringify(r.body).includes(key) && !JSON.stringify(r.body).includes(`${kind}:`));
        }
      }
      await notification(s, "by-curl", "alpha");
      await notification(s, "from-console", "beta");
      const accepted = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          s.api("/api/events", { body: burstEvent(i, i % 2 === 0 ? "alpha" : "beta") }),
        ),
      );
      assert.deepEqual(new Set(accepted.map((r) => r.status)), new Set([202]));
      await waitFor(
        "200 deliveries sent or merged",
        () => s.store.deliveryStats(),
        (st) => st.byState.sent + st.byState.merged === 200,
        90_000,
      );
      assert.equal(
        throttledAnswers(emulator, key, throttled),
        0,
        `no ${throttled} from the shared ${service} robot`,
      );
      assert.deepEqual(missingTasks(emulator, key, 200), [], "every event reached the group");
      assert.equal((await s.store.deliveryStats()).byState.dead, 0);
      const robot = (await s.api("/api/credentials/from-console")).body.robot;
      assert.equal(robot.state, "ok");
      assert.ok(Date.parse(robot.lastSentAt) > 0, "the robot's last send shows on both its credentials");
    });
  }

  it("shows a WeCom robot its service throttled (45009) as paused, its waiting deliveries naming WeCom", async () => {
    // The robot takes 2 messages a minute; the credential claims 20: WeCom answers 45009.
    const emulator = await startEmulator({
      port: 0,
      robots: [{ token: "wecom-strict", kind: "wecom" }],
      wecomLimit: { windows: [{ messages: 2, windowMs: 60_000 }] },
    });
    cleanups.push(() => emulator.close());
    const s = await startService({ deliver: true, config: { allowHosts: [new URL(emulator.url).host] } });
    cleanups.push(() => s.close());
    const webhook = emulator.webhookUrl("wecom-strict");
    for (const name of ["wecom-a", "wecom-b"]) {
      const r = await s.api("/api/credentials", {
        body: { name, type: "wecom", webhook, rateLimit: { messages: 20, perSeconds: 60 } },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    await notification(s, "wecom-a", "p");
    for (let i = 0; i < 4; i++)
      assert.equal((await s.api("/api/events", { body: burstEvent(i, "p") })).status, 202);
    const paused = await waitFor(
      "the WeCom robot paused",
      async () => (await s.api("/api/credentials")).body as Json[],
      (list) => list.length === 2 && list.every((c) => c.robot?.state === "paused"),
      20_000,
    );
    for (const c of paused) {
      assert.equal(c.type, "wecom");
      assert.match(c.robot.reason, /45009|throttled/);
    }
    assert.equal(throttledAnswers(emulator, "wecom-strict", 45009), 1, "one 45009, then the lane waits");
    const pending = (await s.api("/api/deliveries?state=pending")).body.items as Json[];
    assert.ok(pending.length >= 1);
    for (const d of pending) {
      assert.equal(d.waiting?.reason, "paused");
      assert.match(d.waiting.message, /^waiting for the robot until \d\d:\d\d UTC \(WeCom throttled it/);
    }
  });
});
