/**
 * The credential test message's rate accounting on SQLite (Store.reserveTestSend / finishTestSend):
 * the same lanes and send_log rows the delivery engine uses, so a test message counts against the
 * robot's limit. Both run inside the group-commit writer's BEGIN IMMEDIATE transaction.
 */
import { num } from "../rows.ts";
import type { TestSendReservation } from "../store.ts";
import { type TestSendOptions, testSendRefusal } from "../test-send.ts";
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

export function finishTestSend(
  sql: Sql,
  o: { lane: string; owner: string; slot: string; answeredAt: number },
): void {
  sql.run(
    "UPDATE send_log SET at = MAX(at, ?) WHERE id = ? AND lane = ?",
    o.answeredAt,
    Number(o.slot),
    o.lane,
  );
  sql.run(
    "UPDATE lanes SET lease_owner = NULL, lease_until = 0 WHERE lane = ? AND lease_owner = ?",
    o.lane,
    o.owner,
  );
}
