/**
 * The decision behind Store.reserveTestSend, shared by both dialects: given the robot's lane row and
 * its send-log times within the window, whether a credential test message may take a slot now.
 */
import { DingpipeError } from "../errors.ts";
import { num, type Row } from "./rows.ts";
import type { TestSendReservation } from "./store.ts";

export interface TestSendOptions {
  lane: string;
  owner: string;
  now: number;
  leaseMs: number;
  windowMs: number;
  limit: number;
}

/** Why the test may not be sent now (and until when), or undefined when it may. */
export function testSendRefusal(
  lane: Row | undefined,
  sends: number[],
  o: TestSendOptions,
): Exclude<TestSendReservation, { ok: true }> | undefined {
  const leaseUntil = num(lane?.["lease_until"] ?? 0);
  if (leaseUntil > o.now && lane?.["lease_owner"] !== o.owner)
    return { ok: false, reason: "busy", retryAt: leaseUntil };
  const pausedUntil = num(lane?.["paused_until"] ?? 0);
  if (pausedUntil > o.now) return { ok: false, reason: "paused", retryAt: pausedUntil };
  if (sends.length >= o.limit) {
    // Room again once the oldest request that keeps the window full leaves it.
    const oldest = sends[sends.length - o.limit]!;
    return { ok: false, reason: "full", retryAt: oldest + o.windowMs + 1 };
  }
  return undefined;
}

/** finishTestSend was given a slot that is not this robot's: nothing was changed. */
export function unknownSlot(lane: string, slot: string): DingpipeError {
  return new DingpipeError("unknown_slot", `no test message slot ${slot} on the robot's lane "${lane}"`);
}
