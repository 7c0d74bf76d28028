/**
 * What the console's browser tests share: the test Chromium (the system's, else the one inside an npm
 * package: test/helpers/chromium.ts), a real dingpipe service on 127.0.0.1:0 with a temporary data
 * directory, the robot emulator, and screenshots.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  type Emulator,
  type EmulatorOptions,
  type EmulatorRobot,
  startEmulator,
} from "../src/emulator/index.ts";

export { launchChromium } from "./helpers/chromium.ts";

/**
 * Where the tests write their screenshots: the README's docs/screenshots/ with `npm run screenshots`
 * (DINGPIPE_SCREENSHOTS=docs), otherwise a temporary folder — every run takes them all the same, but
 * only a deliberate refresh rewrites the committed pictures (times and ports differ on every run).
 */
export const SCREENSHOTS =
  process.env["DINGPIPE_SCREENSHOTS"] === "docs"
    ? new URL("../docs/screenshots/", import.meta.url)
    : new URL(`file://${join(tmpdir(), "dingpipe-screenshots")}/`);
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };
/** Bounds every wait; generous because CI machines are slow (never an assertion on speed). */
export const WAIT_MS = 20_000;

export interface Service {
  url: string;
  /** The admin API token (for the sign-in form and direct API calls). */
  token: string;
  emulator: Emulator;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * A real `dingpipe serve` process (SQLite in a temporary directory, its delivery engine, 127.0.0.1 on a
 * free port) allowed to send to the emulator, and the emulator. `close()` stops both with SIGTERM.
 */
export async function startService(
  robots: EmulatorRobot[],
  /** The emulator's other options (its robots' limits…). */
  emulatorOptions: Omit<EmulatorOptions, "robots" | "port"> = {},
): Promise<Service> {
  const dir = await mkdtemp(join(tmpdir(), "dingpipe-console-"));
  const emulator = await startEmulator({ ...emulatorOptions, port: 0, robots });
  const token = `dp_${randomBytes(24).toString("base64url")}`;
  const entry = `import { main } from ${JSON.stringify(new URL("../src/cli/main.ts", import.meta.url).href)};
process.exitCode = await main(process.argv.slice(1));`;
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "--eval",
      entry,
      "--",
      "serve",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--data-dir",
      dir,
      "--allow-host",
      new URL(emulator.url).host,
      "--log-level",
      "warn",
    ],
    {
      env: { PATH: process.env["PATH"] ?? "", DINGPIPE_ADMIN_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dingpipe serve did not start:\n${output}`)), WAIT_MS);
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
      const m = /console (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dingpipe serve exited with ${code}:\n${output}`));
    });
  }).catch(async (e) => {
    child.kill("SIGKILL");
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
    throw e;
  });
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
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), WAIT_MS);
        await exited;
        clearTimeout(killer);
      }
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A page in a fresh browser context. `locale` is the browser's language (navigator.languages and
 * Accept-Language): the console follows it, so tests that read English words run with "en-US".
 */
export async function newPage(
  browser: Browser,
  viewport = DESKTOP,
  locale = "en-US",
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    locale,
    timezoneId: locale.startsWith("zh") ? "Asia/Shanghai" : "UTC",
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
  const path = new URL(`${name}.png`, SCREENSHOTS).pathname;
  await mkdir(dirname(path), { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  assert.ok((await stat(path)).size > 5_000, `${name}.png holds a picture`);
}

export async function signIn(page: Page, service: Service): Promise<void> {
  await page.goto(`${service.url}/`);
  await page.getByLabel("API token").fill(service.token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Robots" }).waitFor();
}

/**
 * Waits (bounded) until the focused element matches `selector`, and fails saying what has the focus
 * instead. The console moves the focus after a dialog's `close` event or a redraw, a task after the
 * click or key that caused it: reading `document.activeElement` at once races with that.
 */
export async function focusedOn(page: Page, selector: string, what: string): Promise<void> {
  try {
    await page.waitForFunction((sel) => document.activeElement?.matches(sel) ?? false, selector, {
      timeout: WAIT_MS,
    });
  } catch {
    const actual = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return "nothing";
      const id = el.id ? `#${el.id}` : "";
      const name = el.getAttribute("name");
      return `${el.tagName.toLowerCase()}${id}${name ? `[name=${name}]` : ""}`;
    });
    assert.fail(`${what}: the focus should be on ${selector}, it is on ${actual}`);
  }
}
