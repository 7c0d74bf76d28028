/**
 * The console in a Chinese browser (zh-CN), end to end against a real service and the DingTalk
 * emulator: the main flow in Chinese (sign in, robots and their test messages, a notification beside
 * its live preview, deliveries, the dead one retried after fixing its robot), and on every view and
 * state on the way — errors of the service included — no English UI text outside user data
 * (console-language.ts). Then the language switch: remembered, and `<html lang>` follows it.
 * Screenshots (zh-CN/*): see SCREENSHOTS.
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
  startService,
} from "./console-harness.ts";
import { assertChinese } from "./console-language.ts";

const GOOD = { token: `zh${"a7b8".repeat(10)}`, secret: `SEC${"6a".repeat(30)}`, keywords: ["CI"] };
const NIGHT = { token: `ng${"c9d0".repeat(10)}`, secret: `SEC${"1b".repeat(30)}` };

let service: Service;
let browser: Browser;
let page: Page;

before(async () => {
  service = await startService([GOOD, NIGHT]);
  browser = await launchChromium();
  page = (await newPage(browser, undefined, "zh-CN")).page;
});

after(async () => {
  await browser?.close();
  await service?.close();
});

const h1 = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });
const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });

async function addRobot(name: string, webhook: string, secret: string, keywords = ""): Promise<void> {
  await page.getByRole("link", { name: "添加机器人" }).click();
  await h1("添加机器人").waitFor();
  await page.getByLabel("名称").fill(name);
  await page.getByLabel("Webhook 地址", { exact: true }).fill(webhook);
  await page.getByLabel("加签密钥", { exact: true }).fill(secret);
  await page.getByLabel("自定义关键词").fill(keywords);
  if (name === "ci-group") await screenshot(page, "zh-CN/robot-form");
  await page.getByRole("button", { name: "添加机器人" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `机器人“${name}”已保存。` })
    .waitFor();
}

test("in a zh-CN browser the console speaks Chinese on every view, the service's errors included", async () => {
  // Sign in: the browser's language decides; the service's errors come back in Chinese.
  await page.goto(`${service.url}/`);
  await h1("登录").waitFor();
  await assertChinese(page, "sign in");
  await screenshot(page, "zh-CN/signin");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("alert").getByText("请输入 API 令牌。").waitFor();
  await page.getByLabel("API 令牌").fill("dp_not-a-token");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("alert").getByText("这个 API 令牌无效。").waitFor();
  await assertChinese(page, "sign in refused");
  await page.getByLabel("API 令牌").fill(service.token);
  await page.getByRole("button", { name: "登录" }).click();
  await h1("机器人").waitFor();
  await page.getByText("还没有机器人。").waitFor();
  await assertChinese(page, "robots, empty");

  // A robot form the service refuses: each field's problem in Chinese.
  await page.getByRole("link", { name: "添加机器人" }).click();
  await h1("添加机器人").waitFor();
  await page.getByLabel("名称").fill("ci/group");
  await page.getByRole("button", { name: "添加机器人" }).click();
  const refused = page.getByRole("alert");
  await refused.getByText("提交的内容有误。").waitFor();
  await refused.getByText("“ci/group”不能用作名称", { exact: false }).waitFor();
  await refused.getByText("必填").waitFor();
  await assertChinese(page, "robot form, refused");
  // The field's own problem beside it too; leaving the edited form asks first, in Chinese.
  await page.locator('.field-error[data-field="name"]').getByText("“ci/group”不能用作名称").waitFor();
  await page.getByRole("link", { name: "取消" }).click();
  await page.getByRole("dialog").getByText("离开这个页面？表单的修改还没有保存，离开后会丢失。").waitFor();
  await assertChinese(page, "leave the robot form");
  await page.getByRole("dialog").getByRole("button", { name: "不保存，离开" }).click();
  await page.getByRole("heading", { level: 1, name: "机器人", exact: true }).waitFor();

  // Robots: one right, one with a wrong secret; DingTalk's verdicts and fixes in Chinese.
  await addRobot("ci-group", service.emulator.webhookUrl(GOOD.token), GOOD.secret, "CI");
  await addRobot("night-shift", service.emulator.webhookUrl(NIGHT.token), `SEC${"00".repeat(30)}`);
  const ci = page.locator('[data-robot="ci-group"]');
  await ci.getByText("已加签（密钥已保存）").waitFor();
  // Dates are written the Chinese way (the browser's time zone, Asia/Shanghai here).
  assert.match(
    (await ci.locator("dd").last().textContent()) ?? "",
    /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}$/,
  );
  await ci.getByRole("button", { name: "发送测试消息" }).click();
  await ci.getByText(/已发到“ci-group”所在的群/).waitFor();
  // The group reads the test message in the console's language.
  const testMessage = JSON.stringify(service.emulator.messages(GOOD.token).at(-1)?.body);
  assert.match(testMessage, /dingpipe 测试消息：机器人“ci-group” ✅ CI/);
  const night = page.locator('[data-robot="night-shift"]');
  await night.getByRole("button", { name: "发送测试消息" }).click();
  await night.getByText("未送达。").waitFor();
  const verdict = (await night.locator(".test-result").textContent()) ?? "";
  assert.match(verdict, /解决办法：机器人开启了加签/);
  assert.match(verdict, /控制台 机器人 → 编辑/);
  assert.match(verdict, /\(signature_mismatch\)/, "the stable code stays visible");
  await assertChinese(page, "robots with test results");
  await screenshot(page, "zh-CN/robots");

  // A notification, with the preview; a wrong @ mobile is refused in Chinese, then fixed.
  await nav("通知").click();
  await h1("通知").waitFor();
  await page.getByText("还没有通知。").waitFor();
  await assertChinese(page, "notifications, empty");
  await page.getByRole("link", { name: "添加通知" }).click();
  await h1("添加通知").waitFor();
  await page.getByLabel("机器人", { exact: true }).selectOption("ci-group");
  await page.getByLabel("流水线名称").fill("web-release");
  await page.getByLabel("任务名称").fill("deploy");
  await page.getByRole("checkbox", { name: "运行中", exact: true }).check();
  await page.getByRole("checkbox", { name: "触发人", exact: true }).uncheck();
  await page.getByRole("checkbox", { name: "提交信息", exact: true }).check();
  await page.getByRole("button", { name: "上移“提交信息”" }).click();
  await page.getByRole("status").filter({ hasText: "“提交信息”已移到第" }).waitFor();
  const bytes = page.getByTestId("preview-bytes");
  await page.waitForFunction(() =>
    /^[\d,]+ \/ 20,000 字节$/.test(
      document.querySelector('[data-testid="preview-bytes"]')?.textContent ?? "",
    ),
  );
  assert.match((await bytes.textContent()) ?? "", /字节$/);
  const custom = page.getByLabel("自定义内容");
  await custom.pressSequentially(`发布 **\${GITEE_PIP`);
  await page.getByRole("option", { name: /GITEE_PIPELINE_NAME/ }).waitFor();
  await assertChinese(page, "notification form, completions open");
  await custom.press("Enter");
  await custom.pressSequentially(`** \${NO_SUCH_VAR}`);
  await page.getByTestId("unknown-variables").waitFor();
  await page.locator("details.variables summary").click();
  await page.getByText("在该 CI 上运行时由它设置（gitee）").first().waitFor();
  await page.locator("#custom-unknown").getByText("未知变量：").waitFor();
  await assertChinese(page, "notification form, variables and warnings");
  await custom.fill(`发布 **\${GITEE_PIPELINE_NAME}** 完成`);
  await page.getByLabel("@ 提醒").fill("abc");
  await page.getByRole("button", { name: "添加通知" }).click();
  const refusedMobile = page
    .getByRole("alert")
    .getByText(`“abc”不是手机号、飞书 open_id（ou_…）、\${VAR} 变量引用，也不是 all`);
  // Both answers come in their own time (the preview is debounced): wait for the second as well.
  await refusedMobile.nth(1).waitFor();
  assert.equal(
    await refusedMobile.count(),
    2,
    "the form and its live preview both say what is wrong, in Chinese",
  );
  await assertChinese(page, "notification form, refused");
  await page.getByLabel("@ 提醒").fill("13800000000");
  await page.getByTestId("preview-message").getByText("@13800000000").waitFor();
  await screenshot(page, "zh-CN/notification-form");
  await page.getByRole("button", { name: "添加通知" }).click();
  await page.getByRole("status").filter({ hasText: "通知已保存。" }).waitFor();
  const card = page.locator("[data-notification]");
  await card.getByText("运行中、运行成功、运行失败").waitFor();
  await assertChinese(page, "notifications");
  await screenshot(page, "zh-CN/notifications");
  await card.getByRole("link", { name: "编辑" }).click();
  await h1("编辑通知").waitFor();
  await assertChinese(page, "notification, edit");

  // The form's cockpit in Chinese: which recent events would match; leaving an edited form asks first.
  await page.getByRole("button", { name: "检查最近的事件" }).click();
  await page.getByText("还没有收到事件，没有可以对照的。").waitFor();
  await assertChinese(page, "notification, would match");
  await page.getByLabel("名称", { exact: true }).fill("发布通知");
  await nav("机器人").click();
  await page.getByRole("dialog").getByText("离开这个页面？表单的修改还没有保存，离开后会丢失。").waitFor();
  await assertChinese(page, "leave dialog");
  await page.getByRole("dialog").getByRole("button", { name: "取消" }).click();
  await page.getByRole("button", { name: "保存通知" }).click();
  await page.getByRole("status").filter({ hasText: "通知已保存。" }).waitFor();
  // The list: a test through the real robot, the switch off and on again, a duplicate (not saved).
  await card.getByRole("button", { name: "发送测试" }).click();
  await card.locator(".test-result.ok").waitFor();
  await card.getByRole("switch", { name: "发送消息：发布通知" }).click();
  await page.getByRole("status").filter({ hasText: "“发布通知”已关闭" }).waitFor();
  await card.getByText("已关闭：不匹配任何事件，不发送消息。").waitFor();
  await assertChinese(page, "notifications, switched off, tested");
  await card.getByRole("switch", { name: "发送消息：发布通知" }).click();
  await page.getByRole("status").filter({ hasText: "“发布通知”已开启" }).waitFor();
  await card.getByRole("link", { name: "复制" }).click();
  await h1("复制通知").waitFor();
  await assertChinese(page, "notification, duplicate");
  await nav("通知").click();
  await page.getByRole("dialog").getByRole("button", { name: "不保存，离开" }).click();
  await h1("通知").waitFor();

  // Deleting a robot a notification uses: the service's 409, in Chinese, with the count.
  await nav("机器人").click();
  await ci.getByRole("button", { name: "删除" }).click();
  await page.getByRole("dialog").getByText("删除机器人“ci-group”？使用它的通知将不再发送。").waitFor();
  await assertChinese(page, "delete dialog");
  await page.getByRole("dialog").getByRole("button", { name: "删除机器人" }).click();
  await ci.getByRole("alert").getByText("机器人“ci-group”还在被 1 条通知使用。").waitFor();
  await assertChinese(page, "robot in use");

  // Deliveries: one sent, one dead (wrong secret), the chart, the detail pages.
  const event = (pipeline: string, task: string) => ({
    pipeline: { name: pipeline },
    run: { number: 7 },
    task: { name: task, status: "failure" },
    source: { branch: "main", commit: { sha: "a1b2c3d4e5f6", message: "修复登录" } },
    variables: { GITEE_PIPELINE_NAME: pipeline },
  });
  assert.equal((await service.api("POST", "/api/events", event("web-release", "deploy"))).status, 202);
  const nightRule = { credential: "night-shift", pipelines: ["nightly"], events: ["failure"] };
  assert.equal((await service.api("POST", "/api/notifications", nightRule)).status, 201);
  assert.equal((await service.api("POST", "/api/events", event("nightly", "e2e"))).status, 202);
  await nav("发送记录").click();
  await h1("发送记录").waitFor();
  const sent = page.locator('tr[data-state="sent"]').filter({ hasText: "web-release · deploy" });
  const dead = page.locator('tr[data-state="dead"]').filter({ hasText: "nightly · e2e" });
  await sent.waitFor();
  await dead.waitFor({ timeout: 60_000 });
  await sent.getByText("运行失败").waitFor();
  await page.getByRole("button", { name: "刷新" }).click();
  await page.waitForFunction(() =>
    /^2[45] 个时段：已送达 1、已合并 0、发送中 0、排队中 0、发送失败 1。$/.test(
      document.querySelector("#chart-desc")?.textContent ?? "",
    ),
  );
  await assertChinese(page, "deliveries");
  await screenshot(page, "zh-CN/deliveries");
  await page.getByLabel("发送状态").selectOption("dead");
  await page.getByText("显示 1 条发送记录。").waitFor();
  await assertChinese(page, "deliveries, filtered");
  await page.getByLabel("发送状态").selectOption("");
  await sent.getByRole("link").click();
  await h1(/^发送记录 /).waitFor();
  await page.locator("table.attempts").getByText("errcode 0").waitFor();
  await assertChinese(page, "delivery, sent");
  await screenshot(page, "zh-CN/delivery");

  // Fix the robot's secret, then retry the dead delivery: its error and fix in Chinese first.
  await nav("机器人").click();
  await night.getByRole("link", { name: "编辑" }).click();
  await h1("编辑机器人“night-shift”").waitFor();
  await assertChinese(page, "robot, edit");
  await page.getByLabel("加签密钥", { exact: true }).fill(NIGHT.secret);
  await page.getByRole("button", { name: "保存机器人" }).click();
  await page.getByRole("status").filter({ hasText: "机器人“night-shift”已保存。" }).waitFor();
  await nav("发送记录").click();
  await dead.getByRole("link").click();
  const note = page.getByRole("note");
  await note.getByText("钉钉拒绝了签名。").waitFor();
  await note.getByText(/^解决办法：机器人开启了加签/).waitFor();
  await assertChinese(page, "delivery, dead");
  await screenshot(page, "zh-CN/delivery-dead");
  await page.getByRole("button", { name: "重试" }).click();
  await page.getByRole("heading", { level: 2, name: "状态 已送达" }).waitFor({ timeout: 60_000 });
  assert.equal(service.emulator.messages(NIGHT.token).length, 1);
  await assertChinese(page, "delivery, retried");

  // Which notifications would a pasted event match (the sample event, as filled in).
  await nav("事件").click();
  await h1("事件").waitFor();
  await page.getByText("某个事件会匹配哪些通知？").click();
  await page.getByRole("button", { name: "检查通知" }).click();
  await page.getByTestId("check-count").waitFor();
  await assertChinese(page, "events, a pasted event checked");

  // A page that does not exist.
  await page.goto(`${service.url}/#/no-such-page`);
  await h1("页面不存在").waitFor();
  await assertChinese(page, "not found");
  assert.deepEqual(problems(page), []);
});

test("the language switch: English on demand, remembered across reloads, <html lang> follows", async () => {
  const { context, page: p } = await newPage(browser, PHONE, "zh-CN");
  await p.goto(`${service.url}/`);
  await p.getByRole("heading", { level: 1, name: "登录" }).waitFor();
  assert.equal(await p.evaluate(() => document.documentElement.lang), "zh-CN");
  await p.getByLabel("语言", { exact: true }).selectOption("en");
  await p.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  assert.equal(await p.evaluate(() => document.documentElement.lang), "en");
  assert.equal(await p.title(), "Sign in · dingpipe");
  await focusedOn(p, "#language", "the switch keeps the focus");
  await p.reload();
  await p.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  await p.getByLabel("API token").fill(service.token);
  await p.getByRole("button", { name: "Sign in" }).click();
  await p.getByRole("heading", { level: 1, name: "Robots" }).waitFor();
  await p.getByLabel("Language", { exact: true }).selectOption("zh-CN");
  await p.getByRole("heading", { level: 1, name: "机器人" }).waitFor();
  await assertChinese(p, "robots after switching back");
  await screenshot(p, "zh-CN/phone-robots");
  assert.deepEqual(problems(p), []);
  await context.close();
});
