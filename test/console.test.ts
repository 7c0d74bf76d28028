/**
 * The console end to end, in headless Chromium against a real service and the DingTalk emulator:
 * sign in, add robots (one right, one with a wrong secret), send test messages, configure a
 * notification beside its live preview, post events, follow them to the deliveries page and the
 * emulator, retry the failed one after fixing its robot, sign out. Screenshots: see SCREENSHOTS.
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

const GOOD = { token: `ci${"a1b2".repeat(10)}`, secret: `SEC${"5f".repeat(30)}`, keywords: ["CI"] };
const NIGHT = { token: `nt${"c3d4".repeat(10)}`, secret: `SEC${"9e".repeat(30)}` };

let service: Service;
let browser: Browser;
let page: Page;

before(async () => {
  service = await startService([GOOD, NIGHT]);
  browser = await launchChromium();
  page = (await newPage(browser)).page;
});

after(async () => {
  await browser?.close();
  await service?.close();
});

/** The page never shows a webhook access token or signing secret, in text or in any attribute. */
async function assertNoSecrets(): Promise<void> {
  const html = await page.content();
  for (const secret of [GOOD.token, GOOD.secret, NIGHT.token, NIGHT.secret, service.token]) {
    assert.ok(!html.includes(secret), "a secret is rendered in the page");
  }
  const values = await page.$$eval("input", (inputs) => inputs.map((i) => i.value));
  for (const v of values)
    assert.ok(![GOOD.secret, NIGHT.secret, service.token].includes(v), "a secret is left in a field");
}

async function addRobot(name: string, webhook: string, secret: string, keywords = ""): Promise<void> {
  await page.getByRole("link", { name: "Add robot" }).click();
  await page.getByRole("heading", { level: 1, name: "Add robot" }).waitFor();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Webhook", { exact: true }).fill(webhook);
  await page.getByLabel("Signing secret", { exact: true }).fill(secret);
  await page.getByLabel("Keywords").fill(keywords);
  assert.equal(await page.getByLabel("Webhook", { exact: true }).getAttribute("type"), "password");
  assert.equal(await page.getByLabel("Signing secret", { exact: true }).getAttribute("type"), "password");
  if (name === "ci-group") await screenshot(page, "robot-form");
  await page.getByRole("button", { name: "Add robot" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Robot “${name}” saved.` })
    .waitFor();
}

test("the console: robots, a notification with its live preview, deliveries, retry, sign out", async () => {
  // Sign in: a wrong token is refused with the API's message; the right one opens the robots page.
  await page.goto(`${service.url}/`);
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Sign out" }).isVisible(), false);
  await screenshot(page, "signin");
  await page.getByLabel("API token").fill("dp_not-a-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  await signIn(page, service);
  await page.getByText("No robot yet").waitFor();

  // Robots: the right one and one whose secret is wrong; secrets never come back.
  await addRobot("ci-group", service.emulator.webhookUrl(GOOD.token), GOOD.secret, "CI");
  await addRobot("night-shift", service.emulator.webhookUrl(NIGHT.token), `SEC${"00".repeat(30)}`);
  const ci = page.locator('[data-robot="ci-group"]');
  await ci.getByText("Signed (secret stored)").waitFor();
  await ci.getByRole("button", { name: "Send test message" }).click();
  await ci.getByText(/Delivered to the group/).waitFor();
  assert.equal(service.emulator.messages(GOOD.token).length, 1);
  const night = page.locator('[data-robot="night-shift"]');
  await night.getByRole("button", { name: "Send test message" }).click();
  await night.getByText("Not delivered.").waitFor();
  const verdict = (await night.locator(".test-result").textContent()) ?? "";
  assert.match(verdict, /Fix: /);
  // The fix speaks of the console, where this user changes the robot — not of command-line flags.
  assert.match(verdict, /Robots → Edit/);
  assert.doesNotMatch(verdict, /--secret|DINGTALK_SECRET/);
  assert.equal(service.emulator.messages(NIGHT.token).length, 0);
  await assertNoSecrets();
  await screenshot(page, "robots");

  // A notification, step by step, watching the preview follow.
  await page.getByRole("link", { name: "Notifications" }).click();
  await page.getByRole("link", { name: "Add notification" }).click();
  await page.getByRole("heading", { level: 1, name: "Add notification" }).waitFor();
  await page.getByLabel("Robot", { exact: true }).selectOption("ci-group");
  await page.getByLabel("Pipelines").fill("web-release");
  await page.getByLabel("Tasks").fill("deploy");
  await page.getByRole("checkbox", { name: "Started", exact: true }).check();
  await page.getByRole("checkbox", { name: "Triggered by", exact: true }).uncheck();
  await page.getByRole("checkbox", { name: "Commit message", exact: true }).check();
  // Ticked last, Commit message moves above Link, Duration and Commit; focus stays on its button.
  const up = page.getByRole("button", { name: "Move Commit message up" });
  for (let i = 0; i < 3; i++) await up.click();
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
    "Move Commit message up",
  );
  const bubble = page.getByTestId("preview-message");
  const bytes = page.getByTestId("preview-bytes");
  await bubble.getByText("deploy").first().waitFor();
  await page.waitForFunction(() =>
    /^[\d,]+ \/ 20,000 bytes$/.test(
      document.querySelector('[data-testid="preview-bytes"]')?.textContent ?? "",
    ),
  );
  const before = await bytes.textContent();
  const custom = page.getByLabel("Custom content");
  await custom.fill("");
  await custom.pressSequentially("Release **${GITEE_PIP");
  await page.getByRole("option", { name: /GITEE_PIPELINE_NAME/ }).waitFor();
  await custom.press("Enter");
  await custom.pressSequentially("** is out on ${DINGPIPE_BR");
  await page.getByRole("option", { name: /DINGPIPE_BRANCH/ }).waitFor();
  await custom.press("Enter");
  await custom.pressSequentially(", see the notes");
  assert.equal(
    await custom.inputValue(),
    `Release **\${GITEE_PIPELINE_NAME}** is out on \${DINGPIPE_BRANCH}, see the notes`,
  );
  await bubble.getByText("is out on main, see the notes").waitFor();
  await page.waitForFunction(
    (b) => document.querySelector('[data-testid="preview-bytes"]')?.textContent !== b,
    before,
  );
  await page.getByLabel("@ mentions").fill("13800000000");
  await bubble.getByText("@13800000000").waitFor();
  await screenshot(page, "notification-form");
  await page.getByRole("button", { name: "Add notification" }).click();
  await page.getByRole("status").filter({ hasText: "Notification saved." }).waitFor();
  const [rule] = (
    await service.api<Array<{ content: string[]; events: string[]; custom: string }>>(
      "GET",
      "/api/notifications",
    )
  ).body;
  assert.deepEqual(rule?.events, ["started", "success", "failure"]);
  assert.deepEqual(rule?.content.slice(0, 3), ["pipeline", "build_number", "task"]);
  assert.deepEqual(rule.content.slice(3), [
    "status",
    "branch",
    "commit_message",
    "commit",
    "duration",
    "link",
  ]);
  await screenshot(page, "notifications");

  // An event posted to the API is delivered; the deliveries page shows it sent, the emulator has it.
  const event = (pipeline: string, task: string) => ({
    pipeline: { name: pipeline },
    run: { number: 7 },
    task: { name: task, status: "failure" },
    source: { branch: "main", commit: { sha: "a1b2c3d4e5f6", message: "fix login" } },
    variables: { GITEE_PIPELINE_NAME: pipeline },
  });
  assert.equal((await service.api("POST", "/api/events", event("web-release", "deploy"))).status, 202);
  await page.getByRole("link", { name: "Deliveries" }).click();
  await page.getByRole("heading", { level: 1, name: "Deliveries" }).waitFor();
  const sent = page.locator('tr[data-state="sent"]').filter({ hasText: "web-release · deploy" });
  await sent.waitFor();
  const received = service.emulator.messages(GOOD.token);
  assert.equal(received.length, 2);
  assert.match(
    JSON.stringify(received[1]?.body),
    /Release \*\*web-release\*\* is out on main, see the notes/,
  );
  assert.deepEqual(received[1]?.body.msgtype === "markdown" && received[1].body.at?.atMobiles, [
    "13800000000",
  ]);

  // The other robot's secret is wrong: its delivery is dead, with the fix.
  const nightRule = {
    credential: "night-shift",
    pipelines: ["nightly"],
    events: ["failure"],
    content: ["pipeline", "task", "status"],
  };
  assert.equal((await service.api("POST", "/api/notifications", nightRule)).status, 201);
  assert.equal((await service.api("POST", "/api/events", event("nightly", "e2e"))).status, 202);
  await page.getByLabel("Status").selectOption("dead");
  const dead = page.locator('tr[data-state="dead"]').filter({ hasText: "nightly · e2e" });
  await dead.waitFor({ timeout: 60_000 });
  await page.getByLabel("Status").selectOption("");
  await sent.waitFor();
  // The chart counts both outcomes, one bar per hour of the last day.
  await page.getByRole("button", { name: "Refresh" }).click();
  await page.waitForFunction(() =>
    /^2[45] buckets: 1 sent, 0 merged, 0 sending, 0 pending, 1 dead\.$/.test(
      document.querySelector("#chart-desc")?.textContent ?? "",
    ),
  );
  await screenshot(page, "deliveries");

  // The detail of the sent one: the message as sent and DingTalk's answer per attempt.
  await sent.getByRole("link").click();
  await page.getByRole("heading", { level: 1, name: /^Delivery / }).waitFor();
  await page.locator("table.attempts").getByText("errcode 0").waitFor();
  await page.locator(".bubble").getByText("is out on main, see the notes").waitFor();
  await screenshot(page, "delivery");

  // Fix the robot's secret in the console, then retry the dead delivery from its page.
  await page.getByRole("link", { name: "Robots" }).click();
  await page.locator('[data-robot="night-shift"]').getByRole("link", { name: "Edit" }).click();
  await page.getByRole("heading", { level: 1, name: "Edit robot “night-shift”" }).waitFor();
  assert.equal(
    await page.getByLabel("Signing secret", { exact: true }).inputValue(),
    "",
    "the stored secret is never filled in",
  );
  await page.getByLabel("Signing secret", { exact: true }).fill(NIGHT.secret);
  await page.getByRole("button", { name: "Save robot" }).click();
  await page.getByRole("status").filter({ hasText: "Robot “night-shift” saved." }).waitFor();
  await page.getByRole("link", { name: "Deliveries" }).click();
  await dead.getByRole("link").click();
  await page.locator(".error").getByText("Fix:").waitFor();
  await screenshot(page, "delivery-dead");
  await page.getByRole("button", { name: "Retry" }).click();
  await page.getByRole("heading", { level: 2, name: "Status sent" }).waitFor({ timeout: 60_000 });
  assert.equal(service.emulator.messages(NIGHT.token).length, 1);
  await assertNoSecrets();

  // Sign out: the token is gone from the tab; the console asks for it again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await page.goto(`${service.url}/#/robots`);
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();

  assert.deepEqual(problems(page), []);
});
