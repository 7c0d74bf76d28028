/**
 * Fitting a message into DingTalk's 20,000-byte body limit. A message's text is a list of
 * segments; fixed ones (title line, status, link, mentions) are never touched, shrinkable ones
 * (log tail, commit message, custom content) lose whole lines first — and characters only when
 * one line is left — the largest first, each cut marked with a visible marker in the message's
 * language ("…truncated", "…已截断"). Sizes are UTF-8 bytes (a CJK character is 3, an emoji 4), and a
 * cut never splits a character — nor a grapheme (👨‍👩‍👧, 🇨🇳, é written as e + accent).
 */

import { TRUNCATED } from "../dingtalk/fit.ts";

/**
 * Made at the first cut, not at import: ICU's break-iterator data is then read into memory (≈2.7 MB of
 * RSS), which a service that has not cut a message yet, or a command that never cuts, need not pay.
 */
let graphemeSegmenter: Intl.Segmenter | undefined;

/** The text's user-perceived characters (extended grapheme clusters): what a cut must not split. */
export function graphemes(text: string): string[] {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(graphemeSegmenter.segment(text), (g) => g.segment);
}

export interface Segment {
  /** Text put before this segment ("\n" inside a list, "\n\n" between blocks); dropped for the first. */
  sep: string;
  /** Kept as is. */
  head: string;
  /** Shrinks when `shrink` is set. */
  body: string;
  /** "end": keep the beginning (custom content, commit message); "start": keep the end (log tails). */
  shrink?: "end" | "start";
  /** How the body's lines are joined (default "\n"). */
  lineSep?: string;
  /** What each body line starts with (e.g. "> " in a quote); kept when a line is cut. */
  linePrefix?: string;
}

/** UTF-8 bytes the string takes inside a JSON body (escapes counted, quotes not). */
export function jsonBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), "utf8") - 2;
}

export function joinSegments(segments: readonly Segment[]): string {
  let text = "";
  for (const s of segments) {
    const part = s.head + s.body;
    if (part === "") continue;
    text += (text === "" ? "" : s.sep) + part;
  }
  return text;
}

/** The longest prefix (or suffix) of `chars` whose JSON bytes with `extra` fit `budget`. */
function cutChars(
  chars: string[],
  budget: number,
  fromEnd: boolean,
  extra: (kept: string) => string,
): string {
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const kept = fromEnd ? chars.slice(chars.length - mid).join("") : chars.slice(0, mid).join("");
    if (jsonBytes(extra(kept)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return fromEnd ? chars.slice(chars.length - lo).join("") : chars.slice(0, lo).join("");
}

/** The segment's body shrunk to at most `target` JSON bytes (or to the marker alone), marked. */
export function shrinkBody(segment: Segment, target: number, marker: string = TRUNCATED): string {
  const sep = segment.lineSep ?? "\n";
  const prefix = segment.linePrefix ?? "";
  const markerLine = prefix + marker;
  const keepEnd = segment.shrink === "start";
  const lines = segment.body.split(sep);
  const withMarker = (kept: string[]) =>
    keepEnd ? [markerLine, ...kept].join(sep) : [...kept, markerLine].join(sep);
  // Drop whole lines while more than one is left.
  let kept = lines;
  let size = jsonBytes(withMarker(kept));
  while (kept.length > 1 && size > target) {
    const dropped = keepEnd ? kept[0]! : kept[kept.length - 1]!;
    kept = keepEnd ? kept.slice(1) : kept.slice(0, -1);
    size -= jsonBytes(dropped + sep);
  }
  if (kept.length > 1 || jsonBytes(withMarker(kept)) <= target) {
    return kept.length === lines.length ? segment.body : withMarker(kept);
  }
  // One line left and still too big: cut characters, keeping the line prefix.
  const line = kept[0] ?? "";
  const content = line.startsWith(prefix) ? line.slice(prefix.length) : line;
  const chars = graphemes(content);
  const mark = (s: string) => (keepEnd ? `${prefix}${marker} ${s}` : `${prefix}${s} ${marker}`);
  const cut = cutChars(chars, target, keepEnd, mark);
  return cut === "" ? markerLine : mark(cut.trim());
}

export interface SegmentsFit {
  text: string;
  truncated: boolean;
}

/**
 * Shrink the segments until `measure(text)` (the whole JSON body's bytes) is at most `maxBytes`,
 * or nothing shrinkable is left. The largest shrinkable body goes first, down to the size of the
 * next largest, so several long parts share the cut.
 */
export function fitSegments(
  segments: Segment[],
  measure: (text: string) => number,
  maxBytes: number,
  marker: string = TRUNCATED,
): SegmentsFit {
  let truncated = false;
  const exhausted = new Set<Segment>();
  for (let guard = 0; guard < 500; guard++) {
    const text = joinSegments(segments);
    const total = measure(text);
    if (total <= maxBytes) return { text, truncated };
    const candidates = segments
      .filter((s) => s.shrink && !exhausted.has(s) && s.body !== "")
      .map((s) => ({ s, size: jsonBytes(s.body) }))
      .sort((a, b) => b.size - a.size);
    const first = candidates[0];
    if (!first) return { text, truncated };
    const next = candidates[1]?.size ?? 0;
    const over = total - maxBytes;
    const target = Math.max(first.size - over, Math.min(next, Math.floor(first.size * 0.9)), 0);
    const body = shrinkBody(first.s, target, marker);
    if (jsonBytes(body) >= first.size) exhausted.add(first.s);
    else {
      first.s.body = body;
      truncated = true;
      if (body.endsWith(marker) && jsonBytes(body) <= jsonBytes((first.s.linePrefix ?? "") + marker)) {
        exhausted.add(first.s);
      }
    }
  }
  return { text: joinSegments(segments), truncated };
}
