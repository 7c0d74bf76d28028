/**
 * Relative times for lists ("3 min ago", "3分钟前"): pure, for a given `now`, with Intl.RelativeTimeFormat
 * in the console's locale. The exact time stays one hover away (`<time title>`), see ui.ts `when`.
 */
const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
];

/** "just now" under 10 s, then seconds, minutes, hours, days, months, years — in the past or the future. */
export function relativeTime(iso: string, now: number, locale: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  let value = (t - now) / 1000;
  if (Math.abs(value) < 10) return rtf.format(0, "second");
  for (const [unit, size] of UNITS) {
    if (Math.abs(value) < size) return rtf.format(Math.trunc(value), unit);
    value /= size;
  }
  return rtf.format(Math.trunc(value), "year");
}
