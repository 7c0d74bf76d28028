/**
 * The emulator's page in a real browser (the test Chromium: test/helpers/chromium.ts): it shows each group's chat, follows new
 * messages live, switches groups, and clears.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { launchChromium } from "./helpers/chromium.ts";

const WAIT_MS = 20_000; // bounds each wait; never an assertion on speed

async function post(em: Emulator, token: string, body: unknown): Promise<number> {
  const res = await fetch(em.webhookUrl(token), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { errcode: number }).errcode;
}

describe("emulator page in Chromium", () => {
  let em: Emulator;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    em = await startEmulator({
      robots: [
        { token: "first-token", name: "first" },
        { token: "second-token", name: "second" },
      ],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    assert.equal(
      await post(em, "first-token", {
        msgtype: "markdown",
        markdown: { title: "t", text: "### Build **failed**" },
      }),
      0,
    );
    await page.goto(`${em.url}/`);
  });

  after(async () => {
    await browser?.close();
    await em?.close();
  });

  it("shows messages already received, rendered", async () => {
    await page.locator(".pane.active h3 strong", { hasText: "failed" }).waitFor({ timeout: WAIT_MS });
  });

  it("adds new messages live, with @mentions highlighted, and counts unread ones in other groups", async () => {
    const body = {
      msgtype: "text",
      text: { content: "deploy failed @13800000000" },
      at: { atMobiles: ["13800000000"] },
    };
    assert.equal(await post(em, "first-token", body), 0);
    await page.locator(".pane.active .dp-at", { hasText: "@13800000000" }).waitFor({ timeout: WAIT_MS });
    assert.equal(
      await post(em, "second-token", { msgtype: "text", text: { content: "for the second group" } }),
      0,
    );
    const badge = page.locator('.tab[data-group="second-token"] .badge');
    await badge.filter({ hasText: "1" }).waitFor({ timeout: WAIT_MS });
    await page.locator('.tab[data-group="second-token"]').click();
    await page.locator(".pane.active", { hasText: "for the second group" }).waitFor({ timeout: WAIT_MS });
    assert.equal(await badge.textContent(), "");
  });

  it("shows rejected requests discreetly", async () => {
    assert.equal(await post(em, "second-token", { msgtype: "Text", text: { content: "x" } }), 400105);
    await page.locator(".pane.active .rejected", { hasText: "400105" }).waitFor({ timeout: WAIT_MS });
  });

  it("clears every group with the Clear button", async () => {
    await page.locator("#clear").click();
    await page.locator(".pane.active .row").first().waitFor({ state: "detached", timeout: WAIT_MS });
    assert.deepEqual(em.messages(), []);
    assert.equal(await page.locator(".row").count(), 0);
    assert.deepEqual(errors, []);
  });
});
