import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderMarkdown } from "../dingtalk/render.ts";
import { escapeInline, escapeMarkdown, markdownLink, oneLine, safeUrl } from "./escape.ts";

/** Values anyone who can push a branch or send a webhook controls. */
export const HOSTILE: readonly string[] = [
  "[click me](javascript:alert(1))",
  "[phish](https://evil.example/login)",
  "![x](https://evil.example/track.png)",
  "# HEADING",
  "###### small heading",
  "> quoted",
  "- list item",
  "+ plus item",
  "* star item",
  "1. ordered item",
  "3) ordered item",
  "<font color=#ff0000>RED</font>",
  '<a href="https://evil.example">a</a><img src=x onerror=alert(1)>',
  "**bold** *italic* _under_ __strong__",
  "@13800000000 please @all look @所有人",
  "line one\n# line two\n> line three\n- line four",
  "`code` ```fence```",
  "trailing backslash\\",
  "\u202eevil\u202c reversed",
  "    indented code",
  "=====",
  "-----",
  "<https://evil.example/autolink>",
  "[nested [brackets]](https://evil.example)",
  "](https://evil.example) closes ours",
  "\\[escaped\\](https://evil.example)",
];

/** Tags renderMarkdown produces for markup; plain text produces none of them. */
const MARKUP = /<(a|img|h[1-6]|blockquote|ul|ol|li|strong|em|span)\b/;

describe("escapeMarkdown", () => {
  for (const value of HOSTILE) {
    it(`neutralizes ${JSON.stringify(value)} at the start of a line`, () => {
      const html = renderMarkdown(escapeMarkdown(value));
      assert.doesNotMatch(html, MARKUP, html);
      assert.doesNotMatch(escapeMarkdown(value), /@\d|@all|@所有人/);
    });
    it(`neutralizes ${JSON.stringify(value)} after a label`, () => {
      const html = renderMarkdown(`- **Branch** ${escapeInline(value, { midLine: true })}`);
      const inner = html.replace(/^<ul><li><strong>Branch<\/strong> /, "").replace(/<\/li><\/ul>$/, "");
      assert.doesNotMatch(inner, MARKUP, html);
    });
    it(`keeps ${JSON.stringify(value)} inside a link label`, () => {
      const html = renderMarkdown(`- ${markdownLink(value, "https://ci.example/run/1")}`);
      assert.equal(html.match(/<a /g)?.length, 1, html);
      assert.match(html, /href="https:\/\/ci\.example\/run\/1"/);
      assert.doesNotMatch(html, /evil\.example/.test(value) ? /href="https:\/\/evil/ : /$^/);
    });
  }

  it("reads the same: full-width look-alikes, words untouched", () => {
    assert.equal(escapeMarkdown("fix **login** [WIP] @lin"), "fix ＊＊login＊＊ ［WIP］ ＠lin");
    assert.equal(escapeMarkdown("feature_login_v2"), "feature_login_v2");
    assert.equal(escapeMarkdown("_private"), "＿private");
    assert.equal(escapeMarkdown("修复登录"), "修复登录");
    assert.equal(escapeMarkdown("a -> b, 2 > 1, x < y"), "a -> b, 2 > 1, x < y");
  });

  it("neutralizes block starts on every line, and only at line starts", () => {
    assert.equal(escapeMarkdown("# a\n> b\n- c\n1. d\nx # y"), "＃ a\n＞ b\n－ c\n1． d\nx # y");
    assert.equal(escapeMarkdown("# a", { midLine: true }), "# a");
    assert.equal(escapeMarkdown("# a\n# b", { midLine: true }), "# a\n＃ b");
  });

  it("drops control and bidi characters, keeps newlines", () => {
    assert.equal(escapeMarkdown("a\u0000b\u202ec\r\nd\te"), "abc\nd e");
  });
});

describe("oneLine", () => {
  it("collapses line breaks and runs of space", () => {
    assert.equal(oneLine("  fix login\n\n  body\r\nmore\t "), "fix login body more");
  });
});

describe("safeUrl", () => {
  it("keeps http(s) URLs, encoding what could end or break a markdown link", () => {
    assert.equal(safeUrl("https://ci.example/p/7/runs/42"), "https://ci.example/p/7/runs/42");
    assert.equal(safeUrl("https://ci.example/a(b)?q=[x]"), "https://ci.example/a%28b%29?q=%5Bx%5D");
    assert.equal(safeUrl(" HTTP://CI.example/x "), "http://ci.example/x");
    assert.equal(
      safeUrl("https://ci.example/a b\"c'd`e\\f<g>|{}^"),
      "https://ci.example/a%20b%22c%27d%60e/f%3Cg%3E%7C%7B%7D%5E",
    );
  });
  it("keeps every other character a URL may hold: the page it links is the page the CI named", () => {
    for (const url of [
      "https://gitlab.example.com/acme/web/-/merge_requests/12",
      "https://jenkins.acme.example/job/web_release/42/",
      "https://jenkins.acme.example/job/frontend/job/PR-7/display/redirect",
      "https://gitee.com/acme_tech/web_portal/pulls/57",
      "https://npm.example/package/@acme/web_ui",
      "https://ci.example/search?q=a*b&x=1;y=2,z~3!$+",
      "https://ci.example/runs/42#L10-L20",
      "http://[::1]:8080/p_1",
      "https://ci.example/%E6%9E%84%E5%BB%BA?q=%28x%29",
    ]) {
      assert.equal(safeUrl(url), url);
    }
    assert.equal(safeUrl("https://ci.example/构建"), "https://ci.example/%E6%9E%84%E5%BB%BA");
  });
  it("a URL cannot end its link early or open markup, whatever it holds", () => {
    const hostile = "https://ci.example/x)[y](javascript:alert(1)) <b>*_@";
    const href = safeUrl(hostile) ?? "";
    assert.equal(href, "https://ci.example/x%29%5By%5D%28javascript:alert%281%29%29%20%3Cb%3E*_@");
    const link = markdownLink("run", hostile);
    assert.equal(link, `[run](${href})`);
    assert.doesNotMatch(href, /[()[\]<> ]/);
  });
  it("rejects other schemes, credentials and garbage", () => {
    for (const bad of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,<script>",
      "vbscript:x",
      "file:///etc/passwd",
      "//evil.example",
      "https://user:pw@evil.example/",
      "not a url",
      "",
      undefined,
    ]) {
      assert.equal(safeUrl(bad), undefined, String(bad));
    }
  });
  it("markdownLink falls back to the escaped text without a safe URL", () => {
    assert.equal(markdownLink("a1b2c3d", "javascript:alert(1)"), "a1b2c3d");
    assert.equal(markdownLink("[x](y)", undefined), "［x］(y)");
  });
});
