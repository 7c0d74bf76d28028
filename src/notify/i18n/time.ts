/**
 * Times and durations in messages. Times are shown in a time zone (an IANA name such as
 * "Asia/Shanghai"; by default the process's TZ, else the system's) as "2026-11-23 08:03:05" or
 * "08:03", and written with their zone where a reader could not know it: "08:03 (UTC+8)". The zone's
 * offset is the one in force at that instant (daylight saving included). Pure apart from the default
 * zone, which reads the environment it is given.
 */
import type { MessageLocale } from "./index.ts";
import { MESSAGE_CATALOGS } from "./index.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(timeZone: string, at: Date): Record<string, string> {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    });
    formats.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/**
 * Zones already found known. Making a DateTimeFormat costs ICU ~0.1–1 ms and native memory until a GC
 * finalizes it, and every message composed without a zone of its own asks (defaultTimeZone): a known
 * name is kept (bounded, since Intl also takes other spellings of a name).
 */
const knownZones = new Set<string>();

/** Whether Intl knows the zone ("Asia/Shanghai", "UTC", "Etc/GMT-8"). */
export function isTimeZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
  } catch {
    return false;
  }
  if (knownZones.size < 1000) knownZones.add(name);
  return true;
}

let system: { tz: string | undefined; zone: string | undefined } | undefined;
/** ICU's default zone, asked again only when TZ changes (Node resets ICU's default zone then). */
function systemZone(): string | undefined {
  const tz = process.env["TZ"];
  if (system === undefined || system.tz !== tz)
    system = { tz, zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return system.zone;
}

/**
 * The zone messages use when none is configured: the process's TZ when it names a zone (":Asia/Shanghai"
 * and ".../zoneinfo/Asia/Shanghai" as the C library accepts them), else the system's, else UTC.
 */
export function defaultTimeZone(
  env: Readonly<Record<string, string | undefined>> = process.env,
  system: () => string | undefined = systemZone,
): string {
  const tz = env["TZ"]
    ?.trim()
    .replace(/^:/, "")
    .replace(/^.*\/zoneinfo\//, "");
  if (tz && isTimeZone(tz)) return tz;
  const sys = system();
  return sys && isTimeZone(sys) ? sys : "UTC";
}

/** Minutes east of UTC in `timeZone` at that instant (480 for Asia/Shanghai). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(parts(timeZone, at)["timeZoneName"] ?? "GMT");
  if (!m || m[1] === undefined) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}

/** "UTC+8", "UTC-3:30", "UTC": the zone's offset at that instant. */
export function zoneLabel(timeZone: string, at: Date): string {
  const offset = offsetMinutes(timeZone, at);
  if (offset === 0) return "UTC";
  const abs = Math.abs(offset);
  const minutes = abs % 60;
  return `UTC${offset > 0 ? "+" : "-"}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
}

function instant(iso: string): Date | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** "2026-11-23 08:03:05" in `timeZone`; undefined for an unparsable timestamp. */
export function dateTime(iso: string, timeZone: string): string | undefined {
  const at = instant(iso);
  if (!at) return undefined;
  const p = parts(timeZone, at);
  return `${p["year"]}-${p["month"]}-${p["day"]} ${p["hour"]}:${p["minute"]}:${p["second"]}`;
}

/** "08:03" in `timeZone`; undefined for an unparsable timestamp. */
export function clockTime(iso: string, timeZone: string): string | undefined {
  const at = instant(iso);
  if (!at) return undefined;
  const p = parts(timeZone, at);
  return `${p["hour"]}:${p["minute"]}`;
}

/** A time written with its zone: "08:03 (UTC+8)". `iso` is the instant (for the offset in force then). */
export function withZone(text: string, iso: string, timeZone: string): string {
  const at = instant(iso);
  return at ? `${text} (${zoneLabel(timeZone, at)})` : text;
}

/** "1h 02m 03s" / "1小时02分03秒", "3m 05s", "42s", "< 1s"; undefined for negative or non-finite. */
export function formatDuration(ms: number, locale: MessageLocale): string | undefined {
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const c = MESSAGE_CATALOGS[locale];
  if (ms < 1000) return c["duration.subSecond"];
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return c["duration.hms"]({ h, m: pad(m), s: pad(s) });
  if (m > 0) return c["duration.ms"]({ m, s: pad(s) });
  return c["duration.s"]({ s });
}
