import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { isDingpipeError } from "../errors.ts";
import { openStore } from "../store/index.ts";
import { createLogger } from "./log.ts";
import { parseServiceOptions } from "./options.ts";
import { type RunningEngine, type ServiceDeps, startService } from "./service.ts";

let root = "";
before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-service-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function deps(dir: string, env: Record<string, string | undefined> = {}) {
  const said: string[] = [];
  const logs: string[] = [];
  const engine = { started: 0, stopped: 0 };
  const d: ServiceDeps = {
    env,
    cwd: join(root, dir),
    logger: createLogger({ write: (line) => void logs.push(line) }),
    say: (line) => void said.push(line),
    openStore,
    startEngine: (): RunningEngine => {
      engine.started++;
      return {
        wake() {},
        async stop() {
          engine.stopped++;
        },
      };
    },
  };
  return { d, said, logs, engine };
}

test("the first start prints the admin token; later starts say how to sign in without printing one", async () => {
  const options = parseServiceOptions(["--port", "0", "--host", "127.0.0.1"], {});
  const first = deps("restart");
  const s1 = await startService(options, first.d, "serve");
  await s1.stop();
  const token = /(dp_\S+)/.exec(first.said.join("\n"))?.[1];
  assert.ok(token, first.said.join("\n"));

  const second = deps("restart");
  const s2 = await startService(options, second.d, "serve");
  await s2.stop();
  const text = second.said.join("\n");
  assert.ok(!text.includes("dp_"), text);
  assert.match(text, /admin API token printed on the first start/);
  assert.match(text, /dingpipe token create/);

  const chosen = deps("restart", { DINGPIPE_ADMIN_TOKEN: "dp_chosen_0123456789_abcdef" });
  const s3 = await startService(options, chosen.d, "serve");
  await s3.stop();
  assert.ok(!chosen.said.join("\n").includes("first start"), chosen.said.join("\n"));
});

test("DINGPIPE_ADMIN_TOKEN replaces the previous one; a short one stops the start with the fix", async () => {
  const options = parseServiceOptions(["--port", "0", "--host", "127.0.0.1"], {});
  const one = "dp_first_env_token_0123456789";
  const two = "dp_second_env_token_0123456789";
  for (const token of [one, two]) {
    const s = await startService(options, deps("env-token", { DINGPIPE_ADMIN_TOKEN: token }).d, "serve");
    await s.stop();
  }
  const store = await openStore(undefined, { dataDir: join(root, "env-token", "dingpipe-data") });
  try {
    const { hashToken } = await import("./tokens.ts");
    assert.equal(
      await store.findApiTokenByHash(hashToken(one)),
      undefined,
      "the first env token no longer signs in",
    );
    assert.equal((await store.findApiTokenByHash(hashToken(two)))?.name, "admin-env");
  } finally {
    await store.close();
  }
  const short = deps("env-token", { DINGPIPE_ADMIN_TOKEN: "hunter2-hunter2" });
  await assert.rejects(
    startService(options, short.d, "serve"),
    (e) =>
      isDingpipeError(e, "weak_token") &&
      /15 characters long: an API token needs at least 24/.test(e.message) &&
      !e.message.includes("hunter2") &&
      /DINGPIPE_ADMIN_TOKEN=/.test(e.fix ?? ""),
  );
});

test("a start that cannot listen stops the delivery engine it started", async () => {
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const address = taken.address();
  assert.ok(address && typeof address === "object");
  try {
    const options = parseServiceOptions(["--port", String(address.port), "--host", "127.0.0.1"], {});
    const { d, engine } = deps("taken");
    await assert.rejects(startService(options, d, "serve"), { code: "EADDRINUSE" });
    assert.equal(engine.started, 1);
    assert.equal(engine.stopped, 1);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

test("a worker's --metrics-port with --metrics-token: /metrics needs that token, /healthz does not", async () => {
  const metricsToken = "m".repeat(32);
  const options = parseServiceOptions(
    ["--metrics-port", "0", "--metrics-token", metricsToken, "--host", "127.0.0.1"],
    {},
    "worker",
  );
  const s = await startService(options, deps("metrics-token").d, "worker");
  try {
    assert.ok(s.url);
    const scrape = (authorization?: string) =>
      fetch(`${s.url}/metrics`, {
        headers: authorization === undefined ? {} : { authorization },
        signal: AbortSignal.timeout(30_000),
      });
    for (const wrong of [undefined, "Bearer " + "n".repeat(32), metricsToken, `Basic ${metricsToken}`]) {
      const r = await scrape(wrong);
      assert.equal(r.status, 401, `${wrong}`);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, "unauthorized");
    }
    const ok = await scrape(`Bearer ${metricsToken}`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /dingpipe_/);
    const health = await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
    assert.equal(health.status, 200);
    await health.body?.cancel();
  } finally {
    await s.stop();
  }
});
