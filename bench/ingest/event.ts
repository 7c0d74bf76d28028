/**
 * The ingest benchmarks' event: a typical PipelineEvent (a GitHub push build), distinct per i (run id, number,
 * task), a new run each. bench/ingest/loadgen.ts sends it; bench/store-writes.ts stores it.
 */
export function benchEvent(i: number) {
  return {
    pipeline: { name: "bench", url: "https://ci.example/p/1" },
    run: {
      id: `r${i}`,
      number: i,
      url: `https://ci.example/p/1/runs/${i}`,
      trigger: { user: "lin", event: "push" },
    },
    task: {
      name: `task-${i % 50}`,
      status: i % 10 === 0 ? "failure" : "success",
      startedAt: "2026-11-23T08:00:00Z",
    },
    source: {
      provider: "github",
      repo: "acme/web",
      branch: "main",
      commit: { sha: "a1b2c3d4e5f6", message: "fix login" },
    },
  };
}
