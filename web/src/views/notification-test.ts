/**
 * "Send a test" from a notification: its own message for the sample event, through its robot, within
 * the robot's rate window (POST /api/notifications/{id}/test). The robot's verdict is shown the way the
 * robot's own test shows it; a full window says when to try again.
 */
import { DEFAULT_KIND } from "../../../src/channels/kinds.ts";
import type { Status } from "../../../src/pipeline/status.ts";
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { t } from "../i18n/index.ts";
import type { CredentialView } from "../types.ts";
import { busy, errorBox } from "../ui.ts";
import { testResultView } from "./test-result.ts";

/**
 * The button and where its answer appears. `status()` is the sample event's state (the form's "preview
 * as"); `robot` names the robot's kind for the verdict's words.
 */
export function testNotificationControl(
  id: string,
  credential: string,
  robot: CredentialView | undefined,
  status?: () => Status,
): { button: HTMLButtonElement; result: HTMLElement } {
  const button = h(
    "button",
    { type: "button", class: "secondary", "data-action": "test" },
    t("notifications.test"),
  );
  const result = h("div", { class: "test-slot", role: "status", "aria-live": "polite" });
  button.addEventListener("click", async () => {
    result.replaceChildren(h("p", { class: "muted" }, t("notifications.testing")));
    try {
      const r = await busy(button, () => api.testNotification(id, status?.()));
      result.replaceChildren(testResultView(credential, r, robot?.type ?? DEFAULT_KIND));
    } catch (e) {
      result.replaceChildren(errorBox(e, { action: "notification.test", name: credential }));
    }
  });
  return { button, result };
}
