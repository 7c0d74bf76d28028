/**
 * A notification saved with an @ entry its robot cannot mention, in headless Chromium against a real
 * `dingpipe serve` and the DingTalk emulator: it is saved as written, and the console says which entry will
 * not be mentioned and what to write instead — in English and in Chinese — from the service's `robot_fit`
 * warning, in the words `dingpipe config check` uses for `.dingpipe.yml`.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium, newPage, problems, type Service, signIn, startService } from "./console-harness.ts";

const ROBOT = { token: `nn${"3e4f".repeat(10)}`, secret: `SEC${"5d".repeat(30)}` };
const OPEN_ID = "ou_0123456789abcdef0123456789abcdef";

let service: Service;
let browser: Browser;

before(async () => {
  service = await startService([ROBOT]);
  browser = await launchChromium();
  const robot = await service.api("POST", "/api/credentials", {
    name: "ops",
    webhook: service.emulator.webhookUrl(ROBOT.token),
    secret: ROBOT.secret,
  });
  assert.equal(robot.status, 201);
});

after(async () => {
  await browser?.close();
  await service?.close();
});

for (const [locale, words] of [
  [
    "en-US",
    {
      title: "Add notification",
      robot: "Robot",
      at: "@ mentions",
      note: /Notification saved\. Note: 'ou_0123456789abcdef0123456789abcdef' in at cannot be mentioned: credential 'ops' is a DingTalk robot, which cannot mention by open_id; write the member's mobile number or all/,
    },
  ],
  [
    "zh-CN",
    {
      title: "添加通知",
      robot: "机器人",
      at: "@ 提醒",
      note: /通知已保存。 注意：“ou_0123456789abcdef0123456789abcdef”不会被 @：机器人“ops”不能按 open_id @ 人。写成员的手机号或 all。/,
    },
  ],
] as const) {
  test(`an open_id on a DingTalk robot is saved, and the console says it will not be mentioned (${locale})`, async () => {
    const { context, page } = await newPage(browser, undefined, locale);
    const seen = problems(page);
    try {
      if (locale === "en-US") await signIn(page, service);
      else {
        await page.goto(`${service.url}/`);
        await page.getByLabel("API 令牌").fill(service.token);
        await page.getByRole("button", { name: "登录" }).click();
        await page.getByRole("heading", { level: 1, name: "机器人" }).waitFor();
      }
      await page.goto(`${service.url}/#/notifications/new`);
      await page.getByRole("heading", { level: 1, name: words.title }).waitFor();
      await page.getByLabel(words.robot, { exact: true }).selectOption("ops");
      await page.getByLabel(words.at).fill(OPEN_ID);
      await page.getByRole("button", { name: words.title }).click();
      await page.getByRole("status").filter({ hasText: words.note }).waitFor();
      const list = await service.api<Array<{ at?: string[] }>>("GET", "/api/notifications");
      assert.ok(
        list.body.some((n) => n.at?.includes(OPEN_ID)),
        "saved as written",
      );
      assert.deepEqual(seen, []);
    } finally {
      await context.close();
    }
  });
}
