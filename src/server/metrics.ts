/**
 * The service's Prometheus metrics (`/metrics`): events in, hooks refused, HTTP requests, deliveries by
 * outcome, DingTalk latency, throttles and digests (fed by the delivery engine's observer), and lane backlog
 * and deliveries by state (read from the store at scrape time). Labels carry names, never secrets.
 */
import type { DeliveryObserver } from "../delivery/observer.ts";
import type { Store } from "../store/store.ts";
import { Counter, Histogram } from "./prometheus.ts";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ServiceMetrics {
  readonly eventsIn: Counter;
  readonly eventsDuplicate: Counter;
  readonly hooksRejected: Counter;
  readonly httpRequests: Counter;
  readonly httpDuration: Histogram;
  readonly deliveries: Counter;
  readonly dingtalkLatency: Histogram;
  readonly throttles: Counter;
  readonly digests: Counter;
  readonly deliveryLatency: Histogram;
  /** Feeds the delivery counters from the engine. */
  readonly observer: DeliveryObserver;
  /** The whole exposition, with gauges read from the store when one is given. */
  render(store?: Store): Promise<string>;
}

export function createMetrics(): ServiceMetrics {
  const eventsIn = new Counter(
    "dingpipe_events_received_total",
    "Pipeline events accepted durably, by source.",
  );
  const eventsDuplicate = new Counter(
    "dingpipe_events_duplicate_total",
    "Events refused as duplicates of an already accepted delivery id, by source.",
  );
  const hooksRejected = new Counter(
    "dingpipe_hooks_rejected_total",
    "CI webhooks refused (bad signature, bad payload, too large…), by source and reason.",
  );
  const httpRequests = new Counter(
    "dingpipe_http_requests_total",
    "HTTP requests answered, by route and status.",
  );
  const httpDuration = new Histogram(
    "dingpipe_http_request_duration_seconds",
    "Time to answer HTTP requests, by route.",
    LATENCY_BUCKETS,
  );
  const deliveries = new Counter(
    "dingpipe_deliveries_total",
    "Delivery outcomes (sent, retried, dead), by credential; a digest counts every delivery it carried.",
  );
  const dingtalkLatency = new Histogram(
    "dingpipe_dingtalk_request_duration_seconds",
    "Duration of requests to DingTalk robots.",
    LATENCY_BUCKETS,
  );
  const deliveryLatency = new Histogram(
    "dingpipe_delivery_latency_seconds",
    "From an event's arrival to DingTalk accepting the message that carried it.",
    [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  );
  const throttles = new Counter(
    "dingpipe_throttles_total",
    "Times DingTalk throttled a robot (130101), by credential.",
  );
  const digests = new Counter(
    "dingpipe_digests_total",
    "Digest messages sent in place of a robot's backlog, by credential.",
  );
  const deliveriesByState = new Counter("dingpipe_deliveries", "Deliveries in the store, by state.", "gauge");
  const backlog = new Counter(
    "dingpipe_lane_backlog",
    "Deliveries waiting to be sent, per credential (robot lane).",
    "gauge",
  );
  const storeUp = new Counter("dingpipe_store_up", "1 when the database answered the last scrape.", "gauge");
  const rss = new Counter(
    "dingpipe_process_resident_memory_bytes",
    "Resident set size of this process.",
    "gauge",
  );

  const observer: DeliveryObserver = {
    request({ credential, durationMs, ok }) {
      dingtalkLatency.observe(durationMs / 1000, { credential, ok: ok ? "true" : "false" });
    },
    sent({ credential, deliveries: n, digest, latenciesMs }) {
      deliveries.inc({ credential, outcome: "sent" }, n);
      if (digest) digests.inc({ credential });
      for (const ms of latenciesMs) deliveryLatency.observe(ms / 1000);
    },
    retried({ credential, deliveries: n, code }) {
      deliveries.inc({ credential, outcome: "retried", code }, n);
    },
    dead({ credential, deliveries: n, code }) {
      deliveries.inc({ credential, outcome: "dead", code }, n);
    },
    throttled({ credential }) {
      throttles.inc({ credential });
    },
  };

  return {
    observer,
    deliveryLatency,
    eventsIn,
    eventsDuplicate,
    hooksRejected,
    httpRequests,
    httpDuration,
    deliveries,
    dingtalkLatency,
    throttles,
    digests,
    async render(store) {
      rss.set({}, process.memoryUsage.rss());
      const parts = [eventsIn, eventsDuplicate, hooksRejected, httpRequests, httpDuration];
      parts.push(deliveries, deliveryLatency, dingtalkLatency, throttles, digests);
      if (store) {
        deliveriesByState.reset();
        backlog.reset();
        try {
          const stats = await store.deliveryStats();
          for (const [state, n] of Object.entries(stats.byState)) deliveriesByState.set({ state }, n);
          for (const [credential, n] of Object.entries(stats.backlogByCredential))
            backlog.set({ credential }, n);
          storeUp.set({}, 1);
        } catch {
          storeUp.set({}, 0);
        }
        parts.push(deliveriesByState, backlog, storeUp);
      }
      parts.push(rss);
      return parts.map((m) => m.render()).join("");
    },
  };
}
