import assert from "node:assert/strict";
import { test } from "node:test";
import { isDingpipeError } from "../errors.ts";
import { parseServiceOptions } from "./options.ts";

test("defaults: 127.0.0.1:8080, ./dingpipe-data, SQLite, worker on, no hook secrets", () => {
  const o = parseServiceOptions([], {});
  assert.equal(o.host, "127.0.0.1");
  assert.equal(o.port, 8080);
  assert.equal(o.dataDir, "dingpipe-data");
  assert.equal(o.databaseUrl, undefined);
  assert.equal(o.worker, true);
  assert.deepEqual(o.hookSecrets, {});
  assert.deepEqual(o.allowHosts, []);
});

test("flags and environment: repeatable --allow-host, comma-separated secrets for rotation", () => {
  const o = parseServiceOptions(
    [
      "--port",
      "0",
      "--allow-host",
      "127.0.0.1:4000",
      "--allow-host",
      "relay.example",
      "--no-worker",
      "--gitlab-secret",
      "a, b",
    ],
    {
      DINGPIPE_GITHUB_SECRET: "old,new",
      DINGPIPE_DATABASE_URL: "postgres://x/y",
      DINGPIPE_ALLOW_HOSTS: "h1",
    },
  );
  assert.equal(o.port, 0);
  assert.deepEqual(o.allowHosts, ["h1", "127.0.0.1:4000", "relay.example"]);
  assert.equal(o.worker, false);
  assert.deepEqual(o.hookSecrets, { github: ["old", "new"], gitlab: ["a", "b"] });
  assert.equal(o.databaseUrl, "postgres://x/y");
  assert.equal(o.hookDedupWindowMs, undefined, "the service's default applies");
  assert.equal(parseServiceOptions(["--hook-dedupe-window", "0"], {}).hookDedupWindowMs, 0);
  assert.equal(parseServiceOptions([], { DINGPIPE_HOOK_DEDUPE_WINDOW: "300" }).hookDedupWindowMs, 300_000);
});

test("bad usage is a DingpipeError with a fix", () => {
  for (const args of [
    ["--port", "http"],
    ["--bogus"],
    ["--log-level", "loud"],
    ["--lease-ms", "5"],
    ["--hook-dedupe-window", "-1"],
    ["--hook-dedupe-window", "1.5"],
    ["extra"],
  ]) {
    assert.throws(
      () => parseServiceOptions(args, {}),
      (e) => isDingpipeError(e, "usage") && e.fix !== undefined,
      args.join(" "),
    );
  }
});

test("--metrics-port: a worker's, off by default, from the flag or DINGPIPE_METRICS_PORT", () => {
  assert.equal(parseServiceOptions([], {}, "worker").metricsPort, undefined);
  assert.equal(parseServiceOptions(["--metrics-port", "9464"], {}, "worker").metricsPort, 9464);
  const fromEnv = parseServiceOptions(["--host", "0.0.0.0"], { DINGPIPE_METRICS_PORT: "0" }, "worker");
  assert.equal(fromEnv.metricsPort, 0);
  assert.equal(fromEnv.host, "0.0.0.0");
  // serve answers /metrics on --port: a shared environment's DINGPIPE_METRICS_PORT does not bother it…
  assert.equal(parseServiceOptions([], { DINGPIPE_METRICS_PORT: "9464" }).metricsPort, undefined);
  // …but its flag opens a separate metrics port.
  assert.equal(parseServiceOptions(["--metrics-port", "9464"], {}).metricsPort, 9464);
  for (const [args, mode] of [
    [["--metrics-port", "http"], "serve"],
    [["--metrics-port", "http"], "worker"],
    [["--metrics-port", "70000"], "worker"],
  ] as const) {
    assert.throws(
      () => parseServiceOptions([...args], {}, mode),
      (e) => isDingpipeError(e, "usage") && e.fix !== undefined,
      `${mode} ${args.join(" ")}`,
    );
  }
});

test("--metrics-token and --host-name, from flags or the environment; a short metrics token is refused", () => {
  const o = parseServiceOptions(["--metrics-token", "m".repeat(24), "--host-name", "dingpipe.example.com"], {
    DINGPIPE_HOST_NAMES: "a.example, b.example",
  });
  assert.equal(o.metricsToken, "m".repeat(24));
  assert.deepEqual(o.hostNames, ["a.example", "b.example", "dingpipe.example.com"]);
  assert.equal(
    parseServiceOptions([], { DINGPIPE_METRICS_TOKEN: "t".repeat(30) }).metricsToken,
    "t".repeat(30),
  );
  assert.throws(
    () => parseServiceOptions([], { DINGPIPE_METRICS_TOKEN: "short" }),
    (e) =>
      isDingpipeError(e, "weak_token") && /at least 24 characters/.test(e.message) && e.fix !== undefined,
  );
});

test("--log-format: json or pretty, from the flag or DINGPIPE_LOG_FORMAT; absent leaves it to the terminal", () => {
  assert.equal(parseServiceOptions([], {}).logFormat, undefined);
  assert.equal(parseServiceOptions([], { DINGPIPE_LOG_FORMAT: "" }).logFormat, undefined);
  assert.equal(parseServiceOptions(["--log-format", "json"], {}).logFormat, "json");
  assert.equal(parseServiceOptions([], { DINGPIPE_LOG_FORMAT: "pretty" }, "worker").logFormat, "pretty");
  assert.equal(
    parseServiceOptions(["--log-format", "json"], { DINGPIPE_LOG_FORMAT: "pretty" }).logFormat,
    "json",
  );
  assert.throws(
    () => parseServiceOptions(["--log-format", "text"], {}),
    (e) => isDingpipeError(e, "usage") && /--log-format text is not json or pretty/.test(e.message),
  );
});
