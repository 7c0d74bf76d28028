/**
 * Moving a credential's deliveries between robot lanes on SQLite (inside the group-commit writer's
 * transaction): when its webhook now names another robot, and when a credential stored before robot
 * keys existed gets its key (Store.assignRobotKey), carrying its rate window and pause along.
 */
import type { Sql } from "./sql.ts";

/** Moves the credential's pending deliveries to `lane` (and makes sure the lane exists). */
export function moveCredentialLane(sql: Sql, credential: string, lane: string): void {
  sql.run("INSERT INTO lanes (lane) VALUES (?) ON CONFLICT (lane) DO NOTHING", lane);
  sql.run(
    "UPDATE deliveries SET lane = ? WHERE credential = ? AND state = 'pending' AND lane <> ?",
    lane,
    credential,
    lane,
  );
}

/** Store.assignRobotKey: the name's lane (only this credential's) becomes part of the robot's. */
export function assignRobotKey(sql: Sql, name: string, robotKey: string): void {
  const changed = sql.run(
    "UPDATE credentials SET robot_key = ? WHERE name = ? AND robot_key IS NULL",
    robotKey,
    name,
  );
  if (changed === 0) return;
  moveCredentialLane(sql, name, robotKey);
  // What was left "sending" by a process that died goes with them; the lane's next holder sends it again.
  sql.run(
    "UPDATE deliveries SET lane = ? WHERE credential = ? AND lane = ? AND state = 'sending'",
    robotKey,
    name,
    name,
  );
  sql.run("UPDATE send_log SET lane = ? WHERE lane = ?", robotKey, name);
  const old = sql.get("SELECT paused_until, pause_reason, not_before FROM lanes WHERE lane = ?", name);
  if (old !== undefined) {
    sql.run(
      `UPDATE lanes SET paused_until = MAX(paused_until, ?), not_before = MAX(not_before, ?),
         pause_reason = COALESCE(pause_reason, ?) WHERE lane = ?`,
      old["paused_until"] as number,
      old["not_before"] as number,
      (old["pause_reason"] as string | null) ?? null,
      robotKey,
    );
  }
}
