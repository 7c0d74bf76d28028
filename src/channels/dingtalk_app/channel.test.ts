import assert from "node:assert/strict";
import { test } from "node:test";
import { compose } from "../../notify/compose.ts";
import type { NotificationRule } from "../../notify/rule.ts";
import { sampleEvent } from "../../notify/sample.ts";
import { drawMessage, guessKind } from "../draw.ts";
import { channelFor } from "../index.ts";
import { appEndpointUrl, appHint, parseAppEndpoint } from "./endpoint.ts";
import { noRunNote, toApp } from "./render.ts";
import { eventRunCard } from "./run-card.ts";

const channel = channelFor("dingtalk_app");
const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "app",
  events: ["failure"],
  content: ["pipeline", "task", "status", "link"],
  ...over,
});

test("an app robot's fields make one endpoint URL and back, and its hint shows no secret", () => {
  const url = appEndpointUrl({
    appKey: "dingk",
    robotCode: "dingr",
    conversationId: "cid+/=abc",
    baseUrl: "http://127.0.0.1:9/",
  });
  assert.equal(
    url,
    "http://127.0.0.1:9/v1.0/robot/groupMessages/send?appKey=dingk&robotCode=dingr&openConversationId=cid%2B%2F%3Dabc",
  );
  assert.deepEqual(parseAppEndpoint(url), {
    appKey: "dingk",
    robotCode: "dingr",
    conversationId: "cid+/=abc",
    baseUrl: "http://127.0.0.1:9",
  });
  assert.equal(appHint(url), "127.0.0.1:9 robot dingr → cid+/=abc");
  assert.equal(
    parseAppEndpoint(appEndpointUrl({ appKey: "k", robotCode: "r", conversationId: "c" })).baseUrl,
    "https://api.dingtalk.com",
  );
  for (const bad of [
    { appKey: "", robotCode: "r", conversationId: "c" },
    { appKey: "k k", robotCode: "r", conversationId: "c" },
    { appKey: "k", robotCode: "r", conversationId: "c", baseUrl: "ftp://x" },
    { appKey: "k", robotCode: "r", conversationId: "c", baseUrl: "https://x/?a=1" },
  ]) {
    assert.throws(() => appEndpointUrl(bad), /bad_app_robot|is empty|whitespace|http|query/);
  }
});

test("the robot key names app, robot and group, never the secret", () => {
  const webhook = (cid: string) => appEndpointUrl({ appKey: "k", robotCode: "r", conversationId: cid });
  const a = channel.robotKey({ kind: "dingtalk_app", webhook: webhook("c1"), secret: "s1" });
  assert.equal(a, channel.robotKey({ kind: "dingtalk_app", webhook: webhook("c1"), secret: "other" }));
  assert.notEqual(a, channel.robotKey({ kind: "dingtalk_app", webhook: webhook("c2"), secret: "s1" }));
  assert.match(a ?? "", /^dingtalk_app:/);
  assert.ok(!(a ?? "").includes("s1"));
});

test("renders markdown or an action card within 15,000 bytes of msgParam; mentions it cannot make are named", () => {
  const md = channel.render(compose(rule({ at: ["13800000000", "all"] }), sampleEvent("failure")));
  assert.equal(md.type, "sampleMarkdown");
  assert.deepEqual(md.unmentionable, ["13800000000", "all"]);
  assert.equal(md.maxBytes, 15_000);
  const body = md.body as { msgKey: string; msgParam: { title: string; text: string } };
  assert.match(body.msgParam.title, /unit-tests 运行失败/, "in Chinese by default");
  const card = channel.render(compose(rule({ style: "action_card" }), sampleEvent("failure")));
  assert.equal(card.type, "sampleActionCard");
  const long = channel.render(compose(rule({ custom: "x".repeat(40_000) }), sampleEvent("failure")));
  assert.ok(long.truncated);
  assert.ok(Buffer.byteLength(JSON.stringify((long.body as { msgParam: object }).msgParam)) <= 15_000);
});

test("a run_card notice sent as a message (no run) says why, in the notice's language", () => {
  const zh = channel.render(compose(rule({ style: "run_card" }), sampleEvent("failure")));
  const zhText = (zh.body as { msgParam: { text: string } }).msgParam.text;
  assert.ok(zhText.includes(`\n\n${noRunNote("zh-CN")}`), zhText);
  assert.match(zhText, /_此事件没有运行 ID 或编号，无法更新运行卡片，故以消息发送。_/);
  assert.doesNotMatch(zhText, /No run id/, "no English sentence in a Chinese message");
  const en = channel.render(compose(rule({ style: "run_card", locale: "en" }), sampleEvent("failure")));
  const enText = (en.body as { msgParam: { text: string } }).msgParam.text;
  assert.match(
    enText,
    /_No run id or number in this event, so there is no run card to update: sent as a message\._/,
  );
  const custom = channel.render(
    compose(rule({ style: "run_card", custom: "**hi**" }), sampleEvent("failure")),
  );
  assert.match(
    (custom.body as { msgParam: { text: string } }).msgParam.text,
    /\*\*hi\*\*\n\n_此事件没有运行/,
  );
});

test("an action card's button without a title gets the catalogue's label: 查看详情 by default, View run in en", () => {
  const card = {
    msgtype: "actionCard" as const,
    actionCard: { title: "t", text: "x", singleURL: "https://example.com/run/1" },
  };
  const zh = toApp(card, "zh-CN") as unknown as { msgParam: { singleTitle: string } };
  assert.equal(zh.msgParam.singleTitle, "查看详情");
  const en = toApp(card, "en") as unknown as { msgParam: { singleTitle: string } };
  assert.equal(en.msgParam.singleTitle, "View run");
  const titled = toApp({ ...card, actionCard: { ...card.actionCard, singleTitle: "打开" } }, "en");
  assert.equal((titled as unknown as { msgParam: { singleTitle: string } }).msgParam.singleTitle, "打开");
});

test("draws messages, sent bodies and run cards as DingTalk shows them", () => {
  const md = channel.render(compose(rule(), sampleEvent("failure")));
  assert.match(drawMessage("dingtalk_app", md.body), /dp-markdown/);
  const sent = {
    robotCode: "r",
    openConversationId: "c",
    msgKey: "sampleMarkdown",
    msgParam: JSON.stringify({ title: "t", text: "**hello**" }),
  };
  assert.equal(guessKind(sent), "dingtalk_app");
  assert.match(drawMessage("dingtalk_app", sent), /<strong>hello<\/strong>/);
  const card = eventRunCard("api", sampleEvent("failure"), "app");
  assert.ok(card);
  const html = drawMessage("dingtalk_app", card.rendered.body);
  assert.match(html, /❌ Web release #42 运行失败/);
  assert.match(html, /dp-btn/);
  // In the notification's language: English when it asks.
  const en = eventRunCard("api", sampleEvent("failure"), "app", "en");
  assert.match(drawMessage("dingtalk_app", en!.rendered.body), /❌ Web release #42 failed.*Open run/s);
  assert.ok(!html.includes("<script"));
});

test("a text the client itself must cut is marked in the client's language, like the channels' cuts", () => {
  const credential = {
    kind: "dingtalk_app" as const,
    webhook: appEndpointUrl({ appKey: "dingk", robotCode: "dingr", conversationId: "cidA" }),
    secret: "app-secret",
  };
  const long = { msgKey: "sampleText", msgParam: { content: "构建日志 ".repeat(4_000) } };
  const param = (locale?: "en") => {
    const prepared = channel.client(credential, locale === undefined ? {} : { locale }).prepare(long);
    assert.ok(prepared.bytes <= 15_000, `${prepared.bytes} bytes`);
    return JSON.parse((prepared.body as { msgParam: string }).msgParam) as { content: string };
  };
  assert.ok(param().content.endsWith("\n\n…已截断"), "Chinese by default");
  assert.ok(param("en").content.endsWith("\n\n…truncated"));
  assert.ok(!param().content.includes("(truncated)"));
});

test("the robot's test message is in the language asked for, Chinese by default", () => {
  const content = (m: object) => (m as { msgParam: { content: string } }).msgParam.content;
  assert.equal(content(channel.testMessage("ci", [])), "dingpipe 测试消息：机器人“ci” ✅");
  assert.equal(content(channel.testMessage("ci", [], "en")), "dingpipe test message for robot 'ci' ✅");
});
