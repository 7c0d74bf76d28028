/** The content items of the notification form: ticked and ordered, by mouse or keyboard, each move announced. */
import type { ContentItem } from "../../../src/notify/rule.ts";
import { type ContentState, move, toggle } from "../content-order.ts";
import { h } from "../dom.ts";
import { itemKey } from "../i18n/en.ts";
import { t } from "../i18n/index.ts";

export function contentList(
  state: ContentState,
  onChange: () => void,
  announce: (text: string) => void,
): HTMLElement {
  const list = h("ol", { class: "content-items" });
  const draw = (focus?: { item: ContentItem; dir: "up" | "down" | "check" }) => {
    list.replaceChildren(
      ...state.order.map((item, i) => {
        const id = `content-${item}`;
        const box = h("input", {
          type: "checkbox",
          id,
          name: "content",
          value: item,
          checked: state.ticked.has(item),
        });
        box.addEventListener("change", () => {
          const to = toggle(state, item, box.checked);
          draw({ item, dir: "check" });
          announce(t(box.checked ? "form.itemAdded" : "form.itemRemoved", label, to + 1));
          onChange();
        });
        const label = t(itemKey(item));
        const mover = (dir: "up" | "down") => {
          const disabled = dir === "up" ? i === 0 : i === state.order.length - 1;
          const b = h(
            "button",
            {
              type: "button",
              class: "icon",
              "data-move": dir,
              "aria-label": dir === "up" ? t("form.moveUp", label) : t("form.moveDown", label),
              title: dir === "up" ? t("form.moveUpTitle") : t("form.moveDownTitle"),
              disabled,
            },
            dir === "up" ? "↑" : "↓",
          );
          b.addEventListener("click", () => {
            const to = move(state, item, dir === "up" ? -1 : 1);
            draw({ item, dir });
            announce(t("form.moved", label, to + 1, state.order.length));
            onChange();
          });
          return b;
        };
        return h(
          "li",
          { "data-item": item },
          h(
            "span",
            { class: "check" },
            box,
            h("label", { for: id }, label, " ", h("code", { "aria-hidden": "true", translate: "no" }, item)),
          ),
          h("span", { class: "movers" }, mover("up"), mover("down")),
        );
      }),
    );
    if (focus) {
      const row = list.querySelector(`li[data-item="${focus.item}"]`);
      if (focus.dir === "check") {
        row?.querySelector<HTMLInputElement>("input")?.focus();
        return;
      }
      const wanted = row?.querySelector<HTMLButtonElement>(`button[data-move="${focus.dir}"]`);
      const other = row?.querySelector<HTMLButtonElement>(
        `button[data-move="${focus.dir === "up" ? "down" : "up"}"]`,
      );
      (wanted && !wanted.disabled ? wanted : other)?.focus();
    }
  };
  draw();
  return list;
}
