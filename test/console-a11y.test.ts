/**
 * The console on a phone-sized screen (390 px: nothing wider than the screen, the preview under the
 * form, deliveries as cards) and by keyboard alone (sign in, add a robot, tick and reorder content,
 * complete a ${VAR}, save, delete with the confirmation dialog). Screenshots (phone-*): see SCREENSHOTS.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  launchChromium,
  newPage,
  PHONE,
  problems,
  type Service,
  screenshot,
  signIn,
  startService,
} from "./console-harness.ts";

const ROBOT = { token: `kb${"7e8f".repeat(10)}` };
let service: Service;
let browser: Browser;

before(async () => {
  service = await startService([ROBOT]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await service?.close();
});

/** Nothing sticks out sideways: the page never scrolls horizontally. */
async function assertFitsWidth(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `the page is ${scroll}px wide on a ${client}px screen`);
}

/** What has the keyboard focus: its accessible label, text or tag. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "";
    const label = el.getAttribute("aria-label") ?? (el as HTMLInputElement).labels?.[0]?.textContent;
    return (label ?? el.textContent ?? el.tagName).trim();
  });
}

/** Presses Tab until the focused element's label matches (at most 80 times). */
async function tabTo(page: Page, label: RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (label.test(await focused(page))) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached ${label}`);
}

test("on a phone-sized screen every page fits and the preview sits under the form", async () => {
  const { context, page } = await newPage(browser, PHONE);
  await page.goto(`${service.url}/`);
  await assertFitsWidth(page);
  await signIn(page, service);
  await service.api("POST", "/api/credentials", {
    name: "phone-group",
    webhook: service.emulator.webhookUrl(ROBOT.token),
  });
  await page.reload();
  await page.locator('[data-robot="phone-group"]').waitFor();
  await assertFitsWidth(page);
  await screenshot(page, "phone-robots");

  await page.goto(`${service.url}/#/notifications/new`);
  await page.getByTestId("preview-message").getByText("unit-tests").first().waitFor();
  const form = await page.locator("form.form").boundingBox();
  const preview = await page.getByRole("complementary", { name: "Live preview" }).boundingBox();
  assert.ok(form && preview && preview.y >= form.y + form.height, "the preview comes after the form");
  await assertFitsWidth(page);
  await screenshot(page, "phone-notification");
  await page.getByRole("button", { name: "Add notification" }).click();
  await page.getByRole("status").filter({ hasText: "Notification saved." }).waitFor();

  const posted = await service.api("POST", "/api/events", {
    pipeline: { name: "app" },
    task: { name: "build", status: "failure" },
  });
  assert.equal(posted.status, 202);
  await page.goto(`${service.url}/#/deliveries`);
  const row = page.locator('tr[data-state="sent"]');
  await row.waitFor();
  // Rows become cards: each cell on its own line, labelled.
  const cells = await row.locator("td").evaluateAll((tds) => tds.map((td) => getComputedStyle(td).display));
  assert.ok(cells.every((d) => d === "flex"));
  await assertFitsWidth(page);
  await screenshot(page, "phone-deliveries");
  assert.deepEqual(problems(page), []);
  await context.close();
});

test("by keyboard alone: sign in, add a robot, build a notification, delete it with confirmation", async () => {
  const { context, page } = await newPage(browser);
  const keys = page.keyboard;
  await page.goto(`${service.url}/`);
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  assert.equal(await focused(page), "API token", "the sign-in page starts in its one field");
  await keys.type(service.token);
  await keys.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Robots" }).waitFor();
  assert.equal(await focused(page), "Robots", "after navigation the page heading has the focus");
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Robots" }).waitFor();
  await keys.press("Tab");
  assert.equal(await focused(page), "Skip to content", "the first stop of a page skips to its content");
  await keys.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
  await keys.press("Tab");
  assert.equal(await focused(page), "Add robot");
  await keys.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Add robot" }).waitFor();
  await tabTo(page, /^Name$/);
  await keys.type("kb-group");
  await keys.press("Tab");
  await keys.type(service.emulator.webhookUrl(ROBOT.token));
  await keys.press("Enter");
  await page.getByRole("status").filter({ hasText: "Robot “kb-group” saved." }).waitFor();

  await tabTo(page, /^Notifications$/);
  await keys.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
  await tabTo(page, /^Add notification$/);
  await keys.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Add notification" }).waitFor();
  await tabTo(page, /^Robot$/);
  await page.keyboard.press("End");
  await tabTo(page, /^Repository/);
  await keys.press("Space");
  assert.match(await focused(page), /^Repository/, "the ticked box keeps the focus after it moves up");
  await keys.press("Tab");
  assert.equal(await focused(page), "Move Repository up");
  await keys.press("Enter");
  await keys.press("Enter");
  assert.equal(await focused(page), "Move Repository up");
  await page.getByRole("status").filter({ hasText: "Repository moved to position 8" }).waitFor();

  await tabTo(page, /^Custom content$/);
  await keys.type("${DINGPIPE_TA");
  await page.getByRole("option", { name: /DINGPIPE_TASK_URL/ }).waitFor();
  await keys.press("ArrowDown");
  await keys.press("Enter");
  await keys.type(" ${");
  assert.equal(await page.getByLabel("Custom content").getAttribute("aria-expanded"), "true");
  await keys.press("Escape");
  assert.equal(await page.getByLabel("Custom content").getAttribute("aria-expanded"), "false");
  assert.equal(await page.getByLabel("Custom content").inputValue(), `\${DINGPIPE_TASK_URL} \${`);
  await keys.press("Backspace");
  await keys.press("Backspace");
  await keys.press("Backspace");
  await tabTo(page, /^Add notification$/);
  await keys.press("Enter");
  await page.getByRole("status").filter({ hasText: "Notification saved." }).waitFor();
  const saved = await service.api<Array<{ id: string; content: string[]; custom: string }>>(
    "GET",
    "/api/notifications",
  );
  const mine = saved.body.find((n) => n.custom === `\${DINGPIPE_TASK_URL}`);
  assert.ok(mine, "the notification was saved with the completed variable");
  assert.equal(mine.content.indexOf("repo"), 7);

  // Delete: Escape cancels and gives the focus back; confirming deletes.
  const card = page.locator(`[data-notification="${mine.id}"]`);
  await card.getByRole("button", { name: "Delete" }).focus();
  await keys.press("Enter");
  await page.getByRole("dialog").waitFor();
  assert.equal(await focused(page), "Cancel", "the safe choice has the focus");
  await keys.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  assert.equal(await focused(page), "Delete");
  await keys.press("Enter");
  await page.getByRole("dialog").waitFor();
  await keys.press("Tab");
  assert.equal(await focused(page), "Delete notification");
  await keys.press("Enter");
  await page.getByRole("status").filter({ hasText: "Notification deleted." }).waitFor();
  await card.waitFor({ state: "detached" });
  assert.deepEqual(problems(page), []);
  await context.close();
});
