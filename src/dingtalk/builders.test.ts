import assert from "node:assert/strict";
import { test } from "node:test";
import { isDingpipeError } from "../errors.ts";
import {
  actionCard,
  actionCardButtons,
  at,
  feedCard,
  link,
  markdown,
  text,
  validateMessage,
  withMentions,
} from "./builders.ts";

test("text, with and without mentions", () => {
  assert.deepEqual(text("build ok"), { msgtype: "text", text: { content: "build ok" } });
  assert.deepEqual(text("build failed", { atMobiles: ["13800000000"], isAtAll: false }), {
    msgtype: "text",
    text: { content: "build failed" },
    at: { atMobiles: ["13800000000"] },
  });
});

test("markdown keeps title and text", () => {
  assert.deepEqual(markdown("Deploy", "**failed**", { atUserIds: ["u1"], isAtAll: true }), {
    msgtype: "markdown",
    markdown: { title: "Deploy", text: "**failed**" },
    at: { atUserIds: ["u1"], isAtAll: true },
  });
});

test("link, picUrl optional", () => {
  assert.deepEqual(link({ title: "Run 42", text: "failed", messageUrl: "https://ci.example/42" }), {
    msgtype: "link",
    link: { title: "Run 42", text: "failed", messageUrl: "https://ci.example/42" },
  });
  const withPic = link({
    title: "t",
    text: "x",
    messageUrl: "https://a.example",
    picUrl: "https://a.example/p.png",
  });
  assert.equal(withPic.link.picUrl, "https://a.example/p.png");
});

test("actionCard with one button", () => {
  assert.deepEqual(
    actionCard({
      title: "T",
      text: "body",
      singleTitle: "Open",
      singleURL: "https://ci.example",
      btnOrientation: "1",
    }),
    {
      msgtype: "actionCard",
      actionCard: {
        title: "T",
        text: "body",
        singleTitle: "Open",
        singleURL: "https://ci.example",
        btnOrientation: "1",
      },
    },
  );
});

test("actionCard with several buttons and orientation", () => {
  const m = actionCardButtons({
    title: "T",
    text: "body",
    btnOrientation: "1",
    buttons: [
      { title: "Logs", actionURL: "https://ci.example/logs" },
      { title: "Retry", actionURL: "dingtalk://dingtalkclient/page/link?url=x" },
    ],
  });
  assert.equal(m.actionCard.btnOrientation, "1");
  assert.equal(m.actionCard.btns?.length, 2);
  assert.equal(
    actionCardButtons({ title: "T", text: "b", buttons: [{ title: "a", actionURL: "https://x" }] }).actionCard
      .btnOrientation,
    "0",
  );
});

test("feedCard uses DingTalk's URL capitals", () => {
  assert.deepEqual(
    feedCard([{ title: "a", messageURL: "https://x.example", picURL: "https://x.example/p.png" }]),
    {
      msgtype: "feedCard",
      feedCard: {
        links: [{ title: "a", messageURL: "https://x.example", picURL: "https://x.example/p.png" }],
      },
    },
  );
});

test("builders reject empty titles, missing URLs and bad values with clear errors", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => text(""), /text is empty/],
    [() => markdown("  ", "x"), /title is empty/],
    [() => link({ title: "t", text: "x", messageUrl: "" }), /messageUrl is missing/],
    [() => link({ title: "t", text: "x", messageUrl: "ftp://x" }), /messageUrl is not a URL/],
    [() => actionCard({ title: "t", text: "x", singleTitle: "go", singleURL: "" }), /singleURL is missing/],
    [() => actionCardButtons({ title: "t", text: "x", buttons: [] }), /no buttons/],
    [
      () => actionCardButtons({ title: "t", text: "x", buttons: [{ title: "", actionURL: "https://x" }] }),
      /button 1 title/,
    ],
    [
      () =>
        actionCardButtons({
          title: "t",
          text: "x",
          btnOrientation: "2" as "0",
          buttons: [{ title: "a", actionURL: "https://x" }],
        }),
      /btnOrientation/,
    ],
    [() => feedCard([]), /no links/],
    [() => feedCard([{ title: "a", messageURL: "https://x", picURL: "" }]), /picURL is missing/],
    [() => at({ atMobiles: ["not-a-phone!"] }), /not a mobile number/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(
      fn,
      (e: unknown) => isDingpipeError(e, "invalid_message") && message.test(e.message) && !!e.fix,
    );
  }
});

test("at() drops empties and duplicates, undefined when nobody", () => {
  assert.equal(at({}), undefined);
  assert.equal(at({ atMobiles: [" "], isAtAll: false }), undefined);
  assert.deepEqual(at({ atMobiles: ["13800000000", "13800000000"] }), { atMobiles: ["13800000000"] });
});

test("validateMessage accepts every type as JSON and rejects unknown ones", () => {
  const all = [
    text("a"),
    markdown("t", "b"),
    link({ title: "t", text: "x", messageUrl: "https://x" }),
    actionCard({ title: "t", text: "x", singleTitle: "go", singleURL: "https://x" }),
    actionCardButtons({ title: "t", text: "x", buttons: [{ title: "a", actionURL: "https://x" }] }),
    feedCard([{ title: "a", messageURL: "https://x", picURL: "https://x/p" }]),
  ];
  for (const m of all) assert.deepEqual(validateMessage(JSON.parse(JSON.stringify(m))), m);
  assert.throws(() => validateMessage({ msgtype: "Text", text: { content: "x" } }), /unknown msgtype "Text"/);
  assert.throws(() => validateMessage({ msgtype: "markdown" }), /needs a "markdown" object/);
  assert.throws(() => validateMessage([1]), /not a JSON object/);
});

test("withMentions writes missing mobiles into text, markdown and actionCard", () => {
  const t = withMentions(text("deploy failed", { atMobiles: ["13800000000", "13900000000"] }));
  assert.equal(t.msgtype === "text" && t.text.content, "deploy failed\n@13800000000 @13900000000");
  const already = text("deploy failed @13800000000", { atMobiles: ["13800000000"] });
  assert.equal(withMentions(already), already);
  const md = withMentions(markdown("T", "**x**", { atMobiles: ["13800000000"] }));
  assert.equal(md.msgtype === "markdown" && md.markdown.text, "**x**\n\n@13800000000");
  const card = withMentions(
    actionCard(
      { title: "T", text: "x @13800000000", singleTitle: "go", singleURL: "https://x" },
      {
        atMobiles: ["13800000000", "13700000000"],
      },
    ),
  );
  assert.equal(card.msgtype === "actionCard" && card.actionCard.text, "x @13800000000\n\n@13700000000");
});

test("withMentions leaves link and feedCard (no @) and mention-free messages alone", () => {
  const l = link({ title: "t", text: "x", messageUrl: "https://x" });
  assert.equal(withMentions(l), l);
  const f = feedCard([{ title: "a", messageURL: "https://x", picURL: "https://x/p" }]);
  assert.equal(withMentions(f), f);
  const all = text("x", { isAtAll: true });
  assert.equal(withMentions(all), all);
});
