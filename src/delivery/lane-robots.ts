/**
 * The credentials of a lane, opened as its deliveries name them: a lane is one real robot (see
 * src/dingtalk/robot-key.ts); the credentials on it — usually one — each send with their own webhook,
 * secret and keywords, and the lane keeps the strictest of their rate limits. A credential that is
 * gone or cannot send as stored has its pending deliveries dead-lettered, with the fix.
 */
import { createRobot, type Robot } from "../dingtalk/client.ts";
import { fixFor } from "../dingtalk/errors.ts";
import { isDingpipeError } from "../errors.ts";
import type { DueDelivery } from "./delivery-store.ts";
import type { LaneContext, ResolvedCredential } from "./lane.ts";
import { notify } from "./observer.ts";
import { describe } from "./policy.ts";

const MISSING_FIX =
  "The notification names a credential (robot) that does not exist: create it, or point the notification at another, then retry the deliveries.";

/** A credential of the lane, opened for sending (undefined when it cannot send: its deliveries died). */
export interface OpenRobot {
  client: Robot;
  keywords: string[];
  limit: number;
  windowMs: number;
}

/**
 * The credentials a lane's deliveries name, opened as they are met. A lane is one real robot; the
 * credentials on it (usually one) each send with their own webhook, secret and keywords, and the
 * lane keeps the strictest of their rate limits.
 */
export class LaneRobots {
  readonly #ctx: LaneContext;
  readonly #open = new Map<string, OpenRobot | undefined>();
  /** The lane's rate: the fewest messages and the longest window of its credentials. */
  limit = Number.POSITIVE_INFINITY;
  windowMs = 0;

  constructor(ctx: LaneContext) {
    this.#ctx = ctx;
  }

  get(credential: string): OpenRobot | undefined {
    return this.#open.get(credential);
  }

  /**
   * Opens the credentials of `batch` not met yet; false when one could not be opened (its
   * deliveries were dead-lettered, so the caller reads the lane again).
   */
  async openAll(batch: readonly DueDelivery[]): Promise<boolean> {
    let ok = true;
    for (const d of batch) {
      if (this.#open.has(d.credential)) {
        if (this.#open.get(d.credential) === undefined) ok = false;
        continue;
      }
      const robot = await openRobot(this.#ctx, d.credential);
      this.#open.set(d.credential, robot);
      if (robot === undefined) ok = false;
      else {
        this.limit = Math.min(this.limit, robot.limit);
        this.windowMs = Math.max(this.windowMs, robot.windowMs);
      }
    }
    return ok;
  }
}

async function openRobot(ctx: LaneContext, credential: string): Promise<OpenRobot | undefined> {
  let resolved: ResolvedCredential | undefined;
  try {
    resolved = await ctx.resolveCredential(credential);
    if (resolved === undefined) {
      const n = await ctx.store.killCredential(
        credential,
        ctx.now(),
        `credential_missing: no credential "${credential}"`,
        MISSING_FIX,
      );
      notify(ctx.observer, "dead", { credential, deliveries: n, code: "credential_missing" });
      return undefined;
    }
    const client = createRobot({
      webhook: resolved.webhook,
      ...(resolved.secret === undefined ? {} : { secret: resolved.secret }),
      keywords: resolved.keywords,
      rateLimit: false,
      retry: false,
      timeoutMs: ctx.sendTimeoutMs,
      ...(ctx.fetch === undefined ? {} : { fetch: ctx.fetch }),
      now: ctx.now,
    });
    const limit = Math.max(1, Math.floor(resolved.rateLimit.messages));
    const windowMs = Math.max(1, resolved.rateLimit.perSeconds) * 1000 + ctx.windowMarginMs;
    return { client, limit, windowMs, keywords: resolved.keywords };
  } catch (error) {
    if (isDingpipeError(error) && !error.retryable) {
      // The credential cannot work as stored (bad secret format, host no longer allowed…).
      const n = await ctx.store.killCredential(
        credential,
        ctx.now(),
        describe(error),
        fixFor(error.fix ?? MISSING_FIX, "service"),
      );
      notify(ctx.observer, "dead", { credential, deliveries: n, code: error.code });
      return undefined;
    }
    throw error;
  }
}
