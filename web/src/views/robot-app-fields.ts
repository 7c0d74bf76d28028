/**
 * The robot form's fields of a DingTalk app robot (kind dingtalk_app): AppKey, AppSecret (write-only),
 * RobotCode, the group's openConversationId and the API base URL, instead of a webhook. Editing leaves an
 * empty field as stored.
 */
import { h } from "../dom.ts";
import { t } from "../i18n/index.ts";
import { field } from "../ui.ts";

const FIELDS = [
  ["appKey", "robotForm.appKey", "robotForm.appKeyHint", true],
  ["appSecret", "robotForm.appSecret", "robotForm.appSecretHint", true],
  ["robotCode", "robotForm.robotCode", "robotForm.robotCodeHint", true],
  ["conversationId", "robotForm.conversationId", "robotForm.conversationIdHint", true],
  ["baseUrl", "robotForm.baseUrl", "robotForm.baseUrlHint", false],
] as const;

export interface AppFields {
  element: HTMLElement;
  /** Shows the fields for an app robot (required when it is new), hides them otherwise. */
  show(isApp: boolean, isNew: boolean): void;
  /** The API body's fields that were filled in. */
  values(): Record<string, string>;
  /** Forgets the secret once saved. */
  clearSecret(): void;
}

export function appFields(editing: boolean): AppFields {
  const keep = editing ? t("robotForm.keep") : "";
  const inputs = FIELDS.map(([name, label, hint, required]) => {
    const secret = name === "appSecret";
    const input = h("input", {
      type: secret ? "password" : "text",
      name,
      autocomplete: secret ? "new-password" : "off",
      spellcheck: "false",
      translate: "no",
    });
    return { name, input, required, element: field(t(label), input, t(hint) + keep) };
  });
  const element = h(
    "div",
    { class: "app-fields" },
    inputs.map((i) => i.element),
  );
  return {
    element,
    show(isApp, isNew) {
      element.hidden = !isApp;
      for (const i of inputs) i.input.required = isApp && isNew && i.required;
    },
    values() {
      const out: Record<string, string> = {};
      for (const i of inputs) if (i.input.value.trim() !== "") out[i.name] = i.input.value.trim();
      return out;
    },
    clearSecret() {
      for (const i of inputs) if (i.name === "appSecret") i.input.value = "";
    },
  };
}
