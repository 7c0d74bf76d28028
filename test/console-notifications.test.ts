/**
 * The notifications cockpit end to end, in headless Chromium against a real `dingpipe serve` and the
 * DingTalk emulator: a fresh install says "add a robot first"; a notification with a name; unknown
 * ${VAR}s warned beside the field (a CI's own variable such as GITEE_SHORT_COMMIT is no unknown) and
 * asked about before saving; the service's errors beside their fields (aria-invalid, focus on the
 * first); leaving an edited form asks first; the on/off switch (by mouse and by keyboard) and what the
 * event trail says of a switched-off notification; duplicate; "send a test" through the real robot;
 * "which events would match" against recent events, following the form; on a phone.
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

const ROBOT = { token: `nt${"5a6b".repeat(10)}`, secret: `SEC${"7c".repeat(30)}` };

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

const h1 = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

async function post(pipeline: string, task: string, status: string, run: number): Promise<string> {
  const r = await service.api<{ id: string }>("POST", "/api/events", {
    pipeline: { name: pipeline },
    run: { number: run },
    task: { name: task, status },
  });
  assert.equal(r.status, 202);
  return r.body.id;
}

async function expanded(id: string): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    const r = await service.api<{ expanded: boolean }>("GET", `/api/events/${id}`);
    if (r.body.expanded) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`event ${id} was never matched`);
}

async function assertFitsWidth(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `the page is ${scroll}px wide on a ${client}px screen`);
}

interface NotificationJson {
  id: string;
  name?: string;
  enabled: boolean;
  credential: string;
  custom?: string;
  pipelines?: string[];
  locale?: string;
  timezone?: string;
}

test("notifications: fresh install, name, unknown variables, errors beside fields, leaving asks, switch, duplicate, test, would match", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);

  // A fresh install: no robot yet, so the list and the form both say to add one first.
  await page.getByRole("navigation").getByRole("link", { name: "Notifications", exact: true }).click();
  await h1(page, "Notifications").waitFor();
  await page.getByText("No notification yet, and no robot to send one.").waitFor();
  await page.getByRole("link", { name: "Add a robot first" }).waitFor();
  await page.getByRole("link", { name: "Add notification" }).click();
  await h1(page, "Add notification").waitFor();
  await page.getByText("Add a robot first: a notification needs a group robot to send with.").waitFor();
  // Deliveries say the same kind of thing: nothing yet, and how one comes.
  await page.getByRole("navigation").getByRole("link", { name: "Deliveries", exact: true }).click();
  await page.getByRole("note").getByText("No delivery yet.").waitFor();
  assert.equal(await page.locator("table.deliveries").isVisible(), false, "no empty table");

  const robot = await service.api("POST", "/api/credentials", {
    name: "ops",
    webhook: service.emulator.webhookUrl(ROBOT.token),
    secret: ROBOT.secret,
  });
  assert.equal(robot.status, 201);
  // Recent events for "which events would match": two web-* failures, one api failure, one web success.
  const events = [
    await post("web-shop", "deploy", "failure", 11),
    await post("web-blog", "deploy", "failure", 12),
    await post("api", "deploy", "failure", 13),
    await post("web-shop", "deploy", "success", 14),
  ];
  for (const id of events) await expanded(id);

  await page.goto(`${service.url}/#/notifications/new`);
  await h1(page, "Add notification").waitFor();
  await page.getByLabel("Name", { exact: true }).fill("Shop failures");
  await page.getByLabel("Robot", { exact: true }).selectOption("ops");
  await page.getByLabel("Pipelines").fill("web-*");
  await page.getByRole("checkbox", { name: /^Succeeded/ }).uncheck();

  // Which recent events would match: the form as it stands, then following it as it changes.
  await page.getByRole("button", { name: "Check recent events" }).click();
  const count = page.getByTestId("match-count");
  await count.filter({ hasText: "It would match 2 of the last 4 events." }).waitFor();
  await page
    .getByTestId("match-misses")
    .filter({ hasText: "1 by status, 1 by pipeline, 0 by task" })
    .waitFor();
  assert.equal(await page.locator(".match-list li").count(), 2);
  await page.getByLabel("Pipelines").fill("web-shop");
  await count.filter({ hasText: "It would match 1 of the last 4 events." }).waitFor();
  await page.getByLabel("Pipelines").fill("web-*");
  await count.filter({ hasText: "It would match 2 of the last 4 events." }).waitFor();

  // Unknown variables, beside the field: a CI's own variable is known, a made-up one is not.
  const custom = page.getByLabel("Custom content");
  await custom.fill(`Owner ops, commit \${GITEE_SHORT_COMMIT} by \${MADE_UP_THING}`);
  const unknown = page.locator("#custom-unknown");
  await unknown.filter({ hasText: `Unknown variables: \${MADE_UP_THING}` }).waitFor();
  assert.doesNotMatch((await unknown.textContent()) ?? "", /GITEE_SHORT_COMMIT/);
  assert.match((await custom.getAttribute("aria-describedby")) ?? "", /custom-unknown/);
  await page.getByTestId("unknown-variables").filter({ hasText: "MADE_UP_THING" }).waitFor();
  assert.doesNotMatch(
    (await page.getByTestId("unknown-variables").textContent()) ?? "",
    /GITEE_SHORT_COMMIT/,
    "the preview knows the CI's variables too",
  );

  // The service's errors beside their fields: a bad @ entry; the first invalid field takes the focus.
  await page.getByLabel("@ mentions").fill("bob");
  await page.getByRole("button", { name: "Add notification" }).click();
  const ask = page.getByRole("dialog");
  await ask.getByText(/variables no CI sets and dingpipe does not know \(MADE_UP_THING\)/).waitFor();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await ask.waitFor({ state: "detached" });
  await focusedOn(page, "#custom", "back at the custom content");
  await custom.fill(`Owner ops, commit \${GITEE_SHORT_COMMIT}`);
  await unknown.waitFor({ state: "hidden" });
  await page.getByRole("button", { name: "Add notification" }).click();
  const atError = page.locator('.field-error[data-field="at"]');
  await atError.filter({ hasText: "'bob' is not a mobile number" }).waitFor();
  const at = page.getByLabel("@ mentions");
  assert.equal(await at.getAttribute("aria-invalid"), "true");
  assert.match((await at.getAttribute("aria-describedby")) ?? "", /err-at/);
  await focusedOn(page, "[name=at]", "the first invalid field takes the focus");
  // The live preview says the same and shows no stale message or size meanwhile.
  await page.getByTestId("preview-bytes").filter({ hasText: "— bytes" }).waitFor();
  await page
    .getByTestId("preview-message")
    .getByText("No message while the form has something to fix (see below).")
    .waitFor();
  await screenshot(page, "notification-form-errors");

  // Leaving the edited form asks first: staying keeps the edits, leaving goes.
  await page.getByRole("navigation").getByRole("link", { name: "Events", exact: true }).click();
  await ask.getByText("Leave this page? Your changes to the form are not saved and will be lost.").waitFor();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await ask.waitFor({ state: "detached" });
  await h1(page, "Add notification").waitFor();
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Shop failures");
  assert.match(page.url(), /#\/notifications\/new$/);

  // Fixed, saved: no question on the way to the list.
  await at.fill("13800000000");
  await page.getByRole("button", { name: "Add notification" }).click();
  await page.getByRole("status").filter({ hasText: "Notification saved." }).waitFor();
  const card = page.locator("[data-notification]");
  await card.getByRole("heading", { name: "Shop failures" }).waitFor();
  let list = (await service.api<NotificationJson[]>("GET", "/api/notifications")).body;
  assert.equal(list.length, 1);
  assert.deepEqual(
    [list[0]!.name, list[0]!.enabled, list[0]!.custom],
    ["Shop failures", true, `Owner ops, commit \${GITEE_SHORT_COMMIT}`],
  );
  const id = list[0]!.id;

  // Send a test: the notification's own message, through the real robot, to the emulator.
  await card.getByRole("button", { name: "Send a test" }).click();
  await card.getByText(/Delivered to the group of “ops”/).waitFor();
  const sent = service.emulator.messages(ROBOT.token);
  assert.equal(sent.length, 1);
  // Marked as a test in the notification's language (Chinese, the default).
  assert.match(JSON.stringify(sent[0]!.body), /【测试】/);
  assert.match(JSON.stringify(sent[0]!.body), /Owner ops, commit/, "its own custom content");

  // The switch, by keyboard: off — the card says so and the service matches nothing with it.
  const toggle = card.getByRole("switch", { name: "Send messages: Shop failures" });
  assert.equal(await toggle.getAttribute("aria-checked"), "true");
  await toggle.focus();
  await page.keyboard.press("Space");
  await page.getByRole("status").filter({ hasText: "“Shop failures” is off" }).waitFor();
  await card.getByRole("switch", { name: "Send messages: Shop failures", checked: false }).waitFor();
  await card.getByText("Switched off: it matches no event and sends nothing.").waitFor();
  list = (await service.api<NotificationJson[]>("GET", "/api/notifications")).body;
  assert.equal(list[0]!.enabled, false);
  const quiet = await post("web-shop", "deploy", "failure", 15);
  await expanded(quiet);
  await page.goto(`${service.url}/#/events/${quiet}`);
  await page.locator(`[data-notification="${id}"][data-matched="false"]`).waitFor();
  await page
    .locator('[data-field="enabled"]')
    .filter({ hasText: "It is switched off, so it sends for no event." })
    .waitFor();

  // Duplicate: the same settings under a new name, switched off, saved as a second notification.
  // The message language and time zone too (set here through the API; what they say is unchanged).
  {
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      ...rule
    } = list[0] as NotificationJson & {
      createdAt?: string;
      updatedAt?: string;
    };
    const put = await service.api("PUT", `/api/notifications/${id}`, {
      ...rule,
      locale: "zh-CN",
      timezone: "Asia/Shanghai",
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  }
  await page.goto(`${service.url}/#/notifications`);
  await card.getByRole("link", { name: "Duplicate" }).click();
  await h1(page, "Duplicate notification").waitFor();
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Shop failures (copy)");
  assert.equal(await page.getByLabel("Pipelines").inputValue(), "web-*");
  assert.equal(await page.getByRole("switch", { name: "Send messages (on)" }).isChecked(), false);
  assert.equal(await page.getByLabel("Message language").inputValue(), "zh-CN");
  assert.equal(await page.getByLabel("Time zone").inputValue(), "Asia/Shanghai");
  await page.getByLabel("Name", { exact: true }).fill("Shop failures to the blog team");
  await page.getByRole("switch", { name: "Send messages (on)" }).check();
  await page.getByRole("button", { name: "Add notification" }).click();
  await page.getByRole("status").filter({ hasText: "Notification saved." }).waitFor();
  list = (await service.api<NotificationJson[]>("GET", "/api/notifications")).body;
  assert.deepEqual(
    list.map((n) => [n.name, n.enabled, n.pipelines, n.locale, n.timezone]),
    [
      ["Shop failures", false, ["web-*"], "zh-CN", "Asia/Shanghai"],
      ["Shop failures to the blog team", true, ["web-*"], "zh-CN", "Asia/Shanghai"],
    ],
  );
  await screenshot(page, "notifications-cockpit");

  // Which notifications would a pasted event match: checked, nothing stored; bad input said plainly.
  const stored = (await service.api<{ items: unknown[] }>("GET", "/api/events?limit=500")).body.items.length;
  await page.goto(`${service.url}/#/events`);
  await page.getByText("Which notifications would an event match?").click();
  const pasted = page.getByLabel("Event (JSON)");
  await pasted.fill("{ not json");
  await page.getByRole("button", { name: "Check notifications" }).click();
  await page.getByRole("alert").getByText("This is not JSON.").waitFor();
  await pasted.fill(JSON.stringify({ pipeline: { name: "web-shop" } }));
  await page.getByRole("button", { name: "Check notifications" }).click();
  await page
    .getByRole("alert")
    .getByText(/event\.task/)
    .first()
    .waitFor();
  await pasted.fill(
    JSON.stringify({ pipeline: { name: "web-shop" }, task: { name: "deploy", status: "failure" } }),
  );
  await page.getByRole("button", { name: "Check notifications" }).click();
  await page
    .getByTestId("check-count")
    .filter({ hasText: "1 of 2 notifications matched this event." })
    .waitFor();
  const checked = page.locator(".event-check .verdict");
  await checked.filter({ hasText: "Shop failures to the blog team" }).first().waitFor();
  await page
    .locator(`.event-check [data-notification="${id}"] [data-field="enabled"]`)
    .filter({ hasText: "It is switched off" })
    .waitFor();
  assert.equal(
    (await service.api<{ items: unknown[] }>("GET", "/api/events?limit=500")).body.items.length,
    stored,
    "nothing stored",
  );

  // On a phone: the list and the form fit the screen.
  await page.setViewportSize(PHONE);
  await assertFitsWidth(page);
  await page.goto(`${service.url}/#/notifications/${encodeURIComponent(id)}`);
  await h1(page, "Edit notification").waitFor();
  await assertFitsWidth(page);
  assert.deepEqual(problems(page), []);
  await context.close();
});

/** Presses Tab (Shift+Tab backwards) until `match` says the focused element is the one; bounded. */
async function tabTo(page: Page, match: string, back = false): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const hit = await page.evaluate((m) => document.activeElement?.matches(m) ?? false, match);
    if (hit) return;
  }
  assert.fail(`Tab never reached ${match}`);
}

test("notifications by keyboard alone: the switch, send a test, leaving or changing language asks first", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await page.goto(`${service.url}/#/notifications`);
  const card = page.locator("[data-notification]").filter({ hasText: "Shop failures to the blog team" });
  await card.waitFor();
  const id = await card.getAttribute("data-notification");
  const on = `[data-notification="${id}"] [role=switch]`;
  await tabTo(page, on);
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "“Shop failures to the blog team” is off" }).waitFor();
  await page.locator(`${on}[aria-checked="false"]`).waitFor();
  await focusedOn(page, on, "the keyboard stays on the switch after the list is drawn again");
  await tabTo(page, `[data-notification="${id}"] [data-action=test]`);
  const before = service.emulator.messages(ROBOT.token).length;
  await page.keyboard.press("Enter");
  await card.getByText(/Delivered to the group of “ops”/).waitFor();
  assert.equal(service.emulator.messages(ROBOT.token).length, before + 1);

  // An edited form: leaving by a link, or changing the language, asks; Escape stays.
  await tabTo(page, `[data-notification="${id}"] a[href="#/notifications/${id}"]`, true);
  await page.keyboard.press("Enter");
  await h1(page, "Edit notification").waitFor();
  await tabTo(page, "input[name=name]");
  await page.keyboard.press("End");
  await page.keyboard.type(" (edited)");
  await tabTo(page, 'nav a[href="#/events"]', true);
  await page.keyboard.press("Enter");
  const ask = page.getByRole("dialog");
  await ask.getByText("Leave this page? Your changes to the form are not saved and will be lost.").waitFor();
  await page.keyboard.press("Escape");
  await ask.waitFor({ state: "detached" });
  await h1(page, "Edit notification").waitFor();
  await page.getByLabel("Language", { exact: true }).focus();
  await page.keyboard.press("ArrowUp");
  await ask.getByText("Leave this page?").waitFor();
  await page.keyboard.press("Escape");
  await ask.waitFor({ state: "detached" });
  // Staying puts the switch back (once the question has closed: waited for, bounded).
  await page.waitForFunction(() => (document.getElementById("language") as HTMLSelectElement).value === "en");
  assert.equal(
    await page.getByLabel("Name", { exact: true }).inputValue(),
    "Shop failures to the blog team (edited)",
  );
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  // Saved by keyboard: Enter in a field submits; no question on the way out.
  await page.getByLabel("Name", { exact: true }).press("Enter");
  await page.getByRole("status").filter({ hasText: "Notification saved." }).waitFor();
  assert.deepEqual(problems(page), []);
  await context.close();
});
