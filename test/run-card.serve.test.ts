/**
 * Run cards through real `dingpipe serve` processes and the app robot emulator over HTTP:
 * - a `dingtalk_app` robot created through the API (secrets never answered, never logged), bad bodies
 *   answered 400/422 with what to fix;
 * - a `run_card` notification: a run of three tasks (started / success / started / success / started /
 *   failure) is ONE card, sent once and updated in place in order, whose last version shows every
 *   task's final state; one access token for all of it; a second run gets a card of its own; an event
 *   without a run id becomes a message saying why; a [broken, fixed] rule on the same app robot sends
 *   group messages;
 * - kill -9 between two updates (the emulator refusing card calls meanwhile, so the card is stale for
 *   sure), a restart on the same SQLite file, and the card still reaches the final state: the same card,
 *   no second one.
 * Every wait is bounded; the processes are stopped by the test.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, it } from "node:test";
import { type Emulator, type EmulatorApp, type EmulatorCard, startEmulator } from "../src/emulator/index.ts";
import type { Status } from "../src/pipeline/status.ts";
import { appRobotBody } from "./helpers/app-robot.ts";
import { bounded } from "./helpers/bounded.ts";
import { callApi, type ServiceProcess, spawnService } from "./helpers/serve-process.ts";

const ADMIN = `dp_test_${randomBytes(12).toString("hex")}`;
const SECRET_KEY = randomBytes(32).toString("base64");
const APP: EmulatorApp = {
  appKey: "dingcards0001",
  appSecret: `app-secret-${randomBytes(8).toString("hex")}`,
  robotCode: "dingcardsrobot",
  name: "CI cards",
  conversations: ["cidCards==", "cidCrash==", "cidTest=="],
};

let root = "";
let emulator: Emulator;
const running: ServiceProcess[] = [];

async function start(dataDir: string): Promise<ServiceProcess & { url: string }> {
  const p = await spawnService(
    "serve",
    [
      "--port",
      "0",
      "--allow-host",
      new URL(emulator.appBaseUrl).host,
      "--data-dir",
      dataDir,
      // A killed process's leases (lanes and cards) are taken over after 3 s, not 30.
      "--lease-ms",
      "3000",
    ],
    { cwd: root, env: { DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_SECRET_KEY: SECRET_KEY } },
  );
  running.push(p);
  assert.ok(p.url);
  return p as ServiceProcess & { url: string };
}

const call = (serve: { url: string }, method: string, path: string, body?: unknown) =>
  callApi(serve.url, ADMIN, path, body, method);

const event = (run: number, task: string, status: Status, withRun = true) => ({
  pipeline: { name: "web-release", displayName: "Web release" },
  ...(withRun
    ? { run: { id: String(5000 + run), number: run, trigger: { user: "lin", event: "push" } } }
    : {}),
  task: { name: task, status },
  source: { repo: "acme/web", branch: "main", commit: { sha: "a1b2c3d4e5f6a7b8", message: "fix login" } },
});

/** The task lines of a card version: "✅ build", "▶ test"… */
function taskLines(data: Record<string, unknown>): string[] {
  const contents = (data["contents"] ?? []) as Array<{ id?: string; text?: string }>;
  const tasks = contents.find((c) => c.id === "tasks")?.text ?? "";
  return tasks
    .split("\n")
    .map((l) =>
      l
        .replace(/^- /, "")
        .replace(/ · .*$/, "")
        .trim(),
    )
    .filter((l) => l !== "");
}
const title = (data: Record<string, unknown>) => (data["header"] as { title: { text: string } }).title.text;

/** Waits (bounded) until the group's cards satisfy `done`. */
async function cardsUntil(
  conversation: string,
  done: (cards: EmulatorCard[]) => boolean,
  what: string,
  ms = 60_000,
): Promise<EmulatorCard[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const cards = emulator.cards(conversation);
    if (done(cards)) return cards;
    if (Date.now() > deadline) {
      assert.fail(
        `timed out waiting for ${what}; cards: ${JSON.stringify(cards.map((c) => c.versions.map((v) => title(v.data))))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lastLines = (c: EmulatorCard) => taskLines(c.versions.at(-1)!.data);

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-run-cards-"));
  emulator = await startEmulator({ port: 0, robots: [], apps: [APP], appApi: { qps: 1000 } });
});

after(async () => {
  for (const p of running) await p.stop("SIGTERM").catch(() => p.kill("SIGKILL"));
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

describe("run cards through dingpipe serve and the app robot emulator", () => {
  let serve: ServiceProcess & { url: string };

  before(async () => {
    serve = await start(join(root, "data"));
  });

  it("creates a dingtalk_app robot, never answering or logging its secret, and refuses bad bodies with the fix", async () => {
    const bad: Array<[unknown, number, string]> = [
      [
        { name: "a", type: "dingtalk_app", appKey: "k", robotCode: "r", conversationId: "c" },
        400,
        "appSecret",
      ],
      [
        { name: "a", type: "dingtalk_app", appKey: "k", appSecret: "s", conversationId: "c" },
        400,
        "robotCode",
      ],
      [appRobotBody({ webhook: "https://x" }), 400, "webhook"],
      [appRobotBody({ appKey: "k y" }), 400, "appKey"],
      [appRobotBody({ baseUrl: "ftp://x" }), 400, "baseUrl"],
      [
        {
          name: "a",
          webhook: "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789",
          robotCode: "r",
        },
        400,
        "robotCode",
      ],
      // Not an allowed host: the service would send the app's secret there.
      [appRobotBody({ baseUrl: "https://evil.example" }), 422, "webhook"],
    ];
    for (const [body, status, path] of bad) {
      const r = await call(serve, "POST", "/api/credentials", body);
      assert.equal(r.status, status, `${JSON.stringify(body)} → ${r.text}`);
      assert.ok(
        (r.body.error.details as Array<{ path: string }>).some((d) => d.path === path),
        `${JSON.stringify(body)} → ${r.text}`,
      );
      assert.ok(r.body.error.fix || r.body.error.message, r.text);
    }
    const created = await call(serve, "POST", "/api/credentials", {
      name: "cards",
      type: "dingtalk_app",
      appKey: APP.appKey,
      appSecret: APP.appSecret,
      robotCode: APP.robotCode,
      conversationId: "cidCards==",
      baseUrl: emulator.appBaseUrl,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.type, "dingtalk_app");
    assert.equal(created.body.hasSecret, true);
    assert.match(created.body.hint, /robot dingcardsrobot → cidCards==/);
    assert.ok(!created.text.includes(APP.appSecret));
    // A webhook robot cannot keep a run card.
    const webhookRobot = await call(serve, "POST", "/api/credentials", {
      name: "plain",
      webhook: "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789",
    });
    assert.equal(webhookRobot.status, 201, webhookRobot.text);
    const refused = await call(serve, "POST", "/api/notifications", {
      credential: "plain",
      events: ["started", "success", "failure"],
      style: "run_card",
    });
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.error.details[0].path, "style");
    assert.match(refused.body.error.fix, /dingtalk_app/);
    const unknownStyle = await call(serve, "POST", "/api/notifications", {
      credential: "cards",
      events: ["failure"],
      style: "run-card",
    });
    assert.equal(unknownStyle.status, 400, unknownStyle.text);
    assert.equal((await call(serve, "DELETE", "/api/credentials/plain")).status, 204);

    const card = await call(serve, "POST", "/api/notifications", {
      credential: "cards",
      events: ["started", "success", "failure"],
      style: "run_card",
    });
    assert.equal(card.status, 201, card.text);
    assert.equal(card.body.style, "run_card");
    // The preview draws the card (from the sample event's run), not a message.
    const preview = await call(serve, "POST", "/api/preview", {
      notification: { credential: "cards", events: ["failure"], style: "run_card" },
    });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.body.messageType, "StandardCard");
    assert.match(preview.body.message.header.title.text, /运行失败$/, "in Chinese by default");
    const changes = await call(serve, "POST", "/api/notifications", {
      credential: "cards",
      events: ["broken", "fixed"],
      content: ["pipeline", "build_number", "task", "status"],
    });
    assert.equal(changes.status, 201, changes.text);
  });

  it("keeps one card per run, updated in place in order to every task's final state, with one token", async () => {
    const script: Array<[number, string, Status]> = [
      [1, "build", "started"],
      [1, "build", "success"],
      [1, "test", "started"],
      [1, "test", "success"],
      [1, "deploy", "started"],
      [1, "deploy", "failure"],
    ];
    // Each event waits for the card to show it, so every change is one version (coalescing is the
    // kill -9 test's and the store contract's).
    const expected = [
      ["▶ build"],
      ["✅ build"],
      ["✅ build", "▶ test"],
      ["✅ build", "✅ test"],
      ["✅ build", "✅ test", "▶ deploy"],
      ["✅ build", "✅ test", "❌ deploy"],
    ];
    for (const [i, [run, task, status]] of script.entries()) {
      const r = await call(serve, "POST", "/api/events", event(run, task, status));
      assert.equal(r.status, 202, r.text);
      await cardsUntil(
        "cidCards==",
        (cs) => cs.length === 1 && JSON.stringify(lastLines(cs[0]!)) === JSON.stringify(expected[i]),
        `the card to show ${task} ${status}`,
      );
    }
    const [card] = emulator.cards("cidCards==");
    // Sent once, then updated in place, in order: one version per change.
    assert.deepEqual(
      card!.versions.map((v) => taskLines(v.data)),
      expected,
    );
    assert.deepEqual(
      card!.versions.map((v) => v.version),
      [1, 2, 3, 4, 5, 6],
    );
    assert.match(title(card!.versions[0]!.data), /^▶ Web release #1 运行中/);
    assert.match(title(card!.versions.at(-1)!.data), /^❌ Web release #1 运行失败/);
    assert.equal(emulator.tokenRequests(APP.appKey), 1, "one access token for every call");

    // deploy failed for the first time: the [broken, fixed] rule sends a group message through the app robot.
    const messages = await bounded(
      (async () => {
        for (;;) {
          const m = emulator.appMessages("cidCards==");
          if (m.length >= 1) return m;
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      30_000,
      "the broken message",
    );
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.msgKey, "sampleMarkdown");
    assert.match(JSON.stringify(messages[0]!.msgParam), /deploy/);

    // A second run: a card of its own.
    assert.equal((await call(serve, "POST", "/api/events", event(2, "build", "started"))).status, 202);
    await cardsUntil("cidCards==", (cs) => cs.length === 2, "the second run's card");
    assert.equal(emulator.cards("cidCards==")[0]!.cardBizId, card!.cardBizId);
  });

  it("sends a message saying why when the event names no run", async () => {
    const before = emulator.appMessages("cidCards==").length;
    assert.equal((await call(serve, "POST", "/api/events", event(0, "lint", "failure", false))).status, 202);
    const messages = await bounded(
      (async () => {
        for (;;) {
          const m = emulator.appMessages("cidCards==");
          if (m.length > before) return m;
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      30_000,
      "the fallback message",
    );
    const texts = messages.slice(before).map((m) => JSON.stringify(m.msgParam));
    assert.ok(
      // In the notification's language (Chinese by default): it has no run id, so no card.
      texts.some((t) => t.includes("无法更新运行卡片")),
      texts.join("\n"),
    );
    assert.equal(emulator.cards("cidCards==").length, 2, "no card for an event without a run");
  });

  it("tests an app robot with a real message, says what to fix for a wrong secret, and takes a new one", async () => {
    const wrong = `not-the-secret-${randomBytes(6).toString("hex")}`;
    const created = await call(serve, "POST", "/api/credentials", {
      name: "tester",
      type: "dingtalk_app",
      appKey: APP.appKey,
      appSecret: wrong,
      robotCode: APP.robotCode,
      conversationId: "cidTest==",
      baseUrl: emulator.appBaseUrl,
    });
    assert.equal(created.status, 201, created.text);
    const refused = await call(serve, "POST", "/api/credentials/tester/test");
    assert.equal(refused.status, 200, refused.text);
    assert.equal(refused.body.ok, false);
    assert.equal(refused.body.code, "invalid_app_credentials");
    assert.match(refused.body.fix, /AppSecret|app_secret|appSecret/);
    assert.ok(!refused.text.includes(wrong));
    // The right secret, alone: the rest of the robot is kept.
    const updated = await call(serve, "PUT", "/api/credentials/tester", { appSecret: APP.appSecret });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.hint, created.body.hint);
    const ok = await call(serve, "POST", "/api/credentials/tester/test");
    assert.equal(ok.body.ok, true, ok.text);
    const [message] = emulator.appMessages("cidTest==");
    assert.equal(message?.msgKey, "sampleText");
    assert.match(JSON.stringify(message?.msgParam), /dingpipe 测试消息：机器人“tester”/);
    // Moving it to another group keeps the secret; a bad field is a 400.
    const moved = await call(serve, "PUT", "/api/credentials/tester", { conversationId: "cidCards==" });
    assert.equal(moved.status, 200, moved.text);
    assert.match(moved.body.hint, /cidCards==/);
    const bad = await call(serve, "PUT", "/api/credentials/tester", { appSecret: null });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.details[0].path, "appSecret");
    assert.equal((await call(serve, "DELETE", "/api/credentials/tester")).status, 204);
  });

  it("lists run cards, shows a dead card's fix, and retries it once the robot is fixed", async () => {
    const listed = await call(serve, "GET", "/api/cards?credential=cards");
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.items.length, 2);
    assert.ok(
      listed.body.items.every(
        (c: { upToDate: boolean; state: string }) => c.upToDate && c.state === "pending",
      ),
    );
    assert.equal((await call(serve, "GET", "/api/cards?state=gone")).status, 400);
    assert.equal((await call(serve, "GET", "/api/cards?limit=0")).status, 400);
    assert.equal((await call(serve, "GET", "/api/cards/dpnosuch")).status, 404);

    const created = await call(serve, "POST", "/api/credentials", {
      name: "broken",
      type: "dingtalk_app",
      appKey: APP.appKey,
      appSecret: "not-the-app-secret",
      robotCode: APP.robotCode,
      conversationId: "cidTest==",
      baseUrl: emulator.appBaseUrl,
    });
    assert.equal(created.status, 201, created.text);
    const rule = await call(serve, "POST", "/api/notifications", {
      credential: "broken",
      pipelines: ["nightly"],
      events: ["started", "success", "failure"],
      style: "run_card",
    });
    assert.equal(rule.status, 201, rule.text);
    const nightly = { ...event(1, "build", "started"), pipeline: { name: "nightly" } };
    assert.equal((await call(serve, "POST", "/api/events", nightly)).status, 202);
    const dead = await bounded(
      (async () => {
        for (;;) {
          const r = await call(serve, "GET", "/api/cards?state=dead");
          if (r.body.items.length > 0) return r.body.items[0];
          await new Promise((res) => setTimeout(res, 50));
        }
      })(),
      30_000,
      "the dead card",
    );
    assert.equal(dead.credential, "broken");
    assert.match(dead.lastError, /^invalid_app_credentials/);
    assert.match(dead.fix, /PUT \/api\/credentials|console/);
    assert.ok(!JSON.stringify(dead).includes("not-the-app-secret"));
    const pending = (await call(serve, "GET", "/api/cards?credential=cards")).body.items[0].cardBizId;
    assert.equal((await call(serve, "POST", `/api/cards/${pending}/retry`)).status, 409);

    assert.equal(
      (await call(serve, "PUT", "/api/credentials/broken", { appSecret: APP.appSecret })).status,
      200,
    );
    const retried = await call(serve, "POST", `/api/cards/${dead.cardBizId}/retry`);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body.state, "pending");
    await cardsUntil("cidTest==", (cs) => cs.some((c) => c.cardBizId === dead.cardBizId), "the retried card");
  });

  it("never writes the app secret or a token to its logs", () => {
    const logs = serve.output.join("\n");
    assert.ok(!logs.includes(APP.appSecret));
    assert.ok(logs.length > 0);
  });
});

describe("kill -9 between two card updates", () => {
  it("a restarted service on the same SQLite file brings the same card to the final state", async () => {
    const dataDir = join(root, "crash");
    const first = await start(dataDir);
    const created = await call(first, "POST", "/api/credentials", {
      name: "crash",
      type: "dingtalk_app",
      appKey: APP.appKey,
      appSecret: APP.appSecret,
      robotCode: APP.robotCode,
      conversationId: "cidCrash==",
      baseUrl: emulator.appBaseUrl,
    });
    assert.equal(created.status, 201, created.text);
    const rule = await call(first, "POST", "/api/notifications", {
      credential: "crash",
      events: ["started", "success", "failure"],
      style: "run_card",
    });
    assert.equal(rule.status, 201, rule.text);
    for (const [task, status] of [
      ["build", "started"],
      ["build", "success"],
    ] as const) {
      assert.equal((await call(first, "POST", "/api/events", event(9, task, status))).status, 202);
    }
    await cardsUntil(
      "cidCrash==",
      (cs) => cs.length === 1 && lastLines(cs[0]!).includes("✅ build"),
      "the card to show build passed",
    );

    // DingTalk refuses every call from now on (busy): the next updates cannot land before the crash.
    emulator.setFaults({ rate: 1, kinds: ["busy"] });
    const rest: Array<[string, Status]> = [
      ["test", "started"],
      ["test", "success"],
      ["deploy", "started"],
      ["deploy", "success"],
    ];
    for (const [task, status] of rest) {
      assert.equal((await call(first, "POST", "/api/events", event(9, task, status))).status, 202);
    }
    // The service has taken the events in and tried the card (and was refused) before it dies.
    const db = new DatabaseSync(join(dataDir, "dingpipe.sqlite"), { readOnly: true });
    try {
      await bounded(
        (async () => {
          for (;;) {
            const row = db.prepare("SELECT wanted_version, shown_version, tries FROM run_cards").get() as
              | { wanted_version: number; shown_version: number; tries: number }
              | undefined;
            if (row && row.wanted_version === 6 && row.tries > 0) return;
            await new Promise((r) => setTimeout(r, 50));
          }
        })(),
        30_000,
        "the card row to want the last version and fail once",
      );
    } finally {
      db.close();
    }
    first.kill("SIGKILL");
    assert.equal(await bounded(first.exited, 10_000, "the killed service"), "SIGKILL");
    const stale = emulator.cards("cidCrash==");
    assert.equal(stale.length, 1);
    assert.ok(!lastLines(stale[0]!).includes("✅ deploy"), "the card is stale at the crash");

    emulator.setFaults({ rate: 0, kinds: [] });
    const second = await start(dataDir);
    const cards = await cardsUntil(
      "cidCrash==",
      (cs) => cs.length === 1 && lastLines(cs[0]!).includes("✅ deploy"),
      "the restarted service to bring the card to the final state",
    );
    assert.equal(cards.length, 1, "the same card, not a second one");
    assert.equal(cards[0]!.cardBizId, stale[0]!.cardBizId);
    assert.deepEqual(lastLines(cards[0]!), ["✅ build", "✅ test", "✅ deploy"]);
    assert.match(title(cards[0]!.versions.at(-1)!.data), /^✅ Web release #9 运行成功/);
    await second.stop("SIGTERM");
  });
});
