/**
 * `dingpipe token create | list | revoke` on a service's real SQLite database: the token printed once
 * on stdout, the list without any token, a revoked token refused by the service's check.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { main } from "../src/cli/main.ts";
import { createTokenChecker } from "../src/server/tokens.ts";
import { openStore } from "../src/store/index.ts";

const root = await mkdtemp(join(tmpdir(), "dingpipe-token-cli-"));
after(() => rm(root, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    cwd: root,
  });
  return { code, out: out.join(""), err: err.join("") };
}

test("create prints the token once; list shows names, never tokens; revoke stops it signing in", async () => {
  // The service's database exists (it was started once).
  await (await openStore(undefined, { dataDir: join(root, "dingpipe-data") })).close();

  const created = await cli("token", "create", "ci-runner");
  assert.equal(created.code, 0, created.err);
  const token = created.out.trim();
  assert.match(token, /^dp_[\w-]{43}$/);
  assert.match(created.err, /shown once/);

  const list = await cli("token", "list");
  assert.equal(list.code, 0);
  assert.match(list.out, /^NAME\s+SOURCE\s+HINT\s+CREATED \(UTC\)\s+LAST USED\s+STATE$/m);
  assert.match(list.out, /^ci-runner\s+created\s+dp_\S{3}…\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+never\s+active$/m);
  assert.ok(!list.out.includes(token));

  const store = await openStore(undefined, { dataDir: join(root, "dingpipe-data") });
  try {
    const check = createTokenChecker(store, Date.now);
    assert.equal((await check.check(`Bearer ${token}`, "127.0.0.1")).ok, true);
    assert.equal((await cli("token", "create", "ci-runner")).code, 1, "an active name is taken");
    const revoked = await cli("token", "revoke", "ci-runner");
    assert.equal(revoked.code, 0);
    assert.match(revoked.out, /revoked; no active token is left/);
    // A fresh checker (another process, or after its 10 s cache): refused.
    assert.equal((await createTokenChecker(store, Date.now).check(`Bearer ${token}`, "127.0.0.1")).ok, false);
  } finally {
    await store.close();
  }
  assert.match((await cli("token", "list")).out, /^ci-runner .* revoked \d{4}/m);
  const again = await cli("token", "revoke", "ci-runner");
  assert.equal(again.code, 1);
  assert.match(again.err, /no active token named 'ci-runner'/);
});

test("bad usage and a missing database are clear errors, creating nothing", async () => {
  for (const [args, message] of [
    [["token"], /missing subcommand/],
    [["token", "create"], /create needs a NAME/],
    [["token", "list", "extra"], /unexpected 'extra'/],
    [["token", "burn", "x"], /unknown subcommand 'burn'/],
    [["token", "create", "..", "--data-dir", "dingpipe-data"], /not a token name/],
  ] as const) {
    const r = await cli(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, message);
  }
  const missing = await cli("token", "list", "--data-dir", "no-such-dir");
  assert.equal(missing.code, 2);
  assert.match(
    missing.err,
    /no service database in no-such-dir\n {2}fix: pass the --data-dir of `dingpipe serve`/,
  );
  assert.equal((await cli("token", "--help")).code, 0);
});
