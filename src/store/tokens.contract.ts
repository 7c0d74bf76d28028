/**
 * API tokens' life cycle, part of the storage contract every dialect must pass: named tokens, unique
 * among the active ones, revoked by name (never the last one when asked to keep one), the
 * environment's token replacing the previous one.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { isDingpipeError } from "../errors.ts";
import type { Store } from "./store.ts";

export function runTokensContract(fresh: () => Promise<Store>): void {
  it("creates named tokens, finds only active ones, revokes by name", async () => {
    const store = await fresh();
    const ci = await store.createApiToken("ci", "hash-ci", { source: "created", hint: "dp_ab…" });
    assert.deepEqual(
      { name: ci.name, source: ci.source, hint: ci.hint, revokedAt: ci.revokedAt },
      { name: "ci", source: "created", hint: "dp_ab…", revokedAt: undefined },
    );
    await store.createApiToken("admin", "hash-admin");
    await assert.rejects(store.createApiToken("ci", "hash-other"), (e) => isDingpipeError(e, "conflict"));
    assert.equal(await store.countApiTokens(), 2);
    assert.equal((await store.findApiTokenByHash("hash-ci"))?.name, "ci");

    assert.equal(await store.revokeApiToken("ci"), "revoked");
    assert.equal(await store.revokeApiToken("ci"), "unknown", "already revoked");
    assert.equal(await store.findApiTokenByHash("hash-ci"), undefined, "a revoked token signs in no more");
    assert.equal(await store.countApiTokens(), 1);
    // The name is free again once revoked.
    await store.createApiToken("ci", "hash-ci-2");
    const list = await store.listApiTokens();
    assert.deepEqual(
      list.map((t) => [t.name, t.revokedAt === undefined]),
      [
        ["ci", true],
        ["admin", true],
        ["ci", false],
      ],
    );
    assert.ok(list.every((t) => t.hash !== undefined));
    assert.equal(await store.revokeApiToken("nobody"), "unknown");
  });

  it("never revokes the last active token when asked to keep one", async () => {
    const store = await fresh();
    await store.createApiToken("a", "hash-a");
    await store.createApiToken("b", "hash-b");
    const outcomes = await Promise.all([
      store.revokeApiToken("a", { keepOne: true }),
      store.revokeApiToken("b", { keepOne: true }),
    ]);
    assert.deepEqual(outcomes.sort(), ["last", "revoked"]);
    assert.equal(await store.countApiTokens(), 1);
    // Without keepOne (the operator's CLI) the last one goes too.
    const [left] = (await store.listApiTokens()).filter((t) => t.revokedAt === undefined);
    assert.equal(await store.revokeApiToken(left!.name), "revoked");
    assert.equal(await store.countApiTokens(), 0);
  });

  it("makes the environment's token the one env token, revoking the previous", async () => {
    const store = await fresh();
    await store.createApiToken("admin", "hash-generated", { source: "generated" });
    assert.equal(await store.setEnvToken({ name: "admin-env", hash: "hash-env-1", hint: "env1…" }), 0);
    assert.equal(
      await store.setEnvToken({ name: "admin-env", hash: "hash-env-1", hint: "env1…" }),
      0,
      "same token: nothing",
    );
    assert.equal((await store.findApiTokenByHash("hash-env-1"))?.source, "env");
    assert.equal(await store.setEnvToken({ name: "admin-env", hash: "hash-env-2", hint: "env2…" }), 1);
    assert.equal(
      await store.findApiTokenByHash("hash-env-1"),
      undefined,
      "the previous env token is revoked",
    );
    assert.equal((await store.findApiTokenByHash("hash-env-2"))?.name, "admin-env");
    assert.equal((await store.findApiTokenByHash("hash-generated"))?.name, "admin", "other tokens stay");
    // Going back to the first env token brings it back (it exists once), revoking the second.
    assert.equal(await store.setEnvToken({ name: "admin-env", hash: "hash-env-1", hint: "env1…" }), 1);
    assert.equal((await store.findApiTokenByHash("hash-env-1"))?.name, "admin-env");
    assert.equal(await store.findApiTokenByHash("hash-env-2"), undefined);
    // A token stored before (here: created) whose hash the environment now gives becomes the env token.
    await store.createApiToken("ops", "hash-ops");
    assert.equal(await store.setEnvToken({ name: "admin-env", hash: "hash-ops", hint: "ops…" }), 1);
    const ops = await store.findApiTokenByHash("hash-ops");
    assert.equal(ops?.source, "env");
    assert.equal(await store.countApiTokens(), 2);
  });
}
