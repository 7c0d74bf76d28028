/**
 * node:crypto, loaded at its first use, not at start: an idle service never needs it (≈2.5 MB of RSS;
 * test/bin.test.ts checks an idle `serve` has not loaded it). Every module that hashes, signs or
 * encrypts takes it from here instead of importing node:crypto.
 */
export const crypto = (): typeof import("node:crypto") => process.getBuiltinModule("node:crypto");
