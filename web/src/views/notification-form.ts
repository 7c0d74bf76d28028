/**
 * The notification form, in the order of the Gitee pipeline's steps — robot, events, content
 * (ticked and ordered), custom content with ${VAR} autocompletion, @ mobiles or all — beside the
 * live preview, which re-renders as the user types.
 */

import { DEFAULT_KIND, KINDS } from "../../../src/channels/kinds.ts";
import type { ContentItem, MessageStyle, NotificationRule } from "../../../src/notify/rule.ts";
import { DEFAULT_CONTENT } from "../../../src/notify/rule.ts";
import {
  EVENT_NAMES,
  type EventName,
  STATUSES,
  type Status,
  statusOf,
} from "../../../src/pipeline/status.ts";
import { api } from "../api.ts";
import { attachAutocomplete } from "../complete.ts";
import { type ContentState, initialContent, move, selectedContent, toggle } from "../content-order.ts";
import { h, splitList } from "../dom.ts";
import { eventKey, itemKey } from "../i18n/en.ts";
import { locale, rich, t } from "../i18n/index.ts";
import { VARIABLES_ZH } from "../i18n/variables-zh.ts";
import { sampleEvent } from "../sample.ts";
import type { CredentialView, NotificationView, Variable } from "../types.ts";
import { busy, errorBox, field, page, serverText } from "../ui.ts";
import { previewPanel } from "./preview.ts";
import type { ViewContext } from "./robots.ts";

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
    return page(
      t("form.title"),
      errorBox(e, { action: "notification.load" }),
      h("a", { href: "#/notifications" }, t("form.back")),
    );
  }
  // The CI environment's variables the sample event carries (GITEE_PIPELINE_NAME…) complete too.
  for (const name of Object.keys(sampleEvent("success").variables ?? {})) {
    if (!variables.some((v) => v.name === name)) {
      variables.push({ name, description: t("form.ciVariable") });
    }
  }
  // The service describes its variables in English; the console has them in its other languages.
  const untranslated = new Set<string>();
  if (locale() !== "en") {
    variables = variables.map((v) => {
      const zh = VARIABLES_ZH[v.name];
      if (zh === undefined && v.description !== t("form.ciVariable")) untranslated.add(v.name);
      return zh === undefined ? v : { ...v, description: zh };
    });
  }
  const announcer = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });

  const credential = h(
    "select",
    { name: "credential", required: true },
    robots.length === 0 ? h("option", { value: "" }, t("form.noRobotOption")) : null,
    robots.map((r) =>
      h(
        "option",
        { value: r.name, selected: r.name === existing?.credential, translate: "no" },
        t("form.robotOption", r.name, (KINDS[r.type] ?? KINDS[DEFAULT_KIND]).words[locale()].name),
      ),
    ),
  );
  /** The chosen robot's kind: what the preview draws and what @ can mention. */
  const chosenKind = () => KINDS[robots.find((r) => r.name === credential.value)?.type ?? DEFAULT_KIND];
  const pipelines = h("input", {
    name: "pipelines",
    autocomplete: "off",
    value: existing?.pipelines?.join(", ") ?? "",
  });
  const tasks = h("input", { name: "tasks", autocomplete: "off", value: existing?.tasks?.join(", ") ?? "" });
  const events = new Set<EventName>(existing?.events ?? ["success", "failure"]);
  const eventBoxes = EVENT_NAMES.map((s) => {
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
      h(
        "label",
        { for: `event-${s}` },
        t(eventKey(s)),
        " ",
        h("code", { "aria-hidden": "true", translate: "no" }, s),
      ),
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
    h(
      "option",
      { value: "markdown", selected: (existing?.style ?? "markdown") === "markdown" },
      t("form.styleMarkdown"),
    ),
    h("option", { value: "action_card", selected: existing?.style === "action_card" }, t("form.styleCard")),
    // One card per run, changed in place: DingTalk app robots only (the service refuses it elsewhere).
    h("option", { value: "run_card", selected: existing?.style === "run_card" }, t("form.styleRunCard")),
  );
  const previewAs = h(
    "select",
    { name: "previewAs" },
    STATUSES.map((s) =>
      h("option", { value: s, selected: s === statusOf(existing?.events[0] ?? "failure") }, t(eventKey(s))),
    ),
  );

  const preview = previewPanel(field(t("form.previewAs"), previewAs, t("form.previewAsHint")));
  const rule = (): NotificationRule => {
    const p = splitList(pipelines.value);
    const t = splitList(tasks.value);
    const a = splitList(atInput.value);
    return {
      credential: credential.value,
      ...(p.length > 0 ? { pipelines: p } : {}),
      ...(t.length > 0 ? { tasks: t } : {}),
      events: EVENT_NAMES.filter((s) => events.has(s)),
      content: selectedContent(content),
      ...(custom.value.trim() !== "" ? { custom: custom.value } : {}),
      ...(a.length > 0 ? { at: a } : {}),
      style: style.value as MessageStyle,
    };
  };
  const atHint = h("span");
  const refresh = () => {
    const kind = chosenKind();
    const words = kind.words[locale()];
    preview.setGroup(credential.value, words.name);
    const what = [
      kind.mentions.mobiles ? t("form.atMobiles") : "",
      kind.mentions.userIds ? t("form.atOpenIds") : "",
      kind.mentions.all ? t("form.atAll") : "",
    ].filter((w) => w !== "");
    atHint.textContent = words.mentions + t("form.atHint", what.join(t("ui.listSeparator")));
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
  const submit = h("button", { type: "submit" }, existing ? t("form.save") : t("notifications.add"));
  const description = (v: Variable) => (untranslated.has(v.name) ? serverText(v.description) : v.description);
  const form = h(
    "form",
    { class: "card form", novalidate: true },
    h(
      "fieldset",
      null,
      h("legend", null, t("form.stepRobot")),
      field(
        t("form.robot"),
        credential,
        robots.length === 0
          ? rich(t("form.robotHintNone"), { link: (text) => h("a", { href: "#/robots/new" }, text) })
          : t("form.robotHint"),
      ),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, t("form.stepWhere")),
      field(t("form.pipelines"), pipelines, t("form.pipelinesHint")),
      field(t("form.tasks"), tasks, t("form.tasksHint")),
    ),
    h(
      "fieldset",
      { class: "checks" },
      h("legend", null, t("form.stepEvents")),
      h("p", { class: "hint" }, t("form.eventsHint")),
      eventBoxes,
    ),
    h(
      "fieldset",
      null,
      h("legend", null, t("form.stepContent")),
      h("p", { class: "hint" }, t("form.contentHint")),
      contentList(content, refresh, (t) => {
        announcer.textContent = t;
      }),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, t("form.stepCustom")),
      h(
        "div",
        { class: "field autocomplete" },
        h("label", { for: "custom" }, t("form.custom")),
        custom,
        completions,
        h(
          "p",
          { class: "hint", id: "custom-hint" },
          rich(t("form.customHint"), { code: (text) => h("code", { translate: "no" }, text) }),
        ),
      ),
      variables.length > 0
        ? h(
            "details",
            { class: "variables" },
            h("summary", null, t("form.knownVariables", variables.length)),
            h(
              "ul",
              null,
              variables.map((v) => {
                const b = h(
                  "button",
                  { type: "button", class: "link" },
                  h("code", { translate: "no" }, `\${${v.name}}`),
                );
                b.addEventListener("click", () => insertVariable(v.name));
                return h("li", null, b, " ", h("span", { class: "muted" }, description(v)));
              }),
            ),
          )
        : null,
      field(t("form.style"), style),
    ),
    h("fieldset", null, h("legend", null, t("form.stepAt")), field(t("form.at"), atInput, atHint)),
    errors,
    h(
      "div",
      { class: "actions" },
      submit,
      h("a", { class: "button secondary", href: "#/notifications" }, t("ui.cancel")),
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
      ctx.navigate("#/notifications", t("notifications.saved"));
    } catch (e) {
      errors.append(errorBox(e, { action: "notification.save" }));
      errors.querySelector<HTMLElement>("[role=alert]")?.focus();
    }
  });
  refresh();
  return page(
    existing ? t("form.editTitle") : t("form.addTitle"),
    announcer,
    h("div", { class: "editor" }, form, h("div", { class: "preview-column" }, preview.element)),
  );
}
