import assert from "node:assert/strict";
import { test } from "node:test";
import { CounterFamily, GaugeFamily, HistogramFamily } from "./series.ts";

test("label values and help are escaped as the text format says; labels print in name order, absent ones left out", () => {
  const c = new CounterFamily("x_total", 'Help with a \\ backslash\nand a "quote".', ["b", "a", "c"]);
  c.inc({ b: 'say "hi"\\now\nthen', a: "1" }, 2);
  c.inc({ a: "1", b: 'say "hi"\\now\nthen' });
  assert.equal(
    c.render(),
    '# HELP x_total Help with a \\\\ backslash\\nand a "quote".\n# TYPE x_total counter\n' +
      'x_total{a="1",b="say \\"hi\\"\\\\now\\nthen"} 3\n',
  );
});

test("a counter without labels reads 0 before its first increment; a gauge prints what was set last", () => {
  assert.equal(
    new CounterFamily("n_total", "n", []).render(),
    "# HELP n_total n\n# TYPE n_total counter\nn_total 0\n",
  );
  const g = new GaugeFamily("g", "g", ["s"]);
  g.set({ s: "a" }, 4);
  g.set({ s: "a" }, Number.NaN);
  g.set({ s: "b" }, Number.POSITIVE_INFINITY);
  assert.match(g.render(), /^g\{s="a"\} NaN\ng\{s="b"\} \+Inf\n$/m);
  g.reset();
  assert.equal(g.render(), "# HELP g g\n# TYPE g gauge\n");
});

test("histogram buckets are cumulative, le first, a value on a bound counts in that bucket, +Inf holds all", () => {
  const h = new HistogramFamily("d_seconds", "d", ["route"], [1, 0.5]);
  for (const v of [0.5, 0.7, 1, 3]) h.observe(v, { route: "/x" });
  assert.equal(
    h.render(),
    "# HELP d_seconds d\n# TYPE d_seconds histogram\n" +
      'd_seconds_bucket{le="0.5",route="/x"} 1\n' +
      'd_seconds_bucket{le="1",route="/x"} 3\n' +
      'd_seconds_bucket{le="+Inf",route="/x"} 4\n' +
      'd_seconds_sum{route="/x"} 5.2\n' +
      'd_seconds_count{route="/x"} 4\n',
  );
  assert.match(
    new HistogramFamily("e", "e", [], [1]).render(),
    /^e_bucket\{le="\+Inf"\} 0\ne_sum 0\ne_count 0\n$/m,
  );
});
