import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DingTalkMessage } from "./message.ts";
import { escapeHtml, MESSAGE_CSS, renderMarkdown, renderMessage, safeUrl } from "./render.ts";

describe("renderMarkdown", () => {
  it("renders headings of every level and only with a space after the hashes", () => {
    for (let level = 1; level <= 6; level++) {
      assert.equal(renderMarkdown(`${"#".repeat(level)} Title`), `<h${level}>Title</h${level}>`);
    }
    assert.equal(renderMarkdown("####### seven"), "<p>####### seven</p>");
    assert.equal(renderMarkdown("#42 is an issue"), "<p>#42 is an issue</p>");
  });

  it("renders bold, italic, links and images", () => {
    assert.equal(
      renderMarkdown(
        "**failed** on *main*: [run 42](https://ci.example/r/42?a=1&b=2) ![](https://ci.example/p.png)",
      ),
      '<p><strong>failed</strong> on <em>main</em>: <a href="https://ci.example/r/42?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">run 42</a> <img class="dp-img" src="https://ci.example/p.png" alt="" loading="lazy" referrerpolicy="no-referrer"></p>',
    );
    assert.match(
      renderMarkdown("[open](dingtalk://dingtalkclient/page/link?url=x)"),
      /<a href="dingtalk:\/\//,
    );
    assert.equal(renderMarkdown("2 * 3 * 4"), "<p>2 * 3 * 4</p>");
    assert.equal(renderMarkdown("**[bold link](http://a.example)**").includes("<strong><a href="), true);
  });

  it("a single newline is a space; a blank line or two trailing spaces break", () => {
    assert.equal(renderMarkdown("one\ntwo"), "<p>one two</p>");
    assert.equal(renderMarkdown("one  \ntwo"), "<p>one<br>two</p>");
    assert.equal(renderMarkdown("one\n\ntwo"), "<p>one</p><p>two</p>");
    assert.equal(renderMarkdown("one\r\n\r\ntwo"), "<p>one</p><p>two</p>");
  });

  it("renders quotes and both kinds of list", () => {
    assert.equal(renderMarkdown("> first\n> second"), "<blockquote>first second</blockquote>");
    assert.equal(renderMarkdown("- a\n- b"), "<ul><li>a</li><li>b</li></ul>");
    assert.equal(renderMarkdown("1. a\n2. b"), "<ol><li>a</li><li>b</li></ol>");
    assert.equal(renderMarkdown("3. c\n4. d"), '<ol start="3"><li>c</li><li>d</li></ol>');
    assert.equal(renderMarkdown("text\n- item\n\nafter"), "<p>text</p><ul><li>item</li></ul><p>after</p>");
  });

  it("honours <font color> with a colour only", () => {
    assert.equal(renderMarkdown("<font color=#d00>red</font>"), '<p><span style="color:#d00">red</span></p>');
    assert.equal(
      renderMarkdown('<font color="#00AA00">**ok**</font>'),
      '<p><span style="color:#00aa00"><strong>ok</strong></span></p>',
    );
    assert.equal(
      renderMarkdown("<font color=red onmouseover=alert(1)>x</font>"),
      "<p>&lt;font color=red onmouseover=alert(1)&gt;x&lt;/font&gt;</p>",
    );
    assert.equal(
      renderMarkdown("<font color=#d00;background:url(x)>x</font>"),
      "<p>&lt;font color=#d00;background:url(x)&gt;x&lt;/font&gt;</p>",
    );
    assert.equal(renderMarkdown("<b>bold</b>"), "<p>&lt;b&gt;bold&lt;/b&gt;</p>");
  });

  it("leaves tables, code blocks, rules and strikethrough as literal text", () => {
    assert.equal(renderMarkdown("| a | b |\n|---|---|"), "<p>| a | b | |---|---|</p>");
    assert.equal(renderMarkdown("```\ncode\n```"), "<p>``` code ```</p>");
    assert.equal(renderMarkdown("`x`"), "<p>`x`</p>");
    assert.equal(renderMarkdown("---"), "<p>---</p>");
    assert.equal(renderMarkdown("~~gone~~"), "<p>~~gone~~</p>");
  });

  it("escapes HTML and script injection", () => {
    const html = renderMarkdown("<script>alert(1)</script> <img src=x onerror=alert(1)> & \"q\" 'a'");
    assert.equal(
      html,
      "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;</p>",
    );
    assert.doesNotMatch(renderMarkdown("# <script>x</script>"), /<script/);
    assert.doesNotMatch(renderMarkdown("**<script>x</script>**"), /<script/);
  });

  it("drops javascript:, data: and relative links, keeping them as text", () => {
    for (const url of [
      "javascript:alert(1)",
      "JavaScript://x%0aalert(1)",
      "data:text/html,x",
      "/relative",
      "vbscript:x",
    ]) {
      const html = renderMarkdown(`[click](${url}) ![](${url})`);
      assert.doesNotMatch(html, /<a |<img /, url);
    }
    assert.doesNotMatch(renderMarkdown("![](dingtalk://x)"), /<img /);
  });

  it("cannot break out of attributes", () => {
    const html = renderMarkdown(
      `[a](https://x.example/"onmouseover="alert;1) ![b"onerror="x](https://x.example/'a')`,
    );
    assert.doesNotMatch(html, /"onmouseover="|"onerror="|'a'/);
    assert.match(html, /href="https:\/\/x\.example\/&quot;onmouseover=&quot;alert/);
  });
});

describe("renderMessage", () => {
  it("highlights @mentions that are both in at.atMobiles and in the text", () => {
    const html = renderMessage({
      msgtype: "text",
      text: { content: "deploy failed @13800000000 (cc @13900000000)\nsee <log>" },
      at: { atMobiles: ["13800000000"] },
    });
    assert.equal(
      html,
      '<div class="dp-msg dp-text">deploy failed <span class="dp-at">@13800000000</span> (cc @13900000000)<br>see &lt;log&gt;</div>',
    );
  });

  it("shows @all when isAtAll", () => {
    assert.match(
      renderMessage({ msgtype: "text", text: { content: "hi @all" }, at: { isAtAll: true } }),
      /hi <span class="dp-at">@all<\/span><\/div>/,
    );
    assert.match(
      renderMessage({ msgtype: "text", text: { content: "hi" }, at: { isAtAll: true } }),
      /<span class="dp-at">@所有人<\/span>/,
    );
    assert.doesNotMatch(renderMessage({ msgtype: "text", text: { content: "hi @all" } }), /dp-at/);
  });

  it("renders markdown with its chat-list title", () => {
    const html = renderMessage({
      msgtype: "markdown",
      markdown: { title: "Build <1>", text: "## Done\n**ok**" },
    });
    assert.equal(
      html,
      '<div class="dp-msg dp-markdown"><div class="dp-md"><h2>Done</h2><p><strong>ok</strong></p></div><div class="dp-listtitle">Build &lt;1&gt;</div></div>',
    );
  });

  it("renders a link card, refusing unsafe URLs", () => {
    const html = renderMessage({
      msgtype: "link",
      link: {
        title: "Run 42",
        text: "failed",
        messageUrl: "https://ci.example/42",
        picUrl: "https://ci.example/p.png",
      },
    });
    assert.match(html, /<a class="dp-link-card" href="https:\/\/ci\.example\/42"/);
    assert.match(html, /<img class="dp-link-pic" src="https:\/\/ci\.example\/p\.png"/);
    const unsafe = renderMessage({
      msgtype: "link",
      link: { title: "x", text: "y", messageUrl: "javascript:alert(1)", picUrl: "javascript:x" },
    });
    assert.doesNotMatch(unsafe, /javascript|<a |<img /);
  });

  it("renders actionCard buttons vertically, horizontally and as one whole-card button", () => {
    const btns = [
      { title: "Logs", actionURL: "https://ci.example/logs" },
      { title: "Retry", actionURL: "https://ci.example/retry" },
    ];
    const vertical = renderMessage({
      msgtype: "actionCard",
      actionCard: { title: "t", text: "**x**", btns },
    });
    assert.match(vertical, /dp-btns dp-btns-v/);
    assert.match(vertical, /<strong>x<\/strong>/);
    assert.equal(vertical.match(/class="dp-btn"/g)?.length, 2);
    const horizontal = renderMessage({
      msgtype: "actionCard",
      actionCard: { title: "t", text: "x", btnOrientation: "1", btns },
    });
    assert.match(horizontal, /dp-btns dp-btns-h/);
    const single = renderMessage({
      msgtype: "actionCard",
      actionCard: { title: "t", text: "x", singleTitle: "Open", singleURL: "https://ci.example/", btns },
    });
    assert.equal(single.match(/class="dp-btn"/g)?.length, 1);
    assert.match(single, />Open<\/a>/);
  });

  it("renders a feedCard: a cover first, then rows", () => {
    const html = renderMessage({
      msgtype: "feedCard",
      feedCard: {
        links: [
          { title: "First", messageURL: "https://a.example/1", picURL: "https://a.example/1.png" },
          { title: "Second <i>", messageURL: "https://a.example/2", picURL: "https://a.example/2.png" },
        ],
      },
    });
    assert.match(html, /dp-feed-first" href="https:\/\/a\.example\/1".*First/);
    assert.match(html, /dp-feed-item" href="https:\/\/a\.example\/2".*Second &lt;i&gt;/);
  });

  it("escapes every message type's text", () => {
    const evil = `<script>x</script>"'`;
    const messages: DingTalkMessage[] = [
      { msgtype: "text", text: { content: evil } },
      { msgtype: "markdown", markdown: { title: evil, text: evil } },
      { msgtype: "link", link: { title: evil, text: evil, messageUrl: "https://a.example" } },
      { msgtype: "actionCard", actionCard: { title: evil, text: evil, singleTitle: evil, singleURL: evil } },
      { msgtype: "feedCard", feedCard: { links: [{ title: evil, messageURL: evil, picURL: evil }] } },
    ];
    for (const message of messages)
      assert.doesNotMatch(renderMessage(message), /<script|"'/, message.msgtype);
  });

  it("names an unsupported type instead of failing", () => {
    const html = renderMessage({ msgtype: "image<x>" } as never);
    assert.match(html, /unsupported message type image&lt;x&gt;/);
  });
});

describe("helpers", () => {
  it("escapeHtml and safeUrl", () => {
    assert.equal(escapeHtml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    assert.equal(safeUrl("https://a.example/?q=1&r=2"), "https://a.example/?q=1&amp;r=2");
    assert.equal(safeUrl("javascript:alert(1)"), undefined);
    assert.equal(safeUrl("dingtalk://x", true), undefined);
    assert.match(MESSAGE_CSS, /\.dp-msg\{/);
  });
});
