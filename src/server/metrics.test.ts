import assert from "node:assert/strict";
import { test } from "node:test";
import type { Store } from "../store/store.ts";
import { createMetrics } from "./metrics.ts";

/** Every sample line of the Prometheus text format, checked against its grammar and its # TYPE. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") types.set(meta[2]!, meta[3]!);
      continue;
    }
    const m =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$/.exec(line);
    assert.ok(m, `not an exposition line: ${line}`);
    const family = m[1]!.replace(/_(bucket|sum|count|total|created)$/, "");
    assert.ok(types.has(m[1]!) || types.has(family), `no # TYPE before ${line}`);
    // Prometheus reads values as Go's ParseFloat does: NaN and Inf in any case.
    assert.match(m[3]!, /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?inf|nan)$/i, `not a number: ${line}`);
    out.set(m[1]! + (m[2] ?? ""), Number(m[3]!.replace(/^\+?inf$/i, "Infinity")));
  }
  return out;
}

const stats = (backlog: Record<string, number>): Store =>
  ({
    deliveryStats: async () => ({ byState: { pending: 3, sent: 9 }, backlogByCredential: backlog }),
  }) as unknown as Store;

test("counters and histograms by label, one series whatever order the labels were written in", async () => {
  const m = createMetrics();
  m.hooksRejected.inc({ source: "github", reason: "bad_signature" });
  m.hooksRejected.inc({ reason: "bad_signature", source: "github" });
  m.eventsIn.inc({ source: "api" }, 5);
  m.httpDuration.observe(0.02, { route: "/api/events" });
  m.httpDuration.observe(3, { route: "/api/events" });
  m.observer.sent?.({ credential: "group", deliveries: 2, digest: true, latenciesMs: [1200, 400] });
  m.observer.dead?.({ credential: "group", deliveries: 1, code: "bad_secret" });
  const s = samples(await m.render(stats({})));
  assert.equal(s.get('dingpipe_hooks_rejected_total{reason="bad_signature",source="github"}'), 2);
  assert.equal(s.get('dingpipe_events_received_total{source="api"}'), 5);
  assert.equal(s.get('dingpipe_http_request_duration_seconds_bucket{le="0.025",route="/api/events"}'), 1);
  assert.equal(s.get('dingpipe_http_request_duration_seconds_bucket{le="+Inf",route="/api/events"}'), 2);
  assert.equal(s.get('dingpipe_http_request_duration_seconds_count{route="/api/events"}'), 2);
  assert.equal(s.get('dingpipe_deliveries_total{credential="group",outcome="sent"}'), 2);
  assert.equal(s.get('dingpipe_deliveries_total{code="bad_secret",credential="group",outcome="dead"}'), 1);
  assert.equal(s.get('dingpipe_digests_total{credential="group"}'), 1);
  assert.equal(s.get("dingpipe_delivery_latency_seconds_count"), 2);
});

test("the standard process and Node.js metrics: CPU, memory, file descriptors, event-loop lag, heap, GC", async () => {
  const text = await createMetrics().render(stats({}));
  const s = samples(text);
  for (const name of [
    "process_cpu_user_seconds_total",
    "process_resident_memory_bytes",
    "process_open_fds",
    "process_start_time_seconds",
    "nodejs_eventloop_lag_seconds",
    "nodejs_eventloop_lag_p99_seconds",
    "nodejs_heap_size_used_bytes",
    "nodejs_active_handles_total",
  ]) {
    assert.ok(s.has(name), `${name} missing`);
  }
  assert.match(text, /^# TYPE nodejs_gc_duration_seconds histogram$/m);
  assert.ok(s.get("process_resident_memory_bytes")! > 1_000_000);
  // Two services in one process (tests, a serve with its worker) share one set of process metrics.
  const again = await createMetrics().render(stats({}));
  assert.equal(again.match(/^# TYPE process_resident_memory_bytes /gm)?.length, 1);
});

test("store gauges are read at each scrape: a drained lane disappears; a database down says so", async () => {
  const m = createMetrics();
  const first = samples(await m.render(stats({ a: 4, b: 1 })));
  assert.equal(first.get('dingpipe_lane_backlog{credential="a"}'), 4);
  assert.equal(first.get('dingpipe_deliveries{state="pending"}'), 3);
  assert.equal(first.get("dingpipe_store_up"), 1);
  const second = samples(await m.render(stats({ b: 1 })));
  assert.equal(second.has('dingpipe_lane_backlog{credential="a"}'), false);
  const down = { deliveryStats: async () => Promise.reject(new Error("gone")) } as unknown as Store;
  const third = samples(await m.render(down));
  assert.equal(third.get("dingpipe_store_up"), 0);
  assert.equal(third.has('dingpipe_lane_backlog{credential="b"}'), false);
  const noStore = await m.render();
  assert.doesNotMatch(noStore, /dingpipe_store_up|dingpipe_lane_backlog/);
  assert.match(noStore, /dingpipe_events_received_total/);
});
