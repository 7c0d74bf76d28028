/**
 * The service's validation errors beside the fields they concern: each detail's path ("notification.at[1]",
 * "events[0]") is mapped to its control, which gets `aria-invalid` and a message under it (wired with
 * aria-describedby); the first invalid control takes the focus. The message is in the console's
 * language (the Chinese catalogue of the service's sentences; English as the service wrote it).
 */
import { ApiError } from "./api.ts";
import { h } from "./dom.ts";
import { locale } from "./i18n/index.ts";
import { detailZh } from "./i18n/server-text.ts";

/** A field's name in a detail's path: "notification.at[1]" → "at", "rateLimit.messages" → "rateLimit.messages". */
export function fieldOfPath(path: string): string {
  return path.replace(/^notification\./, "").replace(/\[\d+\]$/, "");
}

/** Where a field's error goes: its control (focused, marked invalid) and the element the message follows. */
export interface FieldSlot {
  control: HTMLElement;
  /** Default: the control itself. */
  after?: HTMLElement;
}

const ERROR_CLASS = "field-error";

export function clearFieldErrors(root: HTMLElement): void {
  for (const el of root.querySelectorAll(`.${ERROR_CLASS}`)) el.remove();
  for (const el of root.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    const ids = (el.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((id) => id !== "" && !id.startsWith("err-"));
    if (ids.length > 0) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }
}

/**
 * Puts each of the error's details beside its field; returns how many found one. Focuses the first
 * field in the form's order. Details without a field stay for the error box under the form.
 */
export function showFieldErrors(
  root: HTMLElement,
  error: unknown,
  slots: Record<string, FieldSlot | undefined>,
): number {
  clearFieldErrors(root);
  if (!(error instanceof ApiError)) return 0;
  const placed: HTMLElement[] = [];
  const messages = new Map<HTMLElement, string[]>();
  for (const d of error.details) {
    const slot = slots[fieldOfPath(d.path)];
    if (!slot) continue;
    const words = locale() === "en" ? d.message : (detailZh(d.message) ?? d.message);
    const list = messages.get(slot.control) ?? [];
    list.push(words);
    messages.set(slot.control, list);
    if (!placed.includes(slot.control)) placed.push(slot.control);
  }
  let n = 0;
  for (const [key, slot] of Object.entries(slots)) {
    if (!slot || !messages.has(slot.control)) continue;
    const id = `err-${key.replace(/\W/g, "-")}`;
    const note = h(
      "p",
      { class: ERROR_CLASS, id, "data-field": key },
      h("span", { "aria-hidden": "true" }, "⚠ "),
      // Several details on one field (at[0], at[2]) are said together.
      messages.get(slot.control)!.join(" · "),
    );
    (slot.after ?? slot.control).after(note);
    slot.control.setAttribute("aria-invalid", "true");
    const ids = (slot.control.getAttribute("aria-describedby") ?? "").split(" ").filter((s) => s !== "");
    slot.control.setAttribute("aria-describedby", [id, ...ids].join(" "));
    messages.delete(slot.control);
    n++;
  }
  // The first in the page's order takes the focus.
  const first = placed.sort((a, b) =>
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  )[0];
  first?.focus();
  return n;
}
