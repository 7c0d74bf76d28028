/**
 * The live preview beside the notification form: POST /api/preview (debounced), the message
 * rendered as DingTalk shows it in a chat frame, and the body size against DingTalk's limit.
 */
import { renderMessage } from "../../../src/dingtalk/render.ts";
import { api } from "../api.ts";
import { h, mount } from "../dom.ts";
import { formatBytes, sizeLevel } from "../size.ts";
import { errorBox } from "../ui.ts";

export interface PreviewPanel {
  element: HTMLElement;
  /** Asks for a new preview of this request body, after ~200 ms without further changes. */
  schedule: (body: () => unknown) => void;
  /** Names the chat after the robot that sends. */
  setGroup: (name: string) => void;
}

const DEBOUNCE_MS = 200;

/** `controls` (the "preview as" choice) sit under the heading. */
export function previewPanel(controls?: HTMLElement): PreviewPanel {
  const chatTitle = h("span", { class: "chat-title" }, "Group chat");
  const bubble = h("div", { class: "bubble", "data-testid": "preview-message" });
  const meterBar = h("div", { class: "meter-bar" });
  const size = h("p", { class: "size", "data-testid": "preview-bytes" }, "…");
  const notes = h("div", { class: "preview-notes", "aria-live": "polite" });
  const element = h(
    "aside",
    { class: "preview", "aria-label": "Live preview" },
    h("h2", null, "Live preview"),
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
          h("div", { class: "avatar", "aria-hidden": "true" }, "dp"),
          h("div", { class: "chat-msg" }, h("div", { class: "sender" }, "dingpipe robot"), bubble),
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
      // renderMessage escapes every text it is given and emits only DingTalk's markdown subset.
      bubble.innerHTML = renderMessage(r.message);
      const level = sizeLevel(r.bytes, r.maxBytes);
      size.textContent = formatBytes(r.bytes, r.maxBytes);
      size.className = `size ${level}`;
      meterBar.className = `meter-bar ${level}`;
      meterBar.style.width = `${Math.min(100, (r.bytes / r.maxBytes) * 100).toFixed(1)}%`;
      mount(
        notes,
        level === "over"
          ? h("p", { class: "warn" }, "Over DingTalk's limit: dingpipe will shorten the message to fit.")
          : null,
        r.unknownVariables.length > 0
          ? h(
              "p",
              { class: "warn", "data-testid": "unknown-variables" },
              "Unknown variables (not set by the sample event): ",
              r.unknownVariables.map((v, i) => [i > 0 ? ", " : "", h("code", null, `\${${v}}`)]),
            )
          : null,
      );
    } catch (e) {
      if (mine !== seq) return;
      notes.replaceChildren(errorBox(e));
    } finally {
      if (mine === seq) element.removeAttribute("aria-busy");
    }
  };
  return {
    element,
    setGroup(name) {
      chatTitle.textContent = name === "" ? "Group chat" : `Group of “${name}”`;
    },
    schedule(body) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void run(body()), DEBOUNCE_MS);
    },
  };
}
