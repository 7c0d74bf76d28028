/**
 * Robots (credentials): the list, "Send test message", delete with confirmation, and the add/edit
 * form. Webhooks and secrets are write-only: password inputs, never filled from the API (which
 * only ever returns a hint), cleared once sent.
 */
import { api } from "../api.ts";
import { h, splitList } from "../dom.ts";
import { routeHash } from "../router.ts";
import type { CredentialView, RobotView, TestResult } from "../types.ts";
import { busy, confirmDialog, errorBox, field, formatClock, formatTime, page, statusRegion } from "../ui.ts";

/** The full webhook for what the user pasted: the URL itself, or DingTalk's URL around a bare access_token. */
export function webhookUrl(input: string): string {
  const value = input.trim();
  return /^[A-Za-z0-9_-]{16,}$/.test(value)
    ? `https://oapi.dingtalk.com/robot/send?access_token=${value}`
    : value;
}

export interface ViewContext {
  navigate: (hash: string, flash?: string) => void;
  flash: string | undefined;
}

function testResultView(name: string, result: TestResult): HTMLElement {
  if (result.ok) {
    return h(
      "div",
      { class: "test-result ok" },
      h(
        "p",
        null,
        `Delivered to the group of “${name}”. DingTalk answered `,
        h("code", null, `errcode ${result.errcode ?? 0}`),
        result.errmsg ? ` (${result.errmsg})` : "",
        ` in ${result.durationMs} ms.`,
      ),
    );
  }
  return h(
    "div",
    { class: "test-result failed" },
    h(
      "p",
      null,
      "Not delivered. ",
      result.errcode !== undefined
        ? [
            "DingTalk answered ",
            h("code", null, `errcode ${result.errcode}`),
            result.errmsg ? `: ${result.errmsg}` : "",
          ]
        : (result.errmsg ?? result.code ?? "The request failed."),
      result.code ? [" ", h("span", { class: "code" }, `(${result.code})`)] : null,
    ),
    result.fix ? h("p", { class: "error-fix" }, h("strong", null, "Fix: "), result.fix) : null,
  );
}

function robotCard(robot: CredentialView, status: HTMLElement, reload: () => void): HTMLElement {
  const result = h("div", { class: "test-slot", "aria-live": "polite" });
  const testBtn = h("button", { type: "button", class: "secondary" }, "Send test message");
  testBtn.addEventListener("click", async () => {
    result.replaceChildren(h("p", { class: "muted" }, "Sending…"));
    try {
      const r = await busy(testBtn, () => api.testCredential(robot.name));
      result.replaceChildren(testResultView(robot.name, r));
    } catch (e) {
      result.replaceChildren(errorBox(e));
    }
  });
  const deleteBtn = h("button", { type: "button", class: "danger" }, "Delete");
  deleteBtn.addEventListener("click", async () => {
    const ok = await confirmDialog(
      `Delete the robot “${robot.name}”? Notifications that use it will stop sending.`,
      "Delete robot",
    );
    if (!ok) {
      deleteBtn.focus();
      return;
    }
    try {
      await busy(deleteBtn, () => api.deleteCredential(robot.name));
      status.textContent = `Robot “${robot.name}” deleted.`;
      reload();
    } catch (e) {
      result.replaceChildren(errorBox(e));
    }
  });
  return h(
    "li",
    { class: "card robot", "data-robot": robot.name },
    h("h2", null, robot.name),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Webhook"),
      h("dd", null, h("code", null, robot.hint)),
      h("dt", null, "Signing"),
      h("dd", null, robot.hasSecret ? "Signed (secret stored)" : "Not signed"),
      h("dt", null, "Keywords"),
      h("dd", null, robot.keywords.length > 0 ? robot.keywords.join(", ") : "—"),
      h("dt", null, "Rate limit"),
      h("dd", null, `${robot.rateLimit.messages} messages per ${robot.rateLimit.perSeconds} s`),
      robot.robot && robot.robot.state !== "ok"
        ? [h("dt", null, "State"), h("dd", { class: "robot-state" }, robotStateText(robot.robot))]
        : null,
      h("dt", null, "Updated"),
      h("dd", null, formatTime(robot.updatedAt)),
    ),
    h(
      "div",
      { class: "actions" },
      testBtn,
      h("a", { class: "button secondary", href: routeHash("robots", robot.name) }, "Edit"),
      deleteBtn,
    ),
    result,
  );
}

/** "Paused by DingTalk until 14:05: …" or "Failing: …" (the robot's state, shared by its credentials). */
function robotStateText(r: RobotView): string {
  const until = r.until ? ` until ${formatClock(r.until)}` : "";
  if (r.state === "paused") return `Paused by DingTalk${until}${r.reason ? `: ${r.reason}` : ""}`;
  return `Failing${until ? ` (next try${until})` : ""}: ${r.reason ?? r.lastError ?? "the last request failed"}`;
}

export async function robotsView(ctx: ViewContext): Promise<HTMLElement> {
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const list = h("ul", { class: "cards", "aria-label": "Robots" });
  const load = async () => {
    try {
      const robots = await api.credentials();
      list.replaceChildren(
        ...(robots.length === 0
          ? [h("li", { class: "empty" }, "No robot yet. Add the webhook of a DingTalk group robot to start.")]
          : robots.map((r) => robotCard(r, status, () => void load()))),
      );
    } catch (e) {
      list.replaceChildren(h("li", null, errorBox(e)));
    }
  };
  await load();
  return page(
    "Robots",
    h(
      "p",
      { class: "lead" },
      "A robot is a DingTalk group's custom webhook robot (Group settings → Group assistant → Add robot → Custom). Store it once; notifications name it.",
    ),
    h("div", { class: "actions" }, h("a", { class: "button", href: "#/robots/new" }, "Add robot")),
    status,
    list,
  );
}

export async function robotFormView(ctx: ViewContext, name: string | undefined): Promise<HTMLElement> {
  let existing: CredentialView | undefined;
  if (name !== undefined) {
    try {
      existing = await api.credential(name);
    } catch (e) {
      return page("Edit robot", errorBox(e), h("a", { href: "#/robots" }, "Back to robots"));
    }
  }
  const nameInput = h("input", {
    name: "name",
    required: true,
    // The API's rule (src/server/validate.ts NAME_RULE); the browser reads it with the v flag.
    pattern: "(?!\\.+$)[\\p{L}\\p{M}\\p{N}._\\-]{1,64}",
    autocomplete: "off",
    value: existing?.name ?? "",
    readonly: existing !== undefined,
  });
  const webhook = h("input", {
    type: "password",
    name: "webhook",
    autocomplete: "new-password",
    spellcheck: "false",
    required: existing === undefined,
  });
  const secret = h("input", {
    type: "password",
    name: "secret",
    autocomplete: "new-password",
    spellcheck: "false",
  });
  const removeSecret = h("input", { type: "checkbox", name: "removeSecret", id: "remove-secret" });
  const keywords = h("input", {
    name: "keywords",
    autocomplete: "off",
    value: existing?.keywords.join(", ") ?? "",
  });
  const messages = h("input", {
    type: "number",
    name: "messages",
    min: "1",
    max: "20",
    inputmode: "numeric",
    value: String(existing?.rateLimit.messages ?? 20),
  });
  const perSeconds = h("input", {
    type: "number",
    name: "perSeconds",
    min: "1",
    inputmode: "numeric",
    value: String(existing?.rateLimit.perSeconds ?? 60),
  });
  const errors = h("div");
  const submit = h("button", { type: "submit" }, existing ? "Save robot" : "Add robot");
  const keep = existing ? " Leave empty to keep the stored one." : "";
  const form = h(
    "form",
    { class: "card form", novalidate: true },
    field(
      "Name",
      nameInput,
      existing
        ? "The name notifications use; it cannot change."
        : "1 to 64 letters (of any script), digits, . _ or -, not only dots (e.g. ci-group, 运维群).",
    ),
    field(
      "Webhook",
      webhook,
      `The robot's full webhook (https://oapi.dingtalk.com/robot/send?access_token=…) or the access_token alone. Write-only: never shown again.${keep}`,
    ),
    field(
      "Signing secret",
      secret,
      `The SEC… secret, when the robot's security setting is “Signature”. Write-only.${keep}`,
    ),
    existing?.hasSecret
      ? h(
          "div",
          { class: "field checkbox" },
          removeSecret,
          h(
            "label",
            { for: "remove-secret" },
            "Remove the stored signing secret (the robot no longer signs)",
          ),
        )
      : null,
    field(
      "Keywords",
      keywords,
      "The robot's custom keywords, comma-separated, when it uses them: every message must contain one.",
    ),
    h(
      "fieldset",
      { class: "inline" },
      h("legend", null, "Rate limit"),
      field("Messages", messages),
      field("Per seconds", perSeconds, "DingTalk allows 20 messages a minute per robot."),
    ),
    errors,
    h("div", { class: "actions" }, submit, h("a", { class: "button secondary", href: "#/robots" }, "Cancel")),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    const body: Record<string, unknown> = {
      keywords: splitList(keywords.value),
      rateLimit: { messages: Number(messages.value), perSeconds: Number(perSeconds.value) },
    };
    if (webhook.value.trim() !== "") body.webhook = webhookUrl(webhook.value);
    if (removeSecret.checked) body.secret = null;
    else if (secret.value.trim() !== "") body.secret = secret.value.trim();
    try {
      let answer: CredentialView;
      if (existing) {
        answer = await busy(submit, () => api.updateCredential(existing.name, body));
      } else {
        body.name = nameInput.value.trim();
        answer = await busy(submit, () => api.createCredential(body));
      }
      webhook.value = "";
      secret.value = "";
      const saved = existing?.name ?? nameInput.value.trim();
      // Saved, with what to know (another robot entry already holds this webhook: one shared limit).
      const notes = (answer.warnings ?? []).map((w) => ` Note: ${w.message}; ${w.fix}.`).join("");
      ctx.navigate("#/robots", `Robot “${saved}” saved.${notes}`);
    } catch (e) {
      errors.append(errorBox(e));
    }
  });
  return page(existing ? `Edit robot “${existing.name}”` : "Add robot", form);
}
