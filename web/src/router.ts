/** Hash routes: "#/robots/ci-group" → { section: "robots", rest: ["ci-group"] }. Pure, unit-tested. */
export interface Route {
  section: string;
  rest: string[];
}

export const SECTIONS = ["robots", "notifications", "deliveries"] as const;

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
