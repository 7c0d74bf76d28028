/**
 * The service's Prometheus metrics (`/metrics`), kept by prom-client: events in, hooks refused, HTTP requests,
 * deliveries by outcome, DingTalk latency, throttles and digests (fed by the delivery engine's observer), lane
 * backlog and deliveries by state (read from the store at scrape time), and the standard process and Node.js
 * metrics (CPU, memory, file descriptors, event-loop lag, GC, heap) once per process. Labels carry names, never
 * secrets; a series' labels print in name order whatever order a caller wrote them in.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { DeliveryObserver } from "../delivery/observer.ts";
import type { Store } from "../store/store.ts";

type Labels = Record<string, string>;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface CounterMetric {
  inc(labels?: Labels, by?: number): void;
}
export interface HistogramMetric {
  observe(value: number, labels?: Labels): void;
}

export interface ServiceMetrics {
  readonly eventsIn: CounterMetric;
  readonly eventsDuplicate: CounterMetric;
  readonly hooksRejected: CounterMetric;
  readonly httpRequests: CounterMetric;
  readonly httpDuration: HistogramMetric;
  readonly deliveries: CounterMetric;
  readonly dingtalkLatency: HistogramMetric;
  readonly throttles: CounterMetric;
  readonly digests: CounterMetric;
  readonly deliveryLatency: HistogramMetric;
  /** Feeds the delivery counters from the engine. */
  readonly observer: DeliveryObserver;
  /** The whole exposition, with gauges read from the store when one is given. */
  render(store?: Store): Promise<string>;
  /** The exposition's content type. */
  readonly contentType: string;
}

/** The same labels with their names in order: one series, one spelling. */
function ordered(labels: Labels): Labels {
  const keys = Object.keys(labels);
  if (keys.length < 2) return labels;
  const out: Labels = {};
  for (const k of keys.sort()) out[k] = labels[k]!;
  return out;
}

let processRegistry: Registry | undefined;
/** The standard process_* and nodejs_* metrics: one set per process, however many services it runs. */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(): ServiceMetrics {
  const registry = new Registry();
  /** The gauges read from the store at scrape time: only answered when there is a store. */
  const storeRegistry = new Registry();
  const counter = (name: string, help: string, labelNames: string[]): CounterMetric => {
    const c = new Counter({ name, help, labelNames, registers: [registry] });
    return { inc: (labels = {}, by = 1) => c.inc(ordered(labels), by) };
  };
  const histogram = (
    name: string,
    help: string,
    labelNames: string[],
    buckets: number[],
  ): HistogramMetric => {
    const h = new Histogram({ name, help, labelNames, buckets, registers: [registry] });
    return { observe: (value, labels = {}) => h.observe(ordered(labels), value) };
  };
  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [storeRegistry] });

  const eventsIn = counter("dingpipe_events_received_total", "Pipeline events accepted durably, by source.", [
    "source",
  ]);
  const eventsDuplicate = counter(
    "dingpipe_events_duplicate_total",
    "Events refused as duplicates of an already accepted delivery id, by source.",
    ["source"],
  );
  const hooksRejected = counter(
    "dingpipe_hooks_rejected_total",
    "CI webhooks refused (bad signature, bad payload, too large…), by source and reason.",
    ["reason", "source"],
  );
  const httpRequests = counter(
    "dingpipe_http_requests_total",
    "HTTP requests answered, by route and status.",
    ["method", "route", "status"],
  );
  const httpDuration = histogram(
    "dingpipe_http_request_duration_seconds",
    "Time to answer HTTP requests, by route.",
    ["route"],
    LATENCY_BUCKETS,
  );
  const deliveries = counter(
    "dingpipe_deliveries_total",
    "Delivery outcomes (sent, retried, dead), by credential; a digest counts every delivery it carried.",
    ["code", "credential", "outcome"],
  );
  const deliveryLatency = histogram(
    "dingpipe_delivery_latency_seconds",
    "From an event's arrival to DingTalk accepting the message that carried it.",
    [],
    [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  );
  const dingtalkLatency = histogram(
    "dingpipe_dingtalk_request_duration_seconds",
    "Duration of requests to DingTalk robots.",
    ["credential", "ok"],
    LATENCY_BUCKETS,
  );
  const throttles = counter(
    "dingpipe_throttles_total",
    "Times a robot's service throttled it (DingTalk 130101, WeCom 45009, Feishu 11232), by credential.",
    ["credential"],
  );
  const digests = counter(
    "dingpipe_digests_total",
    "Digest messages sent in place of a robot's backlog, by credential.",
    ["credential"],
  );
  const deliveriesByState = gauge("dingpipe_deliveries", "Deliveries in the store, by state.", ["state"]);
  const backlog = gauge(
    "dingpipe_lane_backlog",
    "Deliveries waiting to be sent, per credential (robot lane).",
    ["credential"],
  );
  const storeUp = gauge("dingpipe_store_up", "1 when the database answered the last scrape.", []);

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
      deliveries.inc({ code, credential, outcome: "retried" }, n);
    },
    dead({ credential, deliveries: n, code }) {
      deliveries.inc({ code, credential, outcome: "dead" }, n);
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
    contentType: registry.contentType,
    async render(store) {
      if (store) {
        // Read now, so a lane that drained or a state now empty is gone from the answer.
        deliveriesByState.reset();
        backlog.reset();
        try {
          const stats = await store.deliveryStats();
          for (const [state, n] of Object.entries(stats.byState)) deliveriesByState.set({ state }, n);
          for (const [credential, n] of Object.entries(stats.backlogByCredential))
            backlog.set({ credential }, n);
          storeUp.set(1);
        } catch {
          storeUp.set(0);
        }
      }
      const parts = [registry.metrics(), store ? storeRegistry.metrics() : "", processMetrics().metrics()];
      return (await Promise.all(parts)).join("");
    },
  };
}
