/**
 * Hostile values shared by the escaping and composition tests. A module of its own: a test file that
 * imported them from another test file ran that file's tests a second time in its own process.
 */
/** Bidi controls: marks, embeddings, overrides, isolates (Unicode's Bidi_Control property, all 12). */
export const BIDI = [
  "\u061c",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
];
/** Zero-width and other invisible format characters (ZWNJ/ZWJ between ASCII letters: joining nothing). */
export const ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"];

/**
 * Values anyone who can push a branch or send a webhook controls: every construct of CommonMark
 * and of DingTalk's markdown that could turn text into markup, a mention, or hide what it says.
 */
export const HOSTILE: readonly string[] = [
  // links, images, reference definitions, autolinks
  "[click me](javascript:alert(1))",
  "[phish](https://evil.example/login)",
  "![x](https://evil.example/track.png)",
  "[nested [brackets]](https://evil.example)",
  "](https://evil.example) closes ours",
  "[ref]: https://evil.example/ref\n[click][ref]",
  "<https://evil.example/autolink>",
  "<evil@example.com>",
  // ATX and setext headings
  "# HEADING",
  "###### small heading",
  "#no-space heading",
  "   # indented heading",
  "Title\n=====",
  "Title\n-----",
  "=====",
  "-----",
  // block quotes, lists (+ * - and N. N)), thematic breaks, tables
  "> quoted",
  "> > nested quote",
  "- list item",
  "+ plus item",
  "* star item",
  "1. ordered item",
  "3) ordered item",
  " - one space, then a list",
  "***",
  "___",
  "- - -",
  "| a | b |\n|---|---|",
  // code: spans, fenced (backticks and tildes), indented (spaces and tab)
  "`code` ```fence```",
  "```\nfenced code\n```",
  "~~~\nfenced code\n~~~",
  "    indented code",
  "\tindented by a tab",
  "line one\n\n    indented code after a blank line",
  // emphasis
  "**bold** *italic* _under_ __strong__",
  // HTML (DingTalk renders <font> unofficially), comments, processing instructions
  "<font color=#ff0000>RED</font>",
  '<a href="https://evil.example">a</a><img src=x onerror=alert(1)>',
  "<!-- hidden --> <?php echo 1 ?>",
  "<div>\nblock html\n</div>",
  // character references and backslash escapes
  "&#64;all &#x202E;evil &lt;font color=red&gt; &amp;",
  "\\[escaped\\](https://evil.example)",
  "a \\> b \\# c \\- d \\* e",
  "trailing backslash\\",
  // mentions
  "@13800000000 please @all look @所有人",
  // several lines, each a block
  "line one\n# line two\n> line three\n- line four\n+ five\n6) six",
  "line one\u2028# after a line separator",
  // invisible characters: every bidi control and zero-width character
  "\u202eevil\u202c reversed",
  ...BIDI.map((c) => `bidi${c}control`),
  ...ZERO_WIDTH.map((c) => `zero${c}width`),
  "\u200b# a heading behind a zero-width space",
];
