/**
 * Robots as the service shows them: the state of each credential's robot (ok, paused by DingTalk,
 * failing), why a pending delivery waits, and the robot keys of credentials stored before keys
 * existed (assigned at start). A robot is a delivery lane, keyed by its channel's robot key
 * (src/channels/robot-key.ts: DingTalk token, WeCom key, Feishu hook token, under a keyed hash).
 */

import { channelFor } from "../channels/index.ts";
import type { RobotKeyer } from "../channels/robot-key.ts";
import type { LaneState } from "../delivery/delivery-store.ts";
import { laneOf } from "../store/rows.ts";
import type { CredentialRecord, Store } from "../store/store.ts";
import type { Sealer } from "./crypto.ts";
import type { Logger } from "./log.ts";

export interface RobotView {
  /** ok: sending normally; paused: its service throttled it (DingTalk 130101, WeCom 45009, Feishu 11232), nothing goes before `until`; failing: its last request failed. */
  state: "ok" | "paused" | "failing";
  /** Paused: when the pause ends. Failing: when the next attempt is due, if it waits. */
  until?: string;
  reason?: string;
  lastSentAt?: string;
  lastError?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function robotView(lane: LaneState | undefined, now: number): RobotView {
  const view: RobotView = { state: "ok" };
  if (lane === undefined) return view;
  if (lane.lastSentAt !== undefined) view.lastSentAt = iso(lane.lastSentAt);
  if (lane.lastError !== undefined) view.lastError = lane.lastError;
  if (lane.pausedUntil > now) {
    view.state = "paused";
    view.until = iso(lane.pausedUntil);
    if (lane.pauseReason !== undefined) view.reason = lane.pauseReason;
  } else if (lane.lastError !== undefined && lane.lastError !== lane.pauseReason) {
    // The last request failed (a throttle whose pause is over is not a failure of its own).
    view.state = "failing";
    view.reason = lane.lastError;
    if (lane.notBefore > now) view.until = iso(lane.notBefore);
  }
  return view;
}

/** The state of every credential's robot, by credential name. */
export async function robotViews(
  store: Store,
  credentials: readonly CredentialRecord[],
  now: number,
): Promise<Map<string, RobotView>> {
  const lanes = await store.laneStates([...new Set(credentials.map(laneOf))]);
  return new Map(credentials.map((c) => [c.name, robotView(lanes.get(laneOf(c)), now)]));
}

export interface Waiting {
  /** When the robot may send again. */
  until: string;
  /**
   * "paused": its service throttled the robot; "window": its rate window is full; "backoff": a retry waits;
   * "resend": it was being sent by a worker that stopped before the answer, and goes again, once, when a
   * worker next takes the robot's lane (`until` is then when that became clear).
   */
  reason: "paused" | "window" | "backoff" | "resend";
  /** Why, in words: "DingTalk throttled it: …" (the robot's service by name), "its rate window is full"… */
  why: string;
  /** "waiting for the robot until 14:05 UTC (DingTalk throttled it: …)". */
  message: string;
}

/**
 * A delivery still "sending" on a lane no worker holds any more (its lease passed: a live worker renews it
 * and its request times out well before): the worker stopped between the request and the answer. The
 * group may or may not have it; the next worker on the lane sends it again first, alone (docs/delivery.md,
 * "Crashes").
 */
export function awaitingResend(
  lane: LaneState | undefined,
  now: number,
  service = "the robot's service",
): Waiting | undefined {
  const lease = lane?.leaseUntil ?? 0;
  if (lease > now) return undefined;
  const why = `the worker sending it stopped before ${service} answered; the next worker on this robot sends it again, once`;
  return {
    until: iso(lease || now),
    reason: "resend",
    why,
    message: `awaiting its re-send (${why})`,
  };
}

/**
 * Why a pending delivery due at `runAt` has not gone out yet, when its robot holds it back; `service`
 * names the robot's app ("DingTalk", "WeCom", "Feishu / Lark").
 */
export function waitingFor(
  lane: LaneState | undefined,
  runAt: number,
  now: number,
  service = "the robot's service",
): Waiting | undefined {
  if (lane === undefined) return undefined;
  const paused = lane.pausedUntil > now;
  const until = Math.max(lane.pausedUntil, lane.notBefore);
  if (until <= now || until <= runAt) return undefined;
  const reason = paused ? "paused" : lane.lastError !== undefined ? "backoff" : "window";
  const why =
    reason === "paused"
      ? `${service} throttled it${lane.pauseReason ? `: ${lane.pauseReason}` : ""}`
      : reason === "backoff"
        ? `its last request failed: ${lane.lastError}`
        : "its rate window is full";
  const hhmm = new Date(until).toISOString().slice(11, 16);
  return { until: iso(until), reason, why, message: `waiting for the robot until ${hhmm} UTC (${why})` };
}

/**
 * Gives every credential stored without a robot key its key (from its sealed webhook), so it shares
 * the window of the other credentials on its robot. Run at start by `serve` and `worker`; a credential
 * that cannot be unsealed (another secret key) is left as it is, with a warning.
 */
export async function assignRobotKeys(
  store: Store,
  sealer: Sealer,
  keyer: RobotKeyer,
  logger: Logger,
): Promise<number> {
  let assigned = 0;
  for (const c of await store.listCredentials()) {
    if (c.robotKey !== undefined) continue;
    try {
      const { webhook } = sealer.unseal(c.name, c.sealed);
      const key = channelFor(c.kind).robotKey({ kind: c.kind, webhook }, keyer);
      if (key === undefined) continue;
      await store.assignRobotKey(c.name, key);
      assigned++;
    } catch (error) {
      logger.warn("could not tell which robot a credential sends to; it keeps a rate window of its own", {
        credential: c.name,
        error,
      });
    }
  }
  if (assigned > 0) logger.info("credentials keyed by their robot", { credentials: assigned });
  return assigned;
}
