/**
 * Slowing down wrong API tokens, per client address, without locking the owner out. Each wrong
 * token from an address counts; past a few, the address must wait before its next token is checked
 * at all (1 s, doubling, at most a minute) — a guesser gets a 429 instead of an answer. What keeps
 * the owner in: a right token resets the address's count, and a token this process accepted before
 * is checked without waiting (tokens.ts), so a signed-in console or a CI job sharing the guesser's
 * address keeps working. Counts are forgotten after a quiet quarter hour.
 * The clock is injected; nothing here sleeps.
 */

export interface ThrottleOptions {
  /** Wrong tokens an address may send before it must wait (default 5). */
  freeFailures?: number;
  /** The first wait, doubled with each further wrong token (default 1000 ms)… */
  baseMs?: number;
  /** …up to this (default 60 s). */
  maxMs?: number;
  /** A quiet address's count is forgotten after this (default 15 min). */
  forgetMs?: number;
  /** Addresses remembered at most (the oldest are forgotten first; default 10,000). */
  maxAddresses?: number;
}

interface Entry {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

export class FailureThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #free: number;
  readonly #base: number;
  readonly #max: number;
  readonly #forget: number;
  readonly #maxAddresses: number;

  constructor(options: ThrottleOptions = {}) {
    this.#free = options.freeFailures ?? 5;
    this.#base = options.baseMs ?? 1000;
    this.#max = options.maxMs ?? 60_000;
    this.#forget = options.forgetMs ?? 15 * 60_000;
    this.#maxAddresses = options.maxAddresses ?? 10_000;
  }

  /** How long the address must still wait before a token of it is checked (0: check now). */
  waitMs(address: string, now: number): number {
    const entry = this.#live(address, now);
    return entry === undefined ? 0 : Math.max(0, entry.blockedUntil - now);
  }

  /** A wrong token from the address. */
  failed(address: string, now: number): void {
    let entry = this.#live(address, now);
    if (entry === undefined) {
      if (this.#entries.size >= this.#maxAddresses) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
      entry = { failures: 0, lastFailure: now, blockedUntil: 0 };
    }
    this.#entries.delete(address); // re-inserted last: the map stays in order of last failure
    entry.failures++;
    entry.lastFailure = now;
    // The `free`-th wrong token makes the address wait before its next one is checked.
    const over = entry.failures - this.#free;
    if (over >= 0) entry.blockedUntil = now + Math.min(this.#max, this.#base * 2 ** over);
    this.#entries.set(address, entry);
  }

  /** A right token from the address: its count starts over. */
  succeeded(address: string): void {
    this.#entries.delete(address);
  }

  #live(address: string, now: number): Entry | undefined {
    const entry = this.#entries.get(address);
    if (entry !== undefined && now - entry.lastFailure > this.#forget && now >= entry.blockedUntil) {
      this.#entries.delete(address);
      return undefined;
    }
    return entry;
  }
}
