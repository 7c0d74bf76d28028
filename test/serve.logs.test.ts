/**
 * `dingpipe serve`'s log lines: worded for a person when its stdout is a real terminal (a pseudo-terminal from
 * util-linux `script`), JSON for a collector when it is a pipe. Each service is stopped as soon as it listens.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { lineOf, spawnService } from "./helpers/serve-process.ts";

const MAIN = pathToFileURL(new URL("../src/cli/main.ts", import.meta.url).pathname).href;
const ENV = {
  DINGPIPE_ADMIN_TOKEN: `dp_test_${randomBytes(12).toString("hex")}`,
  DINGPIPE_SECRET_KEY: randomBytes(32).toString("base64"),
};
const hasScript = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;

let root = "";
before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-serve-logs-"));
  await writeFile(
    join(root, "runner.mjs"),
    `import { main } from ${JSON.stringify(MAIN)}; process.exitCode = await main(process.argv.slice(2));\n`,
  );
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What `dingpipe serve` writes to a terminal until it listens (stopped then; at most 30 s). */
function onTerminal(name: string, env: Record<string, string>): Promise<string> {
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = [
    process.execPath,
    join(root, "runner.mjs"),
    "serve",
    "--port",
    "0",
    "--data-dir",
    join(root, name),
  ]
    .map(q)
    .join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: root,
    env: { PATH: process.env["PATH"] ?? "", TERM: "xterm", ...ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let text = "";
  return new Promise((resolve, reject) => {
    const stop = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no "listening" line within 30 s:\n${text}`));
    }, 30_000);
    child.stdout.on("data", (d) => {
      text += d;
      if (/listening/.test(text) && text.endsWith("\n")) {
        clearTimeout(timer);
        stop();
        resolve(text);
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      if (!/listening/.test(text)) reject(new Error(`serve exited before listening:\n${text}`));
    });
  });
}

test("on a terminal: time, coloured level, message and fields — no JSON", {
  skip: !hasScript && "no `script`",
}, async () => {
  const text = await onTerminal("tty", {});
  const line = text.split(/\r?\n/).find((l) => l.includes("listening"))!;
  assert.match(line, /^\u001b\[2m\d\d:\d\d:\d\d\.\d{3}\u001b\[0m \u001b\[36mINFO \u001b\[0m listening /);
  assert.match(line.replace(/\u001b\[\d+m/g, ""), / url=http:\/\/127\.0\.0\.1:\d+ /);
  assert.doesNotMatch(text, /^\{/m);
});

test("on a terminal with NO_COLOR: the same line without colour", {
  skip: !hasScript && "no `script`",
}, async () => {
  const text = await onTerminal("no-color", { NO_COLOR: "1" });
  const line = text.split(/\r?\n/).find((l) => l.includes("listening"))!;
  assert.match(line, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}listening .*url=http:\/\/127\.0\.0\.1:\d+/);
  assert.doesNotMatch(text, /\u001b/);
});

test("on a terminal, DINGPIPE_LOG_FORMAT=json keeps JSON", {
  skip: !hasScript && "no `script`",
}, async () => {
  const text = await onTerminal("tty-json", { DINGPIPE_LOG_FORMAT: "json" });
  const line = text.split(/\r?\n/).find((l) => l.includes("listening"))!;
  assert.equal(JSON.parse(line).msg, "listening");
});

test("through a pipe: one JSON object per line", async () => {
  const service = await spawnService("serve", ["--port", "0", "--data-dir", join(root, "pipe")], {
    cwd: root,
    env: ENV,
  });
  try {
    const line = service.output.find((l) => l.includes("listening"))!;
    const entry = JSON.parse(line);
    assert.equal(entry.level, "info");
    assert.equal(entry.service, "dingpipe-serve");
    assert.match(entry.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    service.kill("SIGKILL");
    await service.exited;
  }
});

test("once started, serve frees compiled code's jobs as installed and says so at debug level; Node's own flag wins", async () => {
  const cases = [
    { name: "jobs", nodeFlags: [], freed: true },
    // The user said how V8 should free them: the service leaves it so.
    { name: "jobs-theirs", nodeFlags: ["--maglev-destroy-on-background"], freed: false },
  ];
  for (const { name, nodeFlags, freed } of cases) {
    const service = await spawnService(
      "serve",
      ["--port", "0", "--data-dir", join(root, name), "--log-level", "debug"],
      { cwd: root, env: ENV, nodeFlags },
    );
    try {
      const entry = JSON.parse(await lineOf(service, `"msg":"compiled code's jobs"`));
      assert.equal(entry.freedAsInstalled, freed, nodeFlags.join(" ") || "no flag given");
    } finally {
      // The line comes once the service hears signals: it stops as asked, not killed by the signal.
      assert.equal(await service.stop("SIGTERM"), 0);
    }
  }
});
