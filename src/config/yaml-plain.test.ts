/**
 * The plain-subset reader against the `yaml` package: for every text it takes, the same nodes (kind,
 * value, type, source range) and the same value; everything else it hands to the full parser. The
 * config tests compare whole parse results both ways too (test/helpers/config-diagnostics.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { isMap, isScalar, isSeq, type Node, parseDocument } from "yaml";
import { readPlainYaml } from "./yaml-plain.ts";

function shape(n: unknown): unknown {
  if (isMap(n))
    return {
      map: n.range,
      flow: n.flow === true,
      items: n.items.map((p) => [shape(p.key), shape(p.value)]),
    };
  if (isSeq(n)) return { seq: n.range, flow: n.flow === true, items: n.items.map(shape) };
  if (isScalar(n))
    return {
      range: n.range,
      value: typeof n.value === "number" ? `number ${Object.is(n.value, -0) ? "-0" : n.value}` : n.value,
      type: n.type,
    };
  return `not a node: ${String(n)}`;
}

/** "plain" when the reader took the text and agrees with the yaml package; "full" when it left it. */
function read(text: string): "plain" | "full" {
  const plain = readPlainYaml(text);
  if (plain === undefined) return "full";
  const full = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  assert.deepEqual(
    [...full.errors, ...full.warnings],
    [],
    `the yaml package refuses what was read:\n${text}`,
  );
  assert.deepStrictEqual(shape(plain.contents), shape(full.contents as Node), text);
  assert.deepStrictEqual(plain.toJS(), full.toJS(), text);
  return "plain";
}

describe("readPlainYaml", () => {
  test("an everyday .dingpipe.yml is read by the plain reader, as the yaml package reads it", () => {
    const text = [
      "# CI notifications",
      "credentials:",
      "  ci-group:",
      `    webhook: \${DINGTALK_WEBHOOK}   # from the CI secrets`,
      `    secret: \${DINGTALK_SECRET}`,
      "    keywords: [CI, '发布']",
      "  ops:",
      "    type: wecom",
      '    webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"',
      "    rate_limit:",
      "      messages: 20",
      "      per_seconds: 60",
      "",
      "notifications:",
      "  - name: failures",
      "    credential: ci-group",
      "    events: [failure, success]",
      "    content: [pipeline, build_number, task, status, branch, commit, duration, link]",
      `    at: [+8613800000000, 013800000000, '\${ONCALL}', all]`,
      "    custom: |",
      `      **\${GITEE_PIPELINE_NAME}** by \${GITEE_PIPELINE_TRIGGER_USER}`,
      "",
      `      - see the log: \${DINGPIPE_RUN_URL}   # a template line, not a comment`,
      "    enabled: true",
      "  - credential: ops",
      "    tasks:",
      "    - deploy-*",
      "    events:",
      "      - failure",
      "    custom: |-",
      "      deploy failed",
      "    timezone: Asia/Shanghai",
      "locale: en",
      "",
    ].join("\n");
    assert.equal(read(text), "plain");
  });

  test("the core schema's scalars resolve as the yaml package resolves them", () => {
    const words = [
      "+8613800000000, 0o17, 0x1F, 0x1g, .inf, -.Inf, +.INF, .NaN, .nan, 1e3, -1.5E-2, 1., .5, -0, 007",
      "null, Null, NULL, nULL, ~, true, True, TRUE, tRUE, false, yes, off, on, 1_000, 2026-01-01",
    ];
    for (const list of words) {
      assert.equal(read(`a: [${list}]\n`), "plain");
      for (const w of list.split(", ")) assert.equal(read(`a: ${w}\nb:\n  - ${w}\n`), "plain", w);
    }
    assert.equal(read("a: 'it''s'\nb: '' \nc: \"\"\nd: \"say 'hi' # not a comment\"\ne: 'x' # c\n"), "plain");
    assert.equal(read("url: http://relay:8080/a#frag b\nsharp: a#b\ncolon: a:b\ntime: 12:30\n"), "plain");
  });

  test("layouts: lists under a key at its own column, empty values, comments, blank lines, | blocks", () => {
    const texts = [
      "a:\n- x\n-   y # c\n-\n  k: 1\n- \nb: 2\n",
      "a:\n  b:\n  c: [ ]\n  d: []\n  e:   # nothing\nf: ~\n",
      "# top\n\na:\n# between\n  b: 1\n\n  # before c\n  c: 2\n# end\n",
      "n:\n  - c: x\n    # e\n    e: [a]\n  # f\n  - c: y\n    at:\n    - 1\n",
      "x:\n  y: |\n    a\n\n      indented\n    # kept\n\n\nz: |-\n  b\n",
      "x: |  # header comment\n  a\n",
      "- a\n",
    ];
    assert.deepEqual(texts.slice(0, 6).map(read), Array(6).fill("plain"));
    assert.equal(read("- a\n"), "full", "a top-level list is not a config's shape: the full parser says so");
  });

  test("one-line { } maps of scalars, as the docs write rate_limit:", () => {
    const texts = [
      "a:\n  rate_limit: { messages: 10, per_seconds: 60 }\nb: 1\n",
      "a: {x: 1,y: 2}\n",
      "a: {x: 'q' , y: \"z # not a comment\" }   # c\n",
      "a: { x: a b, y: ~, z: 0x1F, w: -1.5 }\n",
      "a: { }\nb: {}\n",
      "a:\n- {x: 1}\n- { y: [2] }\n".replace("[2]", "2"),
      "a: {x: 1} # c\n",
    ];
    assert.deepEqual(texts.map(read), Array(texts.length).fill("plain"));
  });

  test("commented-out keys and other comments around a value's end, in the ranges the yaml package gives", () => {
    const texts = [
      // A commented-out key at the end of a credential, then the next section or the end of the file.
      "credentials:\n  ci:\n    webhook: x\n    # secret: $S\nnotifications:\n  - credential: ci\n",
      "credentials:\n  ci:\n    app_key: k\n    # base_url: http://127.0.0.1:8090 # the emulator\n",
      "credentials:\n  ci:\n    webhook: x\n    # secret: $S\n    # keywords: [CI]\n\n  ops:\n    webhook: y\n",
      // More indented than the next line: the value before takes it.
      "a: b\n   # more indented comment\nc: d\n",
      "a:\n  b: 1 # t\n    # x\n\n  # y\nc: d\n",
      "a:\n  b: [1]\n    # x\nc: 1\n",
      "a:\n  b: { m: 1 }\n      # x\n",
      // Trailing comments of the innermost open collection, at their column, then a line further out.
      "a:\n  b:\n    c: 1\n    # x\n  # y\n# z\nd: 1\n",
      "a:\n  b:\n    c: 1\n  # y\n",
      "a:\n  - b: 1\n    # x\n  # y\nd: 1\n",
      "a:\n  - x\n  # y\n\n  # w\n\nd: 1\n",
      // A list at its key's column ends at the next key: comments at its column are its own.
      "a:\n  b:\n  - 1\n  # c\n\n  # e\n  d: x\n",
      // Before the next item: no range takes them.
      "a:\n  - b: 1\n  # y\n  - c: 2\n",
      "a:\n  - b: 1\n# y\n  # at the list's column after column 0\n  - c: 2\n",
      "a: 1\n# z\n",
    ];
    assert.deepEqual(texts.map(read), Array(texts.length).fill("plain"));
  });

  test("generated layouts: whatever the reader takes, it reads as the yaml package does", () => {
    // A fixed seed (mulberry32): the same 3,000 files every run. Maps, lists at and under their key's
    // column, flow values, | blocks, empty values and comment lines at every indent around them.
    let seed = 15;
    const rnd = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const sp = (n: number) => " ".repeat(n);
    const comments = (max: number) =>
      Array.from({ length: rnd(4) === 0 ? rnd(4) : 0 }, (_, i) =>
        rnd(4) === 0 ? "\n" : `${sp(rnd(max + 3))}# c${i}\n`,
      ).join("");
    const values = ["1", "x", "'q'", "[a, b]", "{ m: 1, p: 2 }", "~", "a b # t", "", "|"];
    const block = (col: number, depth: number): string => {
      const list = depth > 0 && rnd(3) === 0;
      let out = "";
      for (let i = 0, n = 1 + rnd(3); i < n; i++) {
        out += comments(col + 4);
        const lead = list ? `${sp(col)}- ` : `${sp(col)}k${i}:`;
        if (depth < 3 && rnd(3) === 0) {
          if (list) out += `${sp(col)}- k: 1\n${rnd(2) ? `${sp(col + 2)}j: 2\n` : ""}`;
          else out += `${lead}\n${block(col + 2 * (1 + rnd(2)) - (rnd(4) === 0 ? 2 : 0), depth + 1)}`;
        } else {
          let v = values[rnd(values.length)]!;
          if (v === "|") v = `|\n${sp(col + 2)}text\n${sp(col + 2)}more`;
          out += list ? `${lead}${v || "x"}\n` : `${lead}${v ? ` ${v}` : ""}\n`;
        }
      }
      return out;
    };
    const texts = Array.from({ length: 3000 }, () => block(0, 0) + comments(6));
    const taken = texts.map(read).filter((r) => r === "plain").length;
    assert.ok(taken > 1000, `${taken} of 3000 read by the plain reader`);
  });

  test("what it leaves to the full parser: outside the subset, or not YAML at all", () => {
    const full = [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: {b: [1]}\n",
      "a: {b: {c: 1}}\n",
      "a: {b: }\n",
      "a: {b}\n",
      "a: {b: 1, }\n",
      "a: {, b: 1}\n",
      "a: {b: 1,, c: 2}\n",
      "a: {b: 1, b: 2}\n",
      "a: [-]\n",
      "a: [x, -]\n",
      "a: [?]\n",
      "a: [x, ?]\n",
      "a: {b: -}\n",
      "a: {b: ?}\n",
      "a:\n  b:\n  - |\n    x\n  # c\n  d: 1\n",
      "a: {b:1}\n",
      "a: {b : 1}\n",
      "a: {b:c: 1}\n",
      "a: {'b': 1}\n",
      "a: {1: x}\n",
      "a: {__proto__: x}\n",
      "a: {b: 1\n",
      "a: {b: 1}}\n",
      "a: {b: 1} x\n",
      "a: {b: 1}# c\n",
      "a: {b: http://x}\n",
      "a: {? b: 1}\n",
      "a: {b: &x 1}\n",
      "a: {b: *x}\n",
      "a: [b,\n  c]\n",
      `a: [\${X}]\n`,
      "a: >\n  folded\n",
      "a: |+\n  keep\n\n",
      "a: |2\n   x\n",
      "a: |\n\n  leading blank\n",
      'a: "esc\\n"\n',
      "a: 'multi\n  line'\n",
      "a: plain\n  continued\n",
      "a:\n  b:\n  # under an empty value, at its column\n  d: 1\n",
      "a:\n  b: |\n    x\n   # after a | block\nc: d\n",
      "a:\n  b:\n    c: 1\n   # between two columns\nd: 1\n",
      "a:\n  b: 1\n  # x\n    # indents again\nc: d\n",
      "a:\n  b:\n  # comment under an empty value\n  d: 1\n",
      "a: b: c\n",
      "a: - b\n",
      "a: -\n",
      "a: 1\na: 2\n",
      "1: numeric key\n",
      "null: key\n",
      "true: key\n",
      '"quoted": key\n',
      "__proto__: x\n",
      "<<: x\n",
      "a : spaced\n",
      "? complex\n: key\n",
      "---\na: 1\n",
      "%YAML 1.2\n---\na: 1\n",
      "a: 1\n...\n",
      "a:\n\t- tab\n",
      "a: 1\r\nb: 2\r\n",
      "\ufeffa: 1\n",
      "a: 1",
      "",
      "# only a comment\n",
      "just a scalar\n",
      "- - nested\n",
      "  a: indented root\n",
      "a:\n    b: 1\n  c: 2\n",
      "a: 'x'y\n",
      "a: 'x'# c\n",
      "a: [x, , y]\n",
      "a: [x, y, ]\n",
      "a: [x] y\n",
      `a:\n${Array.from({ length: 40 }, (_, i) => `${" ".repeat(i + 2)}k${i}:`).join("\n")} x\n`,
    ];
    for (const t of full) assert.equal(read(t), "full", JSON.stringify(t));
  });

  test("the docs' example files are all read by the plain reader", () => {
    const docs = ["README.md", "docs/configuration.md"].map((f) =>
      readFileSync(new URL(`../../${f}`, import.meta.url), "utf8"),
    );
    const blocks = docs.flatMap((d) => [...d.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!));
    const files = blocks.filter((b) => /^credentials:/m.test(b));
    assert.ok(files.length >= 3, `${files.length} example files`);
    // `rate_limit: { messages: 10, per_seconds: 60 }` and commented-out keys (`# base_url: …`) included.
    assert.deepEqual(
      files.map(read),
      files.map(() => "plain"),
    );
    assert.ok(files.some((f) => /[{]\s*[a-z_]+:/.test(f)) && files.some((f) => /\n +# [a-z_]+:/.test(f)));
  });
});
