/**
 * The credential test message's rate accounting on PostgreSQL (Store.reserveTestSend / finishTestSend):
 * the same lanes and send_log rows the delivery engine uses, so a test message counts against the
 * robot's limit. The lane row is locked (FOR UPDATE) while the window is counted and the slot taken.
 */
import { idParam, num } from "../rows.ts";
import type { TestSendReservation } from "../store.ts";
import { type TestSendOptions, testSendRefusal, unknownSlot } from "../test-send.ts";
import type { Db } from "./db.ts";

export function reserveTestSend(db: Db, o: TestSendOptions): Promise<TestSendReservation> {
  return db.tx(async (q) => {
    await q("INSERT INTO lanes (lane) VALUES ($1) ON CONFLICT DO NOTHING", [o.lane]);
    const lane = (
      await q("SELECT lease_owner, lease_until, paused_until FROM lanes WHERE lane = $1 FOR UPDATE", [o.lane])
    ).rows[0];
    const sends = (
      await q("SELECT at FROM send_log WHERE lane = $1 AND at >= $2 ORDER BY at", [
        o.lane,
        o.now - o.windowMs,
      ])
    ).rows.map((r) => num(r["at"]));
    const refusal = testSendRefusal(lane, sends, o);
    if (refusal) return refusal;
    await q("UPDATE lanes SET lease_owner = $1, lease_until = $2 WHERE lane = $3", [
      o.owner,
      o.now + o.leaseMs,
      o.lane,
    ]);
    const row = (await q("INSERT INTO send_log (lane, at) VALUES ($1, $2) RETURNING id", [o.lane, o.now]))
      .rows[0];
    return { ok: true, slot: String(row?.["id"]) };
  });
}

/**
 * Stamps the slot with the answer's time and gives the lane back, in ONE transaction (as on SQLite):
 * a slot that is not this robot's changes nothing, and a crash never leaves half of it.
 */
export async function finishTestSend(
  db: Db,
  o: { lane: string; owner: string; slot: string; answeredAt: number },
): Promise<void> {
  await db.tx(async (q) => {
    await q("UPDATE lanes SET lease_owner = NULL, lease_until = 0 WHERE lane = $1 AND lease_owner = $2", [
      o.lane,
      o.owner,
    ]);
    const slot = idParam(o.slot);
    const stamped =
      slot === undefined
        ? 0
        : (
            await q("UPDATE send_log SET at = GREATEST(at, $1) WHERE id = $2 AND lane = $3", [
              o.answeredAt,
              slot,
              o.lane,
            ])
          ).rowCount;
    if (stamped === 0) throw unknownSlot(o.lane, o.slot);
  });
}
