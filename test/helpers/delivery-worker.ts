/**
 * A delivery engine in a child process, for the crash and multi-process tests. Configuration comes
 * as JSON in DINGPIPE_TEST_WORKER: { databaseUrl?, dataDir?, webhooks: { credential: url },
 * kinds?: { credential: robot kind }, rateLimit, leaseMs, workerId, maxDigest? }. Prints "ready" once running;
 * SIGTERM stops it gracefully.
 */
import type { ChannelKind } from "../../src/channels/kinds.ts";
import { startDeliveryEngine } from "../../src/delivery/index.ts";
import { openStore } from "../../src/store/index.ts";

interface WorkerConfig {
  databaseUrl?: string;
  dataDir?: string;
  webhooks: Record<string, string>;
  kinds?: Record<string, ChannelKind>;
  rateLimit: { messages: number; perSeconds: number };
  leaseMs: number;
  workerId: string;
  maxDigest?: number;
}

const config = JSON.parse(process.env["DINGPIPE_TEST_WORKER"] ?? "{}") as WorkerConfig;
const store = await openStore(config.databaseUrl, {
  dataDir: config.dataDir ?? "dingpipe-data",
  poolSize: 4,
});
const engine = startDeliveryEngine({
  store,
  resolveCredential: async (name) => {
    const webhook = config.webhooks[name];
    const kind = config.kinds?.[name];
    return webhook === undefined
      ? undefined
      : { ...(kind === undefined ? {} : { kind }), webhook, keywords: [], rateLimit: config.rateLimit };
  },
  workerId: config.workerId,
  leaseMs: config.leaseMs,
  ...(config.maxDigest === undefined ? {} : { maxDigest: config.maxDigest }),
  concurrency: 2,
  pollMs: 100,
  retry: { baseMs: 50, maxMs: 500, maxAttempts: 30 },
  throttleMs: 2000,
});
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  engine
    .stop()
    .then(() => store.close())
    .catch((error: unknown) => process.stderr.write(`stop failed: ${String(error)}\n`));
});
