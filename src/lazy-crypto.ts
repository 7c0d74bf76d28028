/**
 * node:crypto, loaded at its first use, not at start: an idle service never needs it (≈2.5 MB of RSS;
 * test/bin.test.ts checks an idle `serve` has not loaded it). Every module that hashes, signs or
 * encrypts takes it from here instead of importing node:crypto. The module is kept once taken: every
 * API request hashes its token, and `process.getBuiltinModule` checks and resolves its argument each call.
 */
let cryptoModule: typeof import("node:crypto") | undefined;
export const crypto = (): typeof import("node:crypto") =>
  (cryptoModule ??= process.getBuiltinModule("node:crypto"));
