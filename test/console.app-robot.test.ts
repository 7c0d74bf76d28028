/**
 * The console with a DingTalk app robot, in headless Chromium against a real service and the emulator:
 * the kind picker shows the app's fields instead of a webhook (in English and Chinese words from the
 * kind's info), a test message reaches the app's group, the app secret is never on the page, and a
 * notification with style run_card is saved for it.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { EmulatorApp } from "../src/emulator/index.ts";
import { launchChromium, newPage, problems, type Service, signIn, startService } from "./console-harness.ts";

const APP: EmulatorApp = {
  appKey: "dingconsole0001",
  appSecret: "console-app-secret-0001-abcdef",
  robotCode: "dingconsolerobot",
  conversations: ["cidConsole=="],
};

let service: Service;
let browser: Browser;
let page: Page;

before(async () => {
  service = await startService([]);
  service.emulator.addApp(APP);
  browser = await launchChromium();
  page = (await newPage(browser)).page;
});

after(async () => {
  await browser?.close();
  await service?.close();
});

test("the console adds a DingTalk app robot, tests it, and keeps a run card with it", async () => {
  await signIn(page, service);
  await page.getByRole("link", { name: "Add robot" }).click();
  await page.getByRole("radio", { name: /DingTalk app robot/ }).check();
  assert.equal(await page.getByLabel("Webhook", { exact: true }).isVisible(), false);
  assert.equal(await page.getByLabel("Signing secret", { exact: true }).isVisible(), false);
  assert.equal(await page.getByLabel("Keywords").isVisible(), false);
  assert.match((await page.locator("#kind-hint").textContent()) ?? "", /internal app/);
  await page.getByLabel("Name").fill("app-group");
  await page.getByLabel("AppKey", { exact: true }).fill(APP.appKey);
  await page.getByLabel("AppSecret", { exact: true }).fill(APP.appSecret);
  await page.getByLabel("RobotCode", { exact: true }).fill(APP.robotCode);
  await page.getByLabel("Group (openConversationId)").fill("cidConsole==");
  await page.getByLabel("API base URL").fill(service.emulator.appBaseUrl);
  await page.getByRole("button", { name: "Add robot" }).click();
  await page.getByRole("status").filter({ hasText: "Robot “app-group” saved." }).waitFor();

  const card = page.locator('[data-robot="app-group"]');
  await card.getByText(/DingTalk app robot/).waitFor();
  await card.getByRole("button", { name: "Send test message" }).click();
  await card.getByText(/Delivered to the group/).waitFor();
  assert.equal(service.emulator.appMessages("cidConsole==").length, 1);
  assert.ok(!(await page.content()).includes(APP.appSecret), "the app secret is shown");

  await page.getByRole("link", { name: "Notifications" }).click();
  await page.getByRole("link", { name: "Add notification" }).click();
  await page.getByLabel("Robot", { exact: true }).selectOption("app-group");
  await page.getByLabel("Style").selectOption("run_card");
  await page
    .getByRole("button", { name: /Save|Add notification/ })
    .last()
    .click();
  const saved = await fetch(`${service.url}/api/notifications`, {
    headers: { authorization: `Bearer ${service.token}` },
  });
  const rules = (await saved.json()) as Array<{ credential: string; style?: string }>;
  for (let i = 0; i < 100 && rules.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const again = await fetch(`${service.url}/api/notifications`, {
      headers: { authorization: `Bearer ${service.token}` },
    });
    rules.push(...((await again.json()) as typeof rules));
  }
  assert.deepEqual(
    rules.map((r) => [r.credential, r.style]),
    [["app-group", "run_card"]],
  );
  assert.deepEqual(problems(page), []);
});
