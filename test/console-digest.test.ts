/**
 * A digest people can read, end to end: a robot allowed one message a second gets a burst of one task's
 * runs from a real `dingpipe serve`; the group (the emulator) receives a digest that counts them per status
 * with the last run and its time zone, and the console shows a merged delivery linked to the digest that
 * carried it, and the digest as what it is — several tasks, not one pipeline's status.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import type { Page as ApiPage, DeliveryRecord } from "../src/store/store.ts";
import {
  launchChromium,
  newPage,
  problems,
  type Service,
  screenshot,
  signIn,
  startService,
  WAIT_MS,
} from "./console-harness.ts";

const ROBOT = { token: `dg${"a9b8".repeat(10)}`, secret: `SEC${"7d".repeat(30)}` };

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

async function deliveries(): Promise<DeliveryRecord[]> {
  const r = await service.api<ApiPage<DeliveryRecord>>("GET", "/api/deliveries?limit=500");
  assert.equal(r.status, 200);
  return r.body.items;
}

test("a burst becomes one readable digest, and the console links merged deliveries to it", async () => {
  assert.equal(
    (
      await service.api("POST", "/api/credentials", {
        name: "burst-group",
        webhook: service.emulator.webhookUrl(ROBOT.token),
        secret: ROBOT.secret,
        rateLimit: { messages: 1, perSeconds: 1 },
      })
    ).status,
    201,
  );
  assert.equal(
    (
      await service.api("POST", "/api/notifications", {
        credential: "burst-group",
        pipelines: ["web-burst"],
        events: ["success", "failure"],
        content: ["pipeline", "task", "status"],
      })
    ).status,
    201,
  );
  const posted = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      service.api("POST", "/api/events", {
        pipeline: { name: "web-burst" },
        run: { number: 40 + i },
        task: { name: "deploy", status: i % 4 === 1 ? "failure" : "success" },
      }),
    ),
  );
  assert.ok(posted.every((r) => r.status === 202));

  // Bounded wait: all 12 delivered, at least some of them in a digest.
  let all: DeliveryRecord[] = [];
  const until = Date.now() + WAIT_MS * 2;
  while (Date.now() < until) {
    all = await deliveries();
    if (all.length === 12 && all.every((d) => d.state === "sent" || d.state === "merged")) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(all.length, 12);
  const merged = all.find((d) => d.state === "merged");
  assert.ok(merged?.mergedInto, `a digest was sent: ${all.map((d) => d.state).join()}`);
  const carrierId = merged.mergedInto;
  const carried = all.filter((d) => d.mergedInto === carrierId).length + 1;

  // The group reads counts per status, the last run and the zone — not "(N updates)".
  const texts = service.emulator
    .messages(ROBOT.token)
    .map((m) => JSON.stringify(m))
    .filter((m) => m.includes("dingpipe digest"));
  assert.ok(texts.length >= 1);
  assert.match(
    texts.join("\n"),
    /web-burst · deploy\*\*: \d+ success(, \d+ failure)? — last #\d+ \w+ \d\d:\d\d \(UTC\+8\)/,
  );

  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await page.goto(`${service.url}/#/deliveries/${merged.id}`);
  await page.getByRole("heading", { level: 1, name: `Delivery ${merged.id}` }).waitFor();
  await page.getByText("Sent in digest").waitFor();
  await page.getByRole("link", { name: carrierId, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: `Delivery ${carrierId}` }).waitFor();
  // The digest is described as a digest: no single pipeline, task or status claimed for it.
  await page.getByText(`One message carrying ${carried} deliveries`).waitFor();
  assert.equal(await page.locator("dl.facts dt", { hasText: /^Pipeline$/ }).count(), 0);
  const list = page.locator("ul.carried > li");
  assert.equal(await list.count(), carried);
  // Failures first.
  const statuses = await list.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-status")));
  assert.deepEqual(
    statuses,
    [...statuses].sort((a, b) => Number(b === "failure") - Number(a === "failure")),
  );
  const bubble = page.locator(".bubble");
  await bubble
    .getByText(/web-burst · deploy/)
    .first()
    .waitFor();
  assert.match((await bubble.textContent()) ?? "", /last #\d+ (success|failure) \d\d:\d\d \(UTC\+8\)/);
  await screenshot(page, "digest");
  assert.deepEqual(problems(page), []);
  await context.close();
});

test("deliveries: run numbers, relative times, filters in the URL, the chart follows them, bulk retry", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await page.goto(`${service.url}/#/deliveries`);
  const rows = page.locator("tr[data-delivery]");
  await rows.first().waitFor();
  const first = rows.first();
  assert.match((await first.locator("td").nth(2).textContent()) ?? "", /^#\d+$/);
  assert.match((await first.locator("time").textContent()) ?? "", /now|sec|min/);
  assert.match((await first.locator("time").getAttribute("title")) ?? "", /\d{1,2}:\d{2}:\d{2}/);
  // A merged delivery links to the digest that carried it.
  const merged = page.locator('tr[data-state="merged"]').first();
  const carrier = (await merged.locator("a.carried-by").getAttribute("href")) ?? "";
  assert.match(carrier, /^#\/deliveries\/\d+$/);

  // A robot with the wrong secret leaves dead letters; the list, the URL and the chart follow the filters.
  await service.api("POST", "/api/credentials", {
    name: "broken",
    webhook: service.emulator.webhookUrl(ROBOT.token),
    secret: `SEC${"00".repeat(30)}`,
  });
  await service.api("POST", "/api/notifications", {
    credential: "broken",
    pipelines: ["api-*"],
    events: ["failure"],
    content: ["pipeline"],
  });
  for (const n of [1, 2]) {
    await service.api("POST", "/api/events", {
      pipeline: { name: `api-${n}` },
      run: { number: 700 + n },
      task: { name: "test", status: "failure" },
    });
  }
  const until = Date.now() + WAIT_MS * 2;
  while (Date.now() < until) {
    const dead = await service.api<ApiPage<DeliveryRecord>>("GET", "/api/deliveries?state=dead");
    if (dead.body.items.length === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await page.getByLabel("Status", { exact: true }).selectOption("dead");
  await page.waitForFunction(() => document.querySelectorAll('tr[data-state="dead"]').length === 2);
  assert.equal(await page.locator('tr[data-state="sent"]').count(), 0);
  await page.getByLabel("Pipeline", { exact: true }).fill("api-*");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => location.hash === "#/deliveries?pipeline=api-*&state=dead");
  // The chart counts only what the filters select: 2 dead, nothing sent or merged.
  await page.waitForFunction(() =>
    /: 0 sent, 0 merged, 0 sending, 0 pending, 2 dead\.$/.test(
      document.querySelector("#chart-desc")?.textContent ?? "",
    ),
  );
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-state="dead"]').length === 2);
  assert.equal(await page.getByLabel("Status", { exact: true }).inputValue(), "dead");
  assert.equal(await page.getByLabel("Pipeline", { exact: true }).inputValue(), "api-*");
  assert.deepEqual(await page.locator("tr[data-delivery] td:nth-child(3)").allTextContents(), [
    "#702",
    "#701",
  ]);

  // Bulk retry after fixing the robot: confirmed first, then every dead letter of the filter is sent.
  assert.equal(
    (
      await service.api("PUT", "/api/credentials/broken", {
        webhook: service.emulator.webhookUrl(ROBOT.token),
        secret: ROBOT.secret,
      })
    ).status,
    200,
  );
  await page.getByRole("button", { name: "Retry these dead deliveries" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Retry them" }).click();
  await page.getByRole("status").filter({ hasText: "2 dead deliveries queued again." }).waitFor();
  await page.getByLabel("Status", { exact: true }).selectOption("sent");
  await page.waitForFunction(() => document.querySelectorAll('tr[data-state="sent"]').length === 2, null, {
    timeout: WAIT_MS * 2,
  });
  assert.equal(await page.getByRole("button", { name: "Retry these dead deliveries" }).isVisible(), false);
  await screenshot(page, "deliveries-filtered");
  // A digest's delivery offers no "Send again" (it would not repeat what it carried); a single one does.
  await page.goto(`${service.url}/${carrier}`);
  await page.getByText("What this digest carried").waitFor();
  assert.equal(await page.getByRole("button", { name: "Send again" }).count(), 0);
  assert.deepEqual(problems(page), []);
  await context.close();
});
