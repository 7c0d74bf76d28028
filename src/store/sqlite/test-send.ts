/**
 * The credential test message's rate accounting on SQLite (Store.reserveTestSend / finishTestSend):
 * the same lanes and send_log rows the delivery engine uses, so a test message counts against the
 * robot's limit. Both run inside the group-commit writer's BEGIN IMMEDIATE transaction.
 */
import { idParam, num } from "../rows.ts";
import type { TestSendReservation } from "../store.ts";
import { type TestSendOptions, testSendRefusal, unknownSlot } from "../test-send.ts";
import type { Sql } from "./sql.ts";

export function reserveTestSend(sql: Sql, o: TestSendOptions): TestSendReservation {
  sql.run("INSERT INTO lanes (lane) VALUES (?) ON CONFLICT (lane) DO NOTHING", o.lane);
  const lane = sql.get("SELECT lease_owner, lease_until, paused_until FROM lanes WHERE lane = ?", o.lane);
  const sends = sql
    .all("SELECT at FROM send_log WHERE lane = ? AND at >= ? ORDER BY at", o.lane, o.now - o.windowMs)
    .map((r) => num(r["at"]));
  const refusal = testSendRefusal(lane, sends, o);
  if (refusal) return refusal;
  sql.run(
    "UPDATE lanes SET lease_owner = ?, lease_until = ? WHERE lane = ?",
    o.owner,
    o.now + o.leaseMs,
    o.lane,
  );
  const row = sql.get("INSERT INTO send_log (lane, at) VALUES (?, ?) RETURNING id", o.lane, o.now);
  return { ok: true, slot: String(row?.["id"]) };
}

/**
 * Stamps the slot with the answer's time and gives the lane back, inside the writer's transaction
 * (its own savepoint): a slot that is not this robot's throws and changes nothing.
 */
export function finishTestSend(
  sql: Sql,
  o: { lane: string; owner: string; slot: string; answeredAt: number },
): void {
  sql.run(
    "UPDATE lanes SET lease_owner = NULL, lease_until = 0 WHERE lane = ? AND lease_owner = ?",
    o.lane,
    o.owner,
  );
  const slot = idParam(o.slot);
  const stamped =
    slot === undefined
      ? 0
      : sql.run(
          "UPDATE send_log SET at = MAX(at, ?) WHERE id = ? AND lane = ?",
          o.answeredAt,
          BigInt(slot),
          o.lane,
        );
  if (stamped === 0) throw unknownSlot(o.lane, o.slot);
}
