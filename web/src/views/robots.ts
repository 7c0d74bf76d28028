/**
 * Robots (credentials): the list, "Send test message", delete with confirmation, and the add/edit
 * form with its robot-kind picker (DingTalk, WeCom, Feishu — each kind's fields and help come from
 * src/channels/kinds.ts, so the form has no code per kind). Webhooks and secrets are write-only:
 * password inputs, never filled from the API (which only ever returns a hint), cleared once sent.
 */
import {
  CHANNEL_KINDS,
  type ChannelKind,
  DEFAULT_KIND,
  expandWebhook,
  KINDS,
  type KindInfo,
} from "../../../src/channels/kinds.ts";
import { api } from "../api.ts";
import { h, splitList } from "../dom.ts";
import { routeHash } from "../router.ts";
import type { CredentialView, TestResult } from "../types.ts";
import { busy, confirmDialog, errorBox, field, formatTime, page, statusRegion } from "../ui.ts";

/**
 * The full webhook for what the user pasted: the URL itself, or the kind's URL around a bare token
 * or key (a DingTalk access_token, a WeCom key).
 */
export function webhookUrl(input: string, kind: ChannelKind = DEFAULT_KIND): string {
  return expandWebhook(kind, input);
}

/** "DingTalk (钉钉)". */
export function kindName(info: KindInfo): string {
  return `${info.label} (${info.localName})`;
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
        `Delivered to the group of “${name}”. The robot answered `,
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
            "The robot answered ",
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
  const info = KINDS[robot.type] ?? KINDS[DEFAULT_KIND];
  return h(
    "li",
    { class: "card robot", "data-robot": robot.name, "data-kind": info.kind },
    h("h2", null, robot.name),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Kind"),
      h("dd", null, kindName(info)),
      h("dt", null, "Webhook"),
      h("dd", null, h("code", null, robot.hint)),
      info.secret
        ? [h("dt", null, "Signing"), h("dd", null, robot.hasSecret ? "Signed (secret stored)" : "Not signed")]
        : null,
      info.keywords
        ? [
            h("dt", null, "Keywords"),
            h("dd", null, robot.keywords.length > 0 ? robot.keywords.join(", ") : "—"),
          ]
        : null,
      h("dt", null, "Rate limit"),
      h("dd", null, `${robot.rateLimit.messages} messages per ${robot.rateLimit.perSeconds} s`),
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

export async function robotsView(ctx: ViewContext): Promise<HTMLElement> {
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const list = h("ul", { class: "cards", "aria-label": "Robots" });
  const load = async () => {
    try {
      const robots = await api.credentials();
      list.replaceChildren(
        ...(robots.length === 0
          ? [
              h(
                "li",
                { class: "empty" },
                "No robot yet. Add the webhook of a DingTalk, WeCom or Feishu group robot to start.",
              ),
            ]
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
      "A robot is a group's webhook robot: DingTalk (钉钉), WeCom (企业微信) or Feishu / Lark (飞书). Store it once; notifications name it.",
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
  let kind: ChannelKind = existing?.type ?? DEFAULT_KIND;
  // The kind picker: one radio per kind; a stored robot's kind is fixed (a new kind is a new robot).
  const kindRadios = CHANNEL_KINDS.map((k) => {
    const radio = h("input", {
      type: "radio",
      name: "type",
      id: `kind-${k}`,
      value: k,
      checked: k === kind,
      disabled: existing !== undefined && k !== kind,
    });
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      kind = k;
      showKind();
    });
    return h("div", { class: "check" }, radio, h("label", { for: `kind-${k}` }, kindName(KINDS[k])));
  });
  const kindHint = h("p", { class: "hint", id: "kind-hint" });
  const kindField = h(
    "fieldset",
    { class: "checks kinds", "aria-describedby": "kind-hint" },
    h("legend", null, "Robot kind"),
    kindRadios,
    kindHint,
  );
  const nameInput = h("input", {
    name: "name",
    required: true,
    pattern: "[A-Za-z0-9][A-Za-z0-9._-]*",
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
    value: String(existing?.rateLimit.messages ?? KINDS[kind].defaultRate.messages),
  });
  const perSeconds = h("input", {
    type: "number",
    name: "perSeconds",
    min: "1",
    inputmode: "numeric",
    value: String(existing?.rateLimit.perSeconds ?? KINDS[kind].defaultRate.perSeconds),
  });
  const errors = h("div");
  const submit = h("button", { type: "submit" }, existing ? "Save robot" : "Add robot");
  const keep = existing ? " Leave empty to keep the stored one." : "";
  // The hints are filled in per kind by showKind().
  const webhookField = field("Webhook", webhook, " ");
  const secretField = field("Signing secret", secret, " ");
  const keywordsField = field("Keywords", keywords, " ");
  const rateHint = h("p", { class: "hint" });
  const removeSecretField = existing?.hasSecret
    ? h(
        "div",
        { class: "field checkbox" },
        removeSecret,
        h("label", { for: "remove-secret" }, "Remove the stored signing secret (the robot no longer signs)"),
      )
    : null;
  const hintOf = (f: HTMLElement) => f.querySelector<HTMLElement>(".hint");
  /** Shows the chosen kind's fields and help; hides (and clears) the fields it does not have. */
  const showKind = () => {
    const info = KINDS[kind];
    form.dataset["kind"] = kind;
    kindHint.textContent = `Where to create it: ${info.howTo}`;
    webhook.placeholder = info.webhookExample;
    hintOf(webhookField)!.textContent = `${info.webhookHelp} Write-only: never shown again.${keep}`;
    secretField.hidden = info.secret === undefined;
    if (info.secret === undefined) secret.value = "";
    hintOf(secretField)!.textContent = `${info.secret?.help ?? ""} Write-only.${keep}`;
    if (removeSecretField) removeSecretField.hidden = info.secret === undefined;
    keywordsField.hidden = info.keywords === undefined;
    if (info.keywords === undefined) keywords.value = "";
    hintOf(keywordsField)!.textContent =
      `${info.keywords?.help ?? ""} Comma-separated, at most ${info.keywords?.max ?? 0}.`;
    messages.max = String(info.maxRate.messages);
    if (existing === undefined) {
      messages.value = String(info.defaultRate.messages);
      perSeconds.value = String(info.defaultRate.perSeconds);
    }
    rateHint.textContent = `${info.label} allows ${info.maxRate.messages} messages per ${info.maxRate.perSeconds} s per robot${info.rateNote ? ` ${info.rateNote}` : ""}.`;
  };
  const form = h(
    "form",
    { class: "card form", novalidate: true },
    kindField,
    field(
      "Name",
      nameInput,
      existing ? "The name notifications use; it cannot change." : "Letters, digits, . _ - (e.g. ci-group).",
    ),
    webhookField,
    secretField,
    removeSecretField,
    keywordsField,
    h(
      "fieldset",
      { class: "inline" },
      h("legend", null, "Rate limit"),
      field("Messages", messages),
      field("Per seconds", perSeconds),
      rateHint,
    ),
    errors,
    h("div", { class: "actions" }, submit, h("a", { class: "button secondary", href: "#/robots" }, "Cancel")),
  );
  showKind();
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    const info = KINDS[kind];
    const body: Record<string, unknown> = {
      rateLimit: { messages: Number(messages.value), perSeconds: Number(perSeconds.value) },
    };
    if (info.keywords !== undefined) body.keywords = splitList(keywords.value);
    if (webhook.value.trim() !== "") body.webhook = webhookUrl(webhook.value, kind);
    if (info.secret !== undefined) {
      if (removeSecret.checked) body.secret = null;
      else if (secret.value.trim() !== "") body.secret = secret.value.trim();
    }
    try {
      if (existing) {
        await busy(submit, () => api.updateCredential(existing.name, body));
      } else {
        body.name = nameInput.value.trim();
        body.type = kind;
        await busy(submit, () => api.createCredential(body));
      }
      webhook.value = "";
      secret.value = "";
      const saved = existing?.name ?? nameInput.value.trim();
      ctx.navigate("#/robots", `Robot “${saved}” saved.`);
    } catch (e) {
      errors.append(errorBox(e));
    }
  });
  return page(existing ? `Edit robot “${existing.name}”` : "Add robot", form);
}
