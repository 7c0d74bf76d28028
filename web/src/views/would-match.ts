/**
 * "Which events would match?": the notification being edited — as it stands in the form, unsaved —
 * checked against the service's most recent events with the rules' own decision (notify's explainMatch,
 * the one the delivery engine and the event trail use). Each match links to its event; the other
 * events are summed up by the condition that failed first.
 */
import type { NotificationRule } from "../../../src/notify/rule.ts";
import { explainMatch } from "../../../src/notify/rules.ts";
import { api } from "../api.ts";
import { h, mount } from "../dom.ts";
import { t } from "../i18n/index.ts";
import { routeHash } from "../router.ts";
import type { EventRecord } from "../types.ts";
import { emptyState, errorBox, when } from "../ui.ts";
import { statusWord } from "./deliveries.ts";
import { runCell } from "./events.ts";

/** How many recent events are checked. */
export const RECENT_EVENTS = 100;
const SHOWN = 10;

/** The events a rule matches (its switch aside: it answers "would match when on"), and the misses by field. */
export function matchRecent(rule: NotificationRule, events: readonly EventRecord[]) {
  const on = { ...rule, enabled: true };
  const hits: EventRecord[] = [];
  const misses = { status: 0, pipeline: 0, task: 0 };
  for (const r of events) {
    const x = explainMatch(on, r.event, { transition: r.transition });
    if (x.matched) hits.push(r);
    else {
      const first = x.checks.find((c) => !c.ok)?.field;
      if (first === "status" || first === "pipeline" || first === "task") misses[first]++;
    }
  }
  return { hits, misses };
}

export function wouldMatchPanel(rule: () => NotificationRule): { element: HTMLElement; refresh: () => void } {
  const out = h("div", { class: "would-match-result", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "secondary" }, t("match.check"));
  let events: EventRecord[] | undefined;
  const draw = () => {
    if (events === undefined) return;
    if (events.length === 0) {
      mount(out, emptyState(t("match.noEvents"), t("match.noEventsHint")));
      return;
    }
    const r = rule();
    const { hits, misses } = matchRecent(r, events);
    mount(
      out,
      h("p", { "data-testid": "match-count" }, t("match.count", hits.length, events.length)),
      r.enabled === false ? h("p", { class: "hint" }, t("match.off")) : null,
      hits.length > 0
        ? h(
            "ul",
            { class: "match-list" },
            hits
              .slice(0, SHOWN)
              .map((e) =>
                h(
                  "li",
                  { "data-event": e.id },
                  h(
                    "a",
                    { href: routeHash("events", e.id), translate: "no" },
                    `${e.event.pipeline.name} · ${e.event.task.name}`,
                  ),
                  " ",
                  runCell(e.event),
                  " · ",
                  statusWord(e.event.task.status),
                  " · ",
                  when(e.receivedAt),
                ),
              ),
          )
        : null,
      hits.length > SHOWN ? h("p", { class: "muted" }, t("match.more", hits.length - SHOWN)) : null,
      hits.length < events.length
        ? h(
            "p",
            { class: "muted", "data-testid": "match-misses" },
            t("match.misses", misses.status, misses.pipeline, misses.task),
          )
        : null,
    );
  };
  button.addEventListener("click", async () => {
    button.disabled = true;
    mount(out, h("p", { class: "muted" }, t("ui.loading")));
    try {
      events = (await api.events({ limit: String(RECENT_EVENTS) })).items;
      draw();
    } catch (e) {
      mount(out, errorBox(e, { action: "events" }));
    } finally {
      button.disabled = false;
    }
  });
  const element = h(
    "section",
    { class: "would-match", "aria-labelledby": "would-match-title" },
    h("h2", { id: "would-match-title" }, t("match.title")),
    h("p", { class: "hint" }, t("match.hint", RECENT_EVENTS)),
    button,
    out,
  );
  // Once loaded, the answer follows the form as it is edited.
  return { element, refresh: draw };
}
