/**
 * /api/deliveries (what was sent, to whom, with the robots' answers, each with its run number), retry of a
 * delivery and of every dead letter matching a filter,
 * /api/stats/deliveries (the console's chart) and /api/hooks/rejected (refused CI webhooks).
 */
import { guessKind } from "../../channels/draw.ts";
import { DEFAULT_KIND, kindInfo } from "../../channels/kinds.ts";
import { RetryFilterSchema } from "../../contract/api.ts";
import { isDingpipeError } from "../../errors.ts";
import { decodeCursor, laneOf } from "../../store/rows.ts";
import type { DeliveryFilter, DeliveryRecord, DeliveryState, TimelineFilter } from "../../store/store.ts";
import { jsonBody, type Services } from "../context.ts";
import { badRequest, HttpError, notFound } from "../errors.ts";
import { checkBody } from "../refuse.ts";
import { awaitingResend, type Waiting, waitingFor } from "../robots.ts";
import type { Router } from "../router.ts";

const STATES: readonly DeliveryState[] = ["pending", "sending", "sent", "merged", "dead"];

function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`${name} must be a whole number from ${min} to ${max}`, [
      { path: name, message: "out of range" },
    ]);
  }
  return n;
}

/** The longest look back of the statistics: a year (the chart keeps at most 2,000 buckets anyway). */
const MAX_SINCE_S = 366 * 86_400;

/** "300", "5m", "1h", "1d" → seconds (at most a year). */
function durationParam(raw: string | null, name: string): number | undefined {
  if (raw === null || raw === "") return undefined;
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(raw.trim());
  if (!m)
    throw badRequest(`${name} must be a duration such as 300, 5m, 1h or 1d`, [
      { path: name, message: "not a duration" },
    ]);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(m[2] ?? "s") as "s" | "m" | "h" | "d"];
  const seconds = Number(m[1]) * unit;
  if (seconds > MAX_SINCE_S)
    throw badRequest(`${name} must be at most 366d`, [
      { path: name, message: `'${raw.slice(0, 40)}' is over a year` },
    ]);
  return seconds;
}

/**
 * Pending deliveries whose robot holds them back (paused by DingTalk, rate window full, a retry's
 * backoff) carry `waiting`: until when and why, instead of a due time already past; one still "sending"
 * after its worker stopped carries `waiting` "resend" instead of looking as if it were on its way.
 */
async function withWaiting(
  s: Services,
  items: DeliveryRecord[],
): Promise<Array<DeliveryRecord & { waiting?: Waiting }>> {
  const pending = items.filter((d) => d.state === "pending" || d.state === "sending");
  if (pending.length === 0) return items;
  const credentials = new Map((await s.store.listCredentials()).map((c) => [c.name, c]));
  const laneFor = (d: DeliveryRecord) => {
    const c = credentials.get(d.credential);
    return c === undefined ? d.credential : laneOf(c);
  };
  const serviceOf = (d: DeliveryRecord) =>
    kindInfo(credentials.get(d.credential)?.kind ?? DEFAULT_KIND).label;
  const lanes = await s.store.laneStates([...new Set(pending.map(laneFor))]);
  const now = s.now();
  return items.map((d) => {
    if (d.state !== "pending" && d.state !== "sending") return d;
    const lane = lanes.get(laneFor(d));
    const waiting =
      d.state === "sending"
        ? awaitingResend(lane, now, serviceOf(d))
        : waitingFor(lane, Date.parse(d.runAt), now, serviceOf(d));
    return waiting === undefined ? d : { ...d, waiting };
  });
}

/** The filters the list and the chart share: state, robot, pipeline (a name or a glob like the rules'). */
function sharedFilter(url: URL): TimelineFilter {
  const filter: TimelineFilter = {};
  const state = url.searchParams.get("state");
  if (state) {
    if (!STATES.includes(state as DeliveryState)) {
      throw badRequest(`state must be one of ${STATES.join(", ")}`, [
        { path: "state", message: `unknown state '${state}'` },
      ]);
    }
    filter.state = state as DeliveryState;
  }
  const credential = url.searchParams.get("credential");
  if (credential) filter.credential = credential;
  const pipeline = url.searchParams.get("pipeline");
  if (pipeline) {
    if (pipeline.length > 500)
      throw badRequest("pipeline is longer than 500 characters", [{ path: "pipeline", message: "too long" }]);
    filter.pipeline = pipeline;
  }
  return filter;
}

/** Each delivery with its run's number (the one users see in their CI), read from its event. */
async function withRuns(
  s: Services,
  items: DeliveryRecord[],
): Promise<Array<DeliveryRecord & { run?: number }>> {
  const ids = [...new Set(items.map((d) => d.eventId))];
  const runs = new Map<string, number | undefined>();
  await Promise.all(
    ids.map(async (id) => {
      runs.set(id, (await s.store.getEvent(id))?.event.run?.number);
    }),
  );
  return items.map((d) => {
    const run = runs.get(d.eventId);
    return run === undefined ? d : { ...d, run };
  });
}

/** Most dead letters one bulk retry puts back (the rest: call again). */
const BULK_RETRY_MAX = 5_000;

export function deliveryRoutes(router: Router, s: Services): void {
  router.get("/api/deliveries", async ({ url }) => {
    const filter: DeliveryFilter = sharedFilter(url);
    const mergedInto = url.searchParams.get("mergedInto");
    if (mergedInto) filter.mergedInto = mergedInto;
    const limit = intParam(url, "limit", 1, 500);
    if (limit !== undefined) filter.limit = limit;
    const cursor = url.searchParams.get("cursor");
    if (cursor) {
      try {
        decodeCursor(cursor);
      } catch (e) {
        if (!isDingpipeError(e, "bad_cursor")) throw e;
        throw badRequest(
          e.message,
          [{ path: "cursor", message: "not a cursor this server gave out" }],
          e.fix,
        );
      }
      filter.cursor = cursor;
    }
    const page = await s.store.listDeliveries(filter);
    return { status: 200, body: { ...page, items: await withWaiting(s, await withRuns(s, page.items)) } };
  });

  // Every dead letter matching the filters, back to pending: after fixing a robot, one call instead of many.
  router.post("/api/deliveries/retry", async ({ req }) => {
    const body = checkBody(RetryFilterSchema, await jsonBody(s, req), "retry filter", {
      fix: "send {} to retry every dead delivery, or name a credential and/or a pipeline (a name or a glob)",
      unknown: "use credential, pipeline",
      asSent: true,
    });
    const filter: DeliveryFilter = { state: "dead", limit: 500 };
    if (body.credential !== undefined) filter.credential = body.credential;
    if (body.pipeline !== undefined) filter.pipeline = body.pipeline;
    // Ids first, then retries: a retried delivery leaves the dead list, so pages are read before writing.
    const ids: string[] = [];
    let more = false;
    for (let cursor: string | undefined; ids.length < BULK_RETRY_MAX; ) {
      const page = await s.store.listDeliveries(cursor === undefined ? filter : { ...filter, cursor });
      ids.push(...page.items.map((d) => d.id));
      if (!page.next) break;
      cursor = page.next;
      more = ids.length >= BULK_RETRY_MAX;
    }
    let retried = 0;
    for (const id of ids.slice(0, BULK_RETRY_MAX))
      if ((await s.store.retryDelivery(id)) === "retried") retried++;
    if (retried > 0) s.engine?.wake();
    s.logger.info("dead deliveries retried", { count: retried });
    return { status: 202, body: { retried, ...(more ? { more: true } : {}) } };
  });

  router.get("/api/deliveries/:id", async ({ params }) => {
    const delivery = await s.store.getDelivery(params["id"]!);
    if (!delivery) throw notFound(`no delivery with id '${params["id"]}'`);
    const [event, credential] = await Promise.all([
      s.store.getEvent(delivery.eventId),
      s.store.getCredential(delivery.credential),
    ]);
    const [shown] = await withWaiting(s, [delivery]);
    // The robot kind the message was written for (drawn accordingly by the console).
    const type = credential?.kind ?? guessKind(delivery.message);
    return { status: 200, body: { ...shown, type, event } };
  });

  router.post("/api/deliveries/:id/retry", async ({ params }) => {
    const id = params["id"]!;
    const outcome = await s.store.retryDelivery(id);
    if (outcome === "unknown") throw notFound(`no delivery with id '${id}'`);
    if (outcome === "sending") {
      const record = await s.store.getDelivery(id);
      const [shown] = record === undefined ? [] : await withWaiting(s, [record]);
      if (shown?.waiting?.reason === "resend")
        throw new HttpError(409, "conflict", `delivery ${id} is ${shown.waiting.message}`, {
          fix: "nothing to do: it is sent again by itself when a worker runs (dingpipe serve or dingpipe worker)",
        });
      throw new HttpError(409, "conflict", `delivery ${id} is being sent right now`, {
        fix: "wait for this attempt's outcome, then retry if it failed",
      });
    }
    s.engine?.wake();
    s.logger.info("delivery retry requested", { delivery: id });
    return { status: 202, body: { id, state: "pending" } };
  });

  router.get("/api/stats/deliveries", async ({ url }) => {
    const bucket = durationParam(url.searchParams.get("bucket"), "bucket") ?? 3600;
    if (bucket < 60 || bucket > 7 * 86_400) throw badRequest("bucket must be between 1m and 7d");
    const sinceRaw = url.searchParams.get("since");
    let since: string;
    if (sinceRaw === null || sinceRaw === "") since = new Date(s.now() - 86_400_000).toISOString();
    else {
      const ago = /^\d+\s*[smhd]?$/.test(sinceRaw.trim()) ? durationParam(sinceRaw, "since") : undefined;
      const t = ago !== undefined ? s.now() - ago * 1000 : Date.parse(sinceRaw);
      const problem = Number.isNaN(t)
        ? "since must be an ISO-8601 time or a duration such as 24h"
        : t < s.now() - MAX_SINCE_S * 1000
          ? "since must be within the last 366 days"
          : t > s.now()
            ? "since must not be in the future"
            : undefined;
      if (problem !== undefined)
        throw badRequest(problem, [{ path: "since", message: `'${sinceRaw.slice(0, 40)}' cannot be used` }]);
      since = new Date(t).toISOString();
    }
    return { status: 200, body: await s.store.deliveryTimeline(since, bucket, sharedFilter(url)) };
  });

  router.get("/api/hooks/rejected", async ({ url }) => {
    const limit = intParam(url, "limit", 1, 500) ?? 50;
    return { status: 200, body: await s.store.listRejectedHooks(limit) };
  });
}
