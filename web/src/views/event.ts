/**
 * One event: what came in (source, pipeline, run, task, status, branch, commit, when), each notification's
 * verdict — matched, or which of its conditions did not hold and why, in the console's words — and the
 * deliveries it made (a merged one linked to the digest that carried it).
 */

import { globMatch } from "../../../src/notify/rules.ts";
import { isTransition } from "../../../src/pipeline/status.ts";
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { statusKey } from "../i18n/en.ts";
import { t } from "../i18n/index.ts";
import { routeHash } from "../router.ts";
import type { EventDetail, NotificationVerdictView, NotificationView, RuleCheckView } from "../types.ts";
import { around, data, emptyState, errorBox, formatTime, page, stateBadge } from "../ui.ts";
import { statusWord } from "./deliveries.ts";
import { runCell, sourceWord } from "./events.ts";
import type { ViewContext } from "./robots.ts";

/**
 * A check in the console's words, from the notification's own settings (the service's reason is English).
 * Without the notification (deleted meanwhile) the service's reason is shown as it came.
 */
export function checkText(
  c: RuleCheckView,
  n: NotificationView | undefined,
  ev: EventDetail["event"],
  transition?: EventDetail["transition"],
): Node | string {
  if (!n) return data(c.reason);
  const sep = t("ui.listSeparator");
  if (c.field === "enabled") return t("event.check.off");
  if (c.field === "status") {
    if (n.events.length === 0) return t("event.check.noEvents");
    const events = n.events.map((s) => t(statusKey(s))).join(sep);
    // The transition (broke, fixed, still failing) counts for a notification that selects transitions.
    const named = transition !== undefined && n.events.some(isTransition);
    const status = named
      ? `${t(statusKey(ev.task.status))} (${t(statusKey(transition))})`
      : t(statusKey(ev.task.status));
    return t(c.ok ? "event.check.statusOk" : "event.check.statusNo", status, events);
  }
  const patterns = c.field === "pipeline" ? n.pipelines : n.tasks;
  const name = c.field === "pipeline" ? ev.pipeline.name : ev.task.name;
  const field = t(c.field === "pipeline" ? "event.check.pipeline" : "event.check.task");
  if (patterns === undefined) return t("event.check.every", field);
  if (patterns.length === 0) return t("event.check.emptyList", field);
  if (c.ok) {
    const hit = patterns.find((p) => globMatch(p, name)) ?? patterns[0]!;
    return t("event.check.matches", field, name, hit);
  }
  return t("event.check.noMatch", field, name, patterns.join(sep));
}

export function verdictItem(
  v: NotificationVerdictView,
  n: NotificationView | undefined,
  ev: EventDetail["event"],
  transition: EventDetail["transition"],
): HTMLElement {
  // Named after its name when it has one, and the robot it sends with.
  const to = around((c) => t("event.notificationTo", c), v.credential);
  const title = n?.name ? [data(n.name), " · ", to] : to;
  return h(
    "li",
    {
      class: `verdict ${v.matched ? "matched" : "unmatched"}`,
      "data-notification": v.id,
      "data-matched": String(v.matched),
    },
    h(
      "p",
      { class: "verdict-head" },
      h(
        "span",
        { class: `badge ${v.matched ? "state-sent" : "state-merged"}` },
        t(v.matched ? "event.matched" : "event.notMatched"),
      ),
      " ",
      h("a", { href: routeHash("notifications", v.id) }, title),
      v.deliveryId
        ? [" · ", h("a", { href: routeHash("deliveries", v.deliveryId) }, t("event.delivery", v.deliveryId))]
        : null,
    ),
    h(
      "ul",
      { class: "rule-checks" },
      v.checks.map((c) =>
        h(
          "li",
          { class: c.ok ? "ok" : "no", "data-field": c.field },
          h("span", { "aria-hidden": "true" }, c.ok ? "✓ " : "✗ "),
          h("span", { class: "visually-hidden" }, t(c.ok ? "event.holds" : "event.fails")),
          checkText(c, n, ev, transition),
        ),
      ),
    ),
    v.changedSince ? h("p", { class: "hint" }, t("event.changedSince")) : null,
  );
}

export async function eventView(ctx: ViewContext, id: string): Promise<HTMLElement> {
  let d: EventDetail;
  let notifications: NotificationView[];
  try {
    [d, notifications] = await Promise.all([api.event(id), api.notifications()]);
  } catch (e) {
    return page(
      t("event.titlePlain"),
      errorBox(e, { action: "event.load", name: id }),
      h("a", { href: "#/events" }, t("event.back")),
    );
  }
  void ctx;
  const ev = d.event;
  const byId = new Map(notifications.map((n) => [n.id, n]));
  const matched = d.notifications.filter((v) => v.matched);
  const commit = ev.source?.commit;
  return page(
    around((p) => t("event.title", p), `${ev.pipeline.displayName || ev.pipeline.name} · ${ev.task.name}`),
    h("p", null, h("a", { href: "#/events" }, t("event.all"))),
    h(
      "section",
      { class: "card" },
      h("h2", null, t("event.facts")),
      h(
        "dl",
        { class: "facts" },
        h("dt", null, t("events.source")),
        h("dd", null, sourceWord(d.source)),
        h("dt", null, t("events.pipeline")),
        h("dd", null, data(ev.pipeline.displayName || ev.pipeline.name)),
        h("dt", null, t("events.run")),
        h("dd", null, runCell(ev)),
        ev.stage ? [h("dt", null, t("item.stage")), h("dd", null, data(ev.stage.name))] : null,
        h("dt", null, t("events.task")),
        h("dd", null, data(ev.task.name)),
        h("dt", null, t("events.status")),
        h("dd", { "data-status": ev.task.status }, statusWord(ev.task.status)),
        d.transition
          ? [
              h("dt", null, t("event.transition")),
              h("dd", { "data-transition": d.transition }, t(statusKey(d.transition))),
            ]
          : null,
        ev.source?.branch ? [h("dt", null, t("item.branch")), h("dd", null, data(ev.source.branch))] : null,
        commit
          ? [
              h("dt", null, t("item.commit")),
              h(
                "dd",
                null,
                data(commit.sha.slice(0, 7), "code"),
                commit.message ? [" ", data(commit.message.split("\n")[0] ?? "")] : null,
              ),
            ]
          : null,
        h("dt", null, t("events.received")),
        h("dd", null, formatTime(d.receivedAt)),
      ),
      d.expanded ? null : h("p", { class: "hint", role: "note" }, t("event.notExpanded")),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "verdicts-heading" },
      h("h2", { id: "verdicts-heading" }, t("event.notifications")),
      d.notifications.length === 0
        ? emptyState(
            t("event.noNotifications"),
            h("a", { href: "#/notifications/new" }, t("notifications.add")),
          )
        : [
            h("p", { class: "muted" }, t("event.matchCount", matched.length, d.notifications.length)),
            h(
              "ul",
              { class: "verdicts" },
              [...matched, ...d.notifications.filter((v) => !v.matched)].map((v) =>
                verdictItem(v, byId.get(v.id), ev, d.transition),
              ),
            ),
          ],
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "event-deliveries-heading" },
      h("h2", { id: "event-deliveries-heading" }, t("event.deliveries")),
      d.deliveries.length === 0
        ? emptyState(t("event.noDeliveries"))
        : h(
            "ul",
            { class: "event-deliveries" },
            d.deliveries.map((dl) =>
              h(
                "li",
                { "data-delivery": dl.id },
                h("a", { href: routeHash("deliveries", dl.id) }, t("event.delivery", dl.id)),
                " → ",
                data(dl.credential),
                " ",
                stateBadge(dl.state),
                dl.mergedInto
                  ? [
                      " ",
                      h(
                        "a",
                        { href: routeHash("deliveries", dl.mergedInto), class: "carried-by" },
                        t("event.carriedBy", dl.mergedInto),
                      ),
                    ]
                  : null,
              ),
            ),
          ),
    ),
  );
}
