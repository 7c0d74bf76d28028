// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are dingpipe ${VAR} templates, not JavaScript ones
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { markupIn, nodes, parse, toHtml } from "../../test/helpers/commonmark.ts";
import { HOSTILE } from "../../test/helpers/hostile.ts";
import { compose } from "../channels/dingtalk/compose.ts";
import type { DingTalkMessage } from "../dingtalk/message.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { CONTENT_ITEMS } from "./rule.ts";

const textOf = (m: DingTalkMessage) =>
  m.msgtype === "markdown" ? m.markdown.text : m.msgtype === "actionCard" ? m.actionCard.text : "";
const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

/** Every untrusted field of an event set to the same hostile value. */
function hostileEvent(v: string): PipelineEvent {
  return {
    pipeline: { name: v, displayName: v, url: "https://ci.example/p/7" },
    run: { id: v, number: 42, url: "https://ci.example/p/7/runs/42", trigger: { user: v, event: v } },
    stage: { name: v },
    task: {
      name: v,
      status: "failure",
      url: "javascript:alert(1)",
      startedAt: "2026-11-23T08:00:00Z",
      finishedAt: "2026-11-23T08:03:05Z",
      exitCode: 1,
      logTail: `${v}\n${v}\nlast line`,
    },
    source: {
      provider: v,
      repo: v,
      branch: v,
      commit: { sha: v, message: v, author: v, url: "data:text/html,<script>alert(1)</script>" },
      pullRequest: { id: v, title: v, url: "https://ci.example/pr/1" },
    },
    variables: { WEBHOOK_VALUE: v },
  };
}

const rule = {
  credential: "ci",
  // The English wording and China Standard Time these tests pin (zh-CN, the default, has its own tests).
  locale: "en" as const,
  timezone: "Asia/Shanghai",
  events: ["failure" as const],
  content: [...CONTENT_ITEMS],
  custom:
    "**Custom** [docs](https://docs.example) ${DINGPIPE_COMMIT_MESSAGE} ${DINGPIPE_BRANCH} ${WEBHOOK_VALUE}\n\n${DINGPIPE_LOG_TAIL}",
  at: ["13900000000"],
};

describe("compose with hostile values", () => {
  for (const v of HOSTILE) {
    it(`no injected markup or mention from ${JSON.stringify(v)}`, () => {
      const m = compose(rule, hostileEvent(v));
      const text = textOf(m);
      // Judged by CommonMark's reference parser, not by dingpipe's own renderer.
      const html = toHtml(text);
      const types: string[] = nodes(parse(text)).map((n) => n.type);
      // No HTML, code or image got through, whatever the value.
      for (const kind of ["html_inline", "html_block", "code", "code_block", "image", "thematic_break"])
        assert.ok(!types.includes(kind), `${kind} in ${text}`);
      assert.ok(markupIn(text).length > 0, "the message's own markup is there");
      // Our own markup only: one heading, the items list, one log-tail quote.
      assert.equal(count(html, /<h\d/g), 1, html);
      assert.equal(count(html, /<ul>/g), 1, html);
      assert.equal(count(html, /<ol/g), 0, html);
      assert.equal(count(html, /<blockquote>/g), 1, html);
      assert.equal(count(html, /<img/g), 0, html);
      assert.equal(count(html, /<em>/g), 0, html);
      assert.equal(count(html, /<span style/g), 0, html);
      // Items with a label, plus "Custom", "Exit code" and the log tail's heading.
      assert.equal(count(html, /<strong>/g), count(text, /^- \*\*/gm) + 3, html);
      assert.match(html, /<p><strong>Last lines of output<\/strong><\/p>\n<blockquote>/);
      // Links: pipeline, run, PR, "View run" and the user's docs link — never the unsafe ones.
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((x) => x[1]);
      assert.deepEqual(hrefs.sort(), [
        "https://ci.example/p/7",
        "https://ci.example/p/7/runs/42",
        "https://ci.example/p/7/runs/42",
        "https://ci.example/pr/1",
        "https://docs.example",
      ]);
      assert.doesNotMatch(text, /\]\((javascript|data):/);
      // The only mention is the configured one.
      assert.deepEqual(m.msgtype === "markdown" && m.at, { atMobiles: ["13900000000"] });
      assert.deepEqual(text.match(/@[^\s]*/g), ["@13900000000"]);
      // One-line values stay on one line: the items block is one list line per item.
      const items = text.split("\n\n")[1] ?? "";
      for (const line of items.split("\n"))
        assert.match(line, /^- (\*\*[A-Z][a-z ]+\*\* |\[View run\])/, line);
    });
  }

  it("the title stays one line and short", () => {
    const m = compose(rule, hostileEvent("a\nb".repeat(1000)));
    const title = m.msgtype === "markdown" ? m.markdown.title : "";
    assert.doesNotMatch(title, /\n/);
    assert.ok(title.length < 200);
  });
});
