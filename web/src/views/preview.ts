/**
 * The live preview beside the notification form: POST /api/preview (debounced), the message drawn
 * the way the robot's app shows it (DingTalk, WeCom or Feishu) in a chat frame, its size against
 * that robot's limit, and the mentions that robot cannot make.
 */
import { drawMessage } from "../../../src/channels/draw.ts";
import { KINDS } from "../../../src/channels/kinds.ts";
import { api } from "../api.ts";
import { h, mount } from "../dom.ts";
import { formatBytes, sizeLevel } from "../size.ts";
import { errorBox } from "../ui.ts";

export interface PreviewPanel {
  element: HTMLElement;
  /** Asks for a new preview of this request body, after ~200 ms without further changes. */
  schedule: (body: () => unknown) => void;
  /** Names the chat after the robot that sends (and its app). */
  setGroup: (name: string, app?: string) => void;
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
      // drawMessage escapes every text it is given and emits only the robot app's own markup.
      bubble.innerHTML = drawMessage(r.type, r.message);
      bubble.dataset["kind"] = r.type;
      const app = KINDS[r.type]?.label ?? "the robot";
      const level = sizeLevel(r.bytes, r.maxBytes);
      size.textContent = formatBytes(r.bytes, r.maxBytes);
      size.className = `size ${level}`;
      meterBar.className = `meter-bar ${level}`;
      meterBar.style.width = `${Math.min(100, (r.bytes / r.maxBytes) * 100).toFixed(1)}%`;
      mount(
        notes,
        level === "over"
          ? h("p", { class: "warn" }, `Over ${app}'s limit: dingpipe will shorten the message to fit.`)
          : r.truncated
            ? h("p", { class: "warn" }, `Shortened to fit ${app}'s limit.`)
            : null,
        (r.unmentionable ?? []).length > 0
          ? h(
              "p",
              { class: "warn", "data-testid": "unmentionable" },
              `${app} cannot mention `,
              r.unmentionable.map((m, i) => [i > 0 ? ", " : "", h("code", null, m)]),
              ` (left out). ${r.mentionNote}`,
            )
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
    setGroup(name, app) {
      const where = app ? `${app} group` : "Group";
      chatTitle.textContent = name === "" ? `${where} chat` : `${where} of “${name}”`;
    },
    schedule(body) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void run(body()), DEBOUNCE_MS);
    },
  };
}
