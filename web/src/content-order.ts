/**
 * The ticked-and-ordered content items of a notification, as the form edits them: every known
 * item in display order, the ticked ones first in the order the rule lists them. Pure, unit-tested.
 */
import { CONTENT_ITEMS, type ContentItem } from "../../src/notify/rule.ts";

export interface ContentState {
  order: ContentItem[];
  ticked: Set<ContentItem>;
}

export function initialContent(selected: readonly ContentItem[]): ContentState {
  const rest = CONTENT_ITEMS.filter((c) => !selected.includes(c));
  return { order: [...selected, ...rest], ticked: new Set(selected) };
}

/** Moves the item one place up (-1) or down (+1); returns its new index. */
export function move(state: ContentState, item: ContentItem, delta: -1 | 1): number {
  const i = state.order.indexOf(item);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= state.order.length) return i;
  state.order[i] = state.order[j]!;
  state.order[j] = item;
  return j;
}

/**
 * Ticks or unticks an item, keeping the ticked ones together at the top: a newly ticked item joins
 * the end of the ticked group, an unticked one goes just below it. Returns its new index.
 */
export function toggle(state: ContentState, item: ContentItem, on: boolean): number {
  if (on) state.ticked.add(item);
  else state.ticked.delete(item);
  state.order.splice(state.order.indexOf(item), 1);
  let at = 0;
  state.order.forEach((c, i) => {
    if (state.ticked.has(c)) at = i + 1;
  });
  state.order.splice(at, 0, item);
  return at;
}

/** The rule's `content`: the ticked items in their displayed order. */
export function selectedContent(state: ContentState): ContentItem[] {
  return state.order.filter((c) => state.ticked.has(c));
}
