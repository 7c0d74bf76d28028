/**
 * Resolving a rule's `at:` entries into DingTalk mentions. An entry is a mobile number, `all`, or
 * a `${VAR}` reference resolved from the event's variables and then the environment; a resolved
 * value may list several numbers separated by commas, semicolons or spaces. Invalid or empty ones
 * are dropped (and reported in `dropped`), duplicates are kept once.
 */
import type { At } from "../dingtalk/message.ts";
import { renderTemplate } from "./template.ts";

export interface Mentions {
  mobiles: string[];
  all: boolean;
  /** Entries (after substitution) that are neither a mobile nor `all`. */
  dropped: string[];
}

/** Mainland 11-digit mobiles (13…–19…), or an international "+CC-number" as DingTalk writes them. */
const MOBILE = /^(?:1[3-9]\d{9}|\+\d{1,4}-\d{4,14})$/;

export function isMobile(value: string): boolean {
  return MOBILE.test(value);
}

export function resolveMentions(
  entries: readonly string[] | undefined,
  lookup: (name: string) => string | undefined,
): Mentions {
  const result: Mentions = { mobiles: [], all: false, dropped: [] };
  for (const entry of entries ?? []) {
    const text = renderTemplate(String(entry), lookup).text;
    for (const raw of text.split(/[,;，；\s]+/u)) {
      const value = raw.trim().replace(/^[@＠]/u, "");
      if (value === "") continue;
      if (value.toLowerCase() === "all" || value === "所有人") result.all = true;
      else if (isMobile(value)) {
        if (!result.mobiles.includes(value)) result.mobiles.push(value);
      } else if (!result.dropped.includes(value)) result.dropped.push(value);
    }
  }
  return result;
}

/** The `at` field of a message: mobiles and/or isAtAll, or undefined when nobody is mentioned. */
export function atField(m: Pick<Mentions, "mobiles" | "all">): At | undefined {
  if (m.mobiles.length === 0 && !m.all) return undefined;
  const at: At = {};
  if (m.mobiles.length) at.atMobiles = [...m.mobiles];
  if (m.all) at.isAtAll = true;
  return at;
}

/** The text line that makes the mentions visible ("@13800000000 @13900000000"), or "" for none. */
export function mentionLine(m: Pick<Mentions, "mobiles">): string {
  return m.mobiles.map((mobile) => `@${mobile}`).join(" ");
}
