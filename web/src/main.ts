/**
 * The dingpipe console: signs in with an API token, then routes #/robots, #/notifications, #/events
 * and #/deliveries to their views. It talks only to the service's JSON API. It speaks the browser's
 * language (Simplified Chinese or English) until the user picks one in the header's switch.
 */
import { api, setUnauthorizedHandler } from "./api.ts";
import { h, mount } from "./dom.ts";
import {
  initLocale,
  type Key,
  LOCALE_NAMES,
  LOCALES,
  type Locale,
  locale,
  onLocaleChange,
  rich,
  setLocale,
  t,
} from "./i18n/index.ts";
import { confirmLeave, installLeaveGuard, setLeaveGuard } from "./leave-guard.ts";
import { parseHash, SECTIONS } from "./router.ts";
import { clearToken, getToken } from "./session.ts";
import { applyTheme, setTheme, storedTheme, THEMES, type Theme } from "./theme.ts";
import { around, errorBox, page } from "./ui.ts";
import { deliveriesView } from "./views/deliveries.ts";
import { deliveryView } from "./views/delivery.ts";
import { eventView } from "./views/event.ts";
import { eventsView } from "./views/events.ts";
import { notificationFormView } from "./views/notification-form.ts";
import { notificationsView } from "./views/notifications.ts";
import { robotFormView, robotsView, type ViewContext } from "./views/robots.ts";
import { signInView } from "./views/signin.ts";
import { tokensView } from "./views/tokens.ts";

initLocale();
applyTheme(storedTheme());

const LABELS: Record<(typeof SECTIONS)[number], Key> = {
  robots: "nav.robots",
  notifications: "nav.notifications",
  events: "nav.events",
  deliveries: "nav.deliveries",
  tokens: "nav.tokens",
};

const main = h("main", { id: "main", tabindex: "-1" });
const nav = h("nav");
const who = h("span", { class: "who" });
const signOut = h("button", { type: "button", class: "secondary", id: "sign-out" });
const skip = h("a", {
  class: "skip",
  href: "#main",
  onclick: (ev: Event) => {
    ev.preventDefault();
    main.focus();
  },
});
const languageLabel = h("label", { for: "language" });
const language = h(
  "select",
  { id: "language", name: "language" },
  // Each language is named in itself, whatever the console's language.
  LOCALES.map((l) =>
    h("option", { value: l, lang: l, translate: "no", selected: l === locale() }, LOCALE_NAMES[l]),
  ),
);
language.addEventListener("change", async () => {
  // The page is drawn again in the new language: an edited form would lose its changes, so ask first.
  if (!(await confirmLeave())) {
    language.value = locale();
    language.focus();
    return;
  }
  setLocale(language.value as Locale);
});
const themeLabel = h("label", { for: "theme" });
const THEME_WORDS: Record<Theme, Key> = {
  system: "app.themeSystem",
  light: "app.themeLight",
  dark: "app.themeDark",
};
const theme = h("select", { id: "theme", name: "theme" });
theme.addEventListener("change", () => setTheme(theme.value as Theme));
let flash: string | undefined;
let sessionName: string | undefined;
let renderCount = 0;
let firstView = true;

function navigate(hash: string, message?: string): void {
  flash = message;
  if (location.hash === hash) void render();
  else location.hash = hash;
}

function drawHeader(section: string): void {
  const signedIn = getToken() !== undefined && sessionName !== undefined;
  mount(
    nav,
    signedIn
      ? h(
          "ul",
          null,
          SECTIONS.map((s) =>
            h(
              "li",
              null,
              h("a", { href: `#/${s}`, "aria-current": s === section ? "page" : undefined }, t(LABELS[s])),
            ),
          ),
        )
      : null,
  );
  nav.setAttribute("aria-label", t("app.nav"));
  // The token's name is the user's: marked so, inside the translated sentence.
  mount(who, signedIn ? around((n) => t("app.signedInAs", n), sessionName ?? "") : null);
  signOut.textContent = t("app.signOut");
  signOut.hidden = !signedIn;
  skip.textContent = t("app.skip");
  languageLabel.textContent = t("app.language");
  language.value = locale();
  themeLabel.textContent = t("app.theme");
  const chosen = storedTheme();
  mount(
    theme,
    THEMES.map((th) => h("option", { value: th, selected: th === chosen }, t(THEME_WORDS[th]))),
  );
}

async function viewFor(section: string, rest: string[], ctx: ViewContext): Promise<HTMLElement> {
  const [arg] = rest;
  switch (section) {
    case "robots":
      return arg === undefined ? robotsView(ctx) : robotFormView(ctx, arg === "new" ? undefined : arg);
    case "notifications":
      return arg === undefined
        ? notificationsView(ctx)
        : notificationFormView(ctx, arg === "new" ? undefined : arg);
    case "events":
      return arg === undefined ? eventsView(ctx) : eventView(ctx, arg);
    case "deliveries":
      return arg === undefined ? deliveriesView(ctx) : deliveryView(ctx, arg);
    case "tokens":
      return tokensView(ctx);
    default:
      return page(
        t("app.notFound"),
        h("p", null, rich(t("app.notFoundText"), { link: (text) => h("a", { href: "#/robots" }, text) })),
      );
  }
}

/** The address of the view on screen: where Back returns to when leaving an edited form is refused. */
let shownHash = location.hash;

async function render(): Promise<void> {
  const mine = ++renderCount;
  shownHash = location.hash;
  setLeaveGuard(undefined);
  const { section, rest } = parseHash(location.hash);
  if (getToken() === undefined) {
    sessionName = undefined;
    drawHeader("");
    document.title = `${t("app.signInTitle")} · dingpipe`;
    mount(
      main,
      signInView((name) => {
        sessionName = name;
        navigate(SECTIONS.includes(section as never) ? location.hash : "#/robots");
      }),
    );
    main.querySelector("input")?.focus();
    firstView = false;
    return;
  }
  if (sessionName === undefined) {
    try {
      sessionName = (await api.session()).token.name;
    } catch (e) {
      if (getToken() !== undefined) mount(main, page("dingpipe", errorBox(e, { action: "signin" })));
      return;
    }
  }
  if (section === "" || section === "signin") {
    location.replace("#/robots");
    return;
  }
  drawHeader(section);
  const ctx: ViewContext = { navigate, flash };
  flash = undefined;
  main.setAttribute("aria-busy", "true");
  // A view that takes a moment says so (every view the same way), instead of leaving the last one up.
  const slow = setTimeout(() => {
    if (mine === renderCount)
      mount(main, h("p", { class: "loading muted", role: "status" }, t("ui.loading")));
  }, 300);
  let view: HTMLElement;
  try {
    view = await viewFor(section, rest, ctx);
  } catch (e) {
    view = page(t("app.failed"), errorBox(e));
  }
  clearTimeout(slow);
  if (mine !== renderCount) return;
  main.removeAttribute("aria-busy");
  mount(main, view);
  document.title = `${view.querySelector("h1")?.textContent ?? "dingpipe"} · dingpipe`;
  // Moving within the console puts the focus on the new page's heading; a fresh load leaves the
  // browser's own starting point, so the first Tab reaches "Skip to content".
  if (!firstView) view.querySelector<HTMLElement>("h1")?.focus();
  firstView = false;
}

signOut.addEventListener("click", async () => {
  // Signing out leaves the page: an edited form asks first, before the session is gone.
  if (!(await confirmLeave())) return;
  clearToken();
  sessionName = undefined;
  navigate("#/signin", undefined);
});
setUnauthorizedHandler(() => {
  sessionName = undefined;
  void render();
});

onLocaleChange(() => {
  void render().then(() => language.focus());
});

document.body.replaceChildren(
  skip,
  h(
    "header",
    { class: "top" },
    h(
      "a",
      { class: "brand", href: "#/robots" },
      h("span", { class: "logo", "aria-hidden": "true" }, "◆"),
      "dingpipe",
    ),
    nav,
    h(
      "div",
      { class: "session" },
      h("span", { class: "language" }, languageLabel, language),
      h("span", { class: "language theme" }, themeLabel, theme),
      who,
      signOut,
    ),
  ),
  main,
);
drawHeader("");
const mayLeave = installLeaveGuard((hash) => {
  location.hash = hash;
});
window.addEventListener("hashchange", async () => {
  if (await mayLeave(shownHash, location.hash)) void render();
});
void render();
