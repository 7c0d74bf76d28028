/**
 * The service's Prometheus metrics (`/metrics`): events in, hooks refused, HTTP requests, deliveries by
 * outcome, DingTalk latency, throttles and digests (fed by the delivery engine's observer), lane backlog and
 * deliveries by state (read from the store at scrape time) — dingpipe's own series (series.ts) — and the
 * standard process and Node.js metrics (CPU, memory, file descriptors, event-loop lag, GC, heap) from
 * prom-client, once per process. prom-client is loaded at the first scrape, not at start: a service nobody
 * scrapes never carries it (bench/RESULTS.md, "Memory"); its GC and event-loop figures count from then.
 * Labels carry names, never secrets.
 */
import type { DeliveryObserver } from "../delivery/observer.ts";
import type { Store } from "../store/store.ts";
import { CounterFamily, GaugeFamily, HistogramFamily, type Labels } from "./series.ts";

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

/** The exposition's content type (text format 0.0.4). */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

let processRegistry: Promise<{ metrics(): Promise<string> }> | undefined;
/**
 * The standard process_* and nodejs_* metrics: one set per process, however many services it runs, from
 * prom-client loaded on the first call (the first scrape).
 */
function processMetrics(): Promise<{ metrics(): Promise<string> }> {
  processRegistry ??= import("prom-client").then(({ Registry, collectDefaultMetrics }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  return processRegistry;
}

export function createMetrics(): ServiceMetrics {
  const families: (CounterFamily | HistogramFamily)[] = [];
  const counter = (name: string, help: string, labelNames: string[]): CounterMetric => {
    const c = new CounterFamily(name, help, labelNames);
    families.push(c);
    return { inc: (labels, by) => c.inc(labels, by) };
  };
  const histogram = (
    name: string,
    help: string,
    labelNames: string[],
    buckets: number[],
  ): HistogramMetric => {
    const h = new HistogramFamily(name, help, labelNames, buckets);
    families.push(h);
    return { observe: (value, labels) => h.observe(value, labels) };
  };
  /** The gauges read from the store at scrape time: only answered when there is a store. */
  const gauges: GaugeFamily[] = [];
  const gauge = (name: string, help: string, labelNames: string[]) => {
    const g = new GaugeFamily(name, help, labelNames);
    gauges.push(g);
    return g;
  };

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
    contentType: METRICS_CONTENT_TYPE,
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
          storeUp.set(undefined, 1);
        } catch {
          storeUp.set(undefined, 0);
        }
      }
      const own = families.map((f) => f.render()).join("");
      const fromStore = store ? gauges.map((g) => g.render()).join("") : "";
      return own + fromStore + (await (await processMetrics()).metrics());
    },
  };
}
