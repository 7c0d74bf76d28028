/**
 * "Leave without saving?": a view with an edited form registers a guard; following a link in the
 * console, going back, or closing the tab then asks first. A link is held before the address changes
 * (a click caught on its way down); the back button and typed addresses are caught after, and the old
 * address put back when the user stays. Reloading or closing the tab gets the browser's own question.
 */
import { t } from "./i18n/index.ts";
import { confirmDialog } from "./ui.ts";

let guard: (() => boolean) | undefined;
let asking = false;

/** The current view's "has unsaved changes?"; undefined when it has none to lose. Reset on every new view. */
export function setLeaveGuard(dirty: (() => boolean) | undefined): void {
  guard = dirty;
}

export function hasUnsavedChanges(): boolean {
  return guard?.() ?? false;
}

/** Asks whether to leave an edited form; true when there is nothing to lose or the user agrees. */
export async function confirmLeave(): Promise<boolean> {
  if (!hasUnsavedChanges()) return true;
  if (asking) return false;
  asking = true;
  try {
    const leave = await confirmDialog(t("app.leaveConfirm"), t("app.leaveButton"));
    if (leave) guard = undefined;
    return leave;
  } finally {
    asking = false;
  }
}

/**
 * Wires the guard into the page: `go(hash)` navigates once leaving is agreed. Returns the function the
 * router's hashchange handler calls first: false means "stay" (the old address is back).
 */
export function installLeaveGuard(
  go: (hash: string) => void,
): (from: string, to: string) => Promise<boolean> {
  document.addEventListener(
    "click",
    (ev) => {
      if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey)
        return;
      const link = (ev.target as Element | null)?.closest?.("a[href^='#/']");
      if (!(link instanceof HTMLAnchorElement) || !hasUnsavedChanges()) return;
      const to = link.getAttribute("href") ?? "";
      if (to === location.hash) return;
      ev.preventDefault();
      void confirmLeave().then((leave) => {
        if (leave) go(to);
        else link.focus();
      });
    },
    true,
  );
  window.addEventListener("beforeunload", (ev) => {
    if (hasUnsavedChanges()) ev.preventDefault();
  });
  return async (from, to) => {
    if (!hasUnsavedChanges()) return true;
    // Back button or a typed address: the address already changed; put it back while asking.
    history.replaceState(history.state, "", from);
    const leave = await confirmLeave();
    if (leave) history.replaceState(history.state, "", to);
    return leave;
  };
}

/** What a form holds now (every control's name and value or tick), to compare with what it held. */
export function formState(form: HTMLFormElement): string {
  return JSON.stringify(
    [...form.elements].map((el) =>
      el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")
        ? [el.name, el.value, el.checked]
        : el instanceof HTMLInputElement ||
            el instanceof HTMLSelectElement ||
            el instanceof HTMLTextAreaElement
          ? [el.name, el.value]
          : null,
    ),
  );
}

/** Guards a form: leaving asks while it differs from how it was drawn; `saved()` makes its state the clean one. */
export function guardForm(form: HTMLFormElement): { saved: () => void } {
  let clean = formState(form);
  setLeaveGuard(() => formState(form) !== clean);
  return {
    saved: () => {
      clean = formState(form);
    },
  };
}
