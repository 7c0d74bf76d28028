/**
 * Autocompletion of `${VARIABLE}` references in the custom-content textarea: pure functions
 * (unit-tested) and the small listbox that uses them.
 */
import { h } from "./dom.ts";
import { t } from "./i18n/index.ts";
import type { Variable } from "./types.ts";

export interface CompletionContext {
  /** Index where the variable name being typed starts (just after `${`). */
  start: number;
  prefix: string;
}

/** When the caret sits right after `${` and a partial name, what is being typed. */
export function completionContext(text: string, caret: number): CompletionContext | undefined {
  const m = /\$\{([A-Za-z0-9_]*)$/.exec(text.slice(0, caret));
  if (!m) return undefined;
  const prefix = m[1] ?? "";
  return { start: caret - prefix.length, prefix };
}

/** Variables whose name starts with the prefix, then those containing it (case-insensitive). */
export function matchVariables(variables: readonly Variable[], prefix: string, limit = 8): Variable[] {
  const p = prefix.toUpperCase();
  const starts = variables.filter((v) => v.name.toUpperCase().startsWith(p));
  const contains = variables.filter(
    (v) => !v.name.toUpperCase().startsWith(p) && v.name.toUpperCase().includes(p),
  );
  return [...starts, ...contains].slice(0, limit);
}

/** Replaces the partial name with `name}`, not doubling a `}` already there; returns text and caret. */
export function applyCompletion(
  text: string,
  caret: number,
  ctx: CompletionContext,
  name: string,
): { text: string; caret: number } {
  const after = text.slice(caret).replace(/^[A-Za-z0-9_]*/, "");
  const close = after.startsWith("}") ? "" : "}";
  const head = text.slice(0, ctx.start) + name + close;
  return { text: head + after, caret: head.length + (close === "" ? 1 : 0) };
}

/**
 * Wires a listbox of matching variables to a textarea: it opens after `${`, ArrowUp/ArrowDown move,
 * Enter or Tab insert, Escape closes; a click inserts too. Returns the listbox element to place.
 */
export function attachAutocomplete(
  textarea: HTMLTextAreaElement,
  getVariables: () => readonly Variable[],
): HTMLElement {
  const listId = `${textarea.id || "custom"}-completions`;
  const list = h("ul", {
    id: listId,
    class: "completions",
    role: "listbox",
    "aria-label": t("form.variables"),
    hidden: true,
  });
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", listId);
  textarea.setAttribute("aria-expanded", "false");
  let items: Variable[] = [];
  let active = 0;
  let ctx: CompletionContext | undefined;

  const close = () => {
    list.hidden = true;
    items = [];
    ctx = undefined;
    textarea.setAttribute("aria-expanded", "false");
    textarea.removeAttribute("aria-activedescendant");
  };
  const draw = () => {
    list.replaceChildren(
      ...items.map((v, i) => {
        const li = h(
          "li",
          { id: `${listId}-${i}`, role: "option", "aria-selected": i === active ? "true" : "false" },
          h("code", { translate: "no" }, v.name),
          h("span", { class: "muted" }, v.description),
        );
        li.addEventListener("mousedown", (ev) => {
          ev.preventDefault();
          accept(i);
        });
        return li;
      }),
    );
    textarea.setAttribute("aria-activedescendant", `${listId}-${active}`);
  };
  const accept = (i: number) => {
    const v = items[i];
    if (!v || !ctx) return;
    const r = applyCompletion(textarea.value, textarea.selectionStart, ctx, v.name);
    textarea.value = r.text;
    textarea.setSelectionRange(r.caret, r.caret);
    close();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const update = () => {
    ctx =
      textarea.selectionStart === textarea.selectionEnd
        ? completionContext(textarea.value, textarea.selectionStart)
        : undefined;
    items = ctx ? matchVariables(getVariables(), ctx.prefix) : [];
    if (items.length === 0) {
      close();
      return;
    }
    active = Math.min(active, items.length - 1);
    list.hidden = false;
    textarea.setAttribute("aria-expanded", "true");
    draw();
  };
  textarea.addEventListener("input", update);
  textarea.addEventListener("click", update);
  textarea.addEventListener("blur", close);
  textarea.addEventListener("keydown", (ev) => {
    if (list.hidden) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      draw();
    } else if (ev.key === "Enter" || ev.key === "Tab") {
      ev.preventDefault();
      accept(active);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    }
  });
  return list;
}
