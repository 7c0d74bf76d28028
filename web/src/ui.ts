/** Shared pieces of the console's pages: headings, fields, error boxes, confirmation, badges. */
import { ApiError } from "./api.ts";
import { type Child, h, uid } from "./dom.ts";
import { stateKey } from "./i18n/en.ts";
import { formatClock, formatTime, locale, t } from "./i18n/index.ts";
import { type ErrorContext, type LocalizedError, localizeError } from "./i18n/server-text.ts";
import { relativeTime } from "./time.ts";
import type { DeliveryState, SaveWarning } from "./types.ts";

export { formatClock, formatTime };

/** A time as lists show it: "3 min ago", the exact time on hover and for assistive technology. */
export function when(iso: string | undefined, now = Date.now()): HTMLElement | string {
  if (!iso) return "";
  const exact = formatTime(iso);
  return h("time", { datetime: iso, title: exact }, relativeTime(iso, now, locale()));
}

/** A page: its heading receives focus after navigation so keyboard and screen-reader users land on it. */
export function page(title: Child, ...children: Child[]): HTMLElement {
  return h("section", { class: "page", "aria-labelledby": "page-title" }, [
    h("h1", { id: "page-title", tabindex: "-1" }, title),
    ...children,
  ]);
}

/**
 * What users, CI platforms or DingTalk wrote (names, branches, messages, errmsg): shown as it is and
 * marked `translate="no"`, so neither a browser's translator nor the console's language check touch it.
 */
export function data(text: Child, tag: "span" | "code" = "span"): HTMLElement {
  return h(tag, { translate: "no" }, text);
}

/**
 * A translated sentence around a value of the user's ("Robot “{name}” saved."): the value placed where
 * the locale's sentence puts it, marked as data.
 */
export function around(sentence: (value: string) => string, value: string): Child[] {
  const [before = "", after = ""] = sentence("\u0000").split("\u0000");
  return [before, data(value), after];
}

/** The service's English where the console has no translation: marked as English and as not to translate. */
export function serverText(text: string): HTMLElement {
  return h("span", { lang: "en", translate: "no", class: "server-text" }, text);
}

/** A labelled form control with an optional hint, wired with aria-describedby. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: Child,
): HTMLElement {
  if (!control.id) control.id = uid("f");
  const hintEl = hint ? h("p", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintEl);
}

/** "Fix: …" under an error. */
export function fixLine(fix: Child): HTMLElement {
  return h("p", { class: "error-fix" }, h("strong", null, t("ui.fix")), fix);
}

/** The notes a "saved" message carries: each warning of the answer, in the reader's language. */
export function savedNotes(warnings: SaveWarning[] | undefined): string {
  return (warnings ?? [])
    .map((w) => {
      const said = localizeError({ status: 200, code: w.code, message: w.message, fix: w.fix }, locale());
      return t("robots.savedNote", said.message, said.fix ?? "");
    })
    .join("");
}

/**
 * An error as the user should see it, in the console's language: what went wrong, the fix, and the
 * fields concerned. `ctx` tells what the console was doing, for codes several routes share.
 */
export function errorBox(error: unknown, ctx: ErrorContext = {}): HTMLElement {
  const e =
    error instanceof ApiError
      ? error
      : new ApiError(0, "client", error instanceof Error ? error.message : String(error), undefined, [], {
          local: true,
        });
  const text = (s: string, original: boolean) => (original ? serverText(s) : s);
  let shown: Pick<LocalizedError, "message" | "fix" | "details">;
  let original = false;
  if (e.local) shown = { message: e.message, ...(e.fix ? { fix: e.fix } : {}), details: [] };
  else {
    const l = localizeError(e, locale(), ctx);
    shown = l;
    original = !l.translated;
  }
  return h(
    "div",
    { class: "error", role: "alert", "data-code": e.code },
    h("p", { class: "error-message" }, text(shown.message, original)),
    shown.fix ? fixLine(text(shown.fix, original)) : null,
    shown.details.length > 0
      ? [
          locale() === "en" ? null : h("p", { class: "error-details-lead" }, t("error.details")),
          h(
            "ul",
            { class: "error-details" },
            shown.details.map((d) =>
              h(
                "li",
                null,
                d.field === undefined ? h("code", { translate: "no" }, d.path) : h("strong", null, d.field),
                d.field === undefined ? " " : "：",
                text(d.message, d.original),
              ),
            ),
          ),
        ]
      : null,
    // In another language than the service's, its own words stay one click away (to search, to report).
    locale() !== "en" && !original && !e.local
      ? h("details", { class: "server-words" }, h("summary", null, t("ui.serverText")), serverText(e.message))
      : null,
  );
}

/** A live region where a page announces what just happened ("Robot saved."). */
export function statusRegion(): HTMLElement {
  return h("div", { class: "status-region", role: "status", "aria-live": "polite" });
}

/** Asks for confirmation in a modal dialog (focus trapped by the browser, Escape cancels). */
export function confirmDialog(message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "confirm-text" },
      h(
        "form",
        { method: "dialog" },
        h("p", { id: "confirm-text" }, message),
        h(
          "div",
          { class: "actions" },
          h(
            "button",
            { type: "submit", value: "cancel", class: "secondary", autofocus: true },
            t("ui.cancel"),
          ),
          h("button", { type: "submit", value: "confirm", class: "danger" }, confirmLabel),
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/** A delivery state as a coloured badge, in words; `data-state` keeps the code. */
export function stateBadge(state: DeliveryState): HTMLElement {
  return h("span", { class: `badge state-${state}`, "data-state": state }, t(stateKey(state)));
}

/** Disables a button while an async action runs; returns its result. */
export async function busy<T>(button: HTMLButtonElement, action: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/** The one way every view says "nothing here": what is (not) there, and what to do next. */
export function emptyState(message: Child, hint?: Child): HTMLElement {
  return h(
    "div",
    { class: "empty empty-state", role: "note" },
    h("p", null, message),
    hint ? h("p", { class: "hint" }, hint) : null,
  );
}
