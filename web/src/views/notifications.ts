/** Notifications: the list of rules, with edit and delete. The form is in notification-form.ts. */
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { itemKey, statusKey } from "../i18n/en.ts";
import { t } from "../i18n/index.ts";
import { routeHash } from "../router.ts";
import type { NotificationView } from "../types.ts";
import { busy, confirmDialog, data, errorBox, page, statusRegion } from "../ui.ts";
import type { ViewContext } from "./robots.ts";

/** The rule's names (the user's), or "every pipeline" in words. */
const names = (list: string[] | undefined) =>
  list && list.length > 0 ? list.join(t("ui.listSeparator")) : undefined;
const all = (list: string[] | undefined, every: string) => {
  const n = names(list);
  return n === undefined ? every : data(n);
};

function notificationCard(n: NotificationView, status: HTMLElement, reload: () => void): HTMLElement {
  const errors = h("div");
  const deleteBtn = h("button", { type: "button", class: "danger" }, t("ui.delete"));
  deleteBtn.addEventListener("click", async () => {
    const pipelines = names(n.pipelines) ?? t("notifications.everyPipeline");
    if (
      !(await confirmDialog(t("notifications.deleteConfirm", pipelines), t("notifications.deleteButton")))
    ) {
      deleteBtn.focus();
      return;
    }
    try {
      await busy(deleteBtn, () => api.deleteNotification(n.id));
      status.textContent = t("notifications.deleted");
      reload();
    } catch (e) {
      errors.replaceChildren(errorBox(e, { action: "notification.delete" }));
    }
  });
  return h(
    "li",
    { class: "card notification", "data-notification": n.id },
    h(
      "h2",
      null,
      all(n.pipelines, t("notifications.everyPipeline")),
      " · ",
      all(n.tasks, t("notifications.everyTask")),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, t("notifications.robot")),
      h("dd", null, data(n.credential)),
      h("dt", null, t("notifications.events")),
      h(
        "dd",
        { "data-codes": n.events.join(",") },
        n.events.map((e) => t(statusKey(e))).join(t("ui.listSeparator")),
      ),
      h("dt", null, t("notifications.content")),
      h(
        "dd",
        { "data-codes": n.content.join(",") },
        n.content.map((c) => t(itemKey(c))).join(t("ui.listSeparator")) || t("ui.none"),
      ),
      h("dt", null, t("notifications.at")),
      h("dd", null, n.at && n.at.length > 0 ? data(n.at.join(t("ui.listSeparator"))) : t("ui.none")),
    ),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button secondary", href: routeHash("notifications", n.id) }, t("ui.edit")),
      deleteBtn,
    ),
    errors,
  );
}

export async function notificationsView(ctx: ViewContext): Promise<HTMLElement> {
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const list = h("ul", { class: "cards", "aria-label": t("notifications.title") });
  const load = async () => {
    try {
      const items = await api.notifications();
      list.replaceChildren(
        ...(items.length === 0
          ? [h("li", { class: "empty" }, t("notifications.empty"))]
          : items.map((n) => notificationCard(n, status, () => void load()))),
      );
    } catch (e) {
      list.replaceChildren(h("li", null, errorBox(e)));
    }
  };
  await load();
  return page(
    t("notifications.title"),
    h("p", { class: "lead" }, t("notifications.lead")),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button", href: "#/notifications/new" }, t("notifications.add")),
    ),
    status,
    list,
  );
}
