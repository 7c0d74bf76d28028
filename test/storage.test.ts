/**
 * The database on disk: private files (data directory 0700, database, WAL and SHM 0600), and a database
 * that cannot be opened — damaged, not readable, in a path that is not a directory, a PostgreSQL server
 * refusing — says which file, what is wrong and what to do, and `serve` exits 1 without a stack trace.
 * Real SQLite files, a real PostgreSQL, the real CLI.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { main } from "../src/cli/main.ts";
import { isDingpipeError } from "../src/errors.ts";
import { openStore } from "../src/store/index.ts";
import { startPostgres } from "./helpers/postgres.ts";

const root = await mkdtemp(join(tmpdir(), "dingpipe-storage-"));
chmodSync(root, 0o755); // a process running as another user (below) must reach its directories
after(() => rm(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `data-${++n}`);
const mode = (path: string) => statSync(path).mode & 0o777;
const event = {
  source: "api",
  event: { pipeline: { name: "p" }, task: { name: "t", status: "success" as const } },
};

const signalListeners = () => ["SIGINT", "SIGTERM"].map((s) => process.listenerCount(s));

/**
 * `dingpipe serve` in this process, as a user runs it; stderr and the exit code. Each start here fails: it must
 * give back the signal listeners it set up to hear a signal while starting.
 */
async function serve(...args: string[]): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  const listeners = signalListeners();
  const code = await main(["serve", "--port", "0", ...args], {
    stdout: () => {},
    stderr: (t) => void err.push(t),
    env: { DINGPIPE_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") },
    cwd: root,
  });
  assert.deepEqual(signalListeners(), listeners, "a failed start leaves no signal listener behind");
  return { code, stderr: err.join("") };
}

/**
 * `dingpipe serve --data-dir dir` in a child process (with Node flags `nodeArgs`, as user `uid` when given), bounded
 * to 30 s: its exit code and stderr.
 */
async function serveChild(
  dir: string,
  options: { nodeArgs?: string[]; uid?: number } = {},
): Promise<{ code: number | null; stderr: string }> {
  const src = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      "--input-type=module",
      "-e",
      `import { main } from ${JSON.stringify(src)}; process.exitCode = await main(process.argv.slice(1));`,
      "serve",
      "--port",
      "0",
      "--data-dir",
      dir,
    ],
    {
      env: { ...process.env, DINGPIPE_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") },
      stdio: ["ignore", "ignore", "pipe"],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, stderr };
}

describe("private files", () => {
  test("the data directory is 0700, the database and its WAL and SHM 0600, whatever the umask", async () => {
    const dir = freshDir();
    const umask = process.umask(0);
    try {
      const store = await openStore(undefined, { dataDir: dir });
      await store.insertEvent(event);
      const file = join(dir, "dingpipe.sqlite");
      assert.equal(mode(dir).toString(8), "700");
      for (const f of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(f).toString(8), "600", f);
      await store.close();
    } finally {
      process.umask(umask);
    }
  });

  test("a database an older version left readable by others is made private when opened", async () => {
    const dir = freshDir();
    const store = await openStore(undefined, { dataDir: dir });
    await store.insertEvent(event);
    const file = join(dir, "dingpipe.sqlite");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    await store.close();
    const again = await openStore(undefined, { dataDir: dir });
    try {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(f).toString(8), "600", f);
      assert.equal((await again.getEvent("1"))?.event.task.name, "t", "and keeps its data");
    } finally {
      await again.close();
    }
  });
});

describe("a database that cannot be opened", () => {
  test("a damaged file: which file, what is wrong, what to do — and serve exits 1 without a stack trace", async () => {
    const dir = freshDir();
    mkdirSync(dir);
    const file = join(dir, "dingpipe.sqlite");
    writeFileSync(file, "this is not a database\n".repeat(400));
    await assert.rejects(
      openStore(undefined, { dataDir: dir }),
      (e) =>
        isDingpipeError(e, "database_unavailable") &&
        e.message.startsWith(`cannot open the database ${file}: the file is not a SQLite database`) &&
        /restore the database from a backup/.test(e.fix ?? ""),
    );
    const r = await serve("--data-dir", dir);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(`^dingpipe serve: cannot open the database ${file}: the file is not a SQLite database`),
    );
    assert.match(r.stderr, /\n {2}fix: stop the service, restore the database from a backup/);
    assert.doesNotMatch(r.stderr, /\n\s+at |port/, "no stack trace, no word of ports");
  });

  test("a data directory path through a file: says so", async () => {
    const file = join(root, "a-file");
    writeFileSync(file, "x");
    const r = await serve("--data-dir", join(file, "data"));
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /cannot open the database .*a-file\/data\/dingpipe\.sqlite: a part of the path is a file, not a directory\n {2}fix: pass a --data-dir that is a directory/,
    );
  });

  test("a Node.js without node:sqlite: exit 1, the database named and the fix, no stack trace", async () => {
    const dir = freshDir();
    // A resolve hook that answers for node:sqlite what a Node.js built without it answers.
    const hooks = join(root, "no-sqlite-hooks.mjs");
    writeFileSync(
      hooks,
      `export async function resolve(specifier, context, next) {
        if (specifier === "node:sqlite") {
          const e = new Error("No such built-in module: node:sqlite");
          e.code = "ERR_UNKNOWN_BUILTIN_MODULE";
          throw e;
        }
        return next(specifier, context);
      }`,
    );
    const register = join(root, "no-sqlite.mjs");
    writeFileSync(
      register,
      `import { register } from "node:module"; register(${JSON.stringify(new URL(`file://${hooks}`).href)});`,
    );
    const { code, stderr } = await serveChild(dir, { nodeArgs: ["--import", register] });
    assert.equal(code, 1, stderr);
    const file = join(dir, "dingpipe.sqlite");
    assert.match(
      stderr,
      new RegExp(
        `^dingpipe serve: cannot open the database ${file}: this Node\\.js \\(v[\\d.]+\\) has no node:sqlite`,
      ),
    );
    assert.match(stderr, /fix: run dingpipe on Node\.js 24 or later .* or pass --database-url postgres:/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  test("a database the user may not write (permission denied, read-only): exit 1 with the fix", async () => {
    const dir = freshDir();
    const store = await openStore(undefined, { dataDir: dir });
    await store.close();
    const file = join(dir, "dingpipe.sqlite");
    // As root every file is writable: the command then runs as an unprivileged user.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      for (const f of [dir, file]) chownSync(f, 65534, 65534);
    }
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    try {
      const { code, stderr } = await serveChild(dir, asRoot ? { uid: 65534 } : {});
      assert.equal(code, 1, stderr);
      assert.match(
        stderr,
        new RegExp(`^dingpipe serve: cannot open the database ${file}: permission denied`),
      );
      assert.match(stderr, /fix: give the user running dingpipe read and write access to the data directory/);
      assert.doesNotMatch(stderr, /\n\s+at |--port/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  test("PostgreSQL: a wrong password, a missing database, a server that does not answer — never the password", async () => {
    const pg = await startPostgres();
    try {
      const url = new URL(await pg.url());
      const wrong = new URL(url);
      wrong.password = "not-the-password";
      await assert.rejects(openStore(wrong.href), (e) => {
        assert.ok(isDingpipeError(e, "database_unavailable"));
        assert.match(
          e.message,
          /^cannot open the database postgres:\/\/postgres@127\.0\.0\.1:\d+\/t_\w+: the password was refused$/,
        );
        assert.doesNotMatch(`${e.message} ${e.fix}`, /not-the-password|dingpipe-test/);
        assert.match(e.fix ?? "", /check the user and password in --database-url/);
        return true;
      });
      const missing = new URL(url);
      missing.pathname = "/no_such_db";
      await assert.rejects(
        openStore(missing.href),
        (e) =>
          isDingpipeError(e) &&
          /no_such_db: the database does not exist/.test(e.message) &&
          /createdb/.test(e.fix ?? ""),
      );
      await pg.halt();
      await assert.rejects(
        openStore(url.href),
        (e) =>
          isDingpipeError(e) &&
          /the database server does not answer \(ECONNREFUSED\)/.test(e.message) &&
          /start the PostgreSQL server/.test(e.fix ?? ""),
      );
    } finally {
      await pg.stop();
    }
  });
});
