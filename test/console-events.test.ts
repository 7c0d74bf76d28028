/**
 * The events view end to end, in headless Chromium against a real `dingpipe serve` and the DingTalk
 * emulator: the empty state of a fresh install, events posted through the API listed newest first with
 * their run numbers, filters (status, a pipeline glob like the rules') kept in the URL across a reload,
 * cursor paging, an event's detail — the notification that matched, the one that did not and why, in the
 * console's words — and the delivery it made, both ways; on a phone; by keyboard alone; in Chinese.
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

const ROBOT = { token: `ev${"e1f2".repeat(10)}`, secret: `SEC${"3c".repeat(30)}` };

let service: Service;
let browser: Browser;
const ids: Record<string, string> = {};

async function post(pipeline: string, task: string, status: string, run: number): Promise<string> {
  const r = await service.api<{ id: string }>("POST", "/api/events", {
    pipeline: { name: pipeline },
    run: { number: run, url: `https://ci.example/${pipeline}/${run}` },
    task: { name: task, status },
  });
  assert.equal(r.status, 202);
  return r.body.id;
}

/** Waits (bounded) until the engine has matched the event against the notifications. */
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

const rows = (page: Page) => page.locator("tr[data-event]");

before(async () => {
  service = await startService([ROBOT]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await service?.close();
});

test("events: empty state, list, filters in the URL, paging, why a notification did or did not match", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await page.getByRole("navigation").getByRole("link", { name: "Events", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Events" }).waitFor();
  // A fresh install says what to do, instead of an empty table.
  await page.getByText("No event received yet.").waitFor();
  await page.getByText(/Point a CI webhook at \/hooks\/github/).waitFor();
  assert.equal(await page.locator("table.events").isVisible(), false);

  assert.equal(
    (
      await service.api("POST", "/api/credentials", {
        name: "ci-group",
        webhook: service.emulator.webhookUrl(ROBOT.token),
        secret: ROBOT.secret,
      })
    ).status,
    201,
  );
  const web = await service.api<{ id: string }>("POST", "/api/notifications", {
    credential: "ci-group",
    pipelines: ["web-*"],
    events: ["failure"],
    content: ["pipeline", "task", "status"],
  });
  assert.equal(web.status, 201);
  const api = await service.api<{ id: string }>("POST", "/api/notifications", {
    credential: "ci-group",
    pipelines: ["api-*"],
    events: ["failure", "success"],
    content: ["pipeline", "task", "status"],
  });
  assert.equal(api.status, 201);
  ids["build"] = await post("web-release", "build", "failure", 41);
  ids["deploy"] = await post("web-release", "deploy", "success", 42);
  ids["test"] = await post("api-server", "test", "failure", 7);
  for (const id of Object.values(ids)) await expanded(id);

  await page.reload();
  await rows(page).first().waitFor();
  assert.deepEqual(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event"))), [
    ids["test"],
    ids["deploy"],
    ids["build"],
  ]);
  const first = rows(page).first();
  assert.deepEqual(await first.locator("td").evaluateAll((tds) => tds.slice(1).map((td) => td.textContent)), [
    "API",
    "api-server",
    "#7",
    "test",
    "failure",
  ]);
  // Received: a relative time, the exact one on hover.
  const time = first.locator("time");
  assert.match((await time.textContent()) ?? "", /now|sec|min/);
  assert.ok(Date.parse((await time.getAttribute("datetime")) ?? ""));
  assert.match((await time.getAttribute("title")) ?? "", /\d{1,2}:\d{2}:\d{2}/);
  assert.equal(
    await first.getByRole("link", { name: "#7" }).getAttribute("href"),
    "https://ci.example/api-server/7",
  );
  await page.getByText("3 events shown.").waitFor();
  await screenshot(page, "events");

  // Filters: status, then a pipeline glob; both land in the URL and survive a reload.
  await page.getByLabel("Status", { exact: true }).selectOption("failure");
  await page.waitForFunction(() => document.querySelectorAll("tr[data-event]").length === 2);
  assert.match(page.url(), /#\/events\?status=failure$/);
  await page.getByLabel("Pipeline", { exact: true }).fill("web-*");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => document.querySelectorAll("tr[data-event]").length === 1);
  assert.match(page.url(), /#\/events\?pipeline=web-\*&status=failure$/);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll("tr[data-event]").length === 1);
  assert.equal(await page.getByLabel("Status", { exact: true }).inputValue(), "failure");
  assert.equal(await page.getByLabel("Pipeline", { exact: true }).inputValue(), "web-*");
  assert.equal(await rows(page).first().getAttribute("data-event"), ids["build"]);
  await page.getByLabel("Pipeline", { exact: true }).fill("nothing-*");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByText("No event matches these filters.").waitFor();

  // The detail: what came in, which notification matched, which did not and why, the delivery it made.
  await page.goto(`${service.url}/#/events?pipeline=web-*&status=failure`);
  await rows(page).first().getByRole("link").first().click();
  await page.getByRole("heading", { level: 1, name: "Event web-release · build" }).waitFor();
  await page.getByText("1 of 2 notifications matched this event.").waitFor();
  const matched = page.locator(`[data-notification="${web.body.id}"]`);
  assert.equal(await matched.getAttribute("data-matched"), "true");
  await matched.getByText("Status failure is one of its events (failure).").waitFor();
  await matched.getByText("The pipeline “web-release” matches “web-*”.").waitFor();
  await matched.getByText("Every task (no task patterns).").waitFor();
  const other = page.locator(`[data-notification="${api.body.id}"]`);
  assert.equal(await other.getAttribute("data-matched"), "false");
  await other.getByText("Not matched").waitFor();
  await other.getByText("The pipeline “web-release” matches none of “api-*”.").waitFor();
  assert.equal(await other.locator('li[data-field="pipeline"].no').count(), 1);
  await screenshot(page, "event");
  const delivery = page.locator(".event-deliveries [data-delivery]");
  assert.equal(await delivery.count(), 1);
  const deliveryId = (await delivery.getAttribute("data-delivery")) ?? "";
  await matched.getByRole("link", { name: `Delivery ${deliveryId}` }).waitFor();
  await delivery.getByRole("link", { name: `Delivery ${deliveryId}` }).click();
  await page.getByRole("heading", { level: 1, name: `Delivery ${deliveryId}` }).waitFor();
  // …and back from the delivery to the event that made it.
  await page.getByRole("link", { name: "the event, and which notifications it matched" }).click();
  await page.getByRole("heading", { level: 1, name: "Event web-release · build" }).waitFor();

  // Paging by cursor: 50 a page, "Load more" appends the rest and moves the focus to the first new row.
  for (let i = 0; i < 52; i++) await post("batch", `job-${i}`, "skipped", 100 + i);
  await page.goto(`${service.url}/#/events`);
  await page.getByText("50 events shown.").waitFor();
  await page.getByRole("button", { name: "Load more" }).click();
  await page.getByText("55 events shown.").waitFor();
  assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0);
  assert.equal(
    await page.evaluate(() => document.activeElement?.closest("tr")?.getAttribute("data-event")),
    await rows(page).nth(50).getAttribute("data-event"),
  );
  // An unknown event says so in words.
  await page.goto(`${service.url}/#/events/999999`);
  await page
    .getByRole("alert")
    .getByText(/no event with id/)
    .waitFor();
  assert.deepEqual(problems(page), []);
  await context.close();
});

test("events on a phone: rows become cards, nothing wider than the screen", async () => {
  const { context, page } = await newPage(browser, PHONE);
  await signIn(page, service);
  await page.goto(`${service.url}/#/events?status=failure`);
  await rows(page).first().waitFor();
  const cells = await rows(page)
    .first()
    .locator("td")
    .evaluateAll((tds) => tds.map((td) => getComputedStyle(td).display));
  assert.ok(
    cells.every((d) => d === "flex"),
    cells.join(),
  );
  await assertFitsWidth(page);
  await screenshot(page, "phone-events");
  await rows(page).first().getByRole("link").first().click();
  await page.locator(".verdict").first().waitFor();
  await assertFitsWidth(page);
  assert.deepEqual(problems(page), []);
  await context.close();
});

test("events by keyboard alone: filter, open an event, go back", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await page.goto(`${service.url}/#/events`);
  await rows(page).first().waitFor();
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute("name") ?? "");
  for (let i = 0; i < 40 && (await focusedName()) !== "pipeline"; i++) await page.keyboard.press("Tab");
  assert.equal(await focusedName(), "pipeline");
  await page.keyboard.type("api-*");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("tr[data-event]").length === 1);
  assert.match(page.url(), /pipeline=api-\*/);
  // Tab onward to the row's link and open it: the new page's heading takes the focus.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.closest("tr[data-event]") !== null)) break;
  }
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Event api-server · test" }).waitFor();
  await focusedOn(page, "h1", "the event's page heading has the focus");
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll("tr[data-event]").length === 1);
  assert.equal(await page.getByLabel("Pipeline", { exact: true }).inputValue(), "api-*");
  assert.deepEqual(problems(page), []);
  await context.close();
});

test("events in Chinese: no English outside user data", async () => {
  const { context, page } = await newPage(browser, undefined, "zh-CN");
  await page.goto(`${service.url}/`);
  await page.getByLabel("API 令牌").fill(service.token);
  await page.getByRole("button", { name: "登录" }).click();
  // Signed in (the token is stored) before moving on: otherwise the next page asks to sign in again.
  await page.getByRole("heading", { level: 1, name: "机器人" }).waitFor();
  await page.goto(`${service.url}/#/events?status=failure`);
  await rows(page).first().waitFor();
  await assertChinese(page, "events");
  await page.goto(`${service.url}/#/events/${ids["build"]}`);
  await page.locator(".verdict").first().waitFor();
  await page.getByText("流水线“web-release”与“api-*”都不匹配。").waitFor();
  await assertChinese(page, "event");
  await page.goto(`${service.url}/#/events?pipeline=none-*`);
  await page.getByText("没有符合这些筛选条件的事件。").waitFor();
  await assertChinese(page, "events, none match");
  await screenshot(page, "zh-CN/events");
  assert.deepEqual(problems(page), []);
  await context.close();
});

test("an event's transition, and why a notification on [broken, fixed] stayed quiet, in the console's words", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  const onChange = await service.api<{ id: string }>("POST", "/api/notifications", {
    credential: "ci-group",
    pipelines: ["flaky-*"],
    events: ["broken", "fixed"],
    content: ["pipeline", "task", "status"],
  });
  assert.equal(onChange.status, 201);
  const first = await post("flaky-nightly", "e2e", "failure", 1);
  const again = await post("flaky-nightly", "e2e", "failure", 2);
  for (const id of [first, again]) await expanded(id);

  await page.goto(`${service.url}/#/events/${again}`);
  await page.getByRole("heading", { level: 1, name: "Event flaky-nightly · e2e" }).waitFor();
  assert.equal(await page.locator("[data-transition]").getAttribute("data-transition"), "still_failing");
  await page.locator("[data-transition]").getByText("still failing").waitFor();
  const quiet = page.locator(`[data-notification="${onChange.body.id}"]`);
  assert.equal(await quiet.getAttribute("data-matched"), "false");
  await quiet.getByText("Status failure (still failing) is not one of its events (broke, fixed).").waitFor();

  await page.goto(`${service.url}/#/events/${first}`);
  await page.locator('[data-transition="broken"]').waitFor();
  const sent = page.locator(`[data-notification="${onChange.body.id}"]`);
  assert.equal(await sent.getAttribute("data-matched"), "true");
  await sent.getByText("Status failure (broke) is one of its events (broke, fixed).").waitFor();
  assert.deepEqual(problems(page), []);
  await context.close();
});
