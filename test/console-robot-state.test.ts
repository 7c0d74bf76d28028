/**
 * A robot its service throttled is visible in the console, in the reader's language: the robot's card
 * says it is paused by its own app (WeCom here, not DingTalk) until when and why, on every credential
 * holding that robot, and a delivery waiting on it says "waiting for the robot until HH:MM" instead of
 * "not composed yet". Headless Chromium against a real service and the emulator (its WeCom robot
 * takes 2 messages a minute; the credentials claim 20, so the third request draws a 45009).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import {
  launchChromium,
  newPage,
  problems,
  type Service,
  signIn,
  startService,
  WAIT_MS,
} from "./console-harness.ts";

const KEY = "0c3a91f6-7d3b-4bc4-97a0-0ec2a1fa5bbb";

let service: Service;
let browser: Browser;

before(async () => {
  service = await startService([{ token: KEY, kind: "wecom" }], {
    wecomLimit: { windows: [{ messages: 2, windowMs: 60_000 }] },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await service?.close();
});

interface Credential {
  name: string;
  robot?: { state: string; until?: string };
}

test("a throttled WeCom robot shows as paused by WeCom on its robots and its waiting deliveries, in English and Chinese", async () => {
  const webhook = service.emulator.webhookUrl(KEY);
  for (const name of ["wecom-a", "wecom-b"]) {
    const r = await service.api("POST", "/api/credentials", { name, type: "wecom", webhook });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const n = await service.api("POST", "/api/notifications", {
    credential: "wecom-a",
    pipelines: ["web"],
    events: ["failure"],
  });
  assert.equal(n.status, 201, JSON.stringify(n.body));
  for (let i = 0; i < 4; i++) {
    const r = await service.api("POST", "/api/events", {
      pipeline: { name: "web" },
      run: { number: i },
      task: { name: `task-${i}`, status: "failure" },
    });
    assert.equal(r.status, 202);
  }
  const deadline = Date.now() + WAIT_MS;
  let list: Credential[] = [];
  while (Date.now() < deadline) {
    list = (await service.api<Credential[]>("GET", "/api/credentials")).body;
    if (list.length === 2 && list.every((c) => c.robot?.state === "paused")) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(
    list.every((c) => c.robot?.state === "paused"),
    `waited for the robot to be paused: ${JSON.stringify(list)}`,
  );
  const pending = (
    await service.api<{ items: Array<{ id: string; waiting?: unknown }> }>(
      "GET",
      "/api/deliveries?state=pending",
    )
  ).body.items;
  const waiting = pending.find((d) => d.waiting !== undefined);
  assert.ok(waiting, "a delivery waits on the robot");

  for (const [locale, paused, waits] of [
    [
      "en-US",
      /^Paused by WeCom until \d{1,2}:\d\d( [AP]M)?: .*45009/,
      /Waiting for the robot until \d{1,2}:\d\d( [AP]M)?: WeCom throttled it/,
    ],
    ["zh-CN", /^企业微信限流，暂停到 \d\d:\d\d：.*45009/, /等待机器人到 \d\d:\d\d：企业微信对它限流了/],
  ] as const) {
    const { context, page } = await newPage(browser, undefined, locale);
    try {
      await page.goto(`${service.url}/`);
      if (locale === "en-US") await signIn(page, service);
      else {
        await page.getByLabel("API 令牌").fill(service.token);
        await page.getByRole("button", { name: "登录" }).click();
      }
      const states = page.locator(".robot-state");
      await states.nth(1).waitFor();
      assert.equal(await states.count(), 2, "both credentials on the robot show its state");
      for (const text of await states.allTextContents()) assert.match(text, paused, locale);
      await page.goto(`${service.url}/#/deliveries/${waiting.id}`);
      await page.getByText(waits).first().waitFor();
      assert.deepEqual(problems(page), [], locale);
    } finally {
      await context.close();
    }
  }
});
