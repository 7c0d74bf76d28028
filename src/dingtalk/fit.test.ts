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

test("ensureKeyword puts the keyword where each message type shows it, unless a keyword is already there", () => {
  const card: DingTalkMessage = {
    msgtype: "actionCard",
    actionCard: { title: "Deploy", text: "done", singleTitle: "Open", singleURL: "https://ci.example/1" },
  };
  assert.deepEqual(ensureKeyword(card, [" ", "CI"]), {
    msgtype: "actionCard",
    actionCard: {
      title: "[CI] Deploy",
      text: "[CI] done",
      singleTitle: "Open",
      singleURL: "https://ci.example/1",
    },
  });
  // A title that has the keyword keeps it as it is; the text still gets it (DingTalk searches the text).
  const titled: DingTalkMessage = { msgtype: "markdown", markdown: { title: "CI run", text: "ok" } };
  assert.deepEqual(ensureKeyword(titled, ["CI"]), {
    msgtype: "markdown",
    markdown: { title: "CI run", text: "[CI] ok" },
  });
  const withTitleOnly: DingTalkMessage = { msgtype: "markdown", markdown: { title: "CI run", text: "done" } };
  assert.equal(ensureKeyword(withTitleOnly, ["部署"]).msgtype, "markdown");
  assert.deepEqual(ensureKeyword(withTitleOnly, ["部署"]), {
    msgtype: "markdown",
    markdown: { title: "[部署] CI run", text: "[部署] done" },
  });
  const linkMessage: DingTalkMessage = {
    msgtype: "link",
    link: { title: "Build", text: "passed", messageUrl: "https://ci.example/1" },
  };
  assert.deepEqual(ensureKeyword(linkMessage, ["CI"]), {
    msgtype: "link",
    link: { title: "[CI] Build", text: "passed", messageUrl: "https://ci.example/1" },
  });
  assert.equal(
    ensureKeyword({ ...linkMessage, link: { ...linkMessage.link, text: "CI passed" } }, ["CI"]).msgtype,
    "link",
  );
  assert.deepEqual(
    ensureKeyword({ ...linkMessage, link: { ...linkMessage.link, title: "CI" } }, ["CI"]),
    { ...linkMessage, link: { ...linkMessage.link, title: "CI" } },
    "a link's title counts",
  );
  const feed: DingTalkMessage = {
    msgtype: "feedCard",
    feedCard: {
      links: [
        { title: "one", messageURL: "https://x.example/1", picURL: "https://x.example/p.png" },
        { title: "two", messageURL: "https://x.example/2", picURL: "https://x.example/p.png" },
      ],
    },
  };
  const fed = ensureKeyword(feed, ["CI"]);
  assert.ok(fed.msgtype === "feedCard");
  assert.deepEqual(
    fed.feedCard.links.map((l) => l.title),
    ["[CI] one", "two"],
  );
  assert.equal(ensureKeyword({ msgtype: "feedCard", feedCard: { links: [] } }, ["CI"]).msgtype, "feedCard");
  assert.deepEqual(ensureKeyword(feed, ["two"]), feed, "a later link's title counts");
});

test("when the kept lines alone are too many, mentions stay and as many links as fit", () => {
  const links = Array.from({ length: 60 }, (_, i) => `[run ${i}](https://ci.example/p/7/runs/${i})`);
  const body = ["## many links", ...links, "@13800000000"].join("\n");
  const m = withMentions(markdown("t", body, { atMobiles: ["13800000000"] }));
  const r = fitMessage(m, 1500);
  const out = textOf(r.message);
  assert.ok(utf8(r.message) <= 1500);
  assert.equal(r.bytes, utf8(r.message));
  assert.ok(out.trimStart().startsWith(TRUNCATED), out.slice(0, 40));
  assert.ok(out.endsWith("@13800000000"));
  const kept = out.split("\n\n").filter((l) => l.startsWith("[run "));
  assert.ok(kept.length > 5 && kept.length < 60, String(kept.length));
  assert.equal(kept[0], links[0], "the first links first");
  // Not even the mentions fit: refused.
  assert.throws(() => fitMessage(m, 60), /cannot be shortened/);
});

test("fitting a link message shortens its text; a message with nothing to shorten is refused", () => {
  const long: DingTalkMessage = {
    msgtype: "link",
    link: { title: "Build", text: "x".repeat(3000), messageUrl: "https://ci.example/1" },
  };
  const r = fitMessage(long, 1000);
  assert.ok(r.fitted && utf8(r.message) <= 1000);
  assert.ok(r.message.msgtype === "link" && r.message.link.text.endsWith(TRUNCATED));
  const card: DingTalkMessage = {
    msgtype: "actionCard",
    actionCard: {
      title: "T",
      text: "y\n".repeat(2000),
      singleTitle: "Open",
      singleURL: "https://ci.example/1",
    },
  };
  const c = fitMessage(card, 1000);
  assert.ok(c.fitted && utf8(c.message) <= 1000);
  assert.ok(c.message.msgtype === "actionCard" && c.message.actionCard.text.includes(`\n\n${TRUNCATED}`));
  const feed = feedCard([
    { title: "x".repeat(2000), messageURL: "https://x.example/1", picURL: "https://x.example/p" },
  ]);
  assert.throws(() => fitMessage(feed, 1000), /cannot be shortened/);
});
