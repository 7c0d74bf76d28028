/**
 * Notifications: the list of rules — each with its name, an on/off switch, edit, duplicate, "send a test"
 * and delete. The form is in notification-form.ts.
 */
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { itemKey, statusKey } from "../i18n/en.ts";
import { t } from "../i18n/index.ts";
import { routeHash } from "../router.ts";
import type { CredentialView, NotificationView } from "../types.ts";
import { busy, confirmDialog, data, emptyState, errorBox, page, statusRegion } from "../ui.ts";
import { testNotificationControl } from "./notification-test.ts";
import type { ViewContext } from "./robots.ts";

/** The rule's names (the user's), or "every pipeline" in words. */
const names = (list: string[] | undefined) =>
  list && list.length > 0 ? list.join(t("ui.listSeparator")) : undefined;
const all = (list: string[] | undefined, every: string) => {
  const n = names(list);
  return n === undefined ? every : data(n);
};

/** The switch: a button that says whether the notification is on (aria-checked) and flips it. */
function onOffSwitch(
  n: NotificationView,
  status: HTMLElement,
  errors: HTMLElement,
  reload: () => Promise<void>,
): HTMLElement {
  const on = n.enabled !== false;
  const label = n.name ?? t("notifications.unnamed");
  const button = h(
    "button",
    {
      type: "button",
      role: "switch",
      class: `switch ${on ? "on" : "off"}`,
      "aria-checked": String(on),
      "aria-label": t("notifications.switchLabel", label),
    },
    h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-knob" })),
    h("span", { class: "switch-text" }, t(on ? "notifications.on" : "notifications.off")),
  );
  button.addEventListener("click", async () => {
    const { id } = n;
    try {
      // The switch alone: an edit made meanwhile (another tab, the API) is kept.
      await busy(button, () => api.patchNotification(id, { enabled: !on }));
      status.textContent = t(on ? "notifications.switchedOff" : "notifications.switchedOn", label);
      await reload();
      // The list is drawn again: the keyboard stays on this notification's switch.
      document.querySelector<HTMLElement>(`[data-notification="${CSS.escape(id)}"] [role=switch]`)?.focus();
    } catch (e) {
      errors.replaceChildren(errorBox(e, { action: "notification.save" }));
    }
  });
  return button;
}

function notificationCard(
  n: NotificationView,
  robots: CredentialView[],
  status: HTMLElement,
  reload: () => Promise<void>,
): HTMLElement {
  const errors = h("div");
  const tester = testNotificationControl(
    n.id,
    n.credential,
    robots.find((r) => r.name === n.credential),
  );
  const deleteBtn = h("button", { type: "button", class: "danger" }, t("ui.delete"));
  deleteBtn.addEventListener("click", async () => {
    const pipelines = n.name ?? names(n.pipelines) ?? t("notifications.everyPipeline");
    if (
      !(await confirmDialog(t("notifications.deleteConfirm", pipelines), t("notifications.deleteButton")))
    ) {
      deleteBtn.focus();
      return;
    }
    try {
      await busy(deleteBtn, () => api.deleteNotification(n.id));
      status.textContent = t("notifications.deleted");
      await reload();
    } catch (e) {
      errors.replaceChildren(errorBox(e, { action: "notification.delete" }));
    }
  });
  const where = [
    all(n.pipelines, t("notifications.everyPipeline")),
    " · ",
    all(n.tasks, t("notifications.everyTask")),
  ];
  const on = n.enabled !== false;
  return h(
    "li",
    { class: `card notification${on ? "" : " off"}`, "data-notification": n.id, "data-enabled": String(on) },
    h(
      "div",
      { class: "card-head" },
      h("h2", null, n.name === undefined ? where : data(n.name)),
      onOffSwitch(n, status, errors, reload),
    ),
    on ? null : h("p", { class: "hint" }, t("notifications.offHint")),
    h(
      "dl",
      { class: "facts" },
      n.name === undefined ? null : [h("dt", null, t("notifications.where")), h("dd", null, where)],
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
      h(
        "a",
        {
          class: "button secondary",
          href: `${routeHash("notifications", "new")}?from=${encodeURIComponent(n.id)}`,
        },
        t("notifications.duplicate"),
      ),
      tester.button,
      deleteBtn,
    ),
    tester.result,
    errors,
  );
}

export async function notificationsView(ctx: ViewContext): Promise<HTMLElement> {
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const list = h("ul", { class: "cards", "aria-label": t("notifications.title") });
  const load = async () => {
    try {
      const [items, robots] = await Promise.all([api.notifications(), api.credentials()]);
      list.replaceChildren(
        ...(items.length === 0
          ? [
              h(
                "li",
                null,
                robots.length === 0
                  ? emptyState(
                      t("notifications.emptyNoRobot"),
                      h("a", { href: "#/robots/new" }, t("notifications.addRobotFirst")),
                    )
                  : emptyState(t("notifications.empty")),
              ),
            ]
          : items.map((n) => notificationCard(n, robots, status, load))),
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
