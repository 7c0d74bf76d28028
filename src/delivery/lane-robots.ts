/**
 * The credentials of a lane, opened as its deliveries name them: a lane is one real robot (its
 * channel's robot key, src/channels/robot-key.ts); the credentials on it — usually one — each send
 * with their own webhook, secret and keywords through their kind's channel, and the lane keeps the
 * strictest of their rate limits (plus the robot kind's own burst windows). A credential that is gone
 * or cannot send as stored has its pending deliveries dead-lettered, with the fix.
 */
import type { Channel, ChannelClient } from "../channels/channel.ts";
import { channelFor } from "../channels/index.ts";
import { fixFor } from "../dingtalk/errors.ts";
import { isDingpipeError } from "../errors.ts";
import type { DueDelivery } from "./delivery-store.ts";
import type { LaneContext, ResolvedCredential } from "./lane.ts";
import { notify } from "./observer.ts";
import { describe, type LaneWindow } from "./policy.ts";

const MISSING_FIX =
  "The notification names a credential (robot) that does not exist: create it, or point the notification at another, then retry the deliveries.";

/** A credential of the lane, opened for sending: its channel, a client making one request per send. */
export interface OpenRobot {
  channel: Channel;
  client: ChannelClient;
  keywords: string[];
  signed: boolean;
  /** The credential's configured rate. */
  rate: LaneWindow;
}

/**
 * The credentials a lane's deliveries name, opened as they are met. A lane is one real robot; the
 * credentials on it (usually one) each send with their own webhook, secret and keywords, and the
 * lane keeps the strictest of their rate limits.
 */
export class LaneRobots {
  readonly #ctx: LaneContext;
  readonly #open = new Map<string, OpenRobot>();
  /** The lane's configured rate: the fewest messages and the longest window of its credentials. */
  #rate: LaneWindow = { limit: Number.POSITIVE_INFINITY, windowMs: 0 };
  /** The robot kind's own burst windows (one robot is one kind: the kind is part of its key). */
  #burst: LaneWindow[] = [];
  #maxDigest = Number.POSITIVE_INFINITY;

  constructor(ctx: LaneContext) {
    this.#ctx = ctx;
  }

  get(credential: string): OpenRobot | undefined {
    return this.#open.get(credential);
  }

  /** The lane's windows: the configured rate first (a backlog is judged by it), then the bursts. */
  get windows(): LaneWindow[] {
    return [this.#rate, ...this.#burst];
  }

  /** The longest of the lane's windows: the send log is read this far back. */
  get windowMs(): number {
    return Math.max(...this.windows.map((w) => w.windowMs));
  }

  /** The most deliveries one digest of this robot's kind carries. */
  get maxDigest(): number {
    return this.#maxDigest;
  }

  /**
   * Opens the credentials of `batch` not met yet; false when one could not be opened (its
   * deliveries were dead-lettered, so the caller reads the lane again). A credential that could not
   * be opened is not remembered: met again (a delivery of it came since), it is tried again and its
   * new deliveries dead-lettered too — remembering it would read the same delivery for ever.
   */
  async openAll(batch: readonly DueDelivery[]): Promise<boolean> {
    let ok = true;
    const failed = new Set<string>();
    for (const d of batch) {
      if (this.#open.has(d.credential)) continue;
      if (failed.has(d.credential)) continue;
      const robot = await openRobot(this.#ctx, d.credential);
      if (robot === undefined) {
        failed.add(d.credential);
        ok = false;
      } else {
        this.#open.set(d.credential, robot);
        this.#rate = {
          limit: Math.min(this.#rate.limit, robot.rate.limit),
          windowMs: Math.max(this.#rate.windowMs, robot.rate.windowMs),
        };
        if (this.#burst.length === 0) this.#burst = burstWindows(this.#ctx, robot.channel);
        this.#maxDigest = Math.min(this.#maxDigest, robot.channel.maxDigest);
      }
    }
    return ok;
  }
}

function burstWindows(ctx: LaneContext, channel: Channel): LaneWindow[] {
  return channel.burstWindows.map((w) => window(ctx, w));
}

function window(ctx: LaneContext, w: { messages: number; perSeconds: number }): LaneWindow {
  return {
    limit: Math.max(1, Math.floor(w.messages)),
    windowMs: Math.max(1, w.perSeconds) * 1000 + ctx.windowMarginMs,
  };
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
    const channel = channelFor(resolved.kind);
    const client = channel.client(
      {
        kind: channel.info.kind,
        webhook: resolved.webhook,
        ...(resolved.secret === undefined ? {} : { secret: resolved.secret }),
        keywords: resolved.keywords,
      },
      {
        rateLimit: false,
        retry: false,
        timeoutMs: ctx.sendTimeoutMs,
        ...(ctx.fetch === undefined ? {} : { fetch: ctx.fetch }),
        now: ctx.now,
      },
    );
    return {
      channel,
      client,
      keywords: resolved.keywords,
      signed: resolved.secret !== undefined,
      rate: window(ctx, resolved.rateLimit),
    };
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
