/**
 * Transitions through a real `dingpipe serve` process and the emulator: a notification on [broken, fixed]
 * sends on the first failure and on the fix, and nothing for the failures in between, while a notification
 * on [failure] still gets every failure; the event trail shows each event's transition and why the
 * [broken, fixed] notification stayed quiet.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { MarkdownMessage } from "../src/dingtalk/message.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import type { Status } from "../src/pipeline/status.ts";
import { callApi, type ServiceProcess, spawnService } from "./helpers/serve-process.ts";

const ADMIN = `dp_test_${randomBytes(12).toString("hex")}`;
const CHANGES = { token: "changesrobot0001" };
const FAILURES = { token: "failuresrobot001" };

let root = "";
let emulator: Emulator;
let serve: ServiceProcess & { url: string };

const api = (path: string, body?: unknown) => callApi(serve.url, ADMIN, path, body);

/** Waits (bounded) until the service has nothing pending or sending. */
async function settled(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const events = (await api("/api/events?limit=500")).body.items as Array<{ expanded: boolean }>;
    const pending = (await api("/api/deliveries?state=pending")).body.items.length;
    const sending = (await api("/api/deliveries?state=sending")).body.items.length;
    if (events.every((e) => e.expanded) && pending === 0 && sending === 0) return;
    if (Date.now() > deadline) assert.fail("the service kept a backlog");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const event = (status: Status, run: number) => ({
  pipeline: { name: "web-release" },
  run: { id: String(9000 + run), number: run, url: `https://ci.example/runs/${run}` },
  task: { name: "deploy", status },
  source: { repo: "acme/web", branch: "main", commit: { sha: "a1b2c3d4e5f6" } },
});

const titles = (token: string) =>
  emulator.messages(token).map((m) => (m.body as MarkdownMessage).markdown.text.match(/#(\d+)/)?.[1]);

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-transitions-"));
  emulator = await startEmulator({ port: 0, robots: [CHANGES, FAILURES] });
  const p = await spawnService(
    "serve",
    ["--port", "0", "--allow-host", new URL(emulator.url).host, "--data-dir", join(root, "data")],
    {
      cwd: root,
      env: { DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_SECRET_KEY: randomBytes(32).toString("base64") },
    },
  );
  assert.ok(p.url);
  serve = p as ServiceProcess & { url: string };
  for (const [name, robot] of [
    ["changes", CHANGES],
    ["failures", FAILURES],
  ] as const) {
    const created = await api("/api/credentials", { name, webhook: emulator.webhookUrl(robot.token) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  const onChange = await api("/api/notifications", {
    credential: "changes",
    events: ["broken", "fixed"],
    content: ["pipeline", "build_number", "task", "status"],
  });
  assert.equal(onChange.status, 201, JSON.stringify(onChange.body));
  assert.deepEqual(onChange.body.events, ["broken", "fixed"]);
  const onFailure = await api("/api/notifications", {
    credential: "failures",
    events: ["failure"],
    content: ["pipeline", "build_number", "task", "status"],
  });
  assert.equal(onFailure.status, 201);
});

after(async () => {
  serve?.kill("SIGTERM");
  await serve?.exited;
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

describe("transitions through dingpipe serve", () => {
  it("a rule on [broken, fixed] sends on the first failure and the fix, nothing for the failures between", async () => {
    const sequence: Array<[Status, number]> = [
      ["success", 1],
      ["failure", 2],
      ["failure", 3],
      ["failure", 4],
      ["success", 5],
      ["success", 6],
      ["failure", 7],
    ];
    const ids: string[] = [];
    for (const [status, run] of sequence) {
      const r = await api("/api/events", event(status, run));
      assert.equal(r.status, 202, JSON.stringify(r.body));
      ids.push(r.body.id);
    }
    await settled();
    assert.deepEqual(titles(CHANGES.token), ["2", "5", "7"], "broken at #2, fixed at #5, broken again at #7");
    assert.deepEqual(titles(FAILURES.token), ["2", "3", "4", "7"], "a failure rule gets every failure");
    // The title says the transition to the rule that selects transitions, in its locale; not to the other.
    const heads = (token: string) =>
      emulator.messages(token).map((m) => (m.body as MarkdownMessage).markdown.title);
    assert.deepEqual(heads(CHANGES.token), [
      "❌ web-release · deploy 运行失败（首次失败）",
      "✅ web-release · deploy 运行成功（已修复）",
      "❌ web-release · deploy 运行失败（首次失败）",
    ]);
    assert.ok(
      heads(FAILURES.token).every((t) => t === "❌ web-release · deploy 运行失败"),
      heads(FAILURES.token).join(),
    );

    const transitions = await Promise.all(
      ids.map(async (id) => (await api(`/api/events/${id}`)).body.transition),
    );
    assert.deepEqual(transitions, [
      undefined,
      "broken",
      "still_failing",
      "still_failing",
      "fixed",
      undefined,
      "broken",
    ]);
    const quiet = (await api(`/api/events/${ids[2]}`)).body;
    const verdict = quiet.notifications.find((n: { credential: string }) => n.credential === "changes");
    assert.equal(verdict.matched, false);
    assert.deepEqual(verdict.why, [
      "status `failure` (`still_failing`) is not one of its events (`broken`, `fixed`)",
    ]);
  });

  it("refuses a transition given as an event's status, and a misspelt transition in a rule, with the fix", async () => {
    const bad = await api("/api/events", {
      ...event("success", 8),
      task: { name: "deploy", status: "fixed" },
    });
    assert.equal(bad.status, 400);
    assert.match(
      JSON.stringify(bad.body),
      /'fixed' is a transition the service derives from the task's history, not a task's state: send 'success'/,
    );
    const typo = await api("/api/notifications", { credential: "changes", events: ["fixd"] });
    assert.equal(typo.status, 400);
    assert.match(JSON.stringify(typo.body), /unknown event 'fixd' — did you mean 'fixed'\?/);
  });
});
