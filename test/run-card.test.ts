/**
 * The run card's parts together, before the channel seam wires them into the engine: events expanded by a
 * real SQLite store keep the run state; the card is drawn from it and sent, then updated, through the app
 * robot client to the emulator, following the coalescing rule while the emulator drops requests and
 * loses the answers of requests it handled (a card sent whose answer never came). The group ends with one card per run, updated in order, showing every task's
 * final state, on one access token.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AccessTokens, createAppRobot, isAppRobotError } from "../src/dingtalk-app/index.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { selectRules } from "../src/notify/rules.ts";
import type { PipelineEvent } from "../src/pipeline/event.ts";
import type { Status } from "../src/pipeline/status.ts";
import {
  afterCardRequest,
  type CardOutcome,
  type CardRow,
  newCardRow,
  planCardRequest,
  renderStandardCard,
  runCard,
  runKeyOf,
  wantVersion,
} from "../src/runs/index.ts";
import { openStore } from "../src/store/index.ts";
import type { Store } from "../src/store/store.ts";

const APP = {
  appKey: "dingruncards",
  appSecret: "run-cards-secret-0001",
  robotCode: "dingruncardrobot",
  conversations: ["cidRunCards=="],
};

let root = "";
let store: Store;
let emulator: Emulator;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-run-card-"));
  store = await openStore(undefined, { dataDir: join(root, "data") });
  emulator = await startEmulator({ robots: [], apps: [APP] });
});
after(async () => {
  await store?.close();
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

const event = (run: number, task: string, status: Status): PipelineEvent => ({
  pipeline: { name: "web-release", displayName: "Web release" },
  run: {
    id: `r${run}`,
    number: run,
    url: `https://ci.example/runs/${run}`,
    trigger: { user: "lin", event: "push" },
  },
  task: { name: task, status },
  source: { repo: "acme/web", branch: "main", commit: { sha: "a1b2c3d4e5f6", message: "fix login" } },
});

describe("run cards: store, model, client and emulator together", () => {
  it("one card per run, updated in order to every task's final state, through dropped answers", async () => {
    const robot = createAppRobot({
      appKey: APP.appKey,
      appSecret: APP.appSecret,
      robotCode: APP.robotCode,
      conversationId: APP.conversations[0],
      baseUrl: emulator.appBaseUrl,
      tokens: new AccessTokens(),
      retry: false,
      timeoutMs: 5_000,
    });
    const rows = new Map<string, CardRow>();
    const keys = new Map<string, string>();

    /** One pass of what the card lane will do: each card row with work, one request each. */
    async function work(): Promise<void> {
      for (const [key, row] of rows) {
        const run = (await store.getRun(key))!.state;
        const action = planCardRequest(row, run.version);
        if (action.kind === "none") continue;
        const card = runCard(key, run, robot.robotKey);
        let outcome: CardOutcome;
        try {
          if (action.kind === "send")
            await robot.sendCard({ cardBizId: card.cardBizId, card: renderStandardCard(card) });
          else await robot.updateCard({ cardBizId: card.cardBizId, card: renderStandardCard(card) });
          outcome = "ok";
        } catch (error) {
          assert.ok(isAppRobotError(error), String(error));
          outcome =
            error.code === "card_not_found"
              ? "card_not_found"
              : error.status === undefined
                ? "unknown"
                : "refused_retryable";
        }
        rows.set(key, afterCardRequest(row, { ...action, version: run.version }, outcome));
      }
    }

    const script: Array<[number, string, Status]> = [
      [1, "build", "started"],
      [2, "build", "started"],
      [1, "build", "success"],
      [1, "test", "started"],
      [1, "deploy", "waiting"],
      [2, "build", "failure"],
      [1, "test", "success"],
      [1, "deploy", "started"],
      [1, "deploy", "failure"],
    ];
    emulator.setFaults({ rate: 0.3, kinds: ["drop", "lost"], seed: 1 });
    for (const [run, task, status] of script) {
      await store.insertEvent({ source: "github", event: event(run, task, status) });
      await store.expandEvents({ limit: 10, now: Date.now(), select: (e, r, f) => selectRules(r, e, f) });
      const key = runKeyOf("github", event(run, task, status))!;
      keys.set(String(run), key);
      const version = (await store.getRun(key))!.state.version;
      rows.set(key, wantVersion(rows.get(key) ?? newCardRow(version), version));
      await work();
    }
    // Until every card shows its run's latest state (bounded: a fault rate of 0.3 clears in a few passes).
    for (let pass = 0; pass < 50; pass++) {
      await work();
      const done = await Promise.all(
        [...rows].map(
          async ([key, row]) =>
            planCardRequest(row, (await store.getRun(key))!.state.version).kind === "none",
        ),
      );
      if (done.every(Boolean)) break;
    }
    emulator.setFaults(undefined);

    const cards = emulator.cards("cidRunCards==");
    assert.equal(cards.length, 2, "one card per run");
    for (const [run, key] of keys) {
      const state = (await store.getRun(key))!.state;
      const card = runCard(key, state, robot.robotKey);
      const shown = emulator.card(card.cardBizId);
      assert.ok(shown, `run ${run} has its card`);
      assert.deepEqual(
        shown.versions.at(-1)?.data,
        renderStandardCard(card),
        `run ${run} shows its final state`,
      );
      // Ordered: each version the group saw is the card of a run version no older than the one before.
      const versions = shown.versions.map((v) => {
        const title = (v.data["header"] as { title: { text: string } }).title.text;
        const tasks = (v.data["contents"] as Array<{ text?: string }>)[0]?.text ?? "";
        return tasks.split("\n").length * 10 + (title.includes("运行中") || title.includes("等待中") ? 0 : 1);
      });
      assert.deepEqual(
        versions,
        [...versions].sort((a, b) => a - b),
        `run ${run}'s card never went back`,
      );
    }
    const run1 = emulator.card(
      runCard(keys.get("1")!, (await store.getRun(keys.get("1")!))!.state, robot.robotKey).cardBizId,
    )!;
    const final = run1.versions.at(-1)!.data as {
      header: { title: { text: string } };
      contents: Array<{ text?: string }>;
    };
    assert.equal(final.header.title.text, "❌ Web release #1 运行失败");
    assert.match(final.contents[0]?.text ?? "", /^- ✅ build.*\n- ✅ test.*\n- ❌ deploy/);
    const answers = emulator.appAnswers();
    // A token request whose answer was lost was handled (the emulator counts it) and is asked again.
    const tokenFaults = answers.filter((a) => a.api.endsWith("accessToken") && a.code === "lost").length;
    assert.equal(
      emulator.tokenRequests(APP.appKey),
      1 + tokenFaults,
      "one token for every call (and one more per lost token answer)",
    );
    assert.ok(
      answers.some((a) => a.code === "lost" && a.api.endsWith("interactiveCards/send")) &&
        answers.some((a) => a.code === "dropped"),
      "the fault plan lost the answer of a send that arrived, and dropped requests that did not",
    );
  });
});
