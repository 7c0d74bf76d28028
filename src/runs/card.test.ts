import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { cardBizIdFor, cardFallbackReason, runCard } from "./card.ts";
import { MAX_CARD_TASKS, renderStandardCard } from "./standard-card.ts";
import { applyEvent, newRun, type RunState, runKeyOf } from "./state.ts";

const AT = (s: number) => new Date(Date.parse("2026-12-01T08:00:00Z") + s * 1000).toISOString();

const ev = (task: string, status: Status, over: Partial<PipelineEvent["task"]> = {}): PipelineEvent => ({
  pipeline: { name: "web-release", displayName: "Web release", url: "https://ci.example/p/7" },
  run: { id: "9001", number: 42, url: "https://ci.example/runs/42", trigger: { user: "lin", event: "push" } },
  task: { name: task, status, ...over },
  source: {
    repo: "acme/web",
    branch: "main",
    commit: {
      sha: "a1b2c3d4e5f6a7b8",
      message: "fix login\n\nlong body",
      author: "lin",
      url: "https://git.example/c/a1b2c3d",
    },
  },
});

function fold(events: PipelineEvent[]): RunState {
  let run = newRun("github", events[0]!, AT(0));
  events.forEach((e, i) => {
    run = applyEvent(run, e, String(i + 1), AT(i * 30)) ?? run;
  });
  return run;
}

const KEY = runKeyOf("github", ev("x", "started"))!;

describe("run card", () => {
  it("shows every task with its state and duration, the run's state in the title, commit, trigger and the run's link", () => {
    const run = fold([
      ev("build", "started"),
      ev("build", "success"),
      ev("test", "started"),
      ev("test", "failure", { url: "https://ci.example/runs/42/test" }),
      ev("deploy", "skipped"),
    ]);
    const card = runCard(KEY, run, "", "en");
    assert.equal(card.title, "❌ Web release #42 failed");
    assert.deepEqual(
      card.tasks.map((t) => [t.mark, t.name, t.duration]),
      [
        ["✅", "build", "30s"],
        ["❌", "test", "30s"],
        ["⏭", "deploy", undefined],
      ],
    );
    assert.deepEqual(card.commit, {
      sha: "a1b2c3d",
      message: "fix login\n\nlong body",
      author: "lin",
      url: "https://git.example/c/a1b2c3d",
    });
    assert.equal(card.trigger, "lin · push");
    assert.deepEqual(card.link, { label: "Open run", url: "https://ci.example/runs/42" });
    assert.equal(card.version, run.version);
    assert.equal(runCard(KEY, fold([ev("build", "started")]), "", "en").title, "▶ Web release #42 running");
  });

  it("names one card per run and robot, the same every time, within DingTalk's id characters", () => {
    const id = cardBizIdFor(KEY, "dingtalk_app:dingrobot:cidA");
    assert.match(id, /^dp[0-9a-f]{32}$/);
    assert.equal(id, cardBizIdFor(KEY, "dingtalk_app:dingrobot:cidA"));
    assert.notEqual(id, cardBizIdFor(KEY, "dingtalk_app:dingrobot:cidB"));
    assert.notEqual(id, cardBizIdFor(runKeyOf("gitlab", ev("x", "started"))!, "dingtalk_app:dingrobot:cidA"));
    assert.equal(runCard(KEY, fold([ev("a", "started")]), "s").cardBizId, cardBizIdFor(KEY, "s"));
  });

  it("falls back to a message, saying why, when the event has no run", () => {
    assert.equal(cardFallbackReason("github", ev("a", "started")), undefined);
    assert.match(
      cardFallbackReason("api", { pipeline: { name: "p" }, task: { name: "t", status: "failure" } }) ?? "",
      /no run id or number in the event, so there is no run card to update: sent as a message/,
    );
  });

  it("draws a StandardCard with untrusted names escaped, tasks linked, and a button to the run", () => {
    const run = fold([
      ev("build", "success"),
      ev("**evil** [x](javascript:alert(1)) @all", "failure", { url: "https://ci.example/t/2" }),
    ]);
    const card = renderStandardCard(runCard(KEY, run, "", "en"));
    assert.equal(card.header.title.text, "❌ Web release #42 failed");
    const tasks = card.contents[0];
    assert.equal(tasks?.type, "markdown");
    const text = tasks?.type === "markdown" ? tasks.text : "";
    assert.match(text, /^- ✅ build/m);
    assert.match(
      text,
      /^- ❌ \[＊＊evil＊＊ ［x］\(javascript:alert\(1\)\) ＠all\]\(https:\/\/ci\.example\/t\/2\)/m,
    );
    assert.doesNotMatch(text, /\*\*evil/);
    const facts = card.contents.find((c) => c.type === "markdown" && c.id === "facts");
    assert.match(
      facts?.type === "markdown" ? facts.text : "",
      /\*\*Commit\*\* \[a1b2c3d\]\(https:\/\/git\.example\/c\/a1b2c3d\) fix login \(lin\)/,
    );
    const action = card.contents.at(-1);
    assert.ok(action?.type === "action");
    assert.deepEqual(
      action.actions.map((a) => [a.label.text, a.url.all]),
      [["Open run", "https://ci.example/runs/42"]],
    );
  });

  it("keeps a run of many tasks readable: the first ones, then a count", () => {
    const run = fold(Array.from({ length: MAX_CARD_TASKS + 5 }, (_, i) => ev(`task-${i}`, "success")));
    const card = renderStandardCard(runCard(KEY, run, "", "en"));
    const text = card.contents[0]?.type === "markdown" ? card.contents[0].text : "";
    assert.equal(text.split("\n").length, MAX_CARD_TASKS + 1);
    assert.match(text, /… and 5 more tasks$/);
    const zh = renderStandardCard(runCard(KEY, run));
    assert.match(zh.contents[0]?.type === "markdown" ? zh.contents[0].text : "", /… 还有 5 个任务$/);
  });

  it("is worded in Chinese by default: state, durations, facts and button (user content untranslated)", () => {
    const run = fold([
      ev("build", "started"),
      ev("build", "success", { url: "https://ci.example/t/1" }),
      ev("test", "started"),
      ev("test", "failure"),
    ]);
    const card = renderStandardCard(runCard(KEY, run));
    assert.equal(card.header.title.text, "❌ Web release #42 运行失败");
    const tasks = card.contents[0]?.type === "markdown" ? card.contents[0].text : "";
    assert.match(tasks, /^- ✅ \[build\]\(https:\/\/ci\.example\/t\/1\) · 30秒$/m);
    const facts = card.contents.find((c) => c.type === "markdown" && c.id === "facts");
    const text = facts?.type === "markdown" ? facts.text : "";
    assert.match(text, /\*\*提交\*\* \[a1b2c3d\]\(https:\/\/git\.example\/c\/a1b2c3d\) fix login \(lin\)/);
    assert.match(text, /\*\*分支\*\* acme\/web · main/);
    assert.match(text, /\*\*触发\*\* lin · push/);
    const action = card.contents.at(-1);
    assert.ok(action?.type === "action");
    assert.deepEqual(
      action.actions.map((a) => [a.label.text, a.url.all]),
      [["查看运行", "https://ci.example/runs/42"]],
    );
    assert.equal(runCard(KEY, fold([ev("build", "started")])).title, "▶ Web release #42 运行中");
    assert.equal(runCard(KEY, fold([ev("build", "success")])).title, "✅ Web release #42 运行成功");
    // English is kept for a notification that asks for it.
    const en = renderStandardCard(runCard(KEY, run, "", "en"));
    assert.equal(en.header.title.text, "❌ Web release #42 failed");
    assert.doesNotMatch(JSON.stringify(en), /[\u4e00-\u9fff]/);
  });
});
