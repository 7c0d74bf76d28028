/**
 * The console with WeCom and Feishu robots, in headless Chromium against a real service and the
 * emulator: the robot-kind picker shows each kind's fields (a WeCom robot has no secret or
 * keywords), test messages reach each kind's group, and the live preview draws the message the way
 * each app draws it — saying so when the robot cannot mention someone (a mobile on Feishu).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  launchChromium,
  newPage,
  problems,
  type Service,
  screenshot,
  signIn,
  startService,
} from "./console-harness.ts";

const WECOM = { token: "693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa", kind: "wecom" as const };
const FEISHU = {
  token: "0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f",
  kind: "feishu" as const,
  secret: "fsConsoleSecret01",
  keywords: ["CI"],
};

let service: Service;
let browser: Browser;
let page: Page;

before(async () => {
  service = await startService([WECOM, FEISHU]);
  browser = await launchChromium();
  page = (await newPage(browser)).page;
});

after(async () => {
  await browser?.close();
  await service?.close();
});

test("the console with WeCom and Feishu robots: kind picker, test messages, previews as each app draws them", async () => {
  await signIn(page, service);

  // WeCom: the picker hides what a WeCom robot does not have.
  await page.getByRole("link", { name: "Add robot" }).click();
  await page.getByRole("radio", { name: /WeCom/ }).check();
  assert.equal(await page.getByLabel("Signing secret", { exact: true }).isVisible(), false);
  assert.equal(await page.getByLabel("Keywords").isVisible(), false);
  assert.match((await page.locator("#kind-hint").textContent()) ?? "", /群机器人/);
  await page.getByLabel("Name").fill("wecom-group");
  await page.getByLabel("Webhook", { exact: true }).fill(service.emulator.webhookUrl(WECOM.token));
  await page.getByRole("button", { name: "Add robot" }).click();
  await page.getByRole("status").filter({ hasText: "Robot “wecom-group” saved." }).waitFor();

  // Feishu: secret and keywords, Feishu's help.
  await page.getByRole("link", { name: "Add robot" }).click();
  await page.getByRole("radio", { name: /Feishu/ }).check();
  assert.match(
    (await page.getByLabel("Signing secret", { exact: true }).getAttribute("aria-describedby")) ?? "",
    /./,
  );
  await page.getByLabel("Name").fill("feishu-group");
  await page.getByLabel("Webhook", { exact: true }).fill(service.emulator.webhookUrl(FEISHU.token));
  await page.getByLabel("Signing secret", { exact: true }).fill(FEISHU.secret);
  await page.getByLabel("Keywords").fill("CI");
  assert.equal(await page.getByLabel("Messages").inputValue(), "100", "Feishu's rate by default");
  await screenshot(page, "robot-form-feishu");
  await page.getByRole("button", { name: "Add robot" }).click();
  await page.getByRole("status").filter({ hasText: "Robot “feishu-group” saved." }).waitFor();

  // Each robot's test message reaches its group; each card names its kind.
  for (const [name, token, kind] of [
    ["wecom-group", WECOM.token, "WeCom (企业微信)"],
    ["feishu-group", FEISHU.token, "Feishu / Lark (飞书)"],
  ] as const) {
    const card = page.locator(`[data-robot="${name}"]`);
    await card.getByText(kind).waitFor();
    await card.getByRole("button", { name: "Send test message" }).click();
    await card.getByText(/Delivered to the group/).waitFor();
    assert.equal(service.emulator.messages(token).length, 1, name);
  }
  const html = await page.content();
  for (const secret of [WECOM.token, FEISHU.token, FEISHU.secret])
    assert.ok(!html.includes(secret), "a secret is shown");

  // The preview follows the robot: a Feishu card (that cannot mention a mobile), then WeCom text.
  await page.getByRole("link", { name: "Notifications" }).click();
  await page.getByRole("link", { name: "Add notification" }).click();
  await page.getByLabel("Robot", { exact: true }).selectOption("feishu-group");
  await page.getByLabel("@ mentions").fill("13800000000, all");
  const bubble = page.getByTestId("preview-message");
  await bubble.locator(".dp-fs-header").waitFor();
  assert.match(
    (await bubble.locator(".dp-fs-header").textContent()) ?? "",
    /❌ Web release · unit-tests failed/,
  );
  assert.match((await bubble.locator(".dp-fs-header").getAttribute("style")) ?? "", /#f54a45/);
  await bubble.getByText("@所有人").waitFor();
  await bubble.getByRole("link", { name: "View run" }).waitFor();
  const note = page.getByTestId("unmentionable");
  await note.waitFor();
  assert.match((await note.textContent()) ?? "", /Feishu \/ Lark cannot mention 13800000000/);
  assert.match(
    (await page.locator(".chat-title").textContent()) ?? "",
    /Feishu \/ Lark group of “feishu-group”/,
  );
  await screenshot(page, "preview-feishu");

  await page.getByLabel("Robot", { exact: true }).selectOption("wecom-group");
  await bubble.locator(".dp-wecom.dp-text").waitFor();
  await bubble.locator(".dp-at", { hasText: "@13800000000" }).waitFor();
  assert.equal(await note.count(), 0, "WeCom mentions by mobile");
  await page.getByLabel("@ mentions").fill("");
  await bubble.locator(".dp-wecom.dp-markdown").waitFor();
  assert.match(
    (await bubble.locator(".dp-wecom span[style]").first().getAttribute("style")) ?? "",
    /color:#f0701a/,
  );
  await screenshot(page, "preview-wecom");

  assert.deepEqual(problems(page), []);
});
