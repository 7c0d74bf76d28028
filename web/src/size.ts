/** The body-size counter of the live preview: "1,234 / 20,000 bytes", coloured as it nears the limit. */
import { formatNumber, type Locale, tIn } from "./i18n/index.ts";

export type SizeLevel = "ok" | "warn" | "over";

/** "warn" from 80 % of the limit, "over" past it. */
export function sizeLevel(bytes: number, maxBytes: number): SizeLevel {
  if (bytes > maxBytes) return "over";
  if (bytes >= maxBytes * 0.8) return "warn";
  return "ok";
}

/** "1,234 / 20,000 bytes", "1,234 / 20,000 字节": numbers and words of `locale`. */
export function formatBytes(bytes: number, maxBytes: number, locale: Locale = "en"): string {
  return tIn(locale, "preview.bytes", formatNumber(bytes, locale), formatNumber(maxBytes, locale));
}
