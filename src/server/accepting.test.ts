import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HealthTracker, sqliteBreakage } from "../store/health.ts";
import { WalSyncError } from "../store/sqlite/wal-sync.ts";
import { notAccepting } from "./accepting.ts";

describe("the 503 of a broken database", () => {
  it("says nothing was stored when nothing was", () => {
    const health = new HealthTracker(sqliteBreakage, () => 0);
    health.failed(Object.assign(new Error("database or disk is full"), { errcode: 13 }));
    const error = notAccepting(health.state());
    assert.equal(error.status, 503);
    assert.match(error.fix ?? "", /^nothing was stored: send it again later/);
  });

  it("after a failed sync of the WAL, says the event may have been stored and to send it again with its Idempotency-Key", () => {
    const health = new HealthTracker(sqliteBreakage, () => 0);
    health.failed(new WalSyncError(Object.assign(new Error("EIO"), { code: "EIO" })));
    const error = notAccepting(health.state());
    assert.equal(error.status, 503);
    assert.match(error.message, /syncing the write-ahead log failed \(EIO\)/);
    assert.match(error.fix ?? "", /may have been stored.*same Idempotency-Key/);
    assert.match(error.fix ?? "", /restart the service/);
  });
});
