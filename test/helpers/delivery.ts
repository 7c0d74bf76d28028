/** Shared pieces of the delivery engine's tests: a robot lane in a store, bursts, and checks. */
import type { Emulator } from "../../src/emulator/index.ts";
import type { PipelineEvent } from "../../src/pipeline/event.ts";
import type { DeliveryState, Store } from "../../src/store/store.ts";
import { bounded } from "./bounded.ts";

export const ALL_EVENTS = ["started", "success", "failure", "cancelled", "skipped", "waiting"] as const;

/** A credential row and one rule sending every event of every task through it. */
export async function addLane(
  store: Store,
  name: string,
  rateLimit: { messages: number; perSeconds: number },
): Promise<void> {
  await store.createCredential({
    name,
    sealed: "opaque",
    hint: "127.0.0.1 access_token=test…",
    hasSecret: false,
    keywords: [],
    rateLimit,
  });
  await store.createNotification({
    credential: name,
    events: [...ALL_EVENTS],
    content: ["pipeline", "task", "status"],
  });
}

export function burstEvent(i: number, pipeline = "burst"): PipelineEvent {
  return {
    pipeline: { name: pipeline },
    run: { id: `r${i}`, number: i },
    task: { name: `task-${i}`, status: i % 7 === 0 ? "failure" : "success" },
  };
}

/**
 * Resolves when `check` holds, polling; rejects after `timeoutMs` with what it was waiting for and the
 * last state. A probe that hangs (a request nobody answers) is cut off at the same deadline.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  check: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "(no answer yet)";
  for (;;) {
    const left = Math.max(1, deadline - Date.now());
    const value = await bounded(probe(), left, `${what} (the probe did not answer; last state: ${last})`);
    if (check(value)) return value;
    last = JSON.stringify(value)?.slice(0, 500) ?? String(value);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until no delivery is pending or sending, and returns the counts by state. */
export async function settled(
  store: Store,
  expected: number,
  timeoutMs = 90_000,
): Promise<Record<DeliveryState, number>> {
  const stats = await waitFor(
    `${expected} deliveries settled`,
    () => store.deliveryStats(),
    (s) => s.byState.pending === 0 && s.byState.sending === 0 && sum(s.byState) >= expected,
    timeoutMs,
  );
  return stats.byState;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Text of every accepted message for a token. */
export function texts(emulator: Emulator, token: string): string[] {
  return emulator.messages(token).map((m) => JSON.stringify(m.body));
}

/** Indexes of the burst events whose task does not appear in any message. */
export function missingTasks(emulator: Emulator, token: string, count: number): number[] {
  const all = texts(emulator, token);
  const missing: number[] = [];
  for (let i = 0; i < count; i++) {
    const re = new RegExp(`task-${i}(?![0-9])`);
    if (!all.some((t) => re.test(t))) missing.push(i);
  }
  return missing;
}

/** How many messages mention each burst task (duplicates show as > 1). */
export function taskCounts(emulator: Emulator, token: string, count: number): number[] {
  const all = texts(emulator, token);
  return Array.from({ length: count }, (_, i) => {
    const re = new RegExp(`task-${i}(?![0-9])`);
    return all.filter((t) => re.test(t)).length;
  });
}

/** The largest number of messages the emulator accepted within any `windowMs`. */
export function maxInWindow(emulator: Emulator, token: string, windowMs: number): number {
  const times = emulator.messages(token).map((m) => Date.parse(m.receivedAt));
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/** Answers that say the robot was throttled: DingTalk 130101 by default, WeCom 45009, Feishu 11232. */
export function throttledAnswers(emulator: Emulator, token: string, errcode = 130101): number {
  return emulator.answers(token).filter((a) => a.errcode === errcode).length;
}
