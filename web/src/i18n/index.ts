/**
 * The console's languages: one catalogue per locale (en.ts is the reference, zh-CN.ts must have the
 * same keys with the same parameters — TypeScript checks it, a unit test checks it again at run time),
 * `t(key, ...params)` for the current locale, the choice of locale (remembered, else the browser's
 * languages), and dates, numbers and durations formatted with Intl for that locale.
 */
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type Catalog = typeof en;
export type Key = keyof Catalog;
/** The parameters a key's entry takes: none for a plain string. */
export type Params<K extends Key> = Catalog[K] extends (...args: infer A) => string ? A : [];

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const CATALOGS: Record<Locale, Catalog> = { "zh-CN": zhCN, en };
/** Each language's own name, shown in the switch whatever the current language is. */
export const LOCALE_NAMES: Record<Locale, string> = { "zh-CN": "简体中文", en: "English" };

const STORAGE_KEY = "dingpipe.locale";

/** The console's locale for a remembered choice and the browser's languages (most preferred first). */
export function pickLocale(stored: string | null | undefined, languages: readonly string[]): Locale {
  if (stored === "zh-CN" || stored === "en") return stored;
  for (const lang of languages) {
    const l = lang.toLowerCase();
    // Every Chinese variant reads Simplified Chinese better than English.
    if (l === "zh" || l.startsWith("zh-")) return "zh-CN";
    if (l === "en" || l.startsWith("en-")) return "en";
  }
  return "en";
}

/** `key` in `locale`, its parameters filled in. Pure: for tests and pure helpers. */
export function tIn<K extends Key>(locale: Locale, key: K, ...params: Params<K>): string {
  const entry = CATALOGS[locale][key] as string | ((...a: unknown[]) => string);
  return typeof entry === "function" ? entry(...params) : entry;
}

let current: Locale = "en";
const listeners = new Set<() => void>();

export function locale(): Locale {
  return current;
}

/** `key` in the current locale. */
export function t<K extends Key>(key: K, ...params: Params<K>): string {
  return tIn(current, key, ...params);
}

/** Sets the locale at start: the remembered choice, else the browser's languages. Sets `<html lang>`. */
export function initLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled; the browser's languages still decide.
  }
  current = pickLocale(stored, navigator.languages ?? [navigator.language]);
  document.documentElement.lang = current;
  return current;
}

/** The user's choice: remembered, applied to `<html lang>`, and every listener redraws. */
export function setLocale(next: Locale): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but applied.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): void {
  listeners.add(listener);
}

/** "2026年11月23日 16:03:05" / "Nov 23, 2026, 04:03:05 PM": the browser's time zone, the locale's way. */
export function formatTime(iso: string | undefined, loc: Locale = current): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(loc, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** "14:05": the browser's time zone, the locale's way (when a robot may send again). */
export function formatClock(iso: string, loc: Locale = current): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleTimeString(loc, { hour: "2-digit", minute: "2-digit" });
}

export function formatNumber(n: number, loc: Locale = current): string {
  return new Intl.NumberFormat(loc).format(n);
}

/** "850 ms" / "850毫秒". */
export function formatMs(ms: number, loc: Locale = current): string {
  return new Intl.NumberFormat(loc, { style: "unit", unit: "millisecond", unitDisplay: "short" }).format(ms);
}

/**
 * A catalogue text with inline markup: `<x>…</x>` pieces become what `parts.x(inner)` returns, the rest
 * stays text ("还没有机器人：请先<link>添加一个</link>。"). Never parses HTML: only the named tags.
 */
export function rich(text: string, parts: Record<string, (inner: string) => Node>): Array<Node | string> {
  const out: Array<Node | string> = [];
  const re = /<([a-z]+)>(.*?)<\/\1>/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const make = parts[m[1]!];
    if (!make) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(make(m[2]!));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
