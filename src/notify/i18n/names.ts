/**
 * Reading the `locale` and `timezone` users write (.dingpipe.yml, the API, CLI flags): the canonical
 * name, or what is wrong with a did-you-mean. Shared by every place that accepts them, so the words
 * and the hints are the same everywhere. Pure.
 */
import { editDistance } from "../../pipeline/status.ts";
import { MESSAGE_LOCALES, type MessageLocale } from "./index.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; suggestion?: string };

/** Words people write for the two locales (case-insensitive, `_` or `-`). */
const LOCALE_WORDS: ReadonlyArray<readonly [string, MessageLocale]> = [
  ["zh", "zh-CN"],
  ["cn", "zh-CN"],
  ["zh-hans", "zh-CN"],
  ["zh-hans-cn", "zh-CN"],
  ["zh-sg", "zh-CN"],
  ["zh-tw", "zh-CN"],
  ["zh-hk", "zh-CN"],
  ["zh-hant", "zh-CN"],
  ["chinese", "zh-CN"],
  ["中文", "zh-CN"],
  ["简体中文", "zh-CN"],
  ["en-us", "en"],
  ["en-gb", "en"],
  ["english", "en"],
  ["英文", "en"],
];

/** `zh-CN` or `en` (case and `_` forgiven: "zh_cn", "EN"); else an error naming the closest. */
export function parseLocale(word: string): Parsed<MessageLocale> {
  const w = word.trim().replace(/_/g, "-").toLowerCase();
  const exact = MESSAGE_LOCALES.find((l) => l.toLowerCase() === w);
  if (exact) return { ok: true, value: exact };
  const close =
    LOCALE_WORDS.find(([alias]) => alias === w)?.[1] ??
    MESSAGE_LOCALES.find((l) => editDistance(l.toLowerCase(), w) <= 1);
  return {
    ok: false,
    message: `unknown locale '${word}'${close ? ` — did you mean '${close}'?` : ""}`,
    ...(close ? { suggestion: close } : {}),
  };
}

let zones: string[] | undefined;
/** Every IANA zone this runtime knows, and UTC. */
function knownZones(): string[] {
  zones ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
  return zones;
}

/** Names people write for China Standard Time that are no IANA zone. */
const CHINA = new Set(["beijing", "北京", "北京时间", "china", "中国", "cst", "prc", "shanghai", "上海"]);

/** The IANA zone closest to a wrong name: a city ("Tokyo"), a misspelling, an offset, a local name. */
function closestZone(word: string): string | undefined {
  const w = word.trim();
  const lower = w.toLowerCase();
  if (CHINA.has(lower)) return "Asia/Shanghai";
  const offset = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(w);
  if (offset) {
    const hours = Number(offset[2]);
    if (offset[1] === "+" && hours === 8 && !offset[3]) return "Asia/Shanghai";
    // Etc/GMT zones count the other way round: UTC+9 is Etc/GMT-9.
    if (!offset[3] || offset[3] === "00") return `Etc/GMT${offset[1] === "+" ? "-" : "+"}${hours}`;
    return undefined;
  }
  const city = lower.replace(/\s+/g, "_");
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const zone of knownZones()) {
    const z = zone.toLowerCase();
    const last = z.slice(z.lastIndexOf("/") + 1);
    const d = Math.min(editDistance(lower, z), editDistance(city, last));
    if (d < bestDistance) {
      bestDistance = d;
      best = zone;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(lower.length / 4)) ? best : undefined;
}

/**
 * A zone Intl knows, as its canonical name ("asia/shanghai" → "Asia/Shanghai"); else an error with the
 * closest. Abbreviations are refused even where Intl knows one: "CST" is China Standard Time to a
 * Chinese team and America/Chicago to Intl.
 */
export function parseTimeZone(word: string): Parsed<string> {
  const w = word.trim();
  if (w !== "" && !w.includes("/") && !/^(utc|gmt|etc\/.*)$/i.test(w)) {
    let meant: string | undefined = CHINA.has(w.toLowerCase()) ? "Asia/Shanghai" : undefined;
    try {
      meant ??= new Intl.DateTimeFormat("en-US", { timeZone: w }).resolvedOptions().timeZone;
    } catch {
      meant ??= closestZone(w);
    }
    if (meant !== undefined && /^[+-]/.test(meant)) meant = closestZone(w);
    return {
      ok: false,
      message: `'${word}' is not an IANA time zone name${meant ? ` — did you mean '${meant}'?` : ""}`,
      ...(meant ? { suggestion: meant } : {}),
    };
  }
  if (w !== "") {
    try {
      const canonical = new Intl.DateTimeFormat("en-US", { timeZone: w }).resolvedOptions().timeZone;
      // Offsets such as "+08:00" are accepted by Intl but are no zone users can look up: ask for a name.
      if (!/^[+-]/.test(canonical)) return { ok: true, value: canonical };
    } catch {
      // not a zone: look for the closest below
    }
  }
  const close = closestZone(w);
  return {
    ok: false,
    message: `unknown time zone '${word}'${close ? ` — did you mean '${close}'?` : ""}`,
    ...(close ? { suggestion: close } : {}),
  };
}

/** What to write instead, for an error's fix. */
export const LOCALE_FIX = `write one of ${MESSAGE_LOCALES.join(", ")} (zh-CN is the default)`;
export const TIMEZONE_FIX =
  "write an IANA time zone name such as Asia/Shanghai, Asia/Hong_Kong, Asia/Tokyo, Europe/Berlin or UTC";
