/**
 * Resolving a rule's `at:` entries into mentions. An entry is a mobile number, a Feishu user id
 * (open_id `ou_…`), `all`, or a `${VAR}` reference resolved from the event's variables and then the
 * environment; a resolved value may list several separated by commas, semicolons or spaces.
 * Invalid or empty ones are dropped (and reported in `dropped`), duplicates are kept once. Which of
 * them a robot can actually mention is its channel's business (Channel.render reports the rest).
 */
import type { At } from "../dingtalk/message.ts";
import { referencedVariables, renderTemplate } from "./template.ts";

export interface Mentions {
  mobiles: string[];
  /** Feishu open_ids (`ou_…`). */
  userIds: string[];
  all: boolean;
  /** Entries (after substitution) that are neither a mobile nor `all`. */
  dropped: string[];
}

/** Mainland 11-digit mobiles (13…–19…), or an international "+CC-number" as DingTalk writes them. */
const MOBILE = /^(?:1[3-9]\d{9}|\+\d{1,4}-\d{4,14})$/;

export function isMobile(value: string): boolean {
  return MOBILE.test(value);
}

/** A Feishu/Lark open_id: `ou_` and letters or digits (32 hex digits in practice). */
const USER_ID = /^ou_[0-9A-Za-z]{6,64}$/;

export function isUserId(value: string): boolean {
  return USER_ID.test(value);
}

export function resolveMentions(
  entries: readonly string[] | undefined,
  lookup: (name: string) => string | undefined,
): Mentions {
  const result: Mentions = { mobiles: [], userIds: [], all: false, dropped: [] };
  for (const entry of entries ?? []) {
    const text = renderTemplate(String(entry), lookup).text;
    for (const raw of text.split(/[,;，；\s]+/u)) {
      const value = raw.trim().replace(/^[@＠]/u, "");
      if (value === "") continue;
      if (value.toLowerCase() === "all" || value === "所有人") result.all = true;
      else if (isMobile(value)) {
        if (!result.mobiles.includes(value)) result.mobiles.push(value);
      } else if (isUserId(value)) {
        if (!result.userIds.includes(value)) result.userIds.push(value);
      } else if (!result.dropped.includes(value)) result.dropped.push(value);
    }
  }
  return result;
}

/**
 * Whether an `at:` entry as written mentions someone when a message is composed: a mobile, an open_id, `all`
 * (or 所有人), with or without `@`, several at once — or an entry holding a `${VAR}` reference, whatever is
 * around it (`@${OWNER}`, `+852-${HK_MOBILE}`, `${A},${B}`), since what it mentions is known only when sending
 * (where what resolves to no one is left out, with a warning). Text that only looks like one (`${OWNER`, `$${X}`,
 * `${1X}`: no reference to the template reader) is a literal that never mentions anyone. The one test
 * `.dingpipe.yml` (a warning) and the API (a 400) apply, so what either accepts is what gets mentioned.
 */
export function isMentionEntry(entry: string): boolean {
  if (referencedVariables(entry).length > 0) return true;
  const m = resolveMentions([entry], () => undefined);
  return m.dropped.length === 0 && (m.all || m.mobiles.length > 0 || m.userIds.length > 0);
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
