/** Hash routes: "#/robots/ci-group" → { section: "robots", rest: ["ci-group"] }. Pure, unit-tested. */
export interface Route {
  section: string;
  rest: string[];
}

export const SECTIONS = ["robots", "notifications", "events", "deliveries", "tokens"] as const;

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, "").split("?")[0] ?? "";
  const parts = path
    .split("/")
    .filter((p) => p !== "")
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [section = "", ...rest] = parts;
  return { section, rest };
}

export function routeHash(section: string, ...rest: string[]): string {
  return `#/${[section, ...rest].map(encodeURIComponent).join("/")}`;
}

/** The query after a hash route: "#/events?status=failure" → {status: "failure"}; empty values dropped. */
export function hashQuery(hash: string): Record<string, string> {
  const i = hash.indexOf("?");
  const out: Record<string, string> = {};
  if (i < 0) return out;
  for (const [k, v] of new URLSearchParams(hash.slice(i + 1))) if (v !== "") out[k] = v;
  return out;
}

/** "#/events?status=failure&pipeline=web-*": a route with its filters, empty ones left out, keys sorted. */
export function hashWithQuery(hash: string, query: Record<string, string | undefined>): string {
  const base = hash.split("?")[0] ?? "";
  const q = new URLSearchParams();
  for (const k of Object.keys(query).sort()) {
    const v = query[k];
    if (v !== undefined && v !== "") q.set(k, v);
  }
  const qs = q.toString();
  return qs ? `${base}?${qs}` : base;
}
