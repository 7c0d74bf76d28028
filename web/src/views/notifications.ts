/** Notifications: the list of rules, with edit and delete. The form is in notification-form.ts. */
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { routeHash } from "../router.ts";
import type { NotificationView } from "../types.ts";
import { busy, confirmDialog, errorBox, page, statusRegion } from "../ui.ts";
import type { ViewContext } from "./robots.ts";

const all = (list: string[] | undefined, what: string) =>
  list && list.length > 0 ? list.join(", ") : `every ${what}`;

function notificationCard(n: NotificationView, status: HTMLElement, reload: () => void): HTMLElement {
  const errors = h("div");
  const deleteBtn = h("button", { type: "button", class: "danger" }, "Delete");
  deleteBtn.addEventListener("click", async () => {
    if (
      !(await confirmDialog(
        `Delete this notification of “${all(n.pipelines, "pipeline")}”?`,
        "Delete notification",
      ))
    ) {
      deleteBtn.focus();
      return;
    }
    try {
      await busy(deleteBtn, () => api.deleteNotification(n.id));
      status.textContent = "Notification deleted.";
      reload();
    } catch (e) {
      errors.replaceChildren(errorBox(e));
    }
  });
  return h(
    "li",
    { class: "card notification", "data-notification": n.id },
    h("h2", null, `${all(n.pipelines, "pipeline")} · ${all(n.tasks, "task")}`),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Robot"),
      h("dd", null, n.credential),
      h("dt", null, "Events"),
      h("dd", null, n.events.join(", ")),
      h("dt", null, "Content"),
      h("dd", null, n.content.join(", ") || "—"),
      h("dt", null, "@"),
      h("dd", null, n.at && n.at.length > 0 ? n.at.join(", ") : "—"),
    ),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button secondary", href: routeHash("notifications", n.id) }, "Edit"),
      deleteBtn,
    ),
    errors,
  );
}

export async function notificationsView(ctx: ViewContext): Promise<HTMLElement> {
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const list = h("ul", { class: "cards", "aria-label": "Notifications" });
  const load = async () => {
    try {
      const items = await api.notifications();
      list.replaceChildren(
        ...(items.length === 0
          ? [
              h(
                "li",
                { class: "empty" },
                "No notification yet. Add one to tell a group when a task changes state.",
              ),
            ]
          : items.map((n) => notificationCard(n, status, () => void load()))),
      );
    } catch (e) {
      list.replaceChildren(h("li", null, errorBox(e)));
    }
  };
  await load();
  return page(
    "Notifications",
    h(
      "p",
      { class: "lead" },
      "Per pipeline and task: the robot that sends, the task states that trigger a message, the run facts it carries, your own DingTalk markdown, and who gets @-mentioned.",
    ),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button", href: "#/notifications/new" }, "Add notification"),
    ),
    status,
    list,
  );
}
