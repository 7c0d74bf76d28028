/**
 * Deliveries: the chart over time and the latest deliveries, both following the filters (robot, status,
 * pipeline name or glob) kept in the URL; each row with its run number and a relative time; dead letters
 * retried all at once.
 */

import type { Status } from "../../../src/pipeline/status.ts";
import { STATUSES } from "../../../src/pipeline/status.ts";
import { api } from "../api.ts";
import { deliveriesChart } from "../chart.ts";
import { h } from "../dom.ts";
import { stateKey, statusKey } from "../i18n/en.ts";
import { formatNumber, type Key, t } from "../i18n/index.ts";
import { hashQuery, hashWithQuery, routeHash } from "../router.ts";
import { DELIVERY_STATES, type DeliveryRecord } from "../types.ts";
import {
  busy,
  confirmDialog,
  data,
  emptyState,
  errorBox,
  field,
  page,
  stateBadge,
  statusRegion,
  when,
} from "../ui.ts";
import type { ViewContext } from "./robots.ts";

/** The list's and the chart's filters, kept in the URL (#/deliveries?state=dead&pipeline=web-*). */
const FILTER_KEYS = ["state", "credential", "pipeline"] as const;
const RANGES: ReadonlyArray<{ label: Key; seconds: number; bucket: number }> = [
  { label: "deliveries.lastHour", seconds: 3_600, bucket: 300 },
  { label: "deliveries.lastDay", seconds: 86_400, bucket: 3_600 },
  { label: "deliveries.lastWeek", seconds: 7 * 86_400, bucket: 86_400 },
];
const COLUMNS: readonly Key[] = [
  "deliveries.created",
  "deliveries.pipelineTask",
  "deliveries.run",
  "deliveries.event",
  "deliveries.robot",
  "deliveries.status",
  "deliveries.attempts",
];

/** A task status in words ("运行失败"); a word the service does not list stays as it came. */
export function statusWord(status: string): HTMLElement | string {
  return (STATUSES as readonly string[]).includes(status) ? t(statusKey(status as Status)) : data(status);
}
let range = 1;
const POLL_MS = 2_000;
const IDLE_POLL_MS = 5_000;

function row(d: DeliveryRecord & { run?: number }): HTMLElement {
  // data-label: the column's name, shown before each cell where rows become cards (phones).
  const [created, pipelineTask, run, event, robot, status, attempts] = COLUMNS.map((k) => t(k));
  return h(
    "tr",
    { "data-delivery": d.id, "data-state": d.state },
    h("td", { "data-label": created }, when(d.createdAt)),
    h(
      "td",
      { "data-label": pipelineTask },
      h("a", { href: routeHash("deliveries", d.id), translate: "no" }, `${d.pipeline} · ${d.task}`),
    ),
    h("td", { "data-label": run }, d.run === undefined ? t("ui.none") : data(`#${d.run}`)),
    h("td", { "data-label": event, "data-status": d.eventStatus }, statusWord(d.eventStatus)),
    h("td", { "data-label": robot }, data(d.credential)),
    h(
      "td",
      { "data-label": status },
      stateBadge(d.state),
      d.mergedInto
        ? [
            " ",
            h(
              "a",
              { href: routeHash("deliveries", d.mergedInto), class: "carried-by" },
              t("deliveries.inDigest"),
            ),
          ]
        : null,
    ),
    h("td", { "data-label": attempts }, formatNumber(d.attempts.length)),
  );
}

export async function deliveriesView(ctx: ViewContext): Promise<HTMLElement> {
  const query = hashQuery(location.hash);
  const filters: Record<(typeof FILTER_KEYS)[number], string> = {
    state: query["state"] ?? "",
    credential: query["credential"] ?? "",
    pipeline: query["pipeline"] ?? "",
  };
  const robots = await api.credentials().catch(() => []);
  const chartSlot = h("div", { class: "chart-slot" });
  const tbody = h("tbody");
  const more = h("div", { class: "actions" });
  const errors = h("div");
  const count = h("p", { class: "muted", role: "status", "aria-live": "polite" });
  const empty = h("div");
  const table = h(
    "table",
    { class: "deliveries" },
    h("caption", { class: "visually-hidden" }, t("deliveries.caption")),
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
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stateSel = h(
    "select",
    { name: "state" },
    h("option", { value: "" }, t("deliveries.anyStatus")),
    DELIVERY_STATES.map((s) => h("option", { value: s, selected: filters.state === s }, t(stateKey(s)))),
  );
  const robotSel = h(
    "select",
    { name: "credential" },
    h("option", { value: "" }, t("deliveries.anyRobot")),
    robots.map((r) =>
      h("option", { value: r.name, selected: filters.credential === r.name, translate: "no" }, r.name),
    ),
  );
  const pipelineIn = h("input", {
    name: "pipeline",
    type: "search",
    autocomplete: "off",
    value: filters.pipeline,
    spellcheck: "false",
  });
  const retryDead = h("button", { type: "button", class: "secondary", id: "retry-dead", hidden: true });
  const status = statusRegion();
  const rangeSel = h(
    "select",
    { name: "range" },
    RANGES.map((r, i) => h("option", { value: String(i), selected: i === range }, t(r.label))),
  );

  const loadChart = async () => {
    const r = RANGES[range] ?? RANGES[1]!;
    const since = new Date(Date.now() - r.seconds * 1000).toISOString();
    try {
      const width = Math.min(1100, Math.max(300, (chartSlot.clientWidth || window.innerWidth - 80) - 4));
      chartSlot.replaceChildren(
        deliveriesChart(await api.timeline(since, r.bucket, filters), r.bucket, width),
      );
    } catch (e) {
      chartSlot.replaceChildren(errorBox(e));
    }
  };
  let shownKey = "";
  let extraPages = false;
  /** `quiet`: a background look — redraws only when something changed, so focus and reading are kept. */
  const load = async (cursor?: string, quiet = false) => {
    if (timer !== undefined) clearTimeout(timer);
    if (!quiet) errors.replaceChildren();
    try {
      const page = await api.deliveries({ ...filters, limit: "50", cursor });
      if (cursor === undefined) {
        const key = page.items.map((d) => `${d.id}:${d.state}:${d.attempts.length}`).join(",");
        if (!quiet || key !== shownKey) {
          tbody.replaceChildren(...page.items.map(row));
          extraPages = false;
          if (quiet) void loadChart();
        }
        shownKey = key;
      } else {
        tbody.append(...page.items.map(row));
        extraPages = true;
      }
      const shown = tbody.children.length;
      count.textContent = shown === 0 ? t("deliveries.none") : t("deliveries.shown", shown);
      // No empty table: what is (not) there and what to do, as every view says it.
      const filtered = FILTER_KEYS.some((k) => filters[k] !== "");
      table.hidden = shown === 0;
      empty.replaceChildren(
        shown > 0
          ? ""
          : filtered
            ? emptyState(t("deliveries.noneMatch"))
            : emptyState(t("deliveries.noneYet"), t("deliveries.noneYetHint")),
      );
      // Bulk retry where it means something: dead letters are listed.
      retryDead.hidden = filters.state !== "dead" || shown === 0;
      retryDead.textContent = t("deliveries.retryDead");
      more.replaceChildren();
      if (page.next) {
        const next = page.next;
        const b = h("button", { type: "button", class: "secondary" }, t("deliveries.more"));
        b.addEventListener("click", () => void load(next));
        more.append(b);
      }
      // Keep the first page current while this page is shown: soon while something is on its way.
      if (!extraPages) {
        const inFlight = page.items.some((d) => d.state === "pending" || d.state === "sending");
        timer = setTimeout(
          () => {
            if (tbody.isConnected) void load(undefined, true);
          },
          inFlight ? POLL_MS : IDLE_POLL_MS,
        );
      }
    } catch (e) {
      errors.replaceChildren(errorBox(e, { action: "deliveries" }));
    }
  };
  const refresh = () => Promise.all([load(), loadChart()]);

  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("deliveries.filter") },
    field(t("deliveries.robot"), robotSel),
    field(t("deliveries.status"), stateSel),
    field(t("deliveries.pipeline"), pipelineIn, t("events.pipelineHint")),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, t("deliveries.apply")),
      h("button", { type: "button", class: "secondary", id: "refresh" }, t("deliveries.refresh")),
      retryDead,
    ),
  );
  const apply = () => {
    filters.state = stateSel.value;
    filters.credential = robotSel.value;
    filters.pipeline = pipelineIn.value.trim();
    // The URL carries the filters without re-rendering the page (focus stays in the form).
    history.replaceState(null, "", hashWithQuery(location.hash, filters));
    void refresh();
  };
  retryDead.addEventListener("click", async () => {
    if (!(await confirmDialog(t("deliveries.retryDeadConfirm"), t("deliveries.retryDeadButton")))) {
      retryDead.focus();
      return;
    }
    try {
      const body: Record<string, string> = {};
      if (filters.credential) body["credential"] = filters.credential;
      if (filters.pipeline) body["pipeline"] = filters.pipeline;
      const r = await busy(retryDead, () => api.retryDead(body));
      status.textContent = t("deliveries.retriedDead", r.retried);
      await refresh();
    } catch (e) {
      errors.replaceChildren(errorBox(e, { action: "delivery.retry" }));
    }
    retryDead.focus();
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    apply();
  });
  stateSel.addEventListener("change", apply);
  robotSel.addEventListener("change", apply);
  form.querySelector("#refresh")?.addEventListener("click", () => void refresh());
  rangeSel.addEventListener("change", () => {
    range = Number(rangeSel.value);
    void loadChart();
  });
  await refresh();
  void ctx;
  return page(
    t("deliveries.title"),
    h(
      "section",
      { class: "card", "aria-labelledby": "chart-heading" },
      h(
        "div",
        { class: "row chart-head" },
        h("h2", { id: "chart-heading" }, t("deliveries.overTime")),
        field(t("deliveries.range"), rangeSel),
      ),
      chartSlot,
    ),
    form,
    status,
    errors,
    count,
    empty,
    table,
    more,
  );
}
