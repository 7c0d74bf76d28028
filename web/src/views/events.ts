/**
 * Events: every event the service accepted (the event trail), newest first — where it came from, its
 * pipeline, run, task and status, when — filtered by source, status and pipeline (a name or a glob like the
 * rules), page by page. The filters live in the URL (#/events?status=failure&pipeline=web-*), so a filtered
 * list can be bookmarked, shared and reloaded, and Back returns to it.
 */
import { STATUSES } from "../../../src/pipeline/status.ts";
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { statusKey } from "../i18n/en.ts";
import { type Key, t } from "../i18n/index.ts";
import { hashQuery, hashWithQuery, routeHash } from "../router.ts";
import type { EventRecord } from "../types.ts";
import { data, emptyState, errorBox, field, page, when } from "../ui.ts";
import { statusWord } from "./deliveries.ts";
import { eventCheck } from "./event-check.ts";
import type { ViewContext } from "./robots.ts";

/** Where events come from: the API and each CI's webhook receiver (the service's HOOK_SOURCES). */
export const EVENT_SOURCES = ["api", "github", "gitlab", "gitee", "yunxiao"] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
export const sourceKey = (s: EventSource) => `source.${s}` as const;
const FILTERS = ["source", "status", "pipeline"] as const;

const COLUMNS: readonly Key[] = [
  "events.received",
  "events.source",
  "events.pipeline",
  "events.run",
  "events.task",
  "events.status",
];

/** A source in words ("GitHub webhook"); an unknown one stays as it came. */
export function sourceWord(source: string): HTMLElement | string {
  return (EVENT_SOURCES as readonly string[]).includes(source)
    ? t(sourceKey(source as EventSource))
    : data(source);
}

/** "#42" linked to the run when the CI gave its address; "—" without a number. */
export function runCell(e: EventRecord["event"]): HTMLElement | string {
  const n = e.run?.number;
  if (n === undefined || !Number.isFinite(n)) return t("ui.none");
  const url = e.run?.url;
  return url && /^https?:\/\//.test(url)
    ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank", translate: "no" }, `#${n}`)
    : data(`#${n}`);
}

function row(r: EventRecord): HTMLElement {
  const [received, source, pipeline, run, task, status] = COLUMNS.map((k) => t(k));
  const e = r.event;
  return h(
    "tr",
    { "data-event": r.id, "data-status": e.task.status },
    h("td", { "data-label": received }, h("a", { href: routeHash("events", r.id) }, when(r.receivedAt))),
    h("td", { "data-label": source }, sourceWord(r.source)),
    h("td", { "data-label": pipeline }, data(e.pipeline.displayName || e.pipeline.name)),
    h("td", { "data-label": run }, runCell(e)),
    h("td", { "data-label": task }, data(e.task.name)),
    h("td", { "data-label": status, "data-status": e.task.status }, statusWord(e.task.status)),
  );
}

export async function eventsView(ctx: ViewContext): Promise<HTMLElement> {
  const filters = hashQuery(location.hash);
  const tbody = h("tbody");
  const more = h("div", { class: "actions" });
  const errors = h("div");
  const count = h("p", { class: "muted", role: "status", "aria-live": "polite" });
  const empty = h("div");
  const table = h(
    "table",
    { class: "deliveries events" },
    h("caption", { class: "visually-hidden" }, t("events.caption")),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        COLUMNS.map((c) => h("th", { scope: "col" }, t(c))),
      ),
    ),
    tbody,
  );

  const sourceSel = h(
    "select",
    { name: "source" },
    h("option", { value: "" }, t("events.anySource")),
    EVENT_SOURCES.map((s) => h("option", { value: s, selected: filters["source"] === s }, t(sourceKey(s)))),
  );
  const statusSel = h(
    "select",
    { name: "status" },
    h("option", { value: "" }, t("deliveries.anyStatus")),
    STATUSES.map((s) => h("option", { value: s, selected: filters["status"] === s }, t(statusKey(s)))),
  );
  const pipelineIn = h("input", {
    name: "pipeline",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    value: filters["pipeline"] ?? "",
  });

  const load = async (cursor?: string) => {
    errors.replaceChildren();
    try {
      const result = await api.events({ ...filters, limit: "50", cursor });
      if (cursor === undefined) tbody.replaceChildren(...result.items.map(row));
      else tbody.append(...result.items.map(row));
      const shown = tbody.children.length;
      table.hidden = shown === 0;
      const filtered = FILTERS.some((f) => filters[f]);
      empty.replaceChildren(
        shown > 0
          ? ""
          : filtered
            ? emptyState(t("events.noneMatch"))
            : emptyState(t("events.none"), t("events.noneHint")),
      );
      count.textContent = shown === 0 ? "" : t("events.shown", shown);
      more.replaceChildren();
      if (result.next) {
        const next = result.next;
        const b = h("button", { type: "button", class: "secondary", id: "more" }, t("deliveries.more"));
        b.addEventListener("click", async () => {
          const before = tbody.children.length;
          await load(next);
          // Keyboard users continue where the new rows begin.
          tbody.children[before]?.querySelector<HTMLElement>("a")?.focus();
        });
        more.append(b);
      }
    } catch (e) {
      table.hidden = true;
      errors.replaceChildren(errorBox(e, { action: "events" }));
    }
  };

  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("events.filter") },
    field(t("events.source"), sourceSel),
    field(t("events.status"), statusSel),
    field(t("events.pipeline"), pipelineIn, t("events.pipelineHint")),
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("deliveries.apply"))),
  );
  const apply = () => {
    filters["source"] = sourceSel.value;
    filters["status"] = statusSel.value;
    filters["pipeline"] = pipelineIn.value.trim();
    // The URL carries the filters without re-rendering the page (focus stays in the form).
    history.replaceState(null, "", hashWithQuery(location.hash, filters));
    void load();
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    apply();
  });
  sourceSel.addEventListener("change", apply);
  statusSel.addEventListener("change", apply);
  await load();
  void ctx;
  return page(
    t("events.title"),
    h("p", { class: "lead" }, t("events.lead")),
    form,
    errors,
    count,
    empty,
    table,
    more,
    eventCheck(),
  );
}
