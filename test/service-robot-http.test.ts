/**
 * `dingpipe serve` sends robot requests on the engine's node:http keep-alive agents, not the global fetch
 * (undici: ~2.5x the CPU per request and ~17 MB of memory once loaded), still through the host allowlist.
 * The service runs in-process as `serve` starts it (src/server/service.ts, the real engine and store), the
 * robot is the DingTalk emulator; the global fetch is wrapped to see whether a robot request went through it.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { startEngine } from "../src/server/engine.ts";
import { silentLogger } from "../src/server/log.ts";
import { parseServiceOptions } from "../src/server/options.ts";
import { type RunningService, startService } from "../src/server/service.ts";
import { openStore } from "../src/store/index.ts";

const ROBOT = { token: "robottoken0001", secret: "SECfakesecret0001" };
const ADMIN = "dp_test_0123456789abcdef0123456789abcdef";

let dir = "";
let emulator: Emulator;
let service: RunningService;
const robotCallsThroughGlobalFetch: string[] = [];
const globalFetch = globalThis.fetch;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dingpipe-robot-http-"));
  emulator = await startEmulator({ port: 0, robots: [ROBOT] });
  globalThis.fetch = (input, init) => {
    const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    if (url.startsWith(emulator.url)) robotCallsThroughGlobalFetch.push(url);
    return globalFetch(input, init);
  };
  const host = new URL(emulator.url).host;
  service = await startService(
    parseServiceOptions(["--port", "0", "--host", "127.0.0.1", "--allow-host", host], {}),
    {
      env: { DINGPIPE_ADMIN_TOKEN: ADMIN },
      cwd: dir,
      logger: silentLogger,
      say: () => {},
      openStore,
      startEngine,
    },
    "serve",
  );
});

after(async () => {
  globalThis.fetch = globalFetch;
  await service?.stop();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

async function api(path: string, body: unknown): Promise<number> {
  const res = await globalFetch(`${service.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

test("the service's engine delivers on node:http, not through the global fetch, within the allowlist", async () => {
  assert.equal(
    await api("/api/credentials", {
      name: "group",
      webhook: emulator.webhookUrl(ROBOT.token),
      secret: ROBOT.secret,
    }),
    201,
  );
  assert.equal(await api("/api/notifications", { credential: "group", events: ["failure"] }), 201);
  assert.equal(
    await api("/api/events", {
      pipeline: { name: "robot-http-7" },
      task: { name: "build", status: "failure" },
    }),
    202,
  );
  const deadline = Date.now() + 15_000;
  while (!emulator.messages(ROBOT.token).some((m) => JSON.stringify(m.body).includes("robot-http-7"))) {
    if (Date.now() > deadline) assert.fail("timed out after 15 s waiting for the message");
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(robotCallsThroughGlobalFetch, [], "no robot request went through the global fetch");
});

test("a robot request on the engine's HTTP does not load undici into the process (its memory stays out)", async () => {
  // A fresh process: the test runner itself may have loaded undici. The request goes as the engine makes it
  // (robotFetch, headers as the robot client passes them) to the emulator of this test.
  const script = `
    import { createAllowlist } from ${JSON.stringify(new URL("../src/server/allowlist.ts", import.meta.url).href)};
    import { robotFetch } from ${JSON.stringify(new URL("../src/server/engine.ts", import.meta.url).href)};
    const robots = robotFetch(createAllowlist([process.argv[1]]), {});
    const res = await robots.fetch(process.argv[2], {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "text", text: { content: "undici?" } }),
      signal: AbortSignal.timeout(10_000),
    });
    robots.close();
    console.log(JSON.stringify({ status: res.status, undici: process.moduleLoadList.some((m) => m.includes("undici")) }));
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", script, new URL(emulator.url).host, emulator.webhookUrl("robottoken-open")],
    { timeout: 30_000 },
  );
  assert.deepEqual(JSON.parse(stdout), { status: 200, undici: false });
});
