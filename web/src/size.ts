/** The body-size counter of the live preview: "1,234 / 20,000 bytes", coloured as it nears the limit. */
export type SizeLevel = "ok" | "warn" | "over";

/** "warn" from 80 % of the limit, "over" past it. */
export function sizeLevel(bytes: number, maxBytes: number): SizeLevel {
  if (bytes > maxBytes) return "over";
  if (bytes >= maxBytes * 0.8) return "warn";
  return "ok";
}

export function formatBytes(bytes: number, maxBytes: number): string {
  const f = new Intl.NumberFormat("en-US");
  return `${f.format(bytes)} / ${f.format(maxBytes)} bytes`;
}
