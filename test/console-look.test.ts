/**
 * The console's look, in headless Chromium against a real `dingpipe serve` and the DingTalk emulator:
 * dark mode follows the system (prefers-color-scheme) unless the header's switch says otherwise, the
 * switch is remembered across reloads, and every view keeps its text readable in both palettes (WCAG
 * AA contrast, measured on the rendered page); the deliveries chart's axes are labelled — what is
 * counted per bucket and the time zone of the times — on a desktop and on a phone.
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
  WAIT_MS,
} from "./console-harness.ts";

const ROBOT = { token: `lk${"9d0e".repeat(10)}` };

let service: Service;
let browser: Browser;
let eventId = "";
let deliveryId = "";

before(async () => {
  service = await startService([ROBOT]);
  browser = await launchChromium();
  await service.api("POST", "/api/credentials", {
    name: "night",
    webhook: service.emulator.webhookUrl(ROBOT.token),
  });
  await service.api("POST", "/api/notifications", {
    name: "Night builds",
    credential: "night",
    events: ["failure", "success"],
  });
  await service.api("POST", "/api/notifications", {
    credential: "night",
    enabled: false,
    events: ["success"],
  });
  const r = await service.api<{ id: string }>("POST", "/api/events", {
    pipeline: { name: "nightly" },
    run: { number: 3 },
    task: { name: "build", status: "failure" },
  });
  eventId = r.body.id;
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until && deliveryId === "") {
    const d = await service.api<{ deliveries: Array<{ id: string; state: string }> }>(
      "GET",
      `/api/events/${eventId}`,
    );
    const sent = d.body.deliveries.find((x) => x.state === "sent");
    if (sent) deliveryId = sent.id;
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.notEqual(deliveryId, "", "the event was delivered");
});

after(async () => {
  await browser?.close();
  await service?.close();
});

/**
 * Every visible text on the page whose contrast with what is behind it is under WCAG AA (4.5:1; 3:1 for
 * large or bold-large text), with where it is. Backgrounds are the nearest opaque ones up the tree.
 */
function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string): [number, number, number, number] => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const parts = m[1]!
        .split(/[ ,/]+/)
        .filter((p) => p !== "")
        .map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] >= 0.99) return c;
      }
      return parse(getComputedStyle(document.documentElement).backgroundColor);
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || (n.textContent ?? "").trim() === "") continue;
      seen.add(el);
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Decoration (aria-hidden: the logo's ◆, ✓ ✗ beside their words) is exempt, as WCAG exempts it.
      if (
        box.width === 0 ||
        style.visibility === "hidden" ||
        el.closest("[hidden], .visually-hidden, option, [aria-hidden=true]")
      )
        continue;
      if ((el as HTMLButtonElement).disabled || el.closest("button:disabled")) continue;
      const isSvg = el instanceof SVGElement;
      const fg = parse(isSvg ? style.fill : style.color);
      const bg = background(isSvg ? (el.closest("svg")?.parentElement ?? null) : el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        out.push(
          `${ratio.toFixed(2)} "${(n.textContent ?? "").trim().slice(0, 40)}" ${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`,
        );
    }
    return out;
  });
}

const VIEWS = (): Array<[string, string]> => [
  ["robots", "#/robots"],
  ["notifications", "#/notifications"],
  ["notification form", "#/notifications/new"],
  ["events", "#/events"],
  ["event", `#/events/${eventId}`],
  ["deliveries", "#/deliveries"],
  ["delivery", `#/deliveries/${deliveryId}`],
  ["API tokens", "#/tokens"],
];

async function visit(page: Page, hash: string): Promise<void> {
  await page.goto(`${service.url}/${hash}`);
  await page.locator("main h1").waitFor();
  await page.waitForFunction(() => !document.querySelector("[aria-busy=true]"));
  // The form's live preview is drawn a moment later (debounced): measure it drawn.
  if (hash.startsWith("#/notifications/"))
    await page.waitForFunction(() =>
      /bytes$/.test(document.querySelector("[data-testid=preview-bytes]")?.textContent ?? ""),
    );
}

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor);

test("dark mode: the system's choice, a remembered switch, readable text on every view in both palettes", async () => {
  const { context, page } = await newPage(browser);
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, service);
  const dark = await background(page);
  assert.equal(dark, "rgb(20, 22, 25)", "a dark system gets the dark palette");
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), "dark");

  for (const [name, hash] of VIEWS()) {
    await visit(page, hash);
    assert.deepEqual(await lowContrast(page), [], `dark ${name}: text below AA contrast`);
  }
  await visit(page, "#/notifications");
  await screenshot(page, "dark-notifications");
  await visit(page, "#/deliveries");
  await screenshot(page, "dark-deliveries");

  // The switch: light on a dark system, remembered across a reload; "as the system" is dark again.
  const appearance = page.getByLabel("Appearance");
  await appearance.selectOption("light");
  assert.equal(await background(page), "rgb(245, 246, 247)");
  await page.reload();
  await page.locator("main h1").waitFor();
  assert.equal(await page.getByLabel("Appearance").inputValue(), "light");
  assert.equal(await background(page), "rgb(245, 246, 247)", "remembered");
  for (const [name, hash] of VIEWS()) {
    await visit(page, hash);
    assert.deepEqual(await lowContrast(page), [], `light ${name}: text below AA contrast`);
  }
  await page.getByLabel("Appearance").selectOption("system");
  assert.equal(await background(page), dark);

  // A light system with the switch on dark: dark, by keyboard alone.
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(await background(page), "rgb(245, 246, 247)");
  await page.getByLabel("Appearance").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.documentElement.dataset["theme"] === "dark");
  assert.equal(await background(page), dark);
  assert.deepEqual(problems(page), []);
  await context.close();
});

/** The chart's axis titles, and whether every text of the chart lies inside its drawing. */
async function axes(page: Page): Promise<{ y: string; x: string; inside: boolean; smallest: number }> {
  await page.locator("svg.chart text[data-axis=x]").waitFor();
  return page.evaluate(() => {
    const chart = document.querySelector<SVGSVGElement>("svg.chart")!;
    const frame = chart.getBoundingClientRect();
    const texts = [...chart.querySelectorAll("text")];
    return {
      y: chart.querySelector("text[data-axis=y]")?.textContent ?? "",
      x: chart.querySelector("text[data-axis=x]")?.textContent ?? "",
      inside: texts.every((t) => {
        const r = t.getBoundingClientRect();
        return (
          r.left >= frame.left - 1 &&
          r.right <= frame.right + 1 &&
          r.top >= frame.top - 1 &&
          r.bottom <= frame.bottom + 1
        );
      }),
      smallest: Math.min(
        ...texts.map(
          (t) =>
            Number.parseFloat(getComputedStyle(t).fontSize) * (frame.width / chart.viewBox.baseVal.width),
        ),
      ),
    };
  });
}

test("chart axes: labelled with the unit per bucket and the time zone, inside the drawing on a desktop and a phone", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  await visit(page, "#/deliveries");
  let a = await axes(page);
  assert.equal(a.y, "Deliveries per hour");
  assert.equal(a.x, "Time (UTC)");
  assert.ok(a.inside, "every label inside the chart");
  assert.ok(a.smallest >= 10, `labels readable (${a.smallest}px)`);
  await page.getByLabel("Range").selectOption({ label: "Last hour" });
  await page.locator("svg.chart text[data-axis=y]").filter({ hasText: "Deliveries per 5 min" }).waitFor();
  await context.close();

  // Another zone, on a phone.
  const phone = await browser.newContext({ viewport: PHONE, locale: "en-US", timezoneId: "Asia/Shanghai" });
  phone.setDefaultTimeout(WAIT_MS);
  const p = await phone.newPage();
  await signIn(p, service);
  await visit(p, "#/deliveries");
  a = await axes(p);
  assert.equal(a.x, "Time (Asia/Shanghai, UTC+8)");
  assert.match(a.y, /^Deliveries per /);
  assert.ok(a.inside, "every label inside the chart on a phone");
  assert.ok(a.smallest >= 10, `labels readable on a phone (${a.smallest}px)`);
  await screenshot(p, "phone-deliveries-chart");
  await phone.close();
});

test("a view that takes a moment says so, the same way on every view", async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, service);
  // Hold the notifications' answer until the page has said it is loading (bounded by the test's waits).
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/notifications", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("navigation").getByRole("link", { name: "Notifications", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Loading…" }).waitFor();
  assert.equal(await page.locator("main").getAttribute("aria-busy"), "true");
  release();
  await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
  assert.equal(await page.locator("main").getAttribute("aria-busy"), null);
  assert.equal(await page.getByText("Loading…").count(), 0);
  await page.unroute("**/api/notifications");
  assert.deepEqual(problems(page), []);
  await context.close();
});
