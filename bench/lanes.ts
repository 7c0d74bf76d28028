/**
 * One robot lane under bursts: does every event's content reach the group within two rate windows of
 * its arrival, without the robot's limit ever being exceeded? (docs/delivery.md, "Digest".)
 *
 *   npm run bench:lanes
 *   npm run bench:lanes -- --messages 20 --seconds 3 --only burst
 *
 * One robot per arrival pattern on the DingTalk emulator, with a scaled-down window (20 messages per
 * 3 s by default) that the emulator enforces too: any excess shows as errcode 130101. The engine runs
 * with the service's defaults (concurrency, poll, lease) on a temp SQLite store, in this process,
 * and is woken after each accepted event, as the HTTP layer does. An event's latency runs from its
 * acceptance (insertEvent resolved) to the emulator's receipt of the first message naming its task
 * (every event has a unique task name). Every pattern stops by itself at a deadline; only 127.0.0.1.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startDeliveryEngine } from "../src/delivery/index.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { openStore } from "../src/store/index.ts";
import type { Store } from "../src/store/store.ts";
import { addLane, burstEvent, maxInWindow, texts, throttledAnswers } from "../test/helpers/delivery.ts";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20" },
    seconds: { type: "string", default: "3" },
    only: { type: "string" },
  },
});
const LIMIT = Number(values.messages);
const WINDOW_MS = Number(values.seconds) * 1000;
const rate = { messages: LIMIT, perSeconds: Number(values.seconds) };

/** An arrival pattern: `accept(i)` inserts event i and resolves once it is accepted. */
interface Pattern {
  name: string;
  describe: string;
  events: number;
  arrive(accept: (i: number) => Promise<void>): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const burst = (from: number, count: number, accept: (i: number) => Promise<void>) =>
  Promise.all(Array.from({ length: count }, (_, k) => accept(from + k))).then(() => undefined);

const PATTERNS: Pattern[] = [
  {
    name: "burst",
    describe: "500 events at once",
    events: 500,
    arrive: (accept) => burst(0, 500, accept),
  },
  {
    name: "burst+trickle",
    describe: "500 at once, then 1 every 100 ms for 10 s",
    events: 600,
    async arrive(accept) {
      await burst(0, 500, accept);
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 100; i++) {
        pending.push(accept(500 + i));
        await sleep(100);
      }
      await Promise.all(pending);
    },
  },
  {
    name: "3 bursts",
    describe: "3 × 200, one window apart",
    events: 600,
    async arrive(accept) {
      const pending: Promise<void>[] = [];
      for (let b = 0; b < 3; b++) {
        if (b > 0) await sleep(WINDOW_MS);
        pending.push(burst(b * 200, 200, accept));
      }
      await Promise.all(pending);
    },
  },
];

interface PatternResult {
  pattern: string;
  arrivals: string;
  events: number;
  delivered: number;
  messages: number;
  digests: number;
  throttled130101: number;
  maxPerWindow: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  p50windows: number;
  p99windows: number;
  maxWindows: number;
  seconds: number;
}

/** When the emulator first received a message naming each task (`task-<i>`), read incrementally. */
class Receipts {
  readonly firstAt = new Map<number, number>();
  #read = 0;
  readonly #emulator: Emulator;
  readonly #token: string;

  constructor(emulator: Emulator, token: string) {
    this.#emulator = emulator;
    this.#token = token;
  }

  /** Reads the messages that arrived since the last call; returns how many tasks were seen. */
  update(): number {
    const messages = this.#emulator.messages(this.#token);
    const bodies = texts(this.#emulator, this.#token);
    for (; this.#read < messages.length; this.#read++) {
      const at = Date.parse(messages[this.#read]!.receivedAt);
      for (const match of bodies[this.#read]!.matchAll(/task-(\d+)/g)) {
        const i = Number(match[1]);
        if (!this.firstAt.has(i)) this.firstAt.set(i, at);
      }
    }
    return this.firstAt.size;
  }
}

const patterns = PATTERNS.filter((p) => values.only === undefined || p.name === values.only);
const tokens = patterns.map((_, i) => `lane${i}`);
const emulator = await startEmulator({
  port: 0,
  robots: tokens.map((token) => ({ token })),
  rateLimit: { messages: LIMIT, windowMs: WINDOW_MS, throttleMs: WINDOW_MS },
});
const root = await mkdtemp(join(tmpdir(), "dingpipe-bench-lanes-"));
const results: PatternResult[] = [];
try {
  for (const [n, pattern] of patterns.entries()) {
    const store = await openStore(undefined, { dataDir: join(root, `db-${n}`) });
    try {
      results.push(await run(pattern, store, tokens[n]!));
    } finally {
      await store.close();
    }
  }
} finally {
  await emulator.close();
  await rm(root, { recursive: true, force: true });
}

const cpu = cpus();
process.stdout.write(
  `${JSON.stringify(
    {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpu.length} × ${cpu[0]?.model ?? "cpu"}, Node ${process.version}`,
      rateLimit: `${LIMIT} messages / ${WINDOW_MS} ms (emulator throttles beyond it)`,
      results,
    },
    null,
    2,
  )}\n`,
);

async function run(pattern: Pattern, store: Store, token: string): Promise<PatternResult> {
  const credential = `robot-${token}`;
  await addLane(store, credential, rate);
  let digests = 0;
  const engine = startDeliveryEngine({
    store,
    resolveCredential: async (name) =>
      name === credential
        ? { webhook: emulator.webhookUrl(token), keywords: [], rateLimit: rate }
        : undefined,
    // A throttled robot would otherwise pause for DingTalk's 10 minutes: one window shows it.
    throttleMs: WINDOW_MS,
    observer: {
      sent: (info) => {
        if (info.digest) digests++;
      },
    },
  });
  const acceptedAt = new Array<number>(pattern.events).fill(Number.NaN);
  const accept = async (i: number) => {
    await store.insertEvent({ source: "api", event: burstEvent(i, pattern.name) });
    acceptedAt[i] = Date.now();
    engine.wake();
  };
  const seen = new Receipts(emulator, token);
  const started = Date.now();
  try {
    await pattern.arrive(accept);
    // Every event should be in the group two windows after the last arrival; allow twice that.
    const deadline = Date.now() + 4 * WINDOW_MS + 2000;
    while (seen.update() < pattern.events && Date.now() < deadline) await sleep(50);
    // A little longer, so a message sent past the limit would still show in the counts.
    await sleep(500);
    seen.update();
  } finally {
    await engine.stop();
  }
  const latencies: number[] = [];
  for (let i = 0; i < pattern.events; i++) {
    const at = seen.firstAt.get(i);
    latencies.push(at === undefined ? Number.POSITIVE_INFINITY : at - acceptedAt[i]!);
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
  const windows = (ms: number) => Number((ms / WINDOW_MS).toFixed(2));
  const [p50, p99, max] = [q(0.5), q(0.99), latencies[latencies.length - 1]!];
  return {
    pattern: pattern.name,
    arrivals: pattern.describe,
    events: pattern.events,
    delivered: seen.firstAt.size,
    messages: emulator.messages(token).length,
    digests,
    throttled130101: throttledAnswers(emulator, token),
    maxPerWindow: maxInWindow(emulator, token, WINDOW_MS),
    p50ms: p50,
    p99ms: p99,
    maxMs: max,
    p50windows: windows(p50),
    p99windows: windows(p99),
    maxWindows: windows(max),
    seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
  };
}
