/** Sign in with an API token: checked with GET /api/session, then kept in sessionStorage. */
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { t } from "../i18n/index.ts";
import { setToken } from "../session.ts";
import { busy, errorBox, field, page } from "../ui.ts";

export function signInView(onSignedIn: (name: string) => void): HTMLElement {
  const token = h("input", {
    type: "password",
    name: "token",
    autocomplete: "current-password",
    required: true,
    spellcheck: "false",
  });
  const errors = h("div");
  const submit = h("button", { type: "submit" }, t("signin.submit"));
  const form = h(
    "form",
    { class: "card signin", novalidate: true },
    field(t("signin.token"), token, t("signin.tokenHint")),
    errors,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    const value = token.value.trim();
    if (value === "") {
      errors.append(errorBox(new Error(t("signin.empty"))));
      token.focus();
      return;
    }
    try {
      const session = await busy(submit, () => api.session(value));
      setToken(value);
      token.value = "";
      onSignedIn(session.token.name);
    } catch (e) {
      errors.append(errorBox(e, { action: "signin" }));
      token.select();
    }
  });
  return page(t("app.signInTitle"), h("p", null, t("signin.lead")), form);
}
