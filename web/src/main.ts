/**
 * The dingpipe console: signs in with an API token, then routes #/robots, #/notifications and
 * #/deliveries to their views. It talks only to the service's JSON API.
 */
import { api, setUnauthorizedHandler } from "./api.ts";
import { h, mount } from "./dom.ts";
import { parseHash, SECTIONS } from "./router.ts";
import { clearToken, getToken } from "./session.ts";
import { errorBox, page } from "./ui.ts";
import { deliveriesView } from "./views/deliveries.ts";
import { deliveryView } from "./views/delivery.ts";
import { notificationFormView } from "./views/notification-form.ts";
import { notificationsView } from "./views/notifications.ts";
import { robotFormView, robotsView, type ViewContext } from "./views/robots.ts";
import { signInView } from "./views/signin.ts";

const LABELS: Record<(typeof SECTIONS)[number], string> = {
  robots: "Robots",
  notifications: "Notifications",
  deliveries: "Deliveries",
};

const main = h("main", { id: "main", tabindex: "-1" });
const nav = h("nav", { "aria-label": "Console" });
const who = h("span", { class: "who" });
const signOut = h("button", { type: "button", class: "secondary", id: "sign-out" }, "Sign out");
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
              h("a", { href: `#/${s}`, "aria-current": s === section ? "page" : undefined }, LABELS[s]),
            ),
          ),
        )
      : null,
  );
  who.textContent = signedIn ? `Signed in as ${sessionName}` : "";
  signOut.hidden = !signedIn;
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
    case "deliveries":
      return arg === undefined ? deliveriesView(ctx) : deliveryView(ctx, arg);
    default:
      return page(
        "Not found",
        h("p", null, "No such page. ", h("a", { href: "#/robots" }, "Go to the robots.")),
      );
  }
}

async function render(): Promise<void> {
  const mine = ++renderCount;
  const { section, rest } = parseHash(location.hash);
  if (getToken() === undefined) {
    sessionName = undefined;
    drawHeader("");
    document.title = "Sign in · dingpipe";
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
      if (getToken() !== undefined) mount(main, page("dingpipe", errorBox(e)));
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
  let view: HTMLElement;
  try {
    view = await viewFor(section, rest, ctx);
  } catch (e) {
    view = page("Something went wrong", errorBox(e));
  }
  if (mine !== renderCount) return;
  main.removeAttribute("aria-busy");
  mount(main, view);
  document.title = `${view.querySelector("h1")?.textContent ?? "dingpipe"} · dingpipe`;
  // Moving within the console puts the focus on the new page's heading; a fresh load leaves the
  // browser's own starting point, so the first Tab reaches "Skip to content".
  if (!firstView) view.querySelector<HTMLElement>("h1")?.focus();
  firstView = false;
}

signOut.addEventListener("click", () => {
  clearToken();
  sessionName = undefined;
  navigate("#/signin", undefined);
});
setUnauthorizedHandler(() => {
  sessionName = undefined;
  void render();
});

document.body.replaceChildren(
  h(
    "a",
    {
      class: "skip",
      href: "#main",
      onclick: (ev: Event) => {
        ev.preventDefault();
        main.focus();
      },
    },
    "Skip to content",
  ),
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
    h("div", { class: "session" }, who, signOut),
  ),
  main,
);
window.addEventListener("hashchange", () => void render());
void render();
