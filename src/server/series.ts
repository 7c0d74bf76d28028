/**
 * dingpipe's own metric series — counters, histograms and gauges by label — kept as plain numbers and
 * written in the Prometheus text format (0.0.4) at scrape time. Written here rather than taken from
 * prom-client because keeping a count must not load a library: an idle service, and one nobody scrapes,
 * never loads prom-client (≈3 MB of RSS); it comes in at the first scrape, for the process and Node.js
 * metrics only (metrics.ts). A series' labels print in name order whatever order a caller wrote them in,
 * labels a series was not given are left out, and label values and help texts are escaped as the format
 * says.
 */

export type Labels = Record<string, string>;

/** The characters a label value escapes. */
const SPECIAL = /[\\\n"]/;

/** A label value or help text as the text format writes it. */
function escapeText(text: string, quote: boolean): string {
  let out = text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
  if (quote) out = out.replaceAll('"', '\\"');
  return out;
}

/** A number as Prometheus reads it (Go's ParseFloat): +Inf, -Inf, NaN. */
function num(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

abstract class Family<S> {
  protected readonly series = new Map<string, S>();
  /** The label names, in order: the series key is its label pairs in this order. */
  private readonly names: string[];
  readonly name: string;
  private readonly help: string;
  private readonly type: "counter" | "gauge" | "histogram";
  constructor(name: string, help: string, type: "counter" | "gauge" | "histogram", labelNames: string[]) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.names = [...labelNames].sort();
  }

  /** `a="x",b="y"`: the labels given, in name order, escaped; the series' key too. */
  protected pairs(labels: Labels | undefined): string {
    if (labels === undefined) return "";
    let out = "";
    for (const name of this.names) {
      const value = labels[name];
      if (value === undefined) continue;
      if (out !== "") out += ",";
      // Most values need no escape: test for one before rewriting (this runs for every count).
      out += `${name}="${SPECIAL.test(value) ? escapeText(value, true) : value}"`;
    }
    return out;
  }

  protected head(): string {
    return `# HELP ${this.name} ${escapeText(this.help, false)}\n# TYPE ${this.name} ${this.type}\n`;
  }

  reset(): void {
    this.series.clear();
  }

  abstract render(): string;
}

/** A family whose series are one number each (counters and gauges): one line per series. */
abstract class ValueFamily extends Family<{ value: number }> {
  render(): string {
    let out = this.head();
    for (const [key, s] of this.series)
      out += `${this.name}${key === "" ? "" : `{${key}}`} ${num(s.value)}\n`;
    return out;
  }
}

export class CounterFamily extends ValueFamily {
  constructor(name: string, help: string, labelNames: string[]) {
    super(name, help, "counter", labelNames);
    if (labelNames.length === 0) this.series.set("", { value: 0 });
  }

  inc(labels?: Labels, by = 1): void {
    const key = this.pairs(labels);
    const s = this.series.get(key);
    if (s === undefined) this.series.set(key, { value: by });
    else s.value += by;
  }
}

export class GaugeFamily extends ValueFamily {
  constructor(name: string, help: string, labelNames: string[]) {
    super(name, help, "gauge", labelNames);
  }

  set(labels: Labels | undefined, value: number): void {
    this.series.set(this.pairs(labels), { value });
  }
}

interface Buckets {
  /** Observations per bucket (not cumulative); the last is above the highest bound (+Inf). */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

export class HistogramFamily extends Family<Buckets> {
  private readonly bounds: number[];
  constructor(name: string, help: string, labelNames: string[], buckets: number[]) {
    super(name, help, "histogram", labelNames);
    this.bounds = [...buckets].sort((a, b) => a - b);
    if (labelNames.length === 0) this.series.set("", this.empty());
  }

  private empty(): Buckets {
    return { counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
  }

  observe(value: number, labels?: Labels): void {
    const key = this.pairs(labels);
    let s = this.series.get(key);
    if (s === undefined) {
      s = this.empty();
      this.series.set(key, s);
    }
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i++;
    s.counts[i]! += 1;
    s.sum += value;
    s.count += 1;
  }

  render(): string {
    let out = this.head();
    for (const [key, s] of this.series) {
      const rest = key === "" ? "" : `,${key}`;
      let acc = 0;
      for (let i = 0; i <= this.bounds.length; i++) {
        acc += s.counts[i]!;
        const le = i < this.bounds.length ? num(this.bounds[i]!) : "+Inf";
        out += `${this.name}_bucket{le="${le}"${rest}} ${acc}\n`;
      }
      const labels = key === "" ? "" : `{${key}}`;
      out += `${this.name}_sum${labels} ${num(s.sum)}\n${this.name}_count${labels} ${s.count}\n`;
    }
    return out;
  }
}
