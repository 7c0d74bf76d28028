/**
 * A message's title is plain text shown in the chat list and the push banner: untrusted pipeline and
 * task names reach it without their control characters (NUL, BEL, ESC…) or bidi controls (which could
 * make "❌ deploy failed" read as something else), for every message kind compose makes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DingTalkMessage } from "../dingtalk/message.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { compose, composeTitle } from "./compose.ts";
import { composeDigest } from "./digest.ts";
import { plainText } from "./escape.ts";

const CONTROLS = ["\u0000", "\u0007", "\u001b[31m", "\u0085", "\u009b", "\u007f", "\u000b", "\u000c"];
const BIDI = [
  "\u202e",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200e",
  "\u200f",
  "\u061c",
];
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const hostile = `${CONTROLS.join("x")}deploy${BIDI.join("")}prod\u202egnp.exe`;
const event: PipelineEvent = {
  pipeline: { name: `web${hostile}` },
  task: { name: `unit${hostile}`, status: "failure" },
};

const titleOf = (m: DingTalkMessage): string =>
  m.msgtype === "markdown" ? m.markdown.title : m.msgtype === "actionCard" ? m.actionCard.title : "";

test("titles of markdown, action-card and digest messages carry no control or bidi character", () => {
  const titles = [
    composeTitle(event),
    titleOf(compose({ credential: "ci", events: ["failure"], content: [] }, event)),
    titleOf(
      compose(
        { credential: "ci", events: ["failure"], content: [], style: "action_card" },
        { ...event, run: { url: "https://ci.example/1" } },
      ),
    ),
    titleOf(
      compose({ credential: "ci", events: ["failure"], content: [] }, event, {
        keywords: [`CI${BIDI[0]}\u0007`],
      }),
    ),
    titleOf(
      composeDigest(
        [
          {
            rule: { credential: "ci", events: ["failure"], content: [] },
            event,
            receivedAt: "2026-11-23T08:00:00Z",
          },
          {
            rule: { credential: "ci", events: ["failure"], content: [] },
            event,
            receivedAt: "2026-11-23T08:00:01Z",
          },
        ],
        { keywords: [`CI\u202e\u0000`] },
      ),
    ),
  ];
  for (const title of titles) {
    assert.ok(title.length > 0);
    assert.doesNotMatch(title, FORBIDDEN, JSON.stringify(title));
  }
  assert.match(titles[0]!, /^❌ webxx\[31mxxxxxdeployprodgnp\.exe · unitxx\[31m/);
  assert.match(titles[3]!, /【CI】$/);
  assert.match(titles[4]!, /【CI】$/);
});

test("plainText keeps every other character and makes one line", () => {
  assert.equal(plainText("a\tb\nc  d"), "a b c d");
  assert.equal(plainText("运维 · déploiement 🚀 *bold* [x](y)"), "运维 · déploiement 🚀 *bold* [x](y)");
  assert.equal(plainText(`${BIDI.join("")}${CONTROLS.join("")}`), "[31m");
});
