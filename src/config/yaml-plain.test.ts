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
  if (isMap(n)) return { map: n.range, items: n.items.map((p) => [shape(p.key), shape(p.value)]) };
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

  test("what it leaves to the full parser: outside the subset, or not YAML at all", () => {
    const full = [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: {b: 1}\n",
      "a: [b,\n  c]\n",
      `a: [\${X}]\n`,
      "a: >\n  folded\n",
      "a: |+\n  keep\n\n",
      "a: |2\n   x\n",
      "a: |\n\n  leading blank\n",
      'a: "esc\\n"\n',
      "a: 'multi\n  line'\n",
      "a: plain\n  continued\n",
      "a: b\n   # more indented comment\nc: d\n",
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

  test("the docs' example files are read by the plain reader, but for what it leaves", () => {
    const docs = ["README.md", "docs/configuration.md"].map((f) =>
      readFileSync(new URL(`../../${f}`, import.meta.url), "utf8"),
    );
    const blocks = docs.flatMap((d) => [...d.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!));
    const files = blocks.filter((b) => /^credentials:/m.test(b));
    assert.ok(files.length >= 3, `${files.length} example files`);
    // Left to the full parser: a `{ }` map (`rate_limit: { messages: 10, per_seconds: 60 }`), and a
    // commented-out key more indented than the line after it (the yaml package counts it into ranges).
    const outside = (f: string) => /[{]\s*[a-z_]+:/.test(f) || /\n( +)#.*\n(?!\1)/.test(`${f}\n`);
    assert.deepEqual(
      files.map(read),
      files.map((f) => (outside(f) ? "full" : "plain")),
    );
    assert.ok(files.filter((f) => !outside(f)).length >= 2);
  });
});
