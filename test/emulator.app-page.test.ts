/**
 * The emulator's page in a real browser (the test Chromium: test/helpers/chromium.ts), for app robots: an app group shows its messages, and a card
 * sent through the app robot API changes in place when it is updated — one bubble, where it was sent,
 * even after later messages — while the webhook robots' groups keep working beside it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  AccessTokens,
  appMarkdown,
  cardLinks,
  cardMarkdown,
  createAppRobot,
  standardCard,
} from "../src/dingtalk-app/index.ts";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { launchChromium } from "./helpers/chromium.ts";

const WAIT_MS = 20_000; // bounds each wait; never an assertion on speed

const APP = {
  appKey: "dingpageapp",
  appSecret: "page-app-secret-0001",
  robotCode: "dingpagerobot",
  name: "Release bot",
  conversations: ["cidPageGroup=="],
};

const card = (state: string, tasks: string) =>
  standardCard({
    title: `web-release #7 ${state}`,
    contents: [
      cardMarkdown("tasks", tasks),
      cardLinks("links", [{ label: "Open run", url: "https://ci.example/runs/7" }]),
    ],
  });

describe("emulator page in Chromium: app robots and cards", () => {
  let em: Emulator;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let robot: ReturnType<typeof createAppRobot>;

  before(async () => {
    em = await startEmulator({ robots: [{ token: "hook-token", name: "hooks" }], apps: [APP] });
    robot = createAppRobot({
      appKey: APP.appKey,
      appSecret: APP.appSecret,
      robotCode: APP.robotCode,
      conversationId: APP.conversations[0],
      baseUrl: em.appBaseUrl,
      tokens: new AccessTokens(),
    });
    await robot.send(appMarkdown("hello", "### Pipeline **watching**"));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${em.url}/`);
  });

  after(async () => {
    await browser?.close();
    await em?.close();
  });

  it("shows the app robot's group with the messages it already received", async () => {
    await page.locator('.tab[data-group="app:cidPageGroup=="]').click();
    await page.locator(".pane.active h3 strong", { hasText: "watching" }).waitFor({ timeout: WAIT_MS });
    assert.match((await page.locator(".pane.active .who").first().textContent()) ?? "", /Release bot/);
  });

  it("changes a card in place when it is updated: one bubble, where it was sent", async () => {
    const pane = page.locator(".pane.active");
    await robot.sendCard({ cardBizId: "run-page-7", card: card("running", "- build ⏳") });
    const bubble = pane.locator('.row[data-card="run-page-7"]');
    await bubble
      .locator(".dp-card-title", { hasText: "web-release #7 running" })
      .waitFor({ timeout: WAIT_MS });
    await robot.send(appMarkdown("later", "a message after the card"));
    await pane.locator(".row", { hasText: "a message after the card" }).waitFor({ timeout: WAIT_MS });
    const rowsBefore = await pane.locator(".row").count();
    const indexOf = () =>
      pane
        .locator(".row")
        .evaluateAll((rows) => rows.findIndex((r) => (r as HTMLElement).dataset["card"] === "run-page-7"));
    const indexBefore = await indexOf();

    await robot.updateCard({ cardBizId: "run-page-7", card: card("passed", "- build ✅\n- test ✅") });
    await bubble
      .locator(".dp-card-title", { hasText: "web-release #7 passed" })
      .waitFor({ timeout: WAIT_MS });
    await robot.updateCard({ cardBizId: "run-page-7", card: card("failed", "- build ✅\n- test ❌") });
    await bubble
      .locator(".dp-card-title", { hasText: "web-release #7 failed" })
      .waitFor({ timeout: WAIT_MS });

    assert.equal(await bubble.count(), 1, "still one bubble for the card");
    assert.equal(await pane.locator(".row").count(), rowsBefore, "no new row for an update");
    assert.equal(await indexOf(), indexBefore, "the card stays where it was sent");
    assert.equal(await bubble.getAttribute("data-version"), "3");
    assert.match((await bubble.textContent()) ?? "", /test ❌/);
    assert.match((await bubble.locator(".card-note").textContent()) ?? "", /updated 2 times/);
    assert.equal(await bubble.locator("a.dp-btn").getAttribute("href"), "https://ci.example/runs/7");
  });

  it("shows the card at its latest version on a fresh load", async () => {
    await page.reload();
    await page.locator('.tab[data-group="app:cidPageGroup=="]').click();
    const bubble = page.locator('.pane.active .row[data-card="run-page-7"]');
    await bubble
      .locator(".dp-card-title", { hasText: "web-release #7 failed" })
      .waitFor({ timeout: WAIT_MS });
    assert.equal(await bubble.count(), 1);
  });

  it("keeps the webhook robots' groups working beside it", async () => {
    const res = await fetch(em.webhookUrl("hook-token"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "text", text: { content: "from the webhook robot" } }),
    });
    assert.equal(((await res.json()) as { errcode: number }).errcode, 0);
    await page.locator('.tab[data-group="hook-token"]').click();
    await page.locator(".pane.active", { hasText: "from the webhook robot" }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  });
});
