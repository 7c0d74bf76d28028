/**
 * A message's title is plain text shown in the chat list and the push banner: untrusted pipeline and
 * task names reach it without their control characters (NUL, BEL, ESC…) or bidi controls (which could
 * make "❌ deploy failed" read as something else) — for every robot kind and every message kind
 * (markdown, action card, card, digest), and nowhere else in the message either.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CHANNEL_KINDS, channelFor } from "../channels/index.ts";
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
  run: { url: "https://ci.example/1" },
};
const rule = { credential: "ci", events: ["failure" as const], content: [] };

/** Every string of a message body, with where it is. */
function strings(value: unknown, path = "$"): Array<[string, string]> {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

/** The title a chat list shows: DingTalk's title field, a Feishu card's header; "" when the kind has none. */
function titleOf(body: object): string {
  const b = body as Record<string, Record<string, unknown> | undefined>;
  const title = b["markdown"]?.["title"] ?? b["actionCard"]?.["title"];
  if (typeof title === "string") return title;
  const header = (b["card"] as { header?: { title?: { content?: string } } } | undefined)?.header;
  return header?.title?.content ?? "";
}

test("titles of markdown, action-card, card and digest messages of every robot kind carry no control or bidi character", () => {
  const notices = [compose(rule, event), compose({ ...rule, style: "action_card" }, event)];
  const digest = composeDigest([
    { rule, event, receivedAt: "2026-11-23T08:00:00Z" },
    { rule, event, receivedAt: "2026-11-23T08:00:01Z" },
  ]);
  let titled = 0;
  for (const kind of CHANNEL_KINDS) {
    const channel = channelFor(kind);
    const keywords = [`CI${BIDI[0]}\u0007`];
    const bodies = [
      ...notices.map((n) => channel.render(n).body),
      ...notices.map((n) => channel.render(n, { keywords }).body),
      channel.renderDigest(digest).body,
      channel.renderDigest(digest, { keywords }).body,
    ];
    for (const body of bodies) {
      for (const [path, text] of strings(body))
        assert.doesNotMatch(text, FORBIDDEN, `${kind} ${path}: ${JSON.stringify(text)}`);
      const title = titleOf(body);
      if (title !== "") titled++;
    }
  }
  assert.ok(titled >= 8, `titles seen: ${titled}`); // DingTalk's and Feishu's, at least
  const title = composeTitle(event);
  assert.doesNotMatch(title, FORBIDDEN);
  assert.match(title, /^❌ webxx\[31mxxxxxdeployprodgnp\.exe · unitxx\[31m/);
  const keyed = channelFor("dingtalk").render(notices[0]!, { keywords: [`CI${BIDI[0]}\u0007`] }).body;
  assert.match(titleOf(keyed), /【CI】$/);
});

test("plainText keeps every other character and makes one line", () => {
  assert.equal(plainText("a\tb\nc  d"), "a b c d");
  assert.equal(plainText("运维 · déploiement 🚀 *bold* [x](y)"), "运维 · déploiement 🚀 *bold* [x](y)");
  assert.equal(plainText(`${BIDI.join("")}${CONTROLS.join("")}`), "[31m");
});
