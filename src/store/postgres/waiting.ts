/**
 * The events this process accepted and has not expanded yet, kept in memory so its expansion takes them from
 * here instead of reading each event's text back from the server and parsing it again (as SQLite's inline
 * expansion does). The queue table (event_queue) stays the truth of what waits: this only spares the read of
 * bodies. An event missing here (accepted by another process, or over the cap, or expanded elsewhere and
 * forgotten) is read from its row as before; an entry expanded elsewhere is dropped once the queue has moved
 * past it. Nothing is kept until this process expands (its engine runs here): `dingpipe serve --no-worker`
 * beside a separate worker keeps nothing.
 */
import type { PipelineEvent } from "../../pipeline/event.ts";
import type { ExpandingEvent } from "../../runs/plan.ts";
import { storedForm } from "../stored-form.ts";

/** Events kept at most: two expansion batches (~1 KB of JSON each, a few MB at most). */
export const MAX_WAITING = 1000;

/** Whether decimal id `a` comes before `b` (ids are bigint text; never above 2^63, so compared as text by length first). */
function before(a: string, b: string): boolean {
  return a.length === b.length ? a < b : a.length < b.length;
}

export class WaitingEvents {
  readonly #events = new Map<string, ExpandingEvent>();
  #on = false;

  /** This process expands: from now on what it accepts is kept until its expansion takes it. */
  expanding(): void {
    this.#on = true;
  }

  /** An event just committed (`text` is what was stored). */
  keep(id: string, source: string, event: PipelineEvent, text: string, receivedAt: number): void {
    if (!this.#on || this.#events.size >= MAX_WAITING) return;
    this.#events.set(id, { id, source, event: storedForm(event, text), receivedAt });
  }

  /**
   * The kept events among `ids` (the queue's head, in order); those not kept are `missing`. Entries
   * before the queue's head were expanded elsewhere: dropped.
   */
  take(ids: readonly string[]): { kept: Map<string, ExpandingEvent>; missing: string[] } {
    const head = ids[0];
    // Kept in the order committed, which is nearly always the ids' order: the stale entries are at the
    // front, and the walk stops at the first that is not (a later take drops one kept out of order).
    if (head !== undefined)
      for (const id of this.#events.keys()) {
        if (!before(id, head)) break;
        this.#events.delete(id);
      }
    const kept = new Map<string, ExpandingEvent>();
    const missing: string[] = [];
    for (const id of ids) {
      const e = this.#events.get(id);
      if (e === undefined) missing.push(id);
      else kept.set(id, e);
    }
    return { kept, missing };
  }

  /** Expanded (committed): not kept any more. */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.#events.delete(id);
  }

  /** Nothing waits in the queue: whatever is kept was expanded elsewhere. */
  clear(): void {
    this.#events.clear();
  }

  get size(): number {
    return this.#events.size;
  }
}
