/**
 * The live preview beside the notification form: POST /api/preview (debounced), the message drawn
 * the way the robot's app shows it (DingTalk, WeCom or Feishu) in a chat frame, its size against
 * that robot's limit, and the mentions that robot cannot make.
 */
import { drawMessage } from "../../../src/channels/draw.ts";
import { DEFAULT_KIND, KINDS } from "../../../src/channels/kinds.ts";
import { api } from "../api.ts";
import { h, mount } from "../dom.ts";
import { locale, t } from "../i18n/index.ts";
import { formatBytes, sizeLevel } from "../size.ts";
import { around, errorBox } from "../ui.ts";

export interface PreviewPanel {
  element: HTMLElement;
  /** Asks for a new preview of this request body, after ~200 ms without further changes. */
  schedule: (body: () => unknown) => void;
  /** Names the chat after the robot that sends and its app. */
  setGroup: (name: string, app: string) => void;
}

const DEBOUNCE_MS = 200;

/** `controls` (the "preview as" choice) sit under the heading. */
export function previewPanel(controls?: HTMLElement): PreviewPanel {
  const chatTitle = h("span", { class: "chat-title" }, t("preview.group"));
  // The message is the message's own text (its language is the notification's, not the console's).
  const bubble = h("div", { class: "bubble", "data-testid": "preview-message", translate: "no" });
  const meterBar = h("div", { class: "meter-bar" });
  const size = h("p", { class: "size", "data-testid": "preview-bytes" }, "…");
  const notes = h("div", { class: "preview-notes", "aria-live": "polite" });
  const element = h(
    "aside",
    { class: "preview", "aria-label": t("preview.title") },
    h("h2", null, t("preview.title")),
    controls,
    h(
      "div",
      { class: "chat" },
      h("div", { class: "chat-header" }, chatTitle),
      h(
        "div",
        { class: "chat-body" },
        h(
          "div",
          { class: "chat-row" },
          h("div", { class: "avatar", "aria-hidden": "true", translate: "no" }, "dp"),
          h("div", { class: "chat-msg" }, h("div", { class: "sender" }, t("preview.sender")), bubble),
        ),
      ),
    ),
    h("div", { class: "meter", "aria-hidden": "true" }, meterBar),
    size,
    notes,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const run = async (body: unknown) => {
    const mine = ++seq;
    element.setAttribute("aria-busy", "true");
    try {
      const r = await api.preview(body);
      if (mine !== seq) return;
      // drawMessage escapes every text it is given and emits only the robot app's own markup.
      bubble.innerHTML = drawMessage(r.type, r.message);
      bubble.dataset["kind"] = r.type;
      const kind = KINDS[r.type] ?? KINDS[DEFAULT_KIND];
      const app = kind.words[locale()].name;
      const level = sizeLevel(r.bytes, r.maxBytes);
      size.textContent = formatBytes(r.bytes, r.maxBytes, locale());
      size.className = `size ${level}`;
      meterBar.className = `meter-bar ${level}`;
      meterBar.style.width = `${Math.min(100, (r.bytes / r.maxBytes) * 100).toFixed(1)}%`;
      mount(
        notes,
        level === "over"
          ? h("p", { class: "warn" }, t("preview.over", app))
          : r.truncated
            ? h("p", { class: "warn" }, t("preview.shortened", app))
            : null,
        r.unmentionable.length > 0
          ? h(
              "p",
              { class: "warn", "data-testid": "unmentionable" },
              t("preview.cannotMention", app),
              r.unmentionable.map((m, i) => [
                i > 0 ? t("ui.listSeparator") : "",
                h("code", { translate: "no" }, m),
              ]),
              t("preview.leftOut"),
              kind.words[locale()].mentions,
            )
          : null,
        r.unknownVariables.length > 0
          ? h(
              "p",
              { class: "warn", "data-testid": "unknown-variables" },
              t("preview.unknownVariables"),
              r.unknownVariables.map((v, i) => [
                i > 0 ? t("ui.listSeparator") : "",
                h("code", { translate: "no" }, `\${${v}}`),
              ]),
            )
          : null,
      );
    } catch (e) {
      if (mine !== seq) return;
      // No stale message or size beside the error: the form, as it is, sends nothing yet.
      bubble.replaceChildren(h("p", { class: "muted", translate: "yes" }, t("preview.none")));
      delete bubble.dataset["kind"];
      size.textContent = t("preview.noSize");
      size.className = "size";
      meterBar.className = "meter-bar";
      meterBar.style.width = "0%";
      notes.replaceChildren(errorBox(e, { action: "preview" }));
    } finally {
      if (mine === seq) element.removeAttribute("aria-busy");
    }
  };
  return {
    element,
    setGroup(name, app) {
      if (name === "") chatTitle.replaceChildren(t("preview.group"));
      else {
        mount(
          chatTitle,
          around((n) => t("preview.groupOf", n, app), name),
        );
      }
    },
    schedule(body) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void run(body()), DEBOUNCE_MS);
    },
  };
}
