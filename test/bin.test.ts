/**
 * The installed command as users run it: bin/dingpipe.js → the CLI bundle in dist/bin (built by
 * `npm run build`, which `npm test` runs first). Commands load from their chunks, and `serve` still
 * finds the console's files in web/dist from the bundle's place.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bounded, exitOf, stopChild } from "./helpers/bounded.ts";
import { startPostgres } from "./helpers/postgres.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "dingpipe.js");
let dir = "";

before(async () => {
  assert.ok(existsSync(join(ROOT, "dist", "bin", "cli.js")), "no CLI bundle: run `npm run build` first");
  dir = await mkdtemp(join(tmpdir(), "dingpipe-bin-"));
});
after(() => rm(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env["PATH"] } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test("send --dry-run runs from the bundle", async () => {
  const r = await run(["send", "--token", "tok-bin", "--secret", "SECbintest", "--text", "hi", "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { msgtype: "text", text: { content: "hi" } });
  assert.doesNotMatch(r.stderr, /SECbintest/);
});

test("config check runs from the bundle: the bundled YAML parser reports file:line:col", async () => {
  await writeFile(
    join(dir, ".dingpipe.yml"),
    [
      "credentials:",
      "  ci:",
      `    token: \${DT_TOKEN}`,
      "notifications:",
      "  - credential: ci",
      "    events: [fial]",
      "",
    ].join("\n"),
  );
  const bad = await run(["config", "check"]);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stdout, /\.dingpipe\.yml:6:14: error: unknown event 'fial' — did you mean 'failure'\?/);
  await writeFile(join(dir, "broken.yml"), "notifications: [\n");
  const broken = await run(["config", "check", "--config", "broken.yml"]);
  assert.equal(broken.code, 2);
  assert.match(broken.stdout, /broken\.yml:\d+:\d+: error/);
});

test("an unknown command exits 2 with the usage", async () => {
  const r = await run(["nope"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'nope'[\s\S]*Commands:/);
});

/**
 * `dingpipe serve` from the bundle on a free port: its URL once it listens (within 30 s), and how to stop it:
 * SIGTERM, then its exit code (or signal name), waited for at most 30 s before it is killed and the stop fails.
 */
async function startServe(
  dataDir: string,
  nodeArgs: string[] = [],
  env: Record<string, string> = { DINGPIPE_ADMIN_TOKEN: "dp_bin_test_token_0123456789abcdef" },
  serveArgs: string[] = [],
): Promise<{
  url: string;
  pid: number | undefined;
  stderr: () => string;
  stop: () => Promise<number | string>;
}> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, BIN, "serve", "--port", "0", "--data-dir", dataDir, ...serveArgs],
    {
      cwd: dir,
      env: { PATH: process.env["PATH"], ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = exitOf(child);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const stop = () => stopChild(child, "SIGTERM", "dingpipe serve");
  try {
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "listening" && entry.url) resolve(entry.url);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
    });
    const url = await bounded(listening, 30_000, "dingpipe serve to listen");
    return { url, pid: child.pid, stderr: () => stderr, stop };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}

test("serve from the bundle serves the console from web/dist, quietly, and stops on SIGTERM", async () => {
  const serve = await startServe(join(dir, "data"));
  try {
    const page = await fetch(`${serve.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script[^>]+app\.js/);
    const app = await fetch(`${serve.url}/app.js`);
    assert.equal(app.status, 200);
    assert.ok((await app.text()).length > 1000);
  } finally {
    assert.equal(await serve.stop(), 0);
  }
  // Only dingpipe's own start-up lines: no Node warnings (node:sqlite's ExperimentalWarning included).
  assert.doesNotMatch(serve.stderr(), /Warning/);
});

test("serve from the bundle on PostgreSQL loads nothing of the SQLite store (an idle process keeps what it loaded)", async () => {
  const server = await startPostgres();
  try {
    const report =
      'process.on("exit", () => process.getBuiltinModule("node:fs").writeSync(2, "\\nloaded: " + ' +
      'JSON.stringify(process.moduleLoadList.filter((m) => /sqlite/.test(m))) + "\\n"));';
    const serve = await startServe(
      join(dir, "pg-data"),
      [`--import=data:text/javascript,${encodeURIComponent(report)}`],
      undefined,
      ["--database-url", await server.url()],
    );
    try {
      const health = await fetch(`${serve.url}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await serve.stop();
    }
    const line = serve.stderr().match(/^loaded: (.*)$/m)?.[1];
    assert.ok(line, serve.stderr());
    assert.deepEqual(JSON.parse(line), [], "node:sqlite loaded by a service on PostgreSQL");
  } finally {
    await server.stop();
  }
});

test("serve from the bundle: 4 MB semi-spaces, a 1 GB old generation, 2 malloc arenas, and /metrics without TLS, zlib or undici (memory an idle service does not need)", async () => {
  // Printed by the process itself when it exits: the built-in modules it loaded in its life.
  const report =
    'process.on("exit", () => process.getBuiltinModule("node:fs").writeSync(2, "\\nloaded: " + ' +
    'JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (tls|https|zlib|internal\\/deps\\/undici)/.test(m))) + "\\n"));';
  const serve = await startServe(join(dir, "metrics"), [
    `--import=data:text/javascript,${encodeURIComponent(report)}`,
  ]);
  try {
    const metrics = await fetch(`${serve.url}/metrics`, {
      headers: { authorization: "Bearer dp_bin_test_token_0123456789abcdef" },
    });
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /^# TYPE dingpipe_events_received_total counter$/m);
    assert.match(text, /^process_resident_memory_bytes \d+/m);
    assert.match(text, /^dingpipe_store_up 1$/m);
    // Re-executed (same process id) with the service's memory settings (docs/delivery.md, "Memory").
    // Linux shows a process's argv and environment under /proc; elsewhere there is nothing to read.
    if (process.platform === "linux") {
      const argv = (await readFile(`/proc/${serve.pid}/cmdline`, "utf8")).split("\0");
      assert.ok(argv.includes("--max-semi-space-size=4"), argv.join(" "));
      // A 1 GB old generation where this machine's default is surely higher (V8 grows the heap 4x between
      // full collections when it may reach 2 GB); a machine whose default is lower keeps it. The default is
      // read from a Node started as the service was (no NODE_OPTIONS), not from this test's own process,
      // which the runner's NODE_OPTIONS may have given another ceiling. How the ceiling is compared is
      // the next tests' case.
      const defaultCeiling = await heapLimitOf([]);
      assert.equal(
        argv.includes("--max-old-space-size=1024"),
        (await serviceFlags())([], defaultCeiling).includes("--max-old-space-size=1024"),
        `${argv.join(" ")} (default heap ceiling ${defaultCeiling})`,
      );
      const env = (await readFile(`/proc/${serve.pid}/environ`, "utf8")).split("\0");
      assert.ok(env.includes("MALLOC_ARENA_MAX=2"));
    }
  } finally {
    assert.equal(await serve.stop(), 0);
  }
  assert.match(serve.stderr(), /^loaded: \[\]$/m);
});

test("serve: an old-space ceiling the user gives wins over the service's own, and the semi-spaces are still set", async (t) => {
  if (process.platform !== "linux") return t.skip("reads the process's argv under /proc");
  // A semi-space size in NODE_OPTIONS, spelled with underscores as V8 also takes it, is not overridden on the
  // command line (an old-space size there already lowers the ceiling the service compares with).
  const viaEnv = await startServe(join(dir, "old-space-env"), [], {
    NODE_OPTIONS: "--max_semi_space_size=8",
  });
  try {
    assert.equal((await fetch(`${viaEnv.url}/healthz`)).status, 200);
    const argv = (await readFile(`/proc/${viaEnv.pid}/cmdline`, "utf8")).split("\0");
    assert.ok(!argv.some((a) => a.startsWith("--max-semi-space-size")), argv.join(" "));
    // The old-space ceiling is still decided, against the heap that semi-space size gives.
    const expected = (await serviceFlags())(
      ["--max_semi_space_size=8"],
      await heapLimitOf(["--max-semi-space-size=8"]),
    );
    assert.deepEqual(
      argv.filter((a) => /^--max-(old|semi)-space-size/.test(a)),
      expected,
      `${argv.join(" ")} (expected ${expected.join(" ")})`,
    );
  } finally {
    assert.equal(await viaEnv.stop(), 0);
  }
  const serve = await startServe(join(dir, "old-space"), ["--max-old-space-size=300"]);
  try {
    // A request first: the signal handlers are set once start-up has returned, just after "listening".
    assert.equal((await fetch(`${serve.url}/healthz`)).status, 200);
    const argv = (await readFile(`/proc/${serve.pid}/cmdline`, "utf8")).split("\0");
    assert.ok(argv.includes("--max-old-space-size=300"), argv.join(" "));
    assert.ok(!argv.includes("--max-old-space-size=1024"), argv.join(" "));
    assert.ok(argv.includes("--max-semi-space-size=4"), argv.join(" "));
  } finally {
    assert.equal(await serve.stop(), 0);
  }
});

/** V8's heap_size_limit (bytes) of a Node started with `flags`, in a clean environment (no NODE_OPTIONS). */
async function heapLimitOf(flags: string[]): Promise<number> {
  const child = spawn(
    process.execPath,
    [...flags, "-p", 'process.getBuiltinModule("node:v8").getHeapStatistics().heap_size_limit'],
    { env: { PATH: process.env["PATH"] }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await bounded(exitOf(child), 20_000, `node ${flags.join(" ")} to print its heap ceiling`);
  assert.equal(code, 0);
  return Number(out.trim());
}

type ServiceFlags = (given: readonly string[], heapSizeLimit: number) => string[];
const serviceFlags = async (): Promise<ServiceFlags> =>
  (
    (await import(pathToFileURL(join(ROOT, "bin", "service-flags.js")).href)) as {
      serviceFlags: ServiceFlags;
    }
  ).serviceFlags;

test("the service's 1 GB ceiling is compared with V8's old generation, not its whole heap (old + young)", async () => {
  const flagsFor = await serviceFlags();
  const ceiling = (given: string[], limit: number) =>
    flagsFor(given, limit).includes("--max-old-space-size=1024");
  // Real Node processes stand for machines whose default old generation is what `--max-old-space-size`
  // gives them: their heap_size_limit is that plus the young generation (three semi-spaces).
  // An old generation of exactly 1 GB: its heap ceiling is above 1 GB, yet it is not higher than the
  // service's, so it is kept.
  const oneGb = await heapLimitOf(["--max-old-space-size=1024"]);
  assert.ok(oneGb > 1024 * 1024 * 1024, `heap_size_limit ${oneGb} counts the young generation too`);
  assert.equal(ceiling([], oneGb), false, `old generation 1024 MB, heap_size_limit ${oneGb}`);
  // 2 GB: lowered to 1 GB.
  assert.equal(ceiling([], await heapLimitOf(["--max-old-space-size=2048"])), true);
  // The user's semi-space size (16 MB: a 48 MB young generation) is known: the old generation exactly.
  const semi = "--max-semi-space-size=16";
  const under = await heapLimitOf([semi, "--max-old-space-size=1000"]);
  assert.ok(under > 1024 * 1024 * 1024, `heap_size_limit ${under}`);
  assert.equal(ceiling([semi], under), false, `old generation 1000 MB, heap_size_limit ${under}`);
  assert.equal(ceiling(["--max_semi_space_size=16"], under), false);
  assert.equal(ceiling([semi], await heapLimitOf([semi, "--max-old-space-size=1040"])), true);
  // A size the user gave wins: no ceiling of the service's then, and no semi-space size either.
  assert.deepEqual(flagsFor(["--max-old-space-size=4096", "--max_semi_space_size=8"], oneGb * 4), []);
});

test("serve at idle loads neither prom-client, node:crypto, fs/promises nor worker_threads; the first scrape loads what it needs", async () => {
  const data = join(dir, "idle");
  // A first start creates the secret key and the admin token (node:crypto); the idle service is a later start.
  const first = await startServe(data, [], {});
  // A request first: the signal handlers are set once start-up has returned, just after "listening".
  assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
  assert.equal(await first.stop(), 0);
  const token = /Admin API token[^:]*: (dp_\S+)/.exec(first.stderr())?.[1];
  assert.ok(token, first.stderr());
  // On SIGUSR2 the process prints the built-in modules and the files it has loaded so far.
  const report =
    'const files = []; process.getBuiltinModule("node:module").registerHooks({ load(url, context, next) { files.push(url); return next(url, context); } });' +
    'process.on("SIGUSR2", () => process.getBuiltinModule("node:fs").writeSync(2, "\\nloaded: " + JSON.stringify({ builtins: process.moduleLoadList, files }) + "\\n"));';
  const serve = await startServe(data, [`--import=data:text/javascript,${encodeURIComponent(report)}`], {});
  const loaded = async () => {
    const seen = serve.stderr().match(/^loaded: .*$/gm)?.length ?? 0;
    process.kill(serve.pid!, "SIGUSR2");
    for (let i = 0; i < 200 && (serve.stderr().match(/^loaded: .*$/gm)?.length ?? 0) === seen; i++)
      await new Promise((r) => setTimeout(r, 25));
    const line = serve.stderr().match(/^loaded: (.*)$/gm)?.[seen];
    assert.ok(line, `no report after SIGUSR2:\n${serve.stderr()}`);
    const { builtins, files } = JSON.parse(line.slice("loaded: ".length)) as {
      builtins: string[];
      files: string[];
    };
    // esbuild marks each bundled module with a "// node_modules/…" comment in the chunk that carries it.
    const bundled = await Promise.all(
      files.filter((f) => f.startsWith("file:")).map((f) => readFile(fileURLToPath(f), "utf8")),
    );
    return {
      builtins: new Set(builtins.map((m) => m.replace(/^NativeModule /, ""))),
      promClient: bundled.some((text) => /^\/\/ (\S*\/)?node_modules\/prom-client\//m.test(text)),
    };
  };
  try {
    const idle = await loaded();
    assert.equal(idle.promClient, false, "prom-client loaded at idle");
    for (const m of ["crypto", "internal/fs/promises", "worker_threads", "internal/util/diff"])
      assert.equal(idle.builtins.has(m), false, `${m} loaded at idle`);
    // Nothing counted is lost: the first scrape loads prom-client and shows what was counted before.
    assert.equal((await fetch(`${serve.url}/healthz`)).status, 200);
    const metrics = await fetch(`${serve.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /^dingpipe_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1$/m);
    assert.match(text, /^process_resident_memory_bytes \d+/m);
    const scraped = await loaded();
    assert.equal(scraped.promClient, true);
    assert.equal(scraped.builtins.has("crypto"), true);
  } finally {
    assert.equal(await serve.stop(), 0, serve.stderr());
  }
});

test("an older Node gets a clear message and exit 2, not a stack trace", async (t) => {
  // The machines this project runs on ship an older system Node beside the project's own Node 24.
  const older = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p) && p !== process.execPath);
  if (!older) return t.skip("no Node older than 24 on this machine");
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(older, [BIN, "serve"], { cwd: dir, env: { PATH: process.env["PATH"] } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
  const version = await new Promise<string>((resolve) => {
    const child = spawn(older, ["--version"]);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", () => resolve(out.trim()));
  });
  if (Number(version.replace(/^v/, "").split(".")[0]) >= 24) return t.skip(`${older} is ${version}`);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^dingpipe needs Node\.js 24 or newer; this is Node v\d+/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});
