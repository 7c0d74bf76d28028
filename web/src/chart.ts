/**
 * The deliveries-over-time chart: stacked bars per time bucket, one colour per outcome, drawn as
 * inline SVG. `layoutBars` is the pure geometry (unit-tested); `deliveriesChart` draws it.
 */
import { h, svg } from "./dom.ts";
import { stateKey } from "./i18n/en.ts";
import { formatNumber, locale, t } from "./i18n/index.ts";
import type { DeliveryState, TimelineBucket } from "./types.ts";

/** Bottom to top. */
export const CHART_STATES: readonly DeliveryState[] = ["sent", "merged", "sending", "pending", "dead"];

export interface Segment {
  state: DeliveryState;
  count: number;
  y: number;
  height: number;
}
export interface Bar {
  start: string;
  x: number;
  width: number;
  total: number;
  segments: Segment[];
}

export interface ChartBox {
  width: number;
  height: number;
  /** Space kept for axis labels. */
  left: number;
  bottom: number;
}

/** A "nice" axis maximum ≥ value: 1, 2, 5 × 10^n. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

export function layoutBars(buckets: readonly TimelineBucket[], box: ChartBox): { bars: Bar[]; max: number } {
  const totals = buckets.map((b) => CHART_STATES.reduce((sum, s) => sum + (b.counts[s] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = box.width - box.left;
  const plotH = box.height - box.bottom;
  const slot = buckets.length > 0 ? plotW / buckets.length : plotW;
  const barW = Math.max(1, slot * 0.8);
  const bars = buckets.map((b, i) => {
    let y = plotH;
    const segments: Segment[] = [];
    for (const state of CHART_STATES) {
      const count = b.counts[state] ?? 0;
      if (count <= 0) continue;
      const height = (count / max) * plotH;
      y -= height;
      segments.push({ state, count, y, height });
    }
    return {
      start: b.start,
      x: box.left + i * slot + (slot - barW) / 2,
      width: barW,
      total: totals[i] ?? 0,
      segments,
    };
  });
  return { bars, max };
}

/** The browser's time zone as the axis names it: "Asia/Shanghai, UTC+8" ("UTC" alone when it is UTC). */
export function zoneLabel(
  at: Date = new Date(),
  zone = Intl.DateTimeFormat().resolvedOptions().timeZone,
): string {
  const minutes = -at.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const offset = `UTC${sign}${Math.floor(abs / 60)}${abs % 60 === 0 ? "" : `:${String(abs % 60).padStart(2, "0")}`}`;
  if (minutes === 0 && (zone === "UTC" || zone === "Etc/UTC" || zone === undefined)) return "UTC";
  return zone ? `${zone}, ${offset}` : offset;
}

/** The bucket's length in words ("5 min", "hour", "day"), for the y axis' unit. */
function bucketWords(bucketSeconds: number): string {
  if (bucketSeconds % 86_400 === 0) return t("chart.perDay", bucketSeconds / 86_400);
  if (bucketSeconds % 3_600 === 0) return t("chart.perHour", bucketSeconds / 3_600);
  return t("chart.perMinutes", Math.round(bucketSeconds / 60));
}

function shortTime(iso: string, bucketSeconds: number): string {
  const d = new Date(iso);
  return bucketSeconds >= 86_400
    ? d.toLocaleDateString(locale(), { month: "short", day: "numeric" })
    : d.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });
}

/** `width`: the drawing's width in CSS pixels (the figure scales it to fit, text keeps about its size). */
export function deliveriesChart(
  buckets: readonly TimelineBucket[],
  bucketSeconds: number,
  width = 600,
): HTMLElement {
  // Room on the left for the y axis' title and ticks, below for the time labels and the x axis' title.
  const box: ChartBox = { width: Math.round(width), height: 236, left: 52, bottom: 40 };
  const { bars, max } = layoutBars(buckets, box);
  const totals = Object.fromEntries(
    CHART_STATES.map((s) => [s, buckets.reduce((sum, b) => sum + (b.counts[s] ?? 0), 0)]),
  ) as Record<DeliveryState, number>;
  const word = (s: DeliveryState) => t(stateKey(s));
  const summary = CHART_STATES.map((s) => t("chart.count", totals[s], word(s))).join(t("ui.listSeparator"));
  const plotH = box.height - box.bottom;
  const labelEvery = Math.max(
    1,
    Math.ceil(bars.length / Math.max(2, Math.floor((box.width - box.left) / 110))),
  );
  const yTitle = t("chart.yAxis", bucketWords(bucketSeconds));
  const xTitle = t("chart.xAxis", zoneLabel());
  const mid = max / 2;
  const chart = svg(
    "svg",
    {
      // 8 units above the plot and 6 below the x axis' title: glyphs rise above and fall below their
      // baseline by as much as the font says (a font with tall ascenders put the top tick outside).
      viewBox: `0 -8 ${box.width} ${box.height + 14}`,
      role: "img",
      "aria-labelledby": "chart-title chart-desc chart-axis-y chart-axis-x",
      class: "chart",
    },
    svg("title", { id: "chart-title" }, t("chart.title")),
    svg("desc", { id: "chart-desc" }, t("chart.desc", bars.length, summary)),
    svg("line", { x1: box.left, x2: box.width, y1: plotH, y2: plotH, class: "axis" }),
    svg("line", { x1: box.left, x2: box.left, y1: 0, y2: plotH, class: "axis" }),
    svg("line", { x1: box.left, x2: box.width, y1: 0.5, y2: 0.5, class: "grid" }),
    Number.isInteger(mid)
      ? svg("line", { x1: box.left, x2: box.width, y1: plotH / 2, y2: plotH / 2, class: "grid" })
      : null,
    svg("text", { x: box.left - 4, y: 10, "text-anchor": "end", class: "tick" }, formatNumber(max)),
    Number.isInteger(mid)
      ? svg(
          "text",
          { x: box.left - 4, y: plotH / 2 + 4, "text-anchor": "end", class: "tick" },
          formatNumber(mid),
        )
      : null,
    svg("text", { x: box.left - 4, y: plotH, "text-anchor": "end", class: "tick" }, "0"),
    // Axis titles: what is counted per bucket (y) and the time zone the times are in (x).
    svg(
      "text",
      {
        x: 0,
        y: 0,
        transform: `translate(12 ${plotH / 2}) rotate(-90)`,
        "text-anchor": "middle",
        class: "axis-title",
        id: "chart-axis-y",
        "data-axis": "y",
      },
      yTitle,
    ),
    svg(
      "text",
      {
        x: box.left + (box.width - box.left) / 2,
        y: box.height - 2,
        "text-anchor": "middle",
        class: "axis-title",
        id: "chart-axis-x",
        "data-axis": "x",
      },
      xTitle,
    ),
    bars.map((bar, i) =>
      svg(
        "g",
        null,
        bar.segments.map((s) =>
          svg(
            "rect",
            { x: bar.x, y: s.y, width: bar.width, height: s.height, class: `seg state-${s.state}` },
            svg("title", null, t("chart.bar", shortTime(bar.start, bucketSeconds), s.count, word(s.state))),
          ),
        ),
        i % labelEvery === 0
          ? svg(
              "text",
              // The last label ends at its bar's right edge so it is never clipped by the frame.
              i === bars.length - 1
                ? { x: bar.x + bar.width, y: plotH + 15, "text-anchor": "end", class: "tick" }
                : { x: bar.x + bar.width / 2, y: plotH + 15, "text-anchor": "middle", class: "tick" },
              shortTime(bar.start, bucketSeconds),
            )
          : null,
      ),
    ),
  );
  return h(
    "figure",
    { class: "chart-figure" },
    chart,
    h(
      "figcaption",
      { class: "legend" },
      CHART_STATES.map((s) =>
        h(
          "span",
          { class: "legend-item" },
          h("span", { class: `swatch state-${s}`, "aria-hidden": "true" }),
          t("chart.legend", word(s), totals[s]),
        ),
      ),
    ),
  );
}
