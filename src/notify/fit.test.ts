import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TRUNCATED } from "../dingtalk/fit.ts";
import { fitSegments, jsonBytes, type Segment, shrinkBody } from "./fit.ts";

/** The oracle: UTF-8 bytes of the text as a JSON string, counted by TextEncoder, not by fit.ts. */
const encoder = new TextEncoder();
const measure = (text: string) => encoder.encode(JSON.stringify(text)).length;

describe("fit", () => {
  it("counts JSON bytes: escapes and multi-byte characters", () => {
    assert.equal(jsonBytes("ab"), 2);
    assert.equal(jsonBytes("a\nb"), 4);
    assert.equal(jsonBytes("长"), 3);
    assert.equal(jsonBytes('"'), 2);
    for (const t of ["长😀", "\u0001 \\ \u2028", "a\tb"]) assert.equal(jsonBytes(t), measure(t) - 2, t);
  });

  it("drops whole lines first, from the end or from the start", () => {
    const body = ["one", "two", "three", "four"].join("\n");
    assert.equal(shrinkBody({ sep: "", head: "", body, shrink: "end" }, 22), `one\ntwo\n${TRUNCATED}`);
    assert.equal(shrinkBody({ sep: "", head: "", body, shrink: "start" }, 25), `${TRUNCATED}\nthree\nfour`);
  });

  it("cuts characters of a last line, keeping its prefix", () => {
    const s: Segment = {
      sep: "",
      head: "",
      body: `> ${"长".repeat(100)}`,
      shrink: "start",
      linePrefix: "> ",
    };
    const out = shrinkBody(s, 60);
    assert.ok(measure(out) - 2 <= 60, out);
    assert.match(out, /^> …truncated 长+$/);
  });

  it("leaves fixed segments whole and fits when it can", () => {
    const segments: Segment[] = [
      { sep: "", head: "HEAD", body: "" },
      { sep: "\n\n", head: "", body: "x".repeat(5000), shrink: "end" },
      { sep: "\n\n", head: "", body: "y\n".repeat(3000).trim(), shrink: "start" },
      { sep: "\n\n", head: "@13800000000", body: "" },
    ];
    const r = fitSegments(segments, measure, 1000);
    assert.ok(measure(r.text) <= 1000);
    assert.equal(r.truncated, true);
    assert.match(r.text, /^HEAD\n\n/);
    assert.match(r.text, /\n\n@13800000000$/);
    // both long parts share the cut
    assert.match(r.text, /x{100}/);
    assert.match(r.text, /(y\n){50}/);
  });

  it("gives up gracefully when the fixed parts alone are too big", () => {
    const r = fitSegments([{ sep: "", head: "h".repeat(100), body: "" }], measure, 10);
    assert.equal(r.text, "h".repeat(100));
    assert.equal(r.truncated, false);
  });
});
