/**
 * Last-resort fitting for robots with small limits (WeCom's 4,096 / 2,048 bytes): segment-wise
 * fitting (notify/fit.ts) only shrinks the long parts; when the fixed lines alone are too big (many
 * facts of long Chinese names), the facts are clipped harder, and in the end the text is cut.
 */
import { TRUNCATED } from "../dingtalk/fit.ts";
import { clip } from "../notify/content.ts";
import type { Notice } from "../notify/notice.ts";
import { utf8Bytes } from "./markdown.ts";

/** Clip levels tried in turn: as composed, then untrusted facts at 80 and 24 characters. */
export const FACT_CLIPS: readonly (number | undefined)[] = [undefined, 80, 24];

/** The notice with every untrusted fact (and the title's names) clipped to `max` characters. */
export function clipFacts(notice: Notice, max: number | undefined): Notice {
  if (max === undefined) return notice;
  return {
    ...notice,
    title:
      notice.title.task === undefined
        ? { pipeline: clip(notice.title.pipeline, max) }
        : { pipeline: clip(notice.title.pipeline, max), task: clip(notice.title.task, max) },
    facts: notice.facts.map((f) =>
      f.untrusted ? { ...f, text: clip(f.text.replace(/\s+/gu, " ").trim(), max), long: false } : f,
    ),
  };
}

/** The text cut to at most `maxBytes` UTF-8 bytes on a code point, marked "…truncated". */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const marker = `\n${TRUNCATED}`;
  const budget = maxBytes - utf8Bytes(marker);
  let out = "";
  let used = 0;
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return out + marker;
}
