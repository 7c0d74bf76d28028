/** Sign in with an API token: checked with GET /api/session, then kept in sessionStorage. */
import { api } from "../api.ts";
import { h } from "../dom.ts";
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
  const submit = h("button", { type: "submit" }, "Sign in");
  const form = h(
    "form",
    { class: "card signin", novalidate: true },
    field(
      "API token",
      token,
      "The admin token “dingpipe serve” printed on its first start (or DINGPIPE_ADMIN_TOKEN), or one you created.",
    ),
    errors,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    const value = token.value.trim();
    if (value === "") {
      errors.append(errorBox(new Error("Enter your API token.")));
      token.focus();
      return;
    }
    try {
      const session = await busy(submit, () => api.session(value));
      setToken(value);
      token.value = "";
      onSignedIn(session.token.name);
    } catch (e) {
      errors.append(errorBox(e));
      token.select();
    }
  });
  return page(
    "Sign in",
    h("p", null, "The dingpipe console: DingTalk robots, task notifications and deliveries."),
    form,
  );
}
