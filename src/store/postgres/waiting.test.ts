import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { MAX_WAITING, WaitingEvents } from "./waiting.ts";

const event = (task: string): PipelineEvent => ({
  pipeline: { name: "p" },
  task: { name: task, status: "success" },
});
const keep = (w: WaitingEvents, id: string) => {
  const e = event(`t${id}`);
  w.keep(id, "api", e, JSON.stringify(e), 1);
};

describe("the events kept for this process's expansion", () => {
  it("keeps nothing until the process expands", () => {
    const w = new WaitingEvents();
    keep(w, "1");
    assert.equal(w.size, 0);
    w.expanding();
    keep(w, "2");
    assert.deepEqual(w.take(["1", "2"]).missing, ["1"]);
  });

  it("keeps at most MAX_WAITING; the rest is missing, to be read", () => {
    const w = new WaitingEvents();
    w.expanding();
    for (let i = 1; i <= MAX_WAITING + 5; i++) keep(w, String(i));
    assert.equal(w.size, MAX_WAITING);
    const { kept, missing } = w.take(["1", String(MAX_WAITING + 1)]);
    assert.equal(kept.get("1")?.event.task.name, "t1");
    assert.equal(kept.get("1")?.source, "api");
    assert.deepEqual(missing, [String(MAX_WAITING + 1)]);
  });

  it("drops what comes before the queue's head (expanded elsewhere), comparing ids as numbers", () => {
    const w = new WaitingEvents();
    w.expanding();
    for (const id of ["9", "10", "11", "100"]) keep(w, id);
    const { kept, missing } = w.take(["10", "11", "12"]);
    assert.deepEqual([...kept.keys()], ["10", "11"]);
    assert.deepEqual(missing, ["12"]);
    assert.equal(w.size, 3, "9 dropped; 100 (after the head) kept");
    w.forget(["10", "11"]);
    assert.equal(w.size, 1);
    w.clear();
    assert.equal(w.size, 0);
  });

  it("stops at the first kept entry after the head; one kept out of order goes at a later take", () => {
    const w = new WaitingEvents();
    w.expanding();
    // Two batches on their way at once may commit out of the ids' order.
    for (const id of ["7", "3", "8"]) keep(w, id);
    assert.deepEqual([...w.take(["5"]).kept.keys()], [], "3 is stale but behind 7: not returned, kept");
    assert.equal(w.size, 3);
    const later = w.take(["9"]);
    assert.deepEqual(later.missing, ["9"]);
    assert.equal(w.size, 0, "7, 3 and 8 all came before the head");
  });
});
