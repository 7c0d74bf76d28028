/**
 * A run or outcome key as every text column holds it: NUL as U+FFFD (PostgreSQL's text refuses NUL, and a
 * key must be the same on both stores), and a lone surrogate (a name cut inside an emoji) as U+FFFD too,
 * as the column's UTF-8 stores it — so the key reads back as it was asked. Keys are made for every event
 * expanded, so the callers build them with a template (an array's `join` costs ~10x as much) and the text
 * is replaced only when there is something to replace.
 */
export function textKey(key: string): string {
  const k = key.includes("\u0000") ? key.replaceAll("\u0000", "\ufffd") : key;
  return k.isWellFormed() ? k : k.toWellFormed();
}
