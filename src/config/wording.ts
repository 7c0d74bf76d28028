/**
 * `locale` and `timezone` — at the top of `.dingpipe.yml` (every notification's default) and per
 * notification: checked with did-you-mean (`zh` → zh-CN, `Asia/Shangai` → Asia/Shanghai, `UTC+8` →
 * Asia/Shanghai, `CST` refused as an abbreviation) and written canonically.
 */
import type { MessageLocale } from "../notify/i18n/index.ts";
import { LOCALE_FIX, parseLocale, parseTimeZone, TIMEZONE_FIX } from "../notify/i18n/names.ts";
import type { Report } from "./diagnostic.ts";
import type { Text } from "./shape.ts";

export interface Wording {
  locale?: MessageLocale;
  timezone?: string;
}

/** The locale and zone written (`where`: "" for the top level, "notification #2"); errors reported. */
export function checkWording(
  raw: { locale?: Text | undefined; timezone?: Text | undefined },
  where: string,
  report: Report,
): Wording {
  const out: Wording = {};
  const of = where === "" ? "" : ` of ${where}`;
  if (raw.locale) {
    const parsed = parseLocale(raw.locale.value);
    if (parsed.ok) out.locale = parsed.value;
    else
      report.error(
        raw.locale.node,
        `locale${of}: ${parsed.message}`,
        parsed.suggestion ? `write locale: ${parsed.suggestion}` : LOCALE_FIX,
      );
  }
  if (raw.timezone) {
    const parsed = parseTimeZone(raw.timezone.value);
    if (parsed.ok) out.timezone = parsed.value;
    else
      report.error(
        raw.timezone.node,
        `timezone${of}: ${parsed.message}`,
        parsed.suggestion ? `write timezone: ${parsed.suggestion} (${TIMEZONE_FIX})` : TIMEZONE_FIX,
      );
  }
  return out;
}
