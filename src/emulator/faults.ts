/** Injected faults, drawn from a seeded PRNG so a run can be reproduced. */
import type { FaultKind, FaultOptions } from "./types.ts";

/** The kinds injected by default (`--fault-rate` without `--faults`). */
export const FAULT_KINDS: readonly FaultKind[] = ["latency", "http500", "busy", "drop"];
/** Every kind `--faults` accepts: the defaults and `lost` (handled, then the answer is lost). */
export const ALL_FAULT_KINDS: readonly FaultKind[] = [...FAULT_KINDS, "lost"];

/** mulberry32: a small, fast, seedable PRNG returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultPicker {
  readonly options: FaultOptions;
  readonly #random: () => number;

  constructor(options: FaultOptions) {
    this.options = options;
    this.#random = seededRandom(options.seed ?? 1);
  }

  /** The fault for the next request, or undefined for none. */
  next(): FaultKind | undefined {
    const { rate, kinds } = this.options;
    if (kinds.length === 0 || rate <= 0) return undefined;
    if (this.#random() >= rate) return undefined;
    return kinds[Math.min(kinds.length - 1, Math.floor(this.#random() * kinds.length))];
  }
}
