/**
 * A delivery whose worker died between its request and the robot's answer says so, instead of showing
 * "sending" for ever: a real `dingpipe serve` is killed (-9) while its request is held by the emulator; a
 * second `serve --no-worker` on the same database then answers the delivery with `waiting.reason: "resend"`,
 * refuses its retry with what will happen, and its console says "awaiting its re-send" in English and
 * Chinese. A `dingpipe worker` started afterwards sends it again, once.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { openStore } from "../src/store/index.ts";
import { launchChromium, newPage, problems } from "./console-harness.ts";
import { waitFor } from "./helpers/delivery.ts";
import { callApi, type ServiceProcess, spawnService } from "./helpers/serve-process.ts";
import type { Json } from "./helpers/service.ts";

const ADMIN = `dp_test_${randomBytes(12).toString("hex")}`;
const SECRET_KEY = randomBytes(32).toString("base64");
const TOKEN = "resendrobot0001";

let root = "";
let emulator: Emulator;
let browser: Browser | undefined;
const running: ServiceProcess[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "dingpipe-resend-"));
  emulator = await startEmulator({ port: 0, robots: [{ token: TOKEN }] });
});

after(async () => {
  for (const p of running) await p.stop("SIGKILL").catch(() => {});
  await browser?.close();
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
});

async function start(command: "serve" | "worker", dataDir: string, extra: string[] = []) {
  const p = await spawnService(
    command,
    [
      ...(command === "serve" ? ["--port", "0"] : []),
      "--allow-host",
      new URL(emulator.url).host,
      "--data-dir",
      dataDir,
      // A killed process's robots are free again after 3 s, not 30.
      "--lease-ms",
      "3000",
      ...extra,
    ],
    { cwd: root, env: { DINGPIPE_ADMIN_TOKEN: ADMIN, DINGPIPE_SECRET_KEY: SECRET_KEY } },
  );
  running.push(p);
  return p;
}

async function api(url: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  return callApi(url, ADMIN, path, body);
}

test("a delivery left sending by a killed serve awaits its re-send, says so in the API and the console, and goes again once", async () => {
  const dataDir = join(root, "data");
  const first = await start("serve", dataDir);
  const url = first.url!;
  assert.equal(
    (await api(url, "/api/credentials", { name: "ops", webhook: emulator.webhookUrl(TOKEN) })).status,
    201,
  );
  assert.equal(
    (await api(url, "/api/notifications", { credential: "ops", events: ["failure"] })).status,
    201,
  );
  // The robot holds every answer: the request stays out until the client's own timeout.
  emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 60_000, seed: 1 });
  const posted = await api(url, "/api/events", {
    pipeline: { name: "web" },
    task: { name: "deploy-resend", status: "failure" },
  });
  assert.equal(posted.status, 202);

  // Killed while its request is out: frozen (SIGSTOP) before it is looked at, so a request seen in
  // flight is still in flight when SIGKILL lands; frozen between attempts, it is let go on.
  const store = await openStore(undefined, { dataDir });
  let id: string;
  try {
    id = await waitFor(
      "the delivery in flight",
      async () => {
        first.kill("SIGSTOP");
        const item = (await store.listDeliveries({ state: "sending", limit: 1 })).items[0];
        if (item === undefined) first.kill("SIGCONT");
        return item?.id ?? "";
      },
      (seen) => seen !== "",
      30_000,
    );
  } finally {
    await store.close();
  }
  await first.stop("SIGKILL");

  // The API alone, no worker: what it says of the delivery once the dead worker's lease has passed.
  const second = await start("serve", dataDir, ["--no-worker"]);
  const shown = await waitFor(
    "the delivery to await its re-send",
    async () => (await api(second.url!, `/api/deliveries/${id}`)).body,
    (d) => d["waiting"]?.reason === "resend",
    20_000,
  );
  assert.equal(shown["state"], "sending");
  assert.match(
    shown["waiting"].message,
    /^awaiting its re-send \(the worker sending it stopped before DingTalk answered; the next worker on this robot sends it again, once\)$/,
  );
  const listed = (await api(second.url!, "/api/deliveries?state=sending")).body["items"];
  assert.equal(
    listed.find((d: { id: string }) => d.id === id)?.waiting?.reason,
    "resend",
    "lists say it too",
  );
  const retry = await api(second.url!, `/api/deliveries/${id}/retry`, {});
  assert.equal(retry.status, 409);
  assert.match(retry.body["error"].message, new RegExp(`^delivery ${id} is awaiting its re-send`));
  assert.match(retry.body["error"].fix, /^nothing to do: it is sent again by itself when a worker runs/);

  browser = await launchChromium();
  for (const [locale, label, button, text] of [
    [
      "en-US",
      "API token",
      "Sign in",
      /Awaiting its re-send: the worker sending it stopped before DingTalk answered/,
    ],
    ["zh-CN", "API 令牌", "登录", /等待重发：发送它的工作进程在钉钉回复之前停止了/],
  ] as const) {
    const { context, page } = await newPage(browser, undefined, locale);
    try {
      await page.goto(`${second.url}/`);
      await page.getByLabel(label).fill(ADMIN);
      await page.getByRole("button", { name: button }).click();
      await page.getByLabel(label).waitFor({ state: "detached" });
      await page.goto(`${second.url}/#/deliveries/${id}`);
      await page.getByText(text).first().waitFor();
      assert.deepEqual(problems(page), [], locale);
    } finally {
      await context.close();
    }
  }

  // A worker takes the robot and sends it again: once, and the delivery is sent.
  emulator.setFaults(undefined);
  const resentFrom = Date.now();
  await start("worker", dataDir);
  const sent = await waitFor(
    "the re-send",
    async () => (await api(second.url!, `/api/deliveries/${id}`)).body,
    (d) => d["state"] === "sent",
    30_000,
  );
  assert.equal(sent["waiting"], undefined);
  const again = emulator
    .messages(TOKEN)
    .filter(
      (m) => Date.parse(m.receivedAt) >= resentFrom && JSON.stringify(m.body).includes("deploy-resend"),
    );
  assert.equal(again.length, 1, "sent again exactly once");
});
