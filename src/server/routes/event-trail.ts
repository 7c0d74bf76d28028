/**
 * The event trail: GET /api/events (every accepted event, newest first, filtered by source, pipeline, status
 * and time, page by page) and GET /api/events/{id} (the normalized event, which notifications match it and
 * which do not — with the reason, from notify's explainMatch — and the deliveries it made). A hook that got
 * 202 and sent nothing is explained here.
 *
 * The matching shown is against the notifications as they are now; one changed since the event arrived
 * says so (`changedSince`), and the deliveries are what was actually made when the event was matched.
 */
import { isDingpipeError } from "../../errors.ts";
import { explainMatch } from "../../notify/rules.ts";
import { STATUSES } from "../../pipeline/status.ts";
import { decodeCursor } from "../../store/rows.ts";
import type { DeliveryRecord, EventFilter, EventRecord, NotificationRecord } from "../../store/store.ts";
import { HOOK_SOURCES, jsonBody, type Services } from "../context.ts";
import { badRequest, type ErrorDetail, notFound } from "../errors.ts";
import type { Router } from "../router.ts";
import { validateMatchBody } from "../validate-event.ts";

const SOURCES = ["api", ...HOOK_SOURCES] as const;
const PARAMS = ["source", "pipeline", "status", "since", "until", "limit", "cursor"] as const;
/** ISO-8601 with a date and a time zone: 2026-11-23T08:00:00Z, 2026-11-23T16:00:00+08:00. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The filter from the query string, or a 400 listing every problem. */
export function eventFilter(url: URL): EventFilter {
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  for (const key of url.searchParams.keys()) seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const [key, n] of seen) {
    if (!(PARAMS as readonly string[]).includes(key)) {
      problems.push({ path: key, message: `unknown parameter; use ${PARAMS.join(", ")}` });
    } else if (n > 1) problems.push({ path: key, message: `given ${n} times; give it once` });
  }
  const get = (key: (typeof PARAMS)[number]) => {
    const value = url.searchParams.get(key);
    return value === null || value === "" ? undefined : value;
  };
  const filter: EventFilter = {};
  const source = get("source");
  if (source !== undefined) {
    if ((SOURCES as readonly string[]).includes(source)) filter.source = source;
    else problems.push({ path: "source", message: `'${source}' is not one of ${SOURCES.join(", ")}` });
  }
  const pipeline = get("pipeline");
  if (pipeline !== undefined) {
    if (pipeline.length <= 500) filter.pipeline = pipeline;
    else problems.push({ path: "pipeline", message: "longer than 500 characters" });
  }
  const status = get("status");
  if (status !== undefined) {
    if ((STATUSES as readonly string[]).includes(status)) filter.status = status;
    else problems.push({ path: "status", message: `'${status}' is not one of ${STATUSES.join(", ")}` });
  }
  for (const key of ["since", "until"] as const) {
    const value = get(key);
    if (value === undefined) continue;
    if (ISO_TIME.test(value) && Number.isFinite(Date.parse(value))) filter[key] = value;
    else
      problems.push({
        path: key,
        message: `'${value}' is not an ISO-8601 time with a zone, e.g. 2026-11-23T08:00:00Z`,
      });
  }
  if (
    filter.since !== undefined &&
    filter.until !== undefined &&
    Date.parse(filter.since) >= Date.parse(filter.until)
  ) {
    problems.push({ path: "until", message: "must be later than since" });
  }
  const limit = get("limit");
  if (limit !== undefined) {
    const n = Number(limit);
    if (/^\d+$/.test(limit) && n >= 1 && n <= 500) filter.limit = n;
    else problems.push({ path: "limit", message: "must be a whole number from 1 to 500" });
  }
  const cursor = get("cursor");
  if (cursor !== undefined) {
    try {
      decodeCursor(cursor);
      filter.cursor = cursor;
    } catch (e) {
      if (!isDingpipeError(e, "bad_cursor")) throw e;
      problems.push({ path: "cursor", message: "not a cursor this server gave out; pass `next` unchanged" });
    }
  }
  if (problems.length > 0) {
    throw badRequest(
      `the event filter is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join("; ")}`,
      problems,
      "fix or drop the parameters named in details",
    );
  }
  return filter;
}

export interface NotificationVerdict {
  id: string;
  credential: string;
  matched: boolean;
  /** Status, pipeline and task, each with whether it holds and why. */
  checks: ReturnType<typeof explainMatch>["checks"];
  /** Why it sends nothing for this event (empty when it matches). */
  why: string[];
  /** The notification was created or changed after the event arrived: the checks use its current settings. */
  changedSince: boolean;
  /** The delivery it made for this event, if any. */
  deliveryId?: string;
}

/** How each notification stands to the event, and what was actually delivered. Pure. */
export function explainEvent(
  record: EventRecord,
  notifications: readonly NotificationRecord[],
  deliveries: readonly DeliveryRecord[],
): NotificationVerdict[] {
  const received = Date.parse(record.receivedAt);
  return notifications.map((n) => {
    const explanation = explainMatch(n, record.event, { transition: record.transition });
    const delivery = deliveries.find((d) => d.notificationId === n.id);
    const verdict: NotificationVerdict = {
      id: n.id,
      credential: n.credential,
      matched: explanation.matched,
      checks: explanation.checks,
      why: explanation.why,
      changedSince: Date.parse(n.updatedAt) > received,
    };
    if (delivery) verdict.deliveryId = delivery.id;
    return verdict;
  });
}

export function eventTrailRoutes(router: Router, s: Services): void {
  // Which notifications an event would match, without storing or sending anything (a pasted event).
  router.post("/api/events/match", async ({ req }) => {
    const event = validateMatchBody(await jsonBody(s, req));
    const notifications = await s.store.listNotifications();
    return {
      status: 200,
      body: {
        event,
        notifications: notifications.map((n) => {
          const x = explainMatch(n, event);
          return {
            id: n.id,
            credential: n.credential,
            matched: x.matched,
            checks: x.checks,
            why: x.why,
            changedSince: false,
          };
        }),
      },
    };
  });

  router.get("/api/events", async ({ url }) => {
    return { status: 200, body: await s.store.listEvents(eventFilter(url)) };
  });

  router.get("/api/events/:id", async ({ params }) => {
    const id = params["id"]!;
    const record = await s.store.getEvent(id);
    if (!record) throw notFound(`no event with id '${id}'`);
    const [notifications, deliveries] = await Promise.all([
      s.store.listNotifications(),
      s.store.listDeliveries({ eventId: id, limit: 500 }),
    ]);
    return {
      status: 200,
      body: {
        ...record,
        ...(record.expanded
          ? {}
          : {
              note: "not matched against the notifications yet: the delivery engine has not picked it up (is a worker running?)",
            }),
        notifications: explainEvent(record, notifications, deliveries.items),
        deliveries: deliveries.items,
      },
    };
  });
}
