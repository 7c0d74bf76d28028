/**
 * Moving a credential's deliveries between robot lanes on PostgreSQL (inside a transaction): when
 * its webhook now names another robot, and when a credential stored before robot keys existed gets
 * its key (Store.assignRobotKey), carrying its rate window and pause along.
 */
import type { Query } from "./db.ts";

/** Moves the credential's pending deliveries to `lane` (and makes sure the lane exists). */
export async function moveCredentialLane(q: Query, credential: string, lane: string): Promise<void> {
  await q("INSERT INTO lanes (lane) VALUES ($1) ON CONFLICT DO NOTHING", [lane]);
  await q("UPDATE deliveries SET lane = $1 WHERE credential = $2 AND state = 'pending' AND lane <> $1", [
    lane,
    credential,
  ]);
}

/** Store.assignRobotKey: the name's lane (only this credential's) becomes part of the robot's. */
export async function assignRobotKey(q: Query, name: string, robotKey: string): Promise<void> {
  const changed = await q("UPDATE credentials SET robot_key = $1 WHERE name = $2 AND robot_key IS NULL", [
    robotKey,
    name,
  ]);
  if (changed.rowCount === 0) return;
  await moveCredentialLane(q, name, robotKey);
  // What was left "sending" by a process that died goes with them; the lane's next holder sends it again.
  await q("UPDATE deliveries SET lane = $1 WHERE credential = $2 AND lane = $2 AND state = 'sending'", [
    robotKey,
    name,
  ]);
  await q("UPDATE send_log SET lane = $1 WHERE lane = $2", [robotKey, name]);
  await q(
    `UPDATE lanes SET paused_until = GREATEST(lanes.paused_until, old.paused_until),
       not_before = GREATEST(lanes.not_before, old.not_before),
       pause_reason = COALESCE(lanes.pause_reason, old.pause_reason)
     FROM lanes old WHERE old.lane = $2 AND lanes.lane = $1`,
    [robotKey, name],
  );
}
