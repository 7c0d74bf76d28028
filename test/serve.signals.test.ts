/**
 * A signal while `dingpipe serve` starts: the start is held at its database (PostgreSQL behind a loopback
 * relay that passes nothing on until the test lets it), the signal is sent, then the start is let go on or
 * made to fail. Every wait is bounded.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { bounded } from "./helpers/bounded.ts";
import { startPostgres, type TestPostgres } from "./helpers/postgres.ts";
import { lineOf, type ServiceProcess, spawnService } from "./helpers/serve-process.ts";

const ENV = {
  DINGPIPE_ADMIN_TOKEN: `dp_test_${randomBytes(12).toString("hex")}`,
  DINGPIPE_SECRET_KEY: randomBytes(32).toString("base64"),
};
const STARTING = "received while starting: stopping as soon as it has started";

let pg: TestPostgres;
let root = "";
before(async () => {
  pg = await startPostgres();
  root = await mkdtemp(join(tmpdir(), "dingpipe-serve-signals-"));
});
after(async () => {
  await pg.stop();
  await rm(root, { recursive: true, force: true });
});

/** A relay on 127.0.0.1 to `target`: it holds each connection, passing nothing, until `pass()` or `fail()`. */
async function heldRelay(target: URL): Promise<{
  url: string;
  held: Promise<void>;
  pass(): void;
  fail(): void;
  close(): Promise<void>;
}> {
  const sockets: Socket[] = [];
  let mode: "hold" | "pass" | "fail" = "hold";
  const first = Promise.withResolvers<void>();
  // pipe() sets a held (paused) socket flowing again.
  const relay = (socket: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
    socket.pipe(upstream);
    upstream.pipe(socket);
  };
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    first.resolve();
    if (mode === "pass") relay(socket);
    else if (mode === "fail") socket.destroy();
    else socket.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(target);
  url.port = String(port);
  url.hostname = "127.0.0.1";
  return {
    url: url.href,
    held: first.promise,
    pass() {
      mode = "pass";
      for (const socket of sockets) relay(socket);
    },
    fail() {
      mode = "fail";
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type Relay = Awaited<ReturnType<typeof heldRelay>>;

/**
 * `dingpipe serve` on PostgreSQL through a held relay, signalled with SIGTERM once its start waits there; then
 * `then` with both, and both are gone afterwards whatever happened.
 */
async function signalledWhileStarting(
  then: (service: ServiceProcess, relay: Relay) => Promise<void>,
): Promise<void> {
  const relay = await heldRelay(new URL(await pg.url()));
  const service = await spawnService("serve", ["--port", "0", "--database-url", relay.url], {
    cwd: root,
    env: ENV,
    untilReady: false,
  });
  try {
    await bounded(relay.held, 30_000, "the service to reach its database");
    service.kill("SIGTERM");
    const said = await lineOf(service, STARTING);
    assert.match(said, /^dingpipe serve: SIGTERM received while starting/);
    assert.match(said, /send it again to stop at once/);
    await then(service, relay);
  } finally {
    service.kill("SIGKILL");
    await relay.close();
  }
}

test("a signal while starting: the service starts, then stops cleanly at once (exit 0)", async () => {
  await signalledWhileStarting(async (service, relay) => {
    relay.pass();
    assert.equal(await bounded(service.exited, 30_000, "the service to stop"), 0);
    const messages = service.output.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).msg);
    assert.deepEqual(
      messages.filter((m) => ["listening", "signal received", "stopped"].includes(m)),
      ["listening", "signal received", "stopped"],
    );
  });
});

test("a second signal while starting stops it at once", async () => {
  await signalledWhileStarting(async (service) => {
    service.kill("SIGTERM");
    assert.equal(await bounded(service.exited, 30_000, "the service to end"), "SIGTERM");
    assert.equal(
      service.output.some((l) => l.includes('"listening"')),
      false,
    );
  });
});

test("a signal while a start then fails: it says why and ends (exit 1)", async () => {
  await signalledWhileStarting(async (service, relay) => {
    relay.fail();
    assert.equal(await bounded(service.exited, 30_000, "the service to end"), 1);
    const said = await lineOf(service, "dingpipe serve: cannot open the database");
    assert.match(said, /the database server does not answer/);
    const { password } = new URL(relay.url);
    assert.ok(password.length > 0);
    assert.equal(said.includes(password), false, "the URL's password is not printed");
    await lineOf(service, "fix: start the PostgreSQL server");
  });
});
