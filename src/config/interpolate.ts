/**
 * `${NAME}` and `${NAME:-default}` references in credential fields, resolved from the environment
 * (shell semantics: the default applies when NAME is unset or empty).
 */

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Interpolation {
  value: string;
  /** Every NAME referenced, in order. */
  references: string[];
  /** Referenced without a default and not set. */
  unset: string[];
  /** Referenced without a default and set to "". */
  empty: string[];
  /** The text of a `${…}` that is not a valid reference (`${1X}`, an unclosed `${`), if any. */
  malformed?: string;
}

export function interpolate(raw: string, env: Record<string, string | undefined>): Interpolation {
  const out: Interpolation = { value: "", references: [], unset: [], empty: [] };
  out.value = raw.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
    out.references.push(name);
    const v = env[name];
    if (v !== undefined && v !== "") return v;
    if (fallback !== undefined) return fallback;
    (v === undefined ? out.unset : out.empty).push(name);
    return "";
  });
  const rest = raw.replace(REFERENCE, "");
  const bad = rest.indexOf("${");
  if (bad >= 0) out.malformed = rest.slice(bad, rest.indexOf("}", bad) + 1 || undefined);
  return out;
}

/** True when the text holds no `${…}` reference at all: a value written into the file itself. */
export function isLiteral(raw: string): boolean {
  return !raw.includes("${");
}

/** `$NAME` alone (shell style, without braces): dingpipe does not expand it. */
export function bareVariable(raw: string): string | undefined {
  return /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw.trim())?.[1];
}

/** `${NAME}` as text, for messages that show users what to write. */
export function ref(name: string): string {
  return "$" + "{" + name + "}";
}
