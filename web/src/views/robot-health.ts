/**
 * A robot's health on its card: its state (ok, paused by its service until HH:MM and why, failing),
 * when it last sent, the deliveries waiting on it (linked to them), and a warning when another
 * credential sends to the same robot (they share one rate limit).
 */
import type { KindInfo } from "../../../src/channels/kinds.ts";
import { type Child, h } from "../dom.ts";
import { formatNumber, locale, t } from "../i18n/index.ts";
import { hashWithQuery } from "../router.ts";
import type { CredentialView, RobotView } from "../types.ts";
import { data, formatClock, when } from "../ui.ts";

/** "Paused by DingTalk until 14:05: …" or "Failing: …" (the robot's state, shared by its credentials). */
export function robotStateText(r: RobotView, info: KindInfo): string {
  const until = r.until ? formatClock(r.until) : "";
  if (r.state === "paused") return t("robots.statePaused", info.words[locale()].name, until, r.reason ?? "");
  return t("robots.stateFailing", until, r.reason ?? r.lastError ?? "");
}

/** The state, last sent and waiting rows of the card's facts. */
export function robotHealthFacts(robot: CredentialView, info: KindInfo): Child[] {
  const r = robot.robot;
  const waiting = robot.waiting ?? 0;
  return [
    r
      ? [
          h("dt", null, t("robots.state")),
          h(
            "dd",
            { class: "robot-health", "data-state": r.state },
            r.state === "ok"
              ? h("span", { class: "robot-state badge state-sent" }, t("robots.stateOk"))
              : [
                  h(
                    "span",
                    { class: `badge ${r.state === "paused" ? "state-sending" : "state-dead"}` },
                    t(r.state === "paused" ? "robots.badgePaused" : "robots.badgeFailing"),
                  ),
                  " ",
                  h("span", { class: "robot-state" }, robotStateText(r, info)),
                ],
          ),
          h("dt", null, t("robots.lastSent")),
          h("dd", { "data-fact": "last-sent" }, r.lastSentAt ? when(r.lastSentAt) : t("robots.neverSent")),
        ]
      : null,
    robot.waiting === undefined
      ? null
      : [
          h("dt", null, t("robots.waiting")),
          h(
            "dd",
            { "data-fact": "waiting" },
            waiting === 0
              ? t("robots.waitingNone")
              : h(
                  "a",
                  { href: hashWithQuery("#/deliveries", { credential: robot.name, state: "pending" }) },
                  t("robots.waitingCount", formatNumber(waiting)),
                ),
          ),
        ],
  ];
}

/** Under the facts: the credentials holding this robot's webhook too, and what that means. */
export function sharedRobotNote(robot: CredentialView): HTMLElement | null {
  const others = robot.sharedWith ?? [];
  if (others.length === 0) return null;
  return h(
    "p",
    { class: "warn shared-robot", role: "note" },
    t("robots.sharedBefore"),
    others.map((n, i) => [i > 0 ? t("ui.listSeparator") : "", data(t("ui.quoted", n))]),
    t("robots.sharedAfter", formatNumber(robot.rateLimit.messages), formatNumber(robot.rateLimit.perSeconds)),
  );
}
