/**
 * The robots' health and the API tokens, in headless Chromium against a real `dingpipe serve` and the
 * DingTalk emulator (with a small limit, so the robot gets throttled for real): each robot's state —
 * paused by DingTalk until HH:MM and why — when it last sent, the deliveries waiting on it (linked to
 * them), and a warning on both cards when two credentials hold one robot's webhook. API tokens: listed
 * (origin, first characters, this session), created (shown once), used, revoked after a confirmation;
 * the last one refused. On a phone, by keyboard alone, and in Chinese.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  focusedOn,
  launchChromium,
  newPage,
  PHONE,
  problems,
  type Service,
  screenshot,
  signIn,
  startService,
  WAIT_MS,
} from "./console-harness.ts";
import { assertChinese } from "./console-language.ts";

const ROBOT = { token: `rb${"1f2e".repeat(10)}` };

let service: Service;
let browser: Browser;

before(async () => {
  // DingTalk lets this robot send 2 messages a minute, then throttles it for 10 minutes.
  service = await startService([ROBOT], {
    rateLimit: { messages: 2, windowMs: 60_000, throttleMs: 600_000 },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await service?.close();
});

const h1 = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

async function assertFitsWidth(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `the page is ${scroll}px wide on a ${client}px screen`);
}

interface CredentialJson {
  name: string;
  robot?: { state: string; until?: string; lastSentAt?: string };
  waiting?: number;
  sharedWith?: string[];
  warnings?: Array<{ code: string }>;
}

test("robots: a throttled robot paused until HH:MM, last sent, deliveries waiting, two credentials on one robot", async () => {
  const webhook = service.emulator.webhookUrl(ROBOT.token);
  assert.equal((await service.api("POST", "/api/credentials", { name: "ops", webhook })).status, 201);
  const twin = await service.api<CredentialJson>("POST", "/api/credentials", { name: "ops-again", webhook });
  assert.equal(twin.status, 201);
  assert.deepEqual(
    twin.body.warnings?.map((w) => w.code),
    ["shared_robot"],
  );
  assert.equal(
    (await service.api("POST", "/api/notifications", { credential: "ops", events: ["failure"] })).status,
    201,
  );
  for (let run = 1; run <= 5; run++) {
    const r = await service.api("POST", "/api/events", {
      pipeline: { name: "burst" },
      run: { number: run },
      task: { name: "deploy", status: "failure" },
    });
    assert.equal(r.status, 202);
  }
  // Bounded: the engine sends two, DingTalk throttles the third, and the robot is paused.
  let ops: CredentialJson | undefined;
  const until = Date.now() + WAIT_MS * 2;
  while (Date.now() < until) {
    const list = (await service.api<CredentialJson[]>("GET", "/api/credentials")).body;
    ops = list.find((c) => c.name === "ops");
    // Two sent, the third throttled: it and the last two wait for the pause to end.
    if (ops?.robot?.state === "paused" && (ops.waiting ?? 0) >= 3) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(ops?.robot?.state, "paused", JSON.stringify(ops));
  assert.ok(ops?.robot?.lastSentAt);
  assert.deepEqual(ops?.sharedWith, ["ops-again"]);
  const waiting = ops!.waiting!;
  assert.ok(waiting >= 3, `${waiting} waiting`);

  const { context, page } = await newPage(browser);
  await signIn(page, service);
  const card = page.locator('[data-robot="ops"]');
  const twinCard = page.locator('[data-robot="ops-again"]');
  // The time as a reader of the page sees it: en-US in UTC (newPage) reads a 12-hour clock ("01:47 PM"),
  // zh-CN in Beijing time a 24-hour one ("21:47"). Written from the clock, so it holds at any hour.
  const pausedUntil = new Date(ops!.robot!.until!);
  const [h24, mm] = [pausedUntil.getUTCHours(), String(pausedUntil.getUTCMinutes()).padStart(2, "0")];
  const h12 = String(h24 % 12 === 0 ? 12 : h24 % 12).padStart(2, "0");
  await card
    .locator('[data-state="paused"] .robot-state')
    .getByText(`Paused by DingTalk until ${h12}:${mm} ${h24 < 12 ? "AM" : "PM"}`)
    .waitFor();
  // The robot's state is the robot's: its twin credential is paused too.
  await twinCard.locator('[data-state="paused"] .robot-state').waitFor();
  assert.match((await card.locator('[data-fact="last-sent"]').textContent()) ?? "", /now|s ago|min ago/);
  await card.getByText("Same robot as “ops-again”").waitFor();
  await twinCard.getByText("Same robot as “ops”").waitFor();
  await screenshot(page, "robot-throttled");
  // The waiting deliveries, one click away.
  await card.getByRole("link", { name: `${waiting} to send` }).click();
  await h1(page, "Deliveries").waitFor();
  await page.waitForFunction(() => location.hash === "#/deliveries?credential=ops&state=pending");
  await page.locator('tr[data-state="pending"]').first().waitFor();

  // On a phone, and in Chinese.
  await page.setViewportSize(PHONE);
  await page.goto(`${service.url}/#/robots`);
  await card.locator(".robot-state").waitFor();
  await assertFitsWidth(page);
  assert.deepEqual(problems(page), []);
  await context.close();

  const zh = await newPage(browser, undefined, "zh-CN");
  await zh.page.goto(`${service.url}/`);
  await zh.page.getByLabel("API 令牌").fill(service.token);
  await zh.page.getByRole("button", { name: "登录" }).click();
  const beijing = String((pausedUntil.getUTCHours() + 8) % 24).padStart(2, "0");
  await zh.page.locator('[data-robot="ops"] .robot-state').getByText(`暂停到 ${beijing}:${mm}`).waitFor();
  await zh.page.locator('[data-robot="ops"]').getByText(`${waiting} 条待发送`).waitFor();
  await assertChinese(zh.page, "robots, throttled and shared");
  await zh.context.close();
});

test("API tokens: listed, created and shown once, used, revoked after a confirmation; the last one kept", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await page.getByRole("navigation").getByRole("link", { name: "API tokens", exact: true }).click();
  await h1(page, "API tokens").waitFor();
  const admin = page.locator('tr[data-token="admin-env"]');
  await admin.getByText("DINGPIPE_ADMIN_TOKEN").waitFor();
  await admin.getByText("this session").waitFor();
  assert.doesNotMatch((await page.locator("main").textContent()) ?? "", new RegExp(service.token.slice(8)));

  // Created by keyboard alone: the name, Enter; the token shown once, selected to copy.
  await page.getByLabel("Name", { exact: true }).focus();
  await page.keyboard.type("ci-gitee");
  await page.keyboard.press("Enter");
  await page.getByText("Token “ci-gitee” created: copy it now, it is not shown again.").waitFor();
  const shown = page.getByLabel("Token", { exact: true });
  const token = await shown.inputValue();
  assert.match(token, /^\S{32,}$/);
  await focusedOn(page, "#created-token", "the new token has the focus, to copy");
  const row = page.locator('tr[data-token="ci-gitee"]');
  await row.waitFor();
  assert.equal(
    await row.locator("code").textContent(),
    `${token.slice(0, (await row.locator("code").textContent())!.length - 1)}…`,
  );
  const withIt = await fetch(`${service.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(withIt.status, 200, "the new token signs in");
  await screenshot(page, "tokens");

  // Revoked after a confirmation; it signs in no more, and moves to the revoked list.
  await row.getByRole("button", { name: "Revoke “ci-gitee”" }).click();
  const ask = page.getByRole("dialog");
  await ask.getByText(/Revoke the token “ci-gitee”\?/).waitFor();
  await ask.getByRole("button", { name: "Revoke token" }).click();
  await page.getByRole("status").filter({ hasText: "Token “ci-gitee” revoked." }).waitFor();
  await page.locator('tr[data-token="ci-gitee"][data-revoked="true"]').waitFor({ state: "attached" });
  const after = await fetch(`${service.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(after.status, 401);

  // The last active token is kept: the service refuses, and the console says why.
  await admin.getByRole("button", { name: "Revoke “admin-env”" }).click();
  await ask.getByText(/the token this console signed in with\? You will be signed out\./).waitFor();
  await ask.getByRole("button", { name: "Revoke token" }).click();
  await page
    .getByRole("alert")
    .getByText(/last active token/)
    .waitFor();
  assert.equal((await service.api("GET", "/api/session")).status, 200);

  // On a phone: rows become cards, nothing wider than the screen.
  await page.setViewportSize(PHONE);
  await assertFitsWidth(page);
  assert.deepEqual(problems(page), []);
  await context.close();

  const zh = await newPage(browser, undefined, "zh-CN");
  await zh.page.goto(`${service.url}/#/tokens`);
  await zh.page.getByLabel("API 令牌").fill(service.token);
  await zh.page.getByRole("button", { name: "登录" }).click();
  await zh.page.getByRole("heading", { level: 1, name: "API 令牌" }).waitFor();
  await zh.page.locator('tr[data-token="admin-env"]').waitFor();
  await assertChinese(zh.page, "API tokens");
  await zh.context.close();
});

test("the robot form: the service's errors beside their fields, the first focused; leaving it edited asks first", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await page.getByRole("link", { name: "Add robot" }).click();
  await h1(page, "Add robot").waitFor();
  await page.getByLabel("Name", { exact: true }).fill("a/b");
  await page.getByLabel("Webhook", { exact: true }).fill("https://oapi.dingtalk.com/robot/send");
  await page.getByRole("button", { name: "Add robot" }).click();
  const nameError = page.locator('.field-error[data-field="name"]');
  await nameError.filter({ hasText: "'a/b' is not a credential name" }).waitFor();
  await page.locator('.field-error[data-field="webhook"]').waitFor();
  assert.equal(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByLabel("Webhook", { exact: true }).getAttribute("aria-invalid"), "true");
  await focusedOn(page, "[name=name]", "the first invalid field takes the focus");

  await page.getByRole("navigation").getByRole("link", { name: "Robots", exact: true }).click();
  const ask = page.getByRole("dialog");
  await ask.getByText("Leave this page? Your changes to the form are not saved and will be lost.").waitFor();
  await ask.getByRole("button", { name: "Leave without saving" }).click();
  await h1(page, "Robots").waitFor();
  // Back to the form and out again untouched: nothing to lose, no question.
  await page.getByRole("link", { name: "Add robot" }).click();
  await h1(page, "Add robot").waitFor();
  await page.getByRole("link", { name: "Cancel" }).click();
  await h1(page, "Robots").waitFor();
  assert.equal(await ask.count(), 0);
  assert.deepEqual(problems(page), []);
  await context.close();
});
