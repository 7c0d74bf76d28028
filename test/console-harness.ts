/**
 * What the console's browser tests share: Debian's Chromium (never a downloaded one), a real dingpipe
 * service on 127.0.0.1:0 with a temporary data directory, the DingTalk emulator, and screenshots.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { createApp, ensureAdminToken, listen } from "../src/server/index.ts";
import { openStore } from "../src/store/index.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = new URL("../docs/screenshots/", import.meta.url);
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };
/** Bounds every wait; generous because CI machines are slow (never an assertion on speed). */
export const WAIT_MS = 20_000;

/** Why the browser tests cannot run here, or undefined. In CI they always run (and fail without Chromium). */
export function skipReason(): string | undefined {
  if (existsSync(CHROMIUM) || process.env["CI"] === "true") return undefined;
  return `console browser tests skipped: ${CHROMIUM} is absent (install Debian's chromium: apt-get install -y chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface Service {
  url: string;
  /** The admin API token (for the sign-in form and direct API calls). */
  token: string;
  emulator: Emulator;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** A real service (SQLite in a temporary directory) that may send to the emulator, and the emulator. */
export async function startService(
  robots: Array<{ token: string; secret?: string; keywords?: string[] }>,
): Promise<Service> {
  const dir = await mkdtemp(join(tmpdir(), "dingpipe-console-"));
  const emulator = await startEmulator({ port: 0, robots });
  const store = await openStore(undefined, { dataDir: dir });
  const token = `dp_${randomBytes(24).toString("base64url")}`;
  await ensureAdminToken(store, { DINGPIPE_ADMIN_TOKEN: token });
  const app = createApp({
    store,
    config: { secretKey: randomBytes(32), allowHosts: [new URL(emulator.url).host] },
  });
  const listening = await listen(app, { host: "127.0.0.1", port: 0 });
  const url = listening.url;
  return {
    url,
    token,
    emulator,
    async api<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text === "" ? undefined : JSON.parse(text)) as T };
    },
    async close() {
      await listening.close(1_000);
      await store.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function newPage(
  browser: Browser,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    locale: "en-US",
    timezoneId: "UTC",
  });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text()))
      problems.push(`console error: ${m.text()}`);
  });
  (page as Page & { problems?: string[] }).problems = problems;
  return { context, page };
}

/** Errors the page threw or logged (4xx answers the UI handles are not problems). */
export function problems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

export async function signIn(page: Page, service: Service): Promise<void> {
  await page.goto(`${service.url}/`);
  await page.getByLabel("API token").fill(service.token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Robots" }).waitFor();
}
