/**
 * The notification form, in the order of the Gitee pipeline's steps — robot, events, content
 * (ticked and ordered), custom content with ${VAR} autocompletion, @ mobiles or all — beside the
 * live preview, which re-renders as the user types.
 */
import { DEFAULT_KIND, KINDS } from "../../../src/channels/kinds.ts";
import type { ContentItem, MessageStyle, NotificationRule } from "../../../src/notify/rule.ts";
import { DEFAULT_CONTENT } from "../../../src/notify/rule.ts";
import { STATUSES, type Status } from "../../../src/pipeline/status.ts";
import { api } from "../api.ts";
import { attachAutocomplete } from "../complete.ts";
import {
  CONTENT_LABELS,
  type ContentState,
  initialContent,
  move,
  selectedContent,
  toggle,
} from "../content-order.ts";
import { h, splitList } from "../dom.ts";
import { sampleEvent } from "../sample.ts";
import type { CredentialView, NotificationView, Variable } from "../types.ts";
import { busy, errorBox, field, page } from "../ui.ts";
import { previewPanel } from "./preview.ts";
import type { ViewContext } from "./robots.ts";

const EVENT_LABELS: Record<Status, string> = {
  started: "Started",
  success: "Succeeded",
  failure: "Failed",
  cancelled: "Cancelled",
  skipped: "Skipped",
  waiting: "Waiting (for approval or a runner)",
};

function contentList(
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
          announce(`${label} ${box.checked ? "added" : "removed"}; now at position ${to + 1}.`);
          onChange();
        });
        const label = CONTENT_LABELS[item];
        const mover = (dir: "up" | "down") => {
          const disabled = dir === "up" ? i === 0 : i === state.order.length - 1;
          const b = h(
            "button",
            {
              type: "button",
              class: "icon",
              "data-move": dir,
              "aria-label": `Move ${label} ${dir}`,
              title: `Move ${dir}`,
              disabled,
            },
            dir === "up" ? "↑" : "↓",
          );
          b.addEventListener("click", () => {
            const to = move(state, item, dir === "up" ? -1 : 1);
            draw({ item, dir });
            announce(`${label} moved to position ${to + 1} of ${state.order.length}.`);
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
            h("label", { for: id }, label, " ", h("code", { "aria-hidden": "true" }, item)),
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

export async function notificationFormView(ctx: ViewContext, id: string | undefined): Promise<HTMLElement> {
  let existing: NotificationView | undefined;
  let robots: CredentialView[] = [];
  let variables: Variable[] = [];
  try {
    [existing, robots, variables] = await Promise.all([
      id === undefined ? Promise.resolve(undefined) : api.notification(id),
      api.credentials(),
      api.variables().catch(() => [] as Variable[]),
    ]);
  } catch (e) {
    return page("Notification", errorBox(e), h("a", { href: "#/notifications" }, "Back to notifications"));
  }
  // The CI environment's variables the sample event carries (GITEE_PIPELINE_NAME…) complete too.
  for (const name of Object.keys(sampleEvent("success").variables ?? {})) {
    if (!variables.some((v) => v.name === name)) {
      variables.push({ name, description: "from the CI environment (the preview's sample event sets it)" });
    }
  }
  const announcer = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });

  const credential = h(
    "select",
    { name: "credential", required: true },
    robots.length === 0 ? h("option", { value: "" }, "No robot yet") : null,
    robots.map((r) =>
      h(
        "option",
        { value: r.name, selected: r.name === existing?.credential },
        `${r.name} (${(KINDS[r.type] ?? KINDS[DEFAULT_KIND]).label})`,
      ),
    ),
  );
  /** The kind of the chosen robot: what the preview draws and what @ can mention. */
  const chosenKind = () => KINDS[robots.find((r) => r.name === credential.value)?.type ?? DEFAULT_KIND];
  const pipelines = h("input", {
    name: "pipelines",
    autocomplete: "off",
    value: existing?.pipelines?.join(", ") ?? "",
  });
  const tasks = h("input", { name: "tasks", autocomplete: "off", value: existing?.tasks?.join(", ") ?? "" });
  const events = new Set<Status>(existing?.events ?? ["success", "failure"]);
  const eventBoxes = STATUSES.map((s) => {
    const box = h("input", {
      type: "checkbox",
      id: `event-${s}`,
      name: "events",
      value: s,
      checked: events.has(s),
    });
    box.addEventListener("change", () => {
      if (box.checked) events.add(s);
      else events.delete(s);
      refresh();
    });
    return h(
      "div",
      { class: "check" },
      box,
      h("label", { for: `event-${s}` }, EVENT_LABELS[s], " ", h("code", { "aria-hidden": "true" }, s)),
    );
  });
  const content = initialContent(existing?.content ?? DEFAULT_CONTENT);
  const custom = h("textarea", {
    id: "custom",
    name: "custom",
    rows: "6",
    spellcheck: "false",
    value: existing?.custom ?? "",
  });
  const completions = attachAutocomplete(custom, () => variables);
  const insertVariable = (name: string) => {
    const at = custom.selectionStart ?? custom.value.length;
    const ref = `\${${name}}`;
    custom.value = custom.value.slice(0, at) + ref + custom.value.slice(custom.selectionEnd ?? at);
    custom.focus();
    custom.setSelectionRange(at + ref.length, at + ref.length);
    refresh();
  };
  const atInput = h("input", {
    name: "at",
    autocomplete: "off",
    inputmode: "text",
    value: existing?.at?.join(", ") ?? "",
  });
  const style = h(
    "select",
    { name: "style" },
    h("option", { value: "markdown", selected: existing?.style !== "action_card" }, "Markdown"),
    h(
      "option",
      { value: "action_card", selected: existing?.style === "action_card" },
      "Action card (with a button)",
    ),
  );
  const previewAs = h(
    "select",
    { name: "previewAs" },
    STATUSES.map((s) =>
      h("option", { value: s, selected: s === (existing?.events[0] ?? "failure") }, EVENT_LABELS[s]),
    ),
  );

  const preview = previewPanel(field("Preview as", previewAs, "The task state of the sample event."));
  const rule = (): NotificationRule => {
    const p = splitList(pipelines.value);
    const t = splitList(tasks.value);
    const a = splitList(atInput.value);
    return {
      credential: credential.value,
      ...(p.length > 0 ? { pipelines: p } : {}),
      ...(t.length > 0 ? { tasks: t } : {}),
      events: STATUSES.filter((s) => events.has(s)),
      content: selectedContent(content),
      ...(custom.value.trim() !== "" ? { custom: custom.value } : {}),
      ...(a.length > 0 ? { at: a } : {}),
      style: style.value as MessageStyle,
    };
  };
  const atHint = h("span");
  const refresh = () => {
    const kind = chosenKind();
    preview.setGroup(credential.value, kind.label);
    atHint.textContent = `${kind.mentions.note} Comma-separated: ${[
      kind.mentions.mobiles ? "mobile numbers" : "",
      kind.mentions.userIds ? "open_ids (ou_…)" : "",
      kind.mentions.all ? "or all" : "",
    ]
      .filter(Boolean)
      .join(", ")}.`;
    preview.schedule(() => {
      const r = rule();
      return {
        notification: r,
        type: kind.kind,
        event: sampleEvent(previewAs.value as Status, r.pipelines?.[0], r.tasks?.[0]),
      };
    });
  };

  const errors = h("div");
  const submit = h("button", { type: "submit" }, existing ? "Save notification" : "Add notification");
  const form = h(
    "form",
    { class: "card form", novalidate: true },
    h(
      "fieldset",
      null,
      h("legend", null, "1. Robot"),
      field(
        "Robot",
        credential,
        robots.length === 0
          ? ["No robot yet: ", h("a", { href: "#/robots/new" }, "add one"), " first."]
          : "The group robot (credential) that sends the message.",
      ),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "2. Pipelines and tasks"),
      field(
        "Pipelines",
        pipelines,
        "Pipeline names or patterns (web-*), comma-separated; empty means every pipeline.",
      ),
      field("Tasks", tasks, "Task names or patterns, comma-separated; empty means every task."),
    ),
    h(
      "fieldset",
      { class: "checks" },
      h("legend", null, "3. Events"),
      h("p", { class: "hint" }, "When the task enters one of these states, the group gets a message."),
      eventBoxes,
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "4. Content"),
      h(
        "p",
        { class: "hint" },
        "Ticked run facts are added to the message, in this order (ticked ones stay on top). Use ↑ ↓ to reorder.",
      ),
      contentList(content, refresh, (t) => {
        announcer.textContent = t;
      }),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "5. Custom content"),
      h(
        "div",
        { class: "field autocomplete" },
        h("label", { for: "custom" }, "Custom content"),
        custom,
        completions,
        h(
          "p",
          { class: "hint", id: "custom-hint" },
          "DingTalk markdown (# title, **bold**, [link](url), > quote, - list), converted for WeCom and Feishu. Type ",
          h("code", null, "${"),
          " for variables such as ",
          h("code", null, `\${GITEE_PIPELINE_NAME}`),
          ".",
        ),
      ),
      variables.length > 0
        ? h(
            "details",
            { class: "variables" },
            h("summary", null, `Known variables (${variables.length})`),
            h(
              "ul",
              null,
              variables.map((v) => {
                const b = h("button", { type: "button", class: "link" }, h("code", null, `\${${v.name}}`));
                b.addEventListener("click", () => insertVariable(v.name));
                return h("li", null, b, " ", h("span", { class: "muted" }, v.description));
              }),
            ),
          )
        : null,
      field("Style", style),
    ),
    h("fieldset", null, h("legend", null, "6. @ mentions"), field("@ mentions", atInput, atHint)),
    errors,
    h(
      "div",
      { class: "actions" },
      submit,
      h("a", { class: "button secondary", href: "#/notifications" }, "Cancel"),
    ),
  );
  custom.setAttribute("aria-describedby", "custom-hint");
  form.addEventListener("input", (ev) => {
    if (ev.target !== previewAs) refresh();
  });
  form.addEventListener("change", refresh);
  previewAs.addEventListener("change", refresh);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    try {
      const body = rule();
      if (existing) await busy(submit, () => api.updateNotification(existing.id, body));
      else await busy(submit, () => api.createNotification(body));
      ctx.navigate("#/notifications", "Notification saved.");
    } catch (e) {
      errors.append(errorBox(e));
      errors.querySelector<HTMLElement>("[role=alert]")?.focus();
    }
  });
  refresh();
  return page(
    existing ? "Edit notification" : "Add notification",
    announcer,
    h("div", { class: "editor" }, form, h("div", { class: "preview-column" }, preview.element)),
  );
}
