import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../emulator/faults.ts";
import {
  afterCardRequest,
  type CardOutcome,
  type CardRow,
  newCardRow,
  planCardRequest,
  wantVersion,
} from "./coalesce.ts";

describe("card updates", () => {
  it("send first, then update; only the latest version; never an older one", () => {
    let row = newCardRow(1);
    assert.deepEqual(planCardRequest(row, 1), { kind: "send", version: 1, confirm: false });
    row = afterCardRequest(row, planCardRequest(row, 1), "ok");
    assert.deepEqual(planCardRequest(row, 1), { kind: "none" });
    row = wantVersion(wantVersion(wantVersion(row, 2), 5), 3);
    assert.equal(row.wanted, 5, "upserts never lower what the card must show");
    assert.deepEqual(planCardRequest(row, 5), { kind: "update", version: 5 }, "2..4 are coalesced into 5");
    row = afterCardRequest(row, { kind: "update", version: 5 }, "ok");
    assert.deepEqual(planCardRequest(row, 4), { kind: "none" }, "a stale version is never sent");
    assert.deepEqual(
      planCardRequest(row, 6),
      { kind: "update", version: 6 },
      "the run moved on since the upsert",
    );
  });

  it("after a send with no answer, sends again (idempotent) and then updates to be sure", () => {
    let row = newCardRow(3);
    const first = planCardRequest(row, 3);
    row = afterCardRequest(row, first, "unknown");
    const again = planCardRequest(row, 3);
    assert.deepEqual(again, { kind: "send", version: 3, confirm: true });
    row = afterCardRequest(row, again, "ok");
    assert.deepEqual(planCardRequest(row, 3), { kind: "update", version: 3 });
  });

  it("sends afresh when DingTalk does not know the card", () => {
    let row: CardRow = { created: true, sendUncertain: false, shown: 4, wanted: 6 };
    row = afterCardRequest(row, { kind: "update", version: 6 }, "card_not_found");
    assert.deepEqual(planCardRequest(row, 6), { kind: "send", version: 6, confirm: false });
  });

  it("ends showing the final version whatever the failures, and what it shows never goes back", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      // DingTalk's side: the card it holds, and which version its data is.
      let held: number | undefined;
      const history: number[] = [];
      let row = newCardRow(1);
      let runVersion = 1;
      const finalVersion = 5 + Math.floor(random() * 10);
      for (let step = 0; step < 500; step++) {
        if (runVersion < finalVersion && random() < 0.4) {
          runVersion++;
          row = wantVersion(row, runVersion);
        }
        const action = planCardRequest(row, runVersion);
        if (action.kind === "none") {
          if (runVersion === finalVersion) break;
          continue;
        }
        const roll = random();
        let outcome: CardOutcome;
        if (roll < 0.15) outcome = "refused_retryable";
        else {
          // The request reaches DingTalk.
          if (action.kind === "send") {
            if (held === undefined) {
              held = action.version;
              history.push(held);
            }
          } else if (held === undefined) {
            row = afterCardRequest(row, action, "card_not_found");
            continue;
          } else {
            held = action.version;
            history.push(held);
          }
          outcome = roll < 0.35 ? "unknown" : "ok"; // the answer may be lost (a crash, a timeout)
        }
        row = afterCardRequest(row, action, outcome);
      }
      assert.equal(held, finalVersion, `seed ${seed}: the card shows the final state`);
      assert.deepEqual(
        history,
        [...history].sort((a, b) => a - b),
        `seed ${seed}: versions only grow`,
      );
    }
  });
});
