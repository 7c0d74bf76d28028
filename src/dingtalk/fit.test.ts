import assert from "node:assert/strict";
import { test } from "node:test";
import { feedCard, markdown, text, withMentions } from "./builders.ts";
import { bodyBytes, ensureKeyword, fitMessage, TRUNCATED } from "./fit.ts";
import type { DingTalkMessage } from "./message.ts";

/** The oracle: UTF-8 bytes of the JSON body, counted by the platform's TextEncoder, not by fit.ts. */
const encoder = new TextEncoder();
const utf8 = (m: DingTalkMessage) => encoder.encode(JSON.stringify(m)).length;

const lines = (n: number, make: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => make(i)).join("\n");
const textOf = (m: DingTalkMessage) =>
  m.msgtype === "text" ? m.text.content : m.msgtype === "markdown" ? m.markdown.text : "";

test("a message within the limit is unchanged", () => {
  const m = text("short");
  const r = fitMessage(m);
  assert.equal(r.message, m);
  assert.equal(r.fitted, false);
  assert.equal(r.bytes, utf8(m));
  assert.equal(
    bodyBytes(text('长 😀 \n "')),
    utf8(text('长 😀 \n "')),
    "bodyBytes counts UTF-8 bytes of the JSON",
  );
});

test("ASCII text is cut on a line boundary with a visible marker", () => {
  const m = text(lines(2000, (i) => `line ${i} of the build log, quite long to fill it up`));
  const r = fitMessage(m);
  assert.ok(r.fitted);
  assert.ok(utf8(r.message) <= 20_000);
  assert.equal(r.bytes, utf8(r.message));
  const out = textOf(r.message);
  assert.ok(out.startsWith("line 0 of the build log"));
  assert.ok(out.includes(`\n${TRUNCATED}`));
  for (const l of out.split("\n"))
    assert.ok(l === TRUNCATED || /^line \d+ of the build log, quite long to fill it up$/.test(l), l);
  assert.ok(r.bytes > 19_000, "uses the room it has");
});

test("Chinese text (3 bytes a character) ends within the limit", () => {
  const m = markdown(
    "构建",
    lines(1500, (i) => `第${i}行：部署到生产环境失败，请检查日志`),
  );
  const r = fitMessage(m);
  assert.ok(r.fitted);
  assert.ok(utf8(r.message) <= 20_000, `${utf8(r.message)}`);
  assert.equal(r.bytes, utf8(r.message));
  assert.ok(utf8(r.message) > 19_000, "uses the room it has");
  assert.ok(textOf(r.message).startsWith("第0行"));
  assert.ok(textOf(r.message).includes(TRUNCATED));
});

test("links and the mention line survive the cut", () => {
  const body = [
    "## Deploy failed",
    lines(1500, (i) => `log ${i}: 中文 and ASCII output line`),
    "[Open the run](https://ci.example/p/7/runs/42)",
    lines(500, (i) => `more ${i}`),
    "[Logs](https://ci.example/p/7/runs/42/logs)",
  ].join("\n");
  const m = withMentions(markdown("Deploy", body, { atMobiles: ["13800000000"] }));
  const r = fitMessage(m);
  const out = textOf(r.message);
  assert.ok(utf8(r.message) <= 20_000);
  assert.equal(r.bytes, utf8(r.message));
  assert.ok(out.startsWith("## Deploy failed"));
  assert.ok(out.includes("[Open the run](https://ci.example/p/7/runs/42)"));
  assert.ok(out.includes("[Logs](https://ci.example/p/7/runs/42/logs)"));
  assert.ok(out.endsWith("@13800000000"));
  assert.ok(out.indexOf(TRUNCATED) < out.indexOf("[Open the run]"));
});

test("one enormous line is cut by characters, never splitting one", () => {
  const m = text("😀".repeat(10_000) + "\n@13800000000", { atMobiles: ["13800000000"] });
  const r = fitMessage(m);
  const out = textOf(r.message);
  assert.ok(utf8(r.message) <= 20_000);
  assert.equal(r.bytes, utf8(r.message));
  assert.ok(utf8(r.message) > 19_000, "uses the room it has");
  assert.ok(out.startsWith("😀😀"));
  assert.ok(!out.includes("\uFFFD"));
  assert.ok(out.endsWith(`${TRUNCATED}\n@13800000000`));
  assert.ok(out.length > 1000);
});

test("custom limits and feedCards (links dropped from the end)", () => {
  const f = feedCard(
    Array.from({ length: 50 }, (_, i) => ({
      title: `item ${i}`,
      messageURL: `https://x.example/${i}`,
      picURL: "https://x.example/p.png",
    })),
  );
  const r = fitMessage(f, 1000);
  assert.ok(r.fitted && utf8(r.message) <= 1000);
  assert.equal(r.bytes, utf8(r.message));
  assert.ok(r.message.msgtype === "feedCard" && r.message.feedCard.links.length >= 5);
  const t = fitMessage(text("x".repeat(500)), 200);
  assert.ok(utf8(t.message) <= 200);
  const cn = fitMessage(text("长".repeat(500)), 200);
  assert.ok(utf8(cn.message) <= 200, "three bytes a character");
  assert.ok(utf8(cn.message) > 150, "uses the room it has");
});

test("an unfittable message is refused, not sent to be rejected", () => {
  assert.throws(() => fitMessage(markdown("t".repeat(500), "x"), 200), /cannot be shortened/);
});

test("ensureKeyword adds the robot's first keyword when none is present", () => {
  const t = ensureKeyword(text("build ok"), ["CI", "部署"]);
  assert.equal(textOf(t), "[CI] build ok");
  const md = ensureKeyword(markdown("Deploy", "**ok**"), ["CI"]);
  assert.deepEqual(md.msgtype === "markdown" && md.markdown, { title: "[CI] Deploy", text: "[CI] **ok**" });
});

test("ensureKeyword leaves messages that already contain a keyword, or robots without keywords", () => {
  const m = text("部署 finished");
  assert.equal(ensureKeyword(m, ["CI", "部署"]), m);
  assert.equal(ensureKeyword(m, []), m);
  assert.equal(ensureKeyword(m, undefined), m);
});

test("an added keyword survives fitting", () => {
  const m = ensureKeyword(text(lines(3000, (i) => `line ${i}`)), ["CI"]);
  assert.ok(textOf(fitMessage(m).message).startsWith("[CI] line 0"));
});
