/**
 * A run or outcome key as every text column holds it: NUL as U+FFFD (PostgreSQL's text refuses NUL, and a
 * key must be the same on both stores). Keys are made for every event expanded, so the callers build them
 * with a template (an array's `join` costs ~10x as much) and the text is replaced only when a NUL is there.
 */
export function textKey(key: string): string {
  return key.includes("\u0000") ? key.replaceAll("\u0000", "\ufffd") : key;
}
