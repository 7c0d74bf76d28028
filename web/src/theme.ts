/**
 * Light or dark: the system's choice (prefers-color-scheme) unless the user picked one in the header's
 * switch, which is remembered. The choice is `<html data-theme>`; app.css holds both palettes, each
 * keeping text at WCAG AA contrast on its backgrounds (the browser tests measure it).
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = "dingpipe.theme";

export function storedTheme(): Theme {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === "light" || v === "dark") return v;
  } catch {
    // Storage can be disabled: the system decides.
  }
  return "system";
}

export function applyTheme(theme: Theme): void {
  if (theme === "system") delete document.documentElement.dataset["theme"];
  else document.documentElement.dataset["theme"] = theme;
}

export function setTheme(theme: Theme): void {
  try {
    if (theme === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Applied, not remembered.
  }
  applyTheme(theme);
}
