/**
 * What the engine reports as it works — the service turns it into /metrics counters. Every method
 * is optional; none may throw (errors thrown by an observer are ignored).
 */
export interface DeliveryObserver {
  /** One request to a robot finished, whatever its outcome. */
  request?(info: { credential: string; durationMs: number; ok: boolean }): void;
  /**
   * Deliveries reached their group: one message (`digest` false, deliveries 1) or a digest
   * carrying `deliveries`. `latenciesMs`: per delivery, from the event's arrival to DingTalk's answer.
   */
  sent?(info: { credential: string; deliveries: number; digest: boolean; latenciesMs: number[] }): void;
  /** A retryable failure: the deliveries wait for their next attempt. */
  retried?(info: { credential: string; deliveries: number; code: string }): void;
  /** Dead letters, with the failure's code. */
  dead?(info: { credential: string; deliveries: number; code: string }): void;
  /** DingTalk throttled the robot (130101): its lane pauses until `until` (epoch ms). */
  throttled?(info: { credential: string; until: number }): void;
}

/** Calls an observer method, never letting it break delivery. */
export function notify<K extends keyof DeliveryObserver>(
  observer: DeliveryObserver | undefined,
  key: K,
  info: Parameters<NonNullable<DeliveryObserver[K]>>[0],
): void {
  const fn = observer?.[key] as ((info: unknown) => void) | undefined;
  if (fn === undefined) return;
  try {
    fn.call(observer, info);
  } catch {
    // metrics must never stop a delivery
  }
}
