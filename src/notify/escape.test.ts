import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  dingTalkHazards,
  markupIn,
  nodes,
  parse,
  plainText,
  visible,
} from "../../test/helpers/commonmark.ts";
import { BIDI, HOSTILE, ZERO_WIDTH } from "../../test/helpers/hostile.ts";
import { escapeInline, escapeMarkdown, markdownLink, oneLine, safeUrl } from "./escape.ts";

const URL = "https://ci.example/run/1";

describe("escapeMarkdown, judged by CommonMark's reference parser and DingTalk's rules", () => {
  for (const value of HOSTILE) {
    it(`${JSON.stringify(value)} at the start of a line: only text, every character shown as sent`, () => {
      const escaped = escapeMarkdown(value);
      assert.deepEqual(markupIn(escaped), [], escaped);
      assert.equal(visible(plainText(parse(escaped))), visible(escaped), "nothing consumed as syntax");
      assert.deepEqual(dingTalkHazards(escaped), []);
    });

    it(`${JSON.stringify(value)} after a label: the label's list item, then only text`, () => {
      const escaped = escapeInline(value, { midLine: true });
      const doc = parse(`- **Branch** ${escaped}`);
      const types = nodes(doc).map((n) => n.type);
      assert.deepEqual(types.slice(0, 6), ["document", "list", "item", "paragraph", "strong", "text"]);
      assert.deepEqual(
        types.slice(6).filter((t) => t !== "text"),
        [],
        escaped,
      );
      const shown = plainText(doc).replace(/^Branch/, "");
      assert.equal(visible(shown), visible(escaped), "nothing consumed as syntax");
      assert.deepEqual(dingTalkHazards(escaped, { midLine: true }), []);
    });

    it(`${JSON.stringify(value)} as a link's label: one link, to our URL, labelled with the text`, () => {
      const doc = parse(`- ${markdownLink(value, URL)}`);
      const links = nodes(doc).filter((n) => n.type === "link" || n.type === "image");
      assert.equal(links.length, 1, markdownLink(value, URL));
      const link = links[0]!;
      assert.equal(link.type, "link");
      assert.equal(link.destination, URL);
      assert.deepEqual(
        nodes(link)
          .slice(1)
          .filter((n) => n.type !== "text"),
        [],
      );
      assert.equal(visible(plainText(link)), visible(escapeInline(value, { midLine: true })));
    });
  }

  it("reads the same: full-width look-alikes, words untouched", () => {
    assert.equal(escapeMarkdown("fix **login** [WIP] @lin"), "fix ＊＊login＊＊ ［WIP］ ＠lin");
    assert.equal(escapeMarkdown("feature_login_v2"), "feature_login_v2");
    assert.equal(escapeMarkdown("_private"), "＿private");
    assert.equal(escapeMarkdown("修复登录"), "修复登录");
    assert.equal(
      escapeMarkdown("a -> b, 2 > 1, x < y, a & b, C:\\dir"),
      "a -> b, 2 > 1, x < y, a & b, C:\\dir",
    );
  });

  it("neutralizes block starts on every line, and only at line starts", () => {
    assert.equal(
      escapeMarkdown("# a\n> b\n- c\n1. d\n+ e\n2) f\n~~~\n| g\n= h\nx # y"),
      "＃ a\n＞ b\n－ c\n1． d\n＋ e\n2） f\n～~~\n｜ g\n＝ h\nx # y",
    );
    assert.equal(escapeMarkdown("# a", { midLine: true }), "# a");
    assert.equal(escapeMarkdown("# a\n# b", { midLine: true }), "# a\n＃ b");
  });

  it("turns leading spaces into no-break spaces, so no line is an indented code block", () => {
    assert.equal(escapeMarkdown("    code\n  - item"), "\u00a0\u00a0\u00a0\u00a0code\n\u00a0\u00a0－ item");
    assert.equal(escapeMarkdown("\tcode"), "\u00a0code");
  });

  it("keeps a backslash away from the punctuation it would escape", () => {
    assert.equal(escapeMarkdown("a \\> b \\# c"), "a ＼> b ＼# c");
    assert.equal(escapeMarkdown("ends with\\"), "ends with＼");
    assert.equal(escapeMarkdown("C:\\dir\\file"), "C:\\dir\\file");
  });

  it("breaks character references, which a renderer would decode", () => {
    assert.equal(
      escapeMarkdown("&#64;all &#x202E; &lt;b&gt; & AT&T"),
      "＆#64;all ＆#x202E; ＆lt;b＆gt; & AT&T",
    );
  });

  it("drops control characters and every bidi control, keeps newlines", () => {
    assert.equal(escapeMarkdown("a\u0000b\u0007c\u001bd\u0085e\r\nf\tg"), "abcde\nf g");
    for (const c of BIDI) assert.equal(escapeMarkdown(`a${c}b`), "ab", `U+${c.codePointAt(0)!.toString(16)}`);
  });

  it("drops zero-width characters, but keeps the joiners emoji and scripts need", () => {
    for (const c of ZERO_WIDTH)
      assert.equal(escapeMarkdown(`a${c}b`), "ab", `U+${c.codePointAt(0)!.toString(16)}`);
    assert.equal(escapeMarkdown("👩\u200d💻 deployed"), "👩\u200d💻 deployed");
    assert.equal(escapeMarkdown("می\u200cخواهم"), "می\u200cخواهم");
    const scotland = "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
    assert.equal(escapeMarkdown(`${scotland} x\u{e0041}y`), `${scotland} xy`);
  });

  it("breaks lines at the Unicode line and paragraph separators, then escapes each line", () => {
    assert.equal(escapeMarkdown("a\u2028# b\u2029> c"), "a\n＃ b\n＞ c");
  });
});

describe("escapeMarkdown, exact outputs (each rule on its own)", () => {
  it("replaces the inline syntax characters, never drops them", () => {
    assert.equal(escapeMarkdown("`code` <b> *x* [y]"), "｀code｀ ＜b> ＊x＊ ［y］");
  });

  it("keeps `_` inside words only: next to punctuation or space it is replaced", () => {
    assert.equal(escapeMarkdown("snake_ case"), "snake＿ case");
    assert.equal(escapeMarkdown("word_!"), "word＿!");
    assert.equal(escapeMarkdown("v_2 x_y 变_量"), "v_2 x_y 变_量");
  });

  it("breaks & only where it starts a character reference", () => {
    assert.equal(escapeMarkdown("R&D team; ok & fine"), "R&D team; ok & fine");
    assert.equal(escapeMarkdown("&amp; &#1; &#x1F600;"), "＆amp; ＆#1; ＆#x1F600;");
  });

  it("changes an ordered-list marker only right after a line's leading digits", () => {
    assert.equal(escapeMarkdown("a. b"), "a. b");
    assert.equal(escapeMarkdown("x) y"), "x) y");
    assert.equal(escapeMarkdown("1 a. b"), "1 a. b");
    assert.equal(escapeMarkdown("1a. b"), "1a. b");
    assert.equal(escapeMarkdown("10. b\n7) c"), "10． b\n7） c");
  });

  it("treats a lone CR as a line break", () => {
    assert.equal(escapeMarkdown("a\r# b\r\n> c"), "a\n＃ b\n＞ c");
  });

  it("drops a joiner unless both its neighbours need it", () => {
    assert.equal(escapeMarkdown("👩\u200dx"), "👩x");
    assert.equal(escapeMarkdown("x\u200d👩"), "x👩");
    assert.equal(escapeMarkdown("\u200d👩"), "👩");
    assert.equal(escapeMarkdown("👩\u200d"), "👩");
    assert.equal(escapeMarkdown("a\u200cب"), "aب");
    assert.equal(escapeMarkdown("👍🏽\u200d👩"), "👍🏽\u200d👩");
  });
});

describe("safeUrl, exactly", () => {
  it("refuses what is not a URL at all, and any user info", () => {
    for (const bad of ["http://", "https://[::1", "https://user@evil.example/", "https://:pw@evil.example/"])
      assert.equal(safeUrl(bad), undefined, bad);
    assert.equal(safeUrl("javascript:alert('https://x.example')"), undefined);
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
