/**
 * An esbuild plugin that bundles only the parts of prom-client the service uses (src/server/metrics.ts:
 * Registry, Counter, Gauge, Histogram, collectDefaultMetrics). prom-client's index also requires its
 * Pushgateway (node:https, node:zlib) and its cluster aggregator (node:cluster) at load time, which
 * the service never calls: loading node:https alone initialises TLS, ~5 MB of an idle service's RSS,
 * ~6 MB with the rest (bench/RESULTS.md, "Memory"). Used by the CLI bundle and the single executable.
 */
import type { Plugin } from "esbuild";

/** What metrics.ts imports from "prom-client", from prom-client's own modules (CommonJS, default exports). */
const SLIM = `export { default as Registry } from "prom-client/lib/registry.js";
export { default as Counter } from "prom-client/lib/counter.js";
export { default as Gauge } from "prom-client/lib/gauge.js";
export { default as Histogram } from "prom-client/lib/histogram.js";
export { default as collectDefaultMetrics } from "prom-client/lib/defaultMetrics.js";
`;

export function promClientSlim(root: string): Plugin {
  return {
    name: "prom-client-slim",
    setup(b) {
      b.onResolve({ filter: /^prom-client$/ }, () => ({
        path: "prom-client",
        namespace: "prom-client-slim",
      }));
      b.onLoad({ filter: /.*/, namespace: "prom-client-slim" }, () => ({
        contents: SLIM,
        resolveDir: root,
        loader: "js",
      }));
    },
  };
}
