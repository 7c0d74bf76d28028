/**
 * "Which notifications would this event match?" for an event that never came (a pasted PipelineEvent):
 * POST /api/events/match checks it against every notification — nothing stored, nothing sent — and each
 * verdict is drawn as the event page draws it (what held, what did not, in the console's words).
 */
import { sampleEvent } from "../../../src/notify/sample.ts";
import { ApiError, api } from "../api.ts";
import { h, mount } from "../dom.ts";
import { t } from "../i18n/index.ts";
import type { NotificationView } from "../types.ts";
import { emptyState, errorBox } from "../ui.ts";
import { verdictItem } from "./event.ts";

export function eventCheck(): HTMLElement {
  const input = h("textarea", {
    id: "check-event",
    name: "event",
    rows: "8",
    spellcheck: "false",
    translate: "no",
    value: JSON.stringify(sampleEvent("failure"), null, 2),
  });
  const out = h("div", { class: "check-result", "aria-live": "polite" });
  const button = h("button", { type: "submit" }, t("check.submit"));
  const form = h(
    "form",
    { class: "event-check", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "check-event" }, t("check.label")), input),
    h("p", { class: "hint", id: "check-event-hint" }, t("check.hint")),
    h("div", { class: "actions" }, button),
    out,
  );
  input.setAttribute("aria-describedby", "check-event-hint");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    let event: unknown;
    try {
      event = JSON.parse(input.value);
    } catch {
      mount(
        out,
        errorBox(new ApiError(0, "client", t("check.notJson"), t("check.notJsonFix"), [], { local: true })),
      );
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const [r, notifications] = await Promise.all([api.matchEvent(event), api.notifications()]);
      const byId = new Map<string, NotificationView>(notifications.map((n) => [n.id, n]));
      const matched = r.notifications.filter((v) => v.matched);
      mount(
        out,
        r.notifications.length === 0
          ? emptyState(
              t("event.noNotifications"),
              h("a", { href: "#/notifications/new" }, t("notifications.add")),
            )
          : [
              h(
                "p",
                { "data-testid": "check-count" },
                t("event.matchCount", matched.length, r.notifications.length),
              ),
              h(
                "ul",
                { class: "verdicts" },
                [...matched, ...r.notifications.filter((v) => !v.matched)].map((v) =>
                  verdictItem(v, byId.get(v.id), r.event, undefined),
                ),
              ),
            ],
      );
    } catch (e) {
      mount(out, errorBox(e, { action: "events" }));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "details",
    { class: "card event-check-card" },
    h("summary", null, h("h2", { class: "inline-heading" }, t("check.title"))),
    h("p", { class: "hint" }, t("check.lead")),
    form,
  );
}
