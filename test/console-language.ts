/**
 * The check that a console page speaks only Chinese outside user data. Every text the page shows —
 * text nodes (hidden ones too: dialogs, listboxes, SVG titles), the attributes people read (aria-label,
 * title, placeholder, alt, data-label shown as card labels) and the document title — must, unless it
 * sits inside an element marked `translate="no"` (user data, DingTalk's words, identifiers):
 *  - hold Chinese characters, or be only digits, punctuation, symbols and a few names that stay as
 *    they are in Chinese (dingpipe, API, Webhook, errcode, JSON…), and
 *  - not be a value of the English catalogue (unless the Chinese catalogue has the same value).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { en } from "../web/src/i18n/en.ts";
import { zhCN } from "../web/src/i18n/zh-CN.ts";

/** Words that are written the same in a Chinese text. */
export const KEPT_WORDS = [
  "dingpipe",
  "API",
  "HTTP",
  "JSON",
  "Markdown",
  "Webhook",
  "URL",
  "IP",
  "errcode",
  "access_token",
  // The CI platforms' own names.
  "GitHub",
  "GitLab",
  "Gitee",
];

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

/** Whether a text reads as Chinese UI (or needs no translation). */
export function readsAsChinese(text: string): boolean {
  if (CJK.test(text)) return true;
  let rest = text;
  for (const w of KEPT_WORDS) rest = rest.replaceAll(w, " ");
  return !/\p{L}/u.test(rest);
}

/** The English catalogue's texts that differ from the Chinese ones (a plain string entry each). */
export function englishTexts(): string[] {
  const zh = zhCN as Record<string, unknown>;
  return Object.entries(en as Record<string, unknown>)
    .filter(([k, v]) => typeof v === "string" && v.trim().length > 1 && v !== zh[k])
    .map(([, v]) => (v as string).trim());
}

export interface Shown {
  text: string;
  where: string;
}

/** Every text the page shows outside `translate="no"`, with where it is (tag path, attribute). */
export function shownTexts(page: Page): Promise<Shown[]> {
  return page.evaluate(() => {
    const out: Array<{ text: string; where: string }> = [];
    const path = (el: Element | null): string => {
      const parts: string[] = [];
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        parts.unshift(
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.classList.length ? `.${[...e.classList].join(".")}` : ""}`,
        );
      }
      return parts.join(" > ");
    };
    const isData = (el: Element | null) => el?.closest('[translate="no"]') != null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const parent = n.parentElement;
        if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(parent.tagName) || isData(parent)) continue;
        const text = (n.textContent ?? "").trim();
        if (text !== "") out.push({ text, where: path(parent) });
      } else {
        const el = n as Element;
        if (isData(el)) continue;
        for (const attr of ["aria-label", "title", "placeholder", "alt", "data-label", "aria-valuetext"]) {
          const v = el.getAttribute(attr)?.trim();
          if (v) out.push({ text: v, where: `${path(el)} @${attr}` });
        }
      }
    }
    out.push({ text: document.title, where: "document.title" });
    return out;
  });
}

/** Fails with every English UI text the page shows, and where. */
export async function assertChinese(page: Page, view: string): Promise<void> {
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN", `${view}: <html lang>`);
  const english = new Set(englishTexts());
  const shown = await shownTexts(page);
  const wrong = shown.filter((s) => !readsAsChinese(s.text) || english.has(s.text));
  assert.deepEqual(
    wrong.map((s) => `${s.text}  ← ${s.where}`),
    [],
    `${view}: English UI text outside user data`,
  );
  assert.ok(shown.length > 5, `${view}: the check saw the page's texts`);
}
