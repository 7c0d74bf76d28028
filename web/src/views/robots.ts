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
import { clearFieldErrors, showFieldErrors } from "../field-errors.ts";
import { formatNumber, locale, t } from "../i18n/index.ts";
import { guardForm } from "../leave-guard.ts";
import { routeHash } from "../router.ts";
import type { CredentialView } from "../types.ts";
import {
  around,
  busy,
  confirmDialog,
  data,
  errorBox,
  field,
  formatTime,
  page,
  savedNotes,
  statusRegion,
} from "../ui.ts";
import { appFields } from "./robot-app-fields.ts";
import { robotHealthFacts, sharedRobotNote } from "./robot-health.ts";
import { testResultView } from "./test-result.ts";

/**
 * The full webhook for what the user pasted: the URL itself, or the kind's URL around a bare token
 * or key (a DingTalk access_token, a WeCom key).
 */
export function webhookUrl(input: string, kind: ChannelKind = DEFAULT_KIND): string {
  return expandWebhook(kind, input);
}

/** "WeCom (企业微信)", "企业微信": the kind's name in the console's language (and its Chinese one in English). */
export function kindName(info: KindInfo): string {
  const here = info.words[locale()].name;
  const zh = info.words["zh-CN"].name;
  return here === zh ? here : `${here} (${zh})`;
}

export interface ViewContext {
  navigate: (hash: string, flash?: string) => void;
  flash: string | undefined;
}

function robotCard(robot: CredentialView, status: HTMLElement, reload: () => void): HTMLElement {
  const result = h("div", { class: "test-slot", "aria-live": "polite" });
  const testBtn = h("button", { type: "button", class: "secondary" }, t("robots.test"));
  const ctx = { name: robot.name };
  testBtn.addEventListener("click", async () => {
    result.replaceChildren(h("p", { class: "muted" }, t("robots.sending")));
    try {
      const r = await busy(testBtn, () => api.testCredential(robot.name, locale()));
      result.replaceChildren(testResultView(robot.name, r, robot.type ?? DEFAULT_KIND));
    } catch (e) {
      result.replaceChildren(errorBox(e, { ...ctx, action: "robot.test" }));
    }
  });
  const deleteBtn = h("button", { type: "button", class: "danger" }, t("ui.delete"));
  deleteBtn.addEventListener("click", async () => {
    const ok = await confirmDialog(t("robots.deleteConfirm", robot.name), t("robots.deleteButton"));
    if (!ok) {
      deleteBtn.focus();
      return;
    }
    try {
      await busy(deleteBtn, () => api.deleteCredential(robot.name));
      status.textContent = t("robots.deleted", robot.name);
      reload();
    } catch (e) {
      result.replaceChildren(errorBox(e, { ...ctx, action: "robot.delete" }));
    }
  });
  const info = KINDS[robot.type] ?? KINDS[DEFAULT_KIND];
  return h(
    "li",
    { class: "card robot", "data-robot": robot.name, "data-kind": info.kind },
    h("h2", { translate: "no" }, robot.name),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, t("robots.kind")),
      h("dd", null, kindName(info)),
      h("dt", null, t("robots.webhook")),
      h("dd", null, data(robot.hint, "code")),
      info.signs
        ? [
            h("dt", null, t("robots.signing")),
            h("dd", null, robot.hasSecret ? t("robots.signed") : t("robots.notSigned")),
          ]
        : null,
      info.keywords
        ? [
            h("dt", null, t("robots.keywords")),
            h(
              "dd",
              null,
              robot.keywords.length > 0 ? data(robot.keywords.join(t("ui.listSeparator"))) : t("ui.none"),
            ),
          ]
        : null,
      h("dt", null, t("robots.rateLimit")),
      h(
        "dd",
        null,
        t("robots.rate", formatNumber(robot.rateLimit.messages), formatNumber(robot.rateLimit.perSeconds)),
      ),
      robotHealthFacts(robot, info),
      h("dt", null, t("robots.updated")),
      h("dd", null, formatTime(robot.updatedAt)),
    ),
    sharedRobotNote(robot),
    h(
      "div",
      { class: "actions" },
      testBtn,
      h("a", { class: "button secondary", href: routeHash("robots", robot.name) }, t("ui.edit")),
      deleteBtn,
    ),
    result,
  );
}

export async function robotsView(ctx: ViewContext): Promise<HTMLElement> {
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const list = h("ul", { class: "cards", "aria-label": t("robots.title") });
  const load = async () => {
    try {
      const robots = await api.credentials();
      list.replaceChildren(
        ...(robots.length === 0
          ? [h("li", { class: "empty" }, t("robots.empty"))]
          : robots.map((r) => robotCard(r, status, () => void load()))),
      );
    } catch (e) {
      list.replaceChildren(h("li", null, errorBox(e)));
    }
  };
  await load();
  return page(
    t("robots.title"),
    h("p", { class: "lead" }, t("robots.lead")),
    h("div", { class: "actions" }, h("a", { class: "button", href: "#/robots/new" }, t("robots.add"))),
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
      return page(
        t("robotForm.editTitle"),
        errorBox(e, { action: "robot.load", name }),
        h("a", { href: "#/robots" }, t("robotForm.back")),
      );
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
    h("legend", null, t("robotForm.kind")),
    kindRadios,
    kindHint,
  );
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
    // Its placeholder is the kind's example URL: an identifier, not words to translate.
    translate: "no",
  });
  const secret = h("input", {
    type: "password",
    name: "secret",
    autocomplete: "new-password",
    spellcheck: "false",
  });
  const removeSecret = h("input", { type: "checkbox", name: "removeSecret", id: "remove-secret" });
  // A DingTalk app robot's fields (kind dingtalk_app) instead of a webhook; the secret is write-only.
  const app = appFields(existing !== undefined);
  const keywords = h("input", {
    name: "keywords",
    autocomplete: "off",
    value: existing?.keywords.join(", ") ?? "",
  });
  const messages = h("input", {
    type: "number",
    name: "messages",
    min: "1",
    max: String(KINDS[kind].maxRate.messages),
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
  const submit = h("button", { type: "submit" }, existing ? t("robotForm.save") : t("robots.add"));
  const keep = existing ? t("robotForm.keep") : "";
  // The hints are filled in per kind by showKind().
  const webhookField = field(t("robots.webhook"), webhook, " ");
  const secretField = field(t("robotForm.secret"), secret, " ");
  const keywordsField = field(t("robots.keywords"), keywords, " ");
  const perSecondsField = field(t("robotForm.perSeconds"), perSeconds, " ");
  const removeSecretField = existing?.hasSecret
    ? h(
        "div",
        { class: "field checkbox" },
        removeSecret,
        h("label", { for: "remove-secret" }, t("robotForm.removeSecret")),
      )
    : null;
  const hintOf = (f: HTMLElement) => f.querySelector<HTMLElement>(".hint")!;
  const form = h(
    "form",
    { class: "card form", novalidate: true },
    kindField,
    field(
      t("robotForm.name"),
      nameInput,
      existing ? t("robotForm.nameHintEdit") : t("robotForm.nameHintNew"),
    ),
    webhookField,
    app.element,
    secretField,
    removeSecretField,
    keywordsField,
    h(
      "fieldset",
      { class: "inline" },
      h("legend", null, t("robots.rateLimit")),
      field(t("robotForm.messages"), messages),
      perSecondsField,
    ),
    errors,
    h(
      "div",
      { class: "actions" },
      submit,
      h("a", { class: "button secondary", href: "#/robots" }, t("ui.cancel")),
    ),
  );
  /** Shows the chosen kind's fields and help; hides (and clears) the fields it does not have. */
  const showKind = () => {
    const info = KINDS[kind];
    const words = info.words[locale()];
    form.dataset["kind"] = kind;
    kindHint.textContent = t("robotForm.howTo", words.howTo);
    const isApp = kind === "dingtalk_app";
    webhookField.hidden = isApp;
    webhook.required = !isApp && existing === undefined;
    app.show(isApp, existing === undefined);
    webhook.placeholder = info.webhookExample;
    hintOf(webhookField).textContent = words.webhookHelp + t("robotForm.webhookHint") + keep;
    secretField.hidden = !info.signs;
    if (!info.signs) secret.value = "";
    hintOf(secretField).textContent = (words.secretHelp ?? "") + t("robotForm.secretHint") + keep;
    if (removeSecretField) removeSecretField.hidden = !info.signs;
    keywordsField.hidden = info.keywords === undefined;
    if (info.keywords === undefined) keywords.value = "";
    hintOf(keywordsField).textContent =
      (words.keywordsHelp ?? "") + t("robotForm.keywordsHint", info.keywords?.max ?? 0);
    messages.max = String(info.maxRate.messages);
    if (existing === undefined) {
      messages.value = String(info.defaultRate.messages);
      perSeconds.value = String(info.defaultRate.perSeconds);
    }
    hintOf(perSecondsField).textContent = t(
      "robotForm.perSecondsHint",
      words.name,
      formatNumber(info.maxRate.messages),
      formatNumber(info.maxRate.perSeconds),
      words.rateNote ?? "",
    );
  };
  showKind();
  const guard = guardForm(form);
  const slots = {
    type: { control: kindRadios[0]?.querySelector("input") ?? kindField },
    name: { control: nameInput },
    webhook: { control: webhook },
    secret: { control: secret },
    keywords: { control: keywords },
    rateLimit: { control: messages },
    "rateLimit.messages": { control: messages },
    "rateLimit.perSeconds": { control: perSeconds },
  };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    clearFieldErrors(form);
    const info = KINDS[kind];
    const body: Record<string, unknown> = {
      rateLimit: { messages: Number(messages.value), perSeconds: Number(perSeconds.value) },
    };
    if (info.keywords !== undefined) body.keywords = splitList(keywords.value);
    if (kind === "dingtalk_app") {
      Object.assign(body, app.values());
    } else if (webhook.value.trim() !== "") body.webhook = webhookUrl(webhook.value, kind);
    if (info.signs) {
      if (removeSecret.checked) body.secret = null;
      else if (secret.value.trim() !== "") body.secret = secret.value.trim();
    }
    try {
      let answer: CredentialView;
      if (existing) {
        answer = await busy(submit, () => api.updateCredential(existing.name, body));
      } else {
        body.name = nameInput.value.trim();
        body.type = kind;
        answer = await busy(submit, () => api.createCredential(body));
      }
      webhook.value = "";
      secret.value = "";
      app.clearSecret();
      guard.saved();
      const saved = existing?.name ?? nameInput.value.trim();
      // Saved, with what to know (another robot entry already holds this webhook: one shared limit).
      const notes = savedNotes(answer.warnings);
      ctx.navigate("#/robots", `${t("robots.saved", saved)}${notes}`);
    } catch (e) {
      errors.append(errorBox(e, { action: "robot.save", name: existing?.name ?? nameInput.value.trim() }));
      // Beside each field it concerns, the first focused; else the box under the form.
      if (showFieldErrors(form, e, slots) === 0) errors.querySelector<HTMLElement>("[role=alert]")?.focus();
    }
  });
  return page(
    existing ? around((n) => t("robotForm.editNamed", n), existing.name) : t("robotForm.addTitle"),
    form,
  );
}
