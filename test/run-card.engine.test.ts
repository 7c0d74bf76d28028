/**
 * The card worker in the delivery engine, on a real SQLite file, against the app robot emulator over
 * HTTP: answers lost after DingTalk handled a send (the card is sent again — the same card — and updated),
 * a card DingTalk forgot (sent afresh), a burst of events coalesced while requests are slow, and a wrong app
 * secret (a dead card with the fix, given another chance by the run's next event). Every wait is bounded.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { appEndpointUrl } from "../src/channels/dingtalk_app/endpoint.ts";
import { type DeliveryEngine, startDeliveryEngine } from "../src/delivery/engine.ts";
import { type Emulator, type EmulatorApp, type EmulatorCard, startEmulator } from "../src/emulator/index.ts";
import type { PipelineEvent } from "../src/pipeline/event.ts";
import type { Status } from "../src/pipeline/status.ts";
import { runKeyOf } from "../src/runs/state.ts";
import { openStore } from "../src/store/index.ts";
import type { Store } from "../src/store/store.ts";

const APP: EmulatorApp = {
  appKey: "dingengine0001",
  appSecret: "engine-app-secret-0001",
  robotCode: "dingenginerobot",
  conversations: ["cidEngine=="],
};

let root = "";
let emulator: Emulator;
let n = 0;
const cleanups: Array<() => Promise<void>> = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-card-engine-"));
  emulator = await startEmulator({ robots: [], apps: [APP], appApi: { qps: 1000 } });
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
  await emulator.close();
  await rm(root, { recursive: true, force: true });
});

const event = (run: number, task: string, status: Status): PipelineEvent => ({
  pipeline: { name: "api" },
  run: { id: `r${run}`, number: run },
  task: { name: task, status },
  source: { repo: "acme/api", branch: "main" },
});

const CARD_RULE = {
  credential: "app",
  events: ["started", "success", "failure"] as Status[],
  content: [],
  style: "run_card" as const,
};

async function setUp(
  secret = APP.appSecret,
): Promise<{ store: Store; engine: DeliveryEngine; notification: string }> {
  emulator.clear();
  emulator.setFaults({ rate: 0, kinds: [] });
  const store = await openStore(undefined, { dataDir: join(root, `db-${++n}`) });
  await store.createCredential({
    name: "app",
    kind: "dingtalk_app",
    sealed: "sealed-elsewhere",
    hint: "api robot",
    hasSecret: true,
    keywords: [],
    rateLimit: { messages: 20, perSeconds: 60 },
  });
  const notification = (await store.createNotification(CARD_RULE)).id;
  const engine = startDeliveryEngine({
    store,
    resolveCredential: async (name) =>
      name === "app"
        ? {
            kind: "dingtalk_app",
            webhook: appEndpointUrl({
              appKey: APP.appKey,
              robotCode: APP.robotCode,
              conversationId: "cidEngine==",
              baseUrl: emulator.appBaseUrl,
            }),
            secret,
            keywords: [],
            rateLimit: { messages: 20, perSeconds: 60 },
          }
        : undefined,
    concurrency: 2,
    pollMs: 100,
    sendTimeoutMs: 2_000,
    retry: { baseMs: 50, maxMs: 300, maxAttempts: 30 },
  });
  cleanups.push(async () => {
    await engine.stop();
    await store.close();
  });
  return { store, engine, notification };
}

async function accept(store: Store, engine: DeliveryEngine, events: PipelineEvent[]): Promise<void> {
  for (const e of events) await store.insertEvent({ source: "api", event: e });
  engine.wake();
}

const lines = (c: EmulatorCard | undefined, at = -1) =>
  ((c?.versions.at(at)?.data["contents"] ?? []) as Array<{ id?: string; text?: string }>).find(
    (x) => x.id === "tasks",
  )?.text ?? "";

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the card worker", () => {
  it("sends again after an answer lost once DingTalk had the card, then updates: still one card", async () => {
    const { store, engine } = await setUp();
    // A first card, so the app's token is in hand before answers get lost.
    await accept(store, engine, [event(1, "build", "started")]);
    await until("the first card", () => emulator.cards("cidEngine==")[0]);
    emulator.setFaults({ rate: 1, kinds: ["lost"] });
    await accept(store, engine, [event(11, "build", "started")]);
    const key = runKeyOf("api", event(11, "build", "started"))!;
    // DingTalk made the card, the answer never came: the row knows the send is uncertain.
    await until("an uncertain send", async () => {
      const r = (await store.runCards(key))[0];
      return r?.sendUncertain && r.tries > 0 ? r : undefined;
    });
    assert.equal(emulator.cards("cidEngine==").length, 2);
    emulator.setFaults({ rate: 0, kinds: [] });
    await accept(store, engine, [event(11, "build", "success")]);
    const cardId = (await store.runCards(key))[0]!.cardBizId;
    await until("the card to show build passed", () => {
      const c = emulator.card(cardId);
      return c && lines(c).includes("✅ build") ? c : undefined;
    });
    assert.equal(emulator.cards("cidEngine==").length, 2, "the re-send made no second card");
    const row = await until("the row to settle", async () => {
      const r = (await store.runCards(key))[0];
      return r && r.shown === r.wanted ? r : undefined;
    });
    assert.deepEqual([row.created, row.sendUncertain, row.state], [true, false, "pending"]);
  });

  it("coalesces a burst of changes while DingTalk is slow, and ends on the last state", async () => {
    const { store, engine } = await setUp();
    await accept(store, engine, [event(2, "t0", "started")]);
    await until("the card", () => emulator.cards("cidEngine==")[0]);
    emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 300 });
    const burst: PipelineEvent[] = [];
    for (let i = 0; i < 20; i++) burst.push(event(2, `t${i}`, "started"), event(2, `t${i}`, "success"));
    // The first changes go out and are held by DingTalk; the other 38 come in one go, as concurrent
    // posts are committed together. Inserted one by one, the count below would measure how slow the
    // inserts were: at 200 ms an insert, each change had a request of its own (27 versions).
    await accept(store, engine, burst.slice(0, 2));
    await Promise.all(burst.slice(2).map((e) => store.insertEvent({ source: "api", event: e })));
    engine.wake();
    const shown = await until("every task passed on the card", () => {
      const [c] = emulator.cards("cidEngine==");
      return c && (lines(c).match(/✅/gu)?.length ?? 0) === 20 ? c : undefined;
    });
    // Every request the burst asked for has been made once the row shows what it wants: counted only
    // then, since the card shows the last state after the first request that follows the burst.
    const key = runKeyOf("api", event(2, "t0", "started"))!;
    await until(
      "the card row to settle",
      async () => {
        const r = (await store.runCards(key))[0];
        return r && r.shown === r.wanted ? r : undefined;
      },
      60_000,
    );
    emulator.setFaults({ rate: 0, kinds: [] });
    const card = emulator.card(shown.cardBizId)!;
    // 40 changes, far fewer requests: each request carried every change that came while the last was in flight.
    assert.ok(card.versions.length < 20, `${card.versions.length} versions for 40 changes`);
    const done = card.versions.map((_, i) => lines(card, i).match(/✅/gu)?.length ?? 0);
    assert.deepEqual(
      done,
      [...done].sort((a, b) => a - b),
      "never an older state over a newer one",
    );
  });

  it("sends a card DingTalk does not know afresh", async () => {
    const { store, engine } = await setUp();
    await accept(store, engine, [event(3, "build", "started")]);
    const first = await until("the card", () => emulator.cards("cidEngine==")[0]);
    emulator.clear(); // DingTalk forgot every card
    await accept(store, engine, [event(3, "build", "failure")]);
    const again = await until("the card sent afresh", () => {
      const [c] = emulator.cards("cidEngine==");
      return c && lines(c).includes("❌ build") ? c : undefined;
    });
    assert.equal(again.cardBizId, first.cardBizId);
    assert.equal(emulator.cards("cidEngine==").length, 1);
  });

  it("words the card in its notification's language, and a switched-off notification leaves it as it was", async () => {
    const { store, engine, notification } = await setUp();
    const title = (c: EmulatorCard | undefined) =>
      (c?.versions.at(-1)?.data["header"] as { title?: { text?: string } } | undefined)?.title?.text ?? "";
    await accept(store, engine, [event(5, "build", "started")]);
    const first = await until("the card", () => emulator.cards("cidEngine==")[0]);
    assert.equal(title(first), "▶ api #5 运行中", "Chinese by default");
    const key = runKeyOf("api", event(5, "build", "started"))!;
    await until("the card shown", async () =>
      (await store.runCards(key))[0]?.shown === 1 ? true : undefined,
    );
    // Switched off: the run moves on, the card does not.
    assert.ok(await store.updateNotification(notification, { ...CARD_RULE, enabled: false }));
    await accept(store, engine, [event(5, "build", "failure")]);
    await until("the run to move on", async () =>
      (await store.getRun(key))?.state.version === 2 ? true : undefined,
    );
    const row = (await store.runCards(key))[0]!;
    assert.deepEqual([row.wanted, row.shown], [1, 1], "the card is left as it was");
    // Switched on, in English: the run's next event brings the card up to the whole run, worded in English.
    assert.ok(await store.updateNotification(notification, { ...CARD_RULE, locale: "en" }));
    await accept(store, engine, [event(5, "deploy", "started")]);
    const card = await until("the card to catch up", () => {
      const [c] = emulator.cards("cidEngine==");
      return c && lines(c).includes("❌ build") && lines(c).includes("deploy") ? c : undefined;
    });
    assert.equal(title(card), "❌ api #5 failed");
    assert.equal(card.versions.length, 2, "nothing was sent while it was off");
  });

  it("makes a card dead with the fix for a wrong app secret, and tries again with the run's next event", async () => {
    const { store, engine } = await setUp("wrong-secret-0001");
    await accept(store, engine, [event(4, "build", "started")]);
    const key = runKeyOf("api", event(4, "build", "started"))!;
    const dead = await until("a dead card", async () => {
      const r = (await store.runCards(key))[0];
      return r?.state === "dead" ? r : undefined;
    });
    assert.match(dead.lastError ?? "", /^invalid_app_credentials/);
    assert.match(dead.fix ?? "", /AppSecret|app_secret|appSecret/i);
    assert.ok(!`${dead.lastError}${dead.fix}`.includes("wrong-secret-0001"));
    assert.equal(emulator.cards("cidEngine==").length, 0);
    await accept(store, engine, [event(4, "build", "success")]);
    const retried = await until("another dead verdict after the next event", async () => {
      const r = (await store.runCards(key))[0];
      return r?.state === "dead" && r.wanted === 2 ? r : undefined;
    });
    assert.equal(retried.tries, 1);
  });
});
