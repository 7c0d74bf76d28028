/**
 * API tokens: the tokens that sign in to the console and the API — name, how it came to be (the admin
 * token printed on first start, DINGPIPE_ADMIN_TOKEN, one created here or with `dingpipe token`), its
 * first characters, when it was created and last used; create one (shown once, to copy now) and revoke
 * one (after a confirmation; the service refuses to revoke the last active token).
 */
import { api } from "../api.ts";
import { h, mount } from "../dom.ts";
import { type Key, t } from "../i18n/index.ts";
import type { TokenView } from "../types.ts";
import { busy, confirmDialog, data, emptyState, errorBox, field, page, statusRegion, when } from "../ui.ts";
import type { ViewContext } from "./robots.ts";

const SOURCES: Record<string, Key> = {
  env: "tokens.sourceEnv",
  generated: "tokens.sourceGenerated",
  created: "tokens.sourceCreated",
  legacy: "tokens.sourceLegacy",
};

function row(tk: TokenView, me: string | undefined, onRevoke: (tk: TokenView, b: HTMLButtonElement) => void) {
  const revoked = tk.revokedAt !== undefined;
  const b = h(
    "button",
    { type: "button", class: "danger", "aria-label": t("tokens.revokeNamed", tk.name) },
    t("tokens.revoke"),
  );
  b.addEventListener("click", () => onRevoke(tk, b));
  const cols = [
    "tokens.name",
    "tokens.source",
    "tokens.hint",
    "tokens.created",
    "tokens.lastUsed",
    "tokens.state",
  ].map((k) => t(k as Key));
  return h(
    "tr",
    { "data-token": tk.name, "data-revoked": String(revoked) },
    h(
      "td",
      { "data-label": cols[0] },
      data(tk.name),
      tk.name === me ? [" ", h("span", { class: "badge" }, t("tokens.you"))] : null,
    ),
    h("td", { "data-label": cols[1] }, SOURCES[tk.source] ? t(SOURCES[tk.source]!) : data(tk.source)),
    h("td", { "data-label": cols[2] }, tk.hint ? data(tk.hint, "code") : t("ui.none")),
    h("td", { "data-label": cols[3] }, when(tk.createdAt)),
    h("td", { "data-label": cols[4] }, tk.lastUsedAt ? when(tk.lastUsedAt) : t("tokens.never")),
    h("td", { "data-label": cols[5] }, revoked ? [t("tokens.revokedAt"), when(tk.revokedAt)] : b),
  );
}

export async function tokensView(ctx: ViewContext): Promise<HTMLElement> {
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const errors = h("div");
  const list = h("div", { class: "tokens-list" });
  const created = h("div", { "aria-live": "polite" });
  let me: string | undefined;
  try {
    me = (await api.session()).token.name;
  } catch {
    me = undefined;
  }

  const revoke = async (tk: TokenView, button: HTMLButtonElement) => {
    const message =
      tk.name === me ? t("tokens.revokeSelfConfirm", tk.name) : t("tokens.revokeConfirm", tk.name);
    if (!(await confirmDialog(message, t("tokens.revokeButton")))) {
      button.focus();
      return;
    }
    try {
      await busy(button, () => api.revokeToken(tk.name));
      status.textContent = t("tokens.revoked", tk.name);
      // Revoking the token in use signs out: the next request answers 401 and the console asks to sign in.
      await load();
    } catch (e) {
      errors.replaceChildren(errorBox(e, { action: "token.revoke", name: tk.name }));
    }
  };

  const load = async () => {
    try {
      const tokens = await api.tokens();
      const active = tokens.filter((x) => x.revokedAt === undefined);
      const revoked = tokens.filter((x) => x.revokedAt !== undefined);
      const table = (items: TokenView[], caption: string) =>
        h(
          "table",
          { class: "tokens" },
          h("caption", { class: "visually-hidden" }, caption),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              [
                "tokens.name",
                "tokens.source",
                "tokens.hint",
                "tokens.created",
                "tokens.lastUsed",
                "tokens.state",
              ].map((k) => h("th", { scope: "col" }, t(k as Key))),
            ),
          ),
          h(
            "tbody",
            null,
            items.map((x) => row(x, me, (tk, b) => void revoke(tk, b))),
          ),
        );
      mount(
        list,
        active.length === 0 ? emptyState(t("tokens.none")) : table(active, t("tokens.activeCaption")),
        revoked.length > 0
          ? h(
              "details",
              { class: "revoked-tokens" },
              h("summary", null, t("tokens.revokedList", revoked.length)),
              table(revoked, t("tokens.revokedCaption")),
            )
          : null,
      );
    } catch (e) {
      mount(list, errorBox(e, { action: "tokens" }));
    }
  };

  const name = h("input", { name: "name", autocomplete: "off", required: true, spellcheck: "false" });
  const submit = h("button", { type: "submit" }, t("tokens.create"));
  const form = h(
    "form",
    { class: "card form", novalidate: true, "aria-labelledby": "new-token" },
    h("h2", { id: "new-token" }, t("tokens.newTitle")),
    field(t("tokens.name"), name, t("tokens.nameHint")),
    h("div", { class: "actions" }, submit),
    created,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    created.replaceChildren();
    try {
      const r = await busy(submit, () => api.createToken(name.value.trim()));
      const value = h("input", {
        readonly: true,
        value: r.token,
        id: "created-token",
        translate: "no",
        spellcheck: "false",
        "aria-describedby": "created-token-hint",
      });
      const copy = h("button", { type: "button", class: "secondary" }, t("tokens.copy"));
      copy.addEventListener("click", async () => {
        value.select();
        try {
          await navigator.clipboard.writeText(r.token);
          status.textContent = t("tokens.copied");
        } catch {
          // No clipboard (an insecure origin): the token is selected for Ctrl-C.
          status.textContent = t("tokens.selected");
        }
      });
      mount(
        created,
        h(
          "div",
          { class: "token-once", role: "note" },
          h("p", null, h("strong", null, t("tokens.onceTitle", r.name))),
          h("div", { class: "field" }, h("label", { for: "created-token" }, t("tokens.value")), value),
          h("p", { class: "hint", id: "created-token-hint" }, t("tokens.onceHint")),
          h("div", { class: "actions" }, copy),
        ),
      );
      name.value = "";
      value.focus();
      value.select();
      await load();
    } catch (e) {
      errors.replaceChildren(errorBox(e, { action: "token.create", name: name.value.trim() }));
      name.setAttribute("aria-invalid", "true");
      name.focus();
    }
  });
  name.addEventListener("input", () => name.removeAttribute("aria-invalid"));

  await load();
  return page(t("tokens.title"), h("p", { class: "lead" }, t("tokens.lead")), status, errors, list, form);
}
