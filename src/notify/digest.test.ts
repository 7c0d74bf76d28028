import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { composeDigest } from "../channels/dingtalk/compose.ts";
import type { DingTalkMessage } from "../dingtalk/message.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { STATUSES, type Status } from "../pipeline/status.ts";
import type { DigestItem } from "./digest.ts";
import type { NotificationRule } from "./rule.ts";

const rule = (at?: string[]): NotificationRule => ({
  credential: "ci",
  // The English wording and China Standard Time these tests pin (zh-CN, the default, has its own tests).
  locale: "en",
  timezone: "Asia/Shanghai",
  events: [...STATUSES],
  content: [],
  at,
});
const minute = (m: number) => new Date(Date.UTC(2026, 10, 23, 8, 0) + m * 60_000).toISOString();

function item(pipeline: string, task: string, status: Status, m: number, at?: string[]): DigestItem {
  const event: PipelineEvent = {
    pipeline: { name: pipeline },
    run: { number: 40 + m, url: `https://ci.example/${pipeline}/runs/${40 + m}` },
    task: { name: task, status },
  };
  return { rule: rule(at), event, receivedAt: minute(m) };
}

const parts = (m: DingTalkMessage) => {
  assert.equal(m.msgtype, "markdown");
  return m.msgtype === "markdown" ? m.markdown : { title: "", text: "" };
};
const bytes = (m: DingTalkMessage) => new TextEncoder().encode(JSON.stringify(m)).length;

/** Sum of every update the digest text accounts for: task lines, collapsed lines, total line. */
function counted(text: string): number {
  let n = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith("- ")) continue;
    const collapsed = /: (\d+) more updates? of \d+ tasks?/.exec(line);
    const total = /^- (\d+) (?:more )?updates? of \d+ tasks? in \d+ pipelines?/.exec(line);
    // "**web · build**: 1 started, 1 failure — last …": the counts per status.
    const several = /\*\*: ((?:\d+ \w+(?:, )?)+) — last /.exec(line);
    n += collapsed
      ? Number(collapsed[1])
      : total
        ? Number(total[1])
        : several
          ? several[1]!.split(", ").reduce((sum, c) => sum + Number.parseInt(c, 10), 0)
          : 1;
  }
  return n;
}

describe("composeDigest", () => {
  const items = [
    item("web", "build", "started", 0),
    item("web", "build", "failure", 3, ["13800000000"]),
    item("web", "deploy", "started", 1),
    item("web", "deploy", "success", 5, ["13800000000", "13900000000"]),
    item("api", "test", "started", 2),
    item("api", "test", "failure", 4),
    item("api", "lint", "success", 6),
  ];

  it("titles the count of updates and of failing tasks", () => {
    assert.equal(parts(composeDigest(items)).title, "dingpipe digest: 7 updates (2 ❌)");
    assert.equal(parts(composeDigest([item("a", "b", "success", 0)])).title, "dingpipe digest: 1 update");
  });

  it("puts each task's latest state first, failures first, then the most recent", () => {
    const lines = parts(composeDigest(items))
      .text.split("\n")
      .filter((l) => l.startsWith("- "));
    assert.deepEqual(
      lines.map((l) => /\*\*(.+?)\*\*: .*?(\w+) \d\d:\d\d/.exec(l)?.slice(1).join(" ")),
      ["api · test failure", "web · build failure", "api · lint success", "web · deploy success"],
    );
  });

  it("reads per task: counts per status, the last run linked, its time with the zone, earlier runs", () => {
    const text = parts(composeDigest(items)).text;
    assert.match(
      text,
      /^- ❌ \*\*web · build\*\*: 1 started, 1 failure — last \[#43\]\(https:\/\/ci\.example\/web\/runs\/43\) failure 16:03 \(UTC\+8\) · earlier: #40 ▶ started 16:00$/m,
    );
    // A task updated once: its run, status and time.
    assert.match(
      text,
      /^- ✅ \*\*api · lint\*\*: \[#46\]\(https:\/\/ci\.example\/api\/runs\/46\) success 16:06 \(UTC\+8\)$/m,
    );
    // Another zone is named as such.
    const utc = items.map((i) => ({ ...i, rule: { ...i.rule, timezone: "UTC" } }));
    assert.match(parts(composeDigest(utc)).text, /failure 08:03 \(UTC\) ·/);
  });

  it("a burst of one task reads as counts: web-burst · deploy: 38 success, 4 failure — last #50 success", () => {
    const burst: DigestItem[] = [];
    for (let i = 0; i < 42; i++) {
      const it = item("web-burst", "deploy", i % 10 === 3 ? "failure" : "success", i);
      it.event.run = { number: 9 + i };
      burst.push(it);
    }
    const m = composeDigest(burst);
    const line = parts(m)
      .text.split("\n")
      .find((l) => l.startsWith("- "));
    assert.match(
      line ?? "",
      /^- ✅ \*\*web-burst · deploy\*\*: 38 success, 4 failure — last #50 success 16:41 \(UTC\+8\) · earlier: #9 ✅ success 16:00, #10 ✅ success 16:01, /,
    );
    assert.equal(counted(parts(m).text), 42);
    // The header speaks of the whole backlog, not of one pipeline's status.
    assert.equal(parts(m).title, "dingpipe digest: 42 updates");
    assert.match(parts(m).text, /^### dingpipe digest: 42 updates\n/);
  });

  it("unites mentions without duplicates, isAtAll when any rule says all", () => {
    const m = composeDigest(items);
    assert.deepEqual(m.msgtype === "markdown" && m.at, { atMobiles: ["13800000000", "13900000000"] });
    assert.match(parts(m).text, /\n\n@13800000000 @13900000000$/);
    const withAll = composeDigest([...items, item("x", "y", "success", 9, ["all"])]);
    assert.deepEqual(withAll.msgtype === "markdown" && withAll.at, {
      atMobiles: ["13800000000", "13900000000"],
      isAtAll: true,
    });
  });

  it("counts every event", () => {
    assert.equal(counted(parts(composeDigest(items)).text), items.length);
  });

  it("adds a keyword when the digest lacks one", () => {
    assert.match(parts(composeDigest(items, { keywords: ["CI"] })).title, /【CI】$/);
    assert.doesNotMatch(parts(composeDigest(items, { keywords: ["web"] })).title, /【/);
  });

  it("escapes hostile names", () => {
    const m = composeDigest([item("[x](https://evil.example)", "@13800000000 **b**", "failure", 0)]);
    assert.doesNotMatch(parts(m).text, /\[x\]|@138|\*\*b\*\*/);
  });

  it("fits 150 mixed events within 20,000 bytes, every event counted", () => {
    const many: DigestItem[] = [];
    for (let i = 0; i < 150; i++) {
      many.push(
        item(`pipeline-${i % 7}`, `task-${i % 23}`, STATUSES[i % STATUSES.length]!, i, [
          `138000000${String(i % 10).padStart(2, "0")}`,
        ]),
      );
    }
    const m = composeDigest(many);
    assert.ok(bytes(m) <= 20_000, `${bytes(m)} bytes`);
    assert.equal(counted(parts(m).text), 150);
    assert.match(parts(m).title, /^dingpipe digest: 150 updates \(\d+ ❌\)$/);
    assert.equal(m.msgtype === "markdown" && m.at?.atMobiles?.length, 10);
  });

  it("collapses the oldest details into counts when too big, never losing a count", () => {
    const many: DigestItem[] = [];
    for (let i = 0; i < 3000; i++) {
      const name = `流水线-${"长".repeat(40)}-${i % 40}`;
      many.push(item(name, `任务-${i % 400}`, STATUSES[i % STATUSES.length]!, i));
    }
    for (const maxBytes of [20_000, 6_000, 1_500]) {
      const m = composeDigest(many, { maxBytes });
      assert.ok(bytes(m) <= maxBytes, `${bytes(m)} > ${maxBytes}`);
      assert.equal(counted(parts(m).text), 3000, `maxBytes ${maxBytes}`);
    }
    const text = parts(composeDigest(many)).text;
    assert.match(text, /more updates of \d+ tasks/);
  });

  it("from hundreds of pipelines: the tasks that fit keep their lines, failures first, and one line counts the rest", () => {
    // A burst of 200 updates from 200 pipelines: one count line per pipeline cannot fit either.
    const burst: DigestItem[] = [];
    for (let i = 0; i < 200; i++)
      burst.push(
        item(
          `service-${String(i).padStart(3, "0")}-${"x".repeat(60)}`,
          "deploy",
          i % 10 === 0 ? "failure" : "success",
          i,
        ),
      );
    for (const [locale, rest] of [
      ["en", /^- (?<updates>\d+) more updates of \d+ tasks in \d+ pipelines(?: \((?<failing>\d+) ❌\))?$/m],
      ["zh-CN", /^- 另有 \d+ 条流水线、\d+ 个任务的 (?<updates>\d+) 条更新(?:（(?<failing>\d+) ❌）)?$/m],
    ] as const) {
      const m = composeDigest(
        burst.map((b) => ({ ...b, rule: { ...b.rule, locale } })),
        { maxBytes: 6_000 },
      );
      assert.ok(bytes(m) <= 6_000, `${bytes(m)} bytes`);
      const text = parts(m).text;
      const lines = text.split("\n").filter((l) => l.startsWith("- "));
      const restLine = rest.exec(text);
      assert.ok(restLine, `${locale}: one line counts the rest:\n${text}`);
      assert.equal(lines.at(-1), restLine[0], "the rest line comes last");
      const taskLines = lines.length - 1;
      assert.ok(taskLines >= 10, `${locale}: ${taskLines} tasks keep a line of their own`);
      // Every event counted: the task lines' updates and the rest line's.
      assert.equal(taskLines + Number(restLine.groups!["updates"]), 200, locale);
      // The failing ones first, and the ❌ of those not shown counted on the rest line: 20 in all.
      const shownFailing = lines.filter((l) => l.startsWith("- ❌ ")).length;
      for (const line of lines.slice(0, shownFailing)) assert.match(line, /^- ❌ /);
      assert.equal(shownFailing + Number(restLine.groups!["failing"] ?? 0), 20, locale);
    }
  });

  it("keeps full details when they fit, and is empty-safe", () => {
    assert.doesNotMatch(parts(composeDigest(items)).text, /more update/);
    assert.equal(parts(composeDigest([], { locale: "en" })).title, "dingpipe digest: 0 updates");
    assert.equal(parts(composeDigest([])).title, "dingpipe 汇总：0 条更新");
  });
});
