/** Shared pieces of the console's pages: headings, fields, error boxes, confirmation, dates. */
import { ApiError } from "./api.ts";
import { type Child, h, uid } from "./dom.ts";

/** A page: its heading receives focus after navigation so keyboard and screen-reader users land on it. */
export function page(title: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "page", "aria-labelledby": "page-title" }, [
    h("h1", { id: "page-title", tabindex: "-1" }, title),
    ...children,
  ]);
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

/** An error as the user should see it: what went wrong, the fix, and the fields concerned. */
export function errorBox(error: unknown): HTMLElement {
  const e =
    error instanceof ApiError
      ? error
      : new ApiError(0, "client", error instanceof Error ? error.message : String(error));
  return h(
    "div",
    { class: "error", role: "alert" },
    h("p", { class: "error-message" }, e.message),
    e.fix ? h("p", { class: "error-fix" }, h("strong", null, "Fix: "), e.fix) : null,
    e.details.length > 0
      ? h(
          "ul",
          { class: "error-details" },
          e.details.map((d) => h("li", null, h("code", null, d.path), " ", d.message)),
        )
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
          h("button", { type: "submit", value: "cancel", class: "secondary", autofocus: true }, "Cancel"),
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

export function formatTime(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** "14:05", in the reader's time zone. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function stateBadge(state: string): HTMLElement {
  return h("span", { class: `badge state-${state}` }, state);
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
