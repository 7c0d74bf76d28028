/**
 * The notification form, in the order of the Gitee pipeline's steps — name, switch and robot, events,
 * content (ticked and ordered), custom content with ${VAR} autocompletion and a warning for unknown
 * variables, @ mobiles or all — beside the live preview, which re-renders as the user types. The
 * service's errors go beside their fields; leaving with unsaved changes asks first; a saved notification
 * can send a test; the rule as edited is checked against recent events.
 */

import { DEFAULT_KIND, KINDS } from "../../../src/channels/kinds.ts";
import type { MessageStyle, NotificationRule } from "../../../src/notify/rule.ts";
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
import { initialContent, selectedContent } from "../content-order.ts";
import { h, splitList } from "../dom.ts";
import { clearFieldErrors, showFieldErrors } from "../field-errors.ts";
import { eventKey } from "../i18n/en.ts";
import { locale, rich, t } from "../i18n/index.ts";
import { setLeaveGuard } from "../leave-guard.ts";
import { hashQuery } from "../router.ts";
import { sampleEvent } from "../sample.ts";
import type { CredentialView, NotificationView, Variable } from "../types.ts";
import { busy, confirmDialog, emptyState, errorBox, field, page, savedNotes } from "../ui.ts";
import { contentList } from "./content-list.ts";
import { describeVariables, unknownVariablesNote } from "./form-variables.ts";
import { testNotificationControl } from "./notification-test.ts";
import { previewPanel } from "./preview.ts";
import type { ViewContext } from "./robots.ts";
import { wouldMatchPanel } from "./would-match.ts";

export async function notificationFormView(ctx: ViewContext, id: string | undefined): Promise<HTMLElement> {
  let existing: NotificationView | undefined;
  /** What the form starts from: the notification edited, or the one duplicated (#/notifications/new?from=7). */
  let start: NotificationView | undefined;
  let robots: CredentialView[] = [];
  let variables: Variable[] = [];
  const from = id === undefined ? hashQuery(location.hash)["from"] : undefined;
  try {
    [start, robots, variables] = await Promise.all([
      id !== undefined ? api.notification(id) : from !== undefined ? api.notification(from) : undefined,
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
  if (id !== undefined) existing = start;
  else if (start !== undefined) {
    // A duplicate: the same settings under a new name, switched off until it is saved and looked at.
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = start;
    start = { ...rest, id: "", name: t("form.copyName", start.name ?? start.credential), enabled: false };
  }
  const catalogue = describeVariables(variables);
  variables = catalogue.variables;
  const announcer = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });

  const name = h("input", {
    name: "name",
    autocomplete: "off",
    maxlength: "100",
    value: start?.name ?? "",
    placeholder: t("form.namePlaceholder"),
  });
  const enabled = h("input", {
    type: "checkbox",
    id: "enabled",
    name: "enabled",
    role: "switch",
    checked: start?.enabled !== false,
  });
  const credential = h(
    "select",
    { name: "credential", required: true },
    robots.length === 0 ? h("option", { value: "" }, t("form.noRobotOption")) : null,
    robots.map((r) =>
      h(
        "option",
        { value: r.name, selected: r.name === start?.credential, translate: "no" },
        t("form.robotOption", r.name, (KINDS[r.type] ?? KINDS[DEFAULT_KIND]).words[locale()].name),
      ),
    ),
  );
  /** The chosen robot's kind: what the preview draws and what @ can mention. */
  const chosenKind = () => KINDS[robots.find((r) => r.name === credential.value)?.type ?? DEFAULT_KIND];
  const pipelines = h("input", {
    name: "pipelines",
    autocomplete: "off",
    value: start?.pipelines?.join(", ") ?? "",
  });
  const tasks = h("input", { name: "tasks", autocomplete: "off", value: start?.tasks?.join(", ") ?? "" });
  const events = new Set<EventName>(start?.events ?? ["success", "failure"]);
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
  const content = initialContent(start?.content ?? DEFAULT_CONTENT);
  const contentItems = contentList(
    content,
    () => refresh(),
    (text) => {
      announcer.textContent = text;
    },
  );
  const custom = h("textarea", {
    id: "custom",
    name: "custom",
    rows: "6",
    spellcheck: "false",
    value: start?.custom ?? "",
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
    value: start?.at?.join(", ") ?? "",
  });
  const style = h(
    "select",
    { name: "style" },
    h(
      "option",
      { value: "markdown", selected: (start?.style ?? "markdown") === "markdown" },
      t("form.styleMarkdown"),
    ),
    h("option", { value: "action_card", selected: start?.style === "action_card" }, t("form.styleCard")),
    // One card per run, changed in place: DingTalk app robots only (the service refuses it elsewhere).
    h("option", { value: "run_card", selected: start?.style === "run_card" }, t("form.styleRunCard")),
  );
  const messageLocale = h(
    "select",
    { name: "locale" },
    h("option", { value: "", selected: start?.locale === undefined }, t("form.localeDefault")),
    h("option", { value: "zh-CN", selected: start?.locale === "zh-CN" }, t("form.localeZh")),
    h("option", { value: "en", selected: start?.locale === "en" }, t("form.localeEn")),
  );
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const timezone = h("input", {
    name: "timezone",
    autocomplete: "off",
    spellcheck: "false",
    translate: "no",
    placeholder: "Asia/Shanghai",
    list: "timezones",
    value: start?.timezone ?? "",
  });
  const zones = h(
    "datalist",
    { id: "timezones" },
    [
      ...new Set([
        browserZone,
        "Asia/Shanghai",
        "Asia/Hong_Kong",
        "Asia/Taipei",
        "Asia/Singapore",
        "Asia/Tokyo",
        "UTC",
      ]),
    ].map((z) => h("option", { value: z })),
  );
  const previewAs = h(
    "select",
    { name: "previewAs" },
    STATUSES.map((s) =>
      h("option", { value: s, selected: s === statusOf(start?.events[0] ?? "failure") }, t(eventKey(s))),
    ),
  );

  const preview = previewPanel(field(t("form.previewAs"), previewAs, t("form.previewAsHint")));
  const rule = (): NotificationRule => {
    const p = splitList(pipelines.value);
    const t = splitList(tasks.value);
    const a = splitList(atInput.value);
    return {
      ...(name.value.trim() !== "" ? { name: name.value.trim() } : {}),
      enabled: enabled.checked,
      credential: credential.value,
      ...(p.length > 0 ? { pipelines: p } : {}),
      ...(t.length > 0 ? { tasks: t } : {}),
      events: EVENT_NAMES.filter((s) => events.has(s)),
      content: selectedContent(content),
      ...(custom.value.trim() !== "" ? { custom: custom.value } : {}),
      ...(a.length > 0 ? { at: a } : {}),
      style: style.value as MessageStyle,
      ...(messageLocale.value === "zh-CN" || messageLocale.value === "en"
        ? { locale: messageLocale.value }
        : {}),
      ...(timezone.value.trim() !== "" ? { timezone: timezone.value.trim() } : {}),
    };
  };
  const atHint = h("span");
  const unknown = unknownVariablesNote(variables, () => [custom.value, ...splitList(atInput.value)]);
  const unknownNote = unknown.element;
  const unknownVariables = unknown.names;
  const drawUnknown = unknown.draw;
  const match = wouldMatchPanel(() => rule());
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
    drawUnknown();
    match.refresh();
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
  const description = catalogue.description;
  const tester =
    existing === undefined
      ? undefined
      : testNotificationControl(
          existing.id,
          existing.credential,
          robots.find((r) => r.name === existing.credential),
          () => previewAs.value as Status,
        );
  const eventsFieldset = h(
    "fieldset",
    { class: "checks" },
    h("legend", null, t("form.stepEvents")),
    h("p", { class: "hint" }, t("form.eventsHint")),
    eventBoxes,
  );
  const contentFieldset = h(
    "fieldset",
    null,
    h("legend", null, t("form.stepContent")),
    h("p", { class: "hint" }, t("form.contentHint")),
    contentItems,
  );
  const form = h(
    "form",
    { class: "card form", novalidate: true },
    robots.length === 0
      ? emptyState(
          t("form.noRobotYet"),
          rich(t("form.robotHintNone"), { link: (text) => h("a", { href: "#/robots/new" }, text) }),
        )
      : null,
    h(
      "fieldset",
      null,
      h("legend", null, t("form.stepRobot")),
      field(t("form.name"), name, t("form.nameHint")),
      h(
        "div",
        { class: "field switch-field" },
        h("span", { class: "check" }, enabled, h("label", { for: "enabled" }, t("form.enabled"))),
        h("p", { class: "hint", id: "enabled-hint" }, t("form.enabledHint")),
      ),
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
    eventsFieldset,
    contentFieldset,
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
        unknownNote,
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
      field(t("form.locale"), messageLocale, t("form.localeHint")),
      field(t("form.timezone"), timezone, t("form.timezoneHint", browserZone)),
      zones,
    ),
    h("fieldset", null, h("legend", null, t("form.stepAt")), field(t("form.at"), atInput, atHint)),
    errors,
    h(
      "div",
      { class: "actions" },
      submit,
      tester?.button,
      h("a", { class: "button secondary", href: "#/notifications" }, t("ui.cancel")),
    ),
    tester ? h("p", { class: "hint" }, t("form.testHint")) : null,
    tester?.result,
  );
  enabled.setAttribute("aria-describedby", "enabled-hint");
  custom.setAttribute("aria-describedby", "custom-unknown custom-hint");
  form.addEventListener("input", (ev) => {
    if (ev.target !== previewAs) refresh();
  });
  form.addEventListener("change", refresh);
  previewAs.addEventListener("change", refresh);
  // Leaving with unsaved changes asks first (a duplicate is unsaved from the start).
  const saved = () => JSON.stringify(rule());
  let clean = start !== undefined && id === undefined ? "" : saved();
  setLeaveGuard(() => saved() !== clean);
  /** Where each of the service's error paths goes. */
  const firstBox = (set: HTMLElement) => set.querySelector<HTMLElement>("input") ?? set;
  const slots = {
    name: { control: name },
    enabled: { control: enabled },
    credential: { control: credential },
    pipelines: { control: pipelines },
    tasks: { control: tasks },
    events: { control: firstBox(eventsFieldset), after: eventsFieldset.querySelector("legend") ?? undefined },
    content: {
      control: firstBox(contentFieldset),
      after: contentFieldset.querySelector("legend") ?? undefined,
    },
    custom: { control: custom },
    at: { control: atInput },
    style: { control: style },
  };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    clearFieldErrors(form);
    const unknown = unknownVariables();
    if (
      unknown.length > 0 &&
      !(await confirmDialog(t("form.unknownConfirm", unknown.join(", ")), t("form.saveAnyway")))
    ) {
      custom.focus();
      return;
    }
    try {
      const body = rule();
      const answer = existing
        ? await busy(submit, () => api.updateNotification(existing.id, body))
        : await busy(submit, () => api.createNotification(body));
      clean = saved();
      // Saved, with what to know (an @ entry its robot cannot mention).
      const notes = savedNotes(answer.warnings);
      ctx.navigate("#/notifications", `${t("notifications.saved")}${notes}`);
    } catch (e) {
      errors.append(errorBox(e, { action: "notification.save" }));
      // Beside each field it concerns (focused); otherwise the box under the form takes the focus.
      if (showFieldErrors(form, e, slots) === 0) errors.querySelector<HTMLElement>("[role=alert]")?.focus();
    }
  });
  refresh();
  return page(
    existing ? t("form.editTitle") : start !== undefined ? t("form.copyTitle") : t("form.addTitle"),
    announcer,
    h(
      "div",
      { class: "editor" },
      h("div", { class: "form-column" }, form, h("div", { class: "card" }, match.element)),
      h("div", { class: "preview-column" }, preview.element),
    ),
  );
}
