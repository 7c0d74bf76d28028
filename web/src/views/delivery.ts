/** One delivery: the exact message sent (rendered and as JSON), DingTalk's answers per attempt, retry. */
import { drawMessage } from "../../../src/channels/draw.ts";
import { type ChannelKind, DEFAULT_KIND, KINDS } from "../../../src/channels/kinds.ts";
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { stateKey } from "../i18n/en.ts";
import { formatMs, formatNumber, type Key, locale, t } from "../i18n/index.ts";
import { deliveryErrorZh } from "../i18n/server-text.ts";
import { routeHash } from "../router.ts";
import type { DeliveryRecord } from "../types.ts";
import {
  around,
  busy,
  data,
  errorBox,
  fixLine,
  formatClock,
  formatTime,
  page,
  serverText,
  stateBadge,
  statusRegion,
} from "../ui.ts";
import { statusWord } from "./deliveries.ts";
import type { ViewContext } from "./robots.ts";

const POLL_MS = 2_000;

const ATTEMPT_COLUMNS: ReadonlyArray<Key | "#"> = [
  "#",
  "delivery.at",
  "delivery.duration",
  "delivery.answer",
  "delivery.error",
];

/**
 * A stored error ("code: message") in the console's language: its translation when the code is known,
 * else the service's English as it was stored.
 */
function storedError(
  text: string,
  fix?: string,
  kind?: ChannelKind,
): { message: Node | string; fix?: Node | string } {
  const zh = locale() === "en" ? undefined : deliveryErrorZh(text, fix, kind);
  if (zh) return zh;
  const english = locale() === "en" ? (s: string) => s : serverText;
  return { message: english(text), ...(fix === undefined ? {} : { fix: english(fix) }) };
}

function attemptsTable(d: DeliveryRecord): HTMLElement {
  if (d.attempts.length === 0) return h("p", { class: "muted" }, t("delivery.noAttempt"));
  const [n, at, duration, answer, error] = ATTEMPT_COLUMNS.map((c) => (c === "#" ? c : t(c)));
  return h(
    "table",
    { class: "attempts" },
    h("caption", { class: "visually-hidden" }, t("delivery.attempts")),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        [n, at, duration, answer, error].map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h(
      "tbody",
      null,
      d.attempts.map((a, i) =>
        h(
          "tr",
          null,
          h("td", { "data-label": n }, formatNumber(i + 1)),
          h("td", { "data-label": at }, formatTime(a.at)),
          h("td", { "data-label": duration }, formatMs(a.durationMs)),
          h(
            "td",
            { "data-label": answer },
            a.errcode !== undefined
              ? [
                  h("code", { translate: "no" }, `errcode ${a.errcode}`),
                  a.errmsg ? [" ", data(a.errmsg)] : "",
                ]
              : t("ui.none"),
          ),
          h(
            "td",
            { "data-label": error },
            a.error ? storedError(a.error, undefined, d.type).message : t("ui.none"),
          ),
        ),
      ),
    ),
  );
}

/**
 * "Waiting for the robot until 14:05: WeCom throttled it" — the robot's own service named — in the
 * reader's time zone and language.
 */
function waitingText(w: NonNullable<DeliveryRecord["waiting"]>, kind: ChannelKind | undefined): string {
  const until = formatClock(w.until);
  const app = KINDS[kind ?? DEFAULT_KIND].words[locale()].name;
  if (w.reason === "resend") return t("delivery.waitingResend", app);
  if (w.reason === "paused") return t("delivery.waitingPaused", app, until);
  return w.reason === "window" ? t("delivery.waitingWindow", until) : t("delivery.waitingBackoff", until);
}

/** What a digest carried: its own delivery and each merged one, failures first, with their runs' tasks. */
function carriedList(d: DeliveryRecord, carried: DeliveryRecord[]): HTMLElement {
  const all = [d, ...carried].sort(
    (a, b) => Number(b.eventStatus === "failure") - Number(a.eventStatus === "failure"),
  );
  return h(
    "section",
    { class: "card", "aria-labelledby": "carried-heading" },
    h("h2", { id: "carried-heading" }, t("delivery.carried")),
    h(
      "ul",
      { class: "carried" },
      all.map((c) =>
        h(
          "li",
          { "data-delivery": c.id, "data-status": c.eventStatus },
          h("a", { href: routeHash("deliveries", c.id), translate: "no" }, `${c.pipeline} · ${c.task}`),
          " ",
          statusWord(c.eventStatus),
          " · ",
          h("a", { href: routeHash("events", c.eventId) }, t("delivery.eventLink")),
        ),
      ),
    ),
  );
}

export async function deliveryView(ctx: ViewContext, id: string): Promise<HTMLElement> {
  let d: DeliveryRecord;
  let carried: DeliveryRecord[];
  try {
    [d, carried] = await Promise.all([
      api.delivery(id),
      api.deliveries({ mergedInto: id, limit: "500" }).then((p) => p.items),
    ]);
  } catch (e) {
    return page(
      t("delivery.titlePlain"),
      errorBox(e, { action: "delivery.load", name: id }),
      h("a", { href: "#/deliveries" }, t("delivery.back")),
    );
  }
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const errors = h("div");
  let retry: HTMLButtonElement | null = null;
  // "Send again" where it means something: a dead letter, or one message the group may want again — not a
  // digest (sending its own delivery again would not repeat what it carried).
  if (d.state === "dead" || (d.state === "sent" && carried.length === 0)) {
    const button = h(
      "button",
      { type: "button", id: "retry" },
      d.state === "dead" ? t("delivery.retry") : t("delivery.sendAgain"),
    );
    button.addEventListener("click", async () => {
      try {
        await busy(button, () => api.retryDelivery(d.id));
        ctx.navigate(routeHash("deliveries", d.id), t("delivery.queued"));
      } catch (e) {
        errors.replaceChildren(errorBox(e, { action: "delivery.retry", name: d.id }));
      }
    });
    retry = button;
  }
  // While it is on its way, look again shortly; re-render only when its state changed.
  if (d.state === "pending" || d.state === "sending") {
    const hash = routeHash("deliveries", d.id);
    const poll = () => {
      if (location.hash !== hash) return;
      api.delivery(d.id).then(
        (now) => {
          if (location.hash !== hash) return;
          if (now.state !== d.state) ctx.navigate(hash, t("delivery.nowState", t(stateKey(now.state))));
          else setTimeout(poll, POLL_MS);
        },
        () => setTimeout(poll, POLL_MS * 2),
      );
    };
    setTimeout(poll, POLL_MS);
  }
  const bubble = h("div", { class: "bubble", translate: "no" });
  if (d.message) bubble.innerHTML = drawMessage(d.type, d.message);
  const lastError = d.lastError ? storedError(d.lastError, d.fix, d.type) : undefined;
  return page(
    around((id) => t("delivery.title", id), d.id),
    h("p", null, h("a", { href: "#/deliveries" }, t("delivery.all"))),
    status,
    h(
      "section",
      { class: "card" },
      h("div", { class: "row" }, h("h2", null, t("delivery.status"), stateBadge(d.state)), retry),
      errors,
      lastError
        ? h(
            "div",
            { class: "error", role: "note" },
            h("p", { class: "error-message" }, lastError.message),
            lastError.fix ? fixLine(lastError.fix) : null,
          )
        : null,
      h(
        "dl",
        { class: "facts" },
        // A digest is about several tasks: its own event's pipeline and status would claim one of them.
        carried.length > 0
          ? [
              h("dt", null, t("delivery.digest")),
              h("dd", null, t("delivery.digestOf", carried.length + 1)),
              h("dt", null, t("delivery.event")),
              h("dd", null, h("a", { href: routeHash("events", d.eventId) }, t("delivery.whyEvent"))),
            ]
          : [
              h("dt", null, t("delivery.pipeline")),
              h("dd", null, data(d.pipeline)),
              h("dt", null, t("delivery.task")),
              h("dd", null, data(d.task)),
              h("dt", null, t("delivery.event")),
              h(
                "dd",
                { "data-status": d.eventStatus },
                statusWord(d.eventStatus),
                " · ",
                h("a", { href: routeHash("events", d.eventId) }, t("delivery.whyEvent")),
              ),
            ],
        h("dt", null, t("delivery.robot")),
        h("dd", null, data(d.credential)),
        h("dt", null, t("delivery.created")),
        h("dd", null, formatTime(d.createdAt)),
        h("dt", null, d.sentAt ? t("delivery.sent") : t("delivery.due")),
        h("dd", null, d.waiting ? waitingText(d.waiting, d.type) : formatTime(d.sentAt ?? d.runAt)),
        d.mergedInto
          ? [
              h("dt", null, t("delivery.mergedInto")),
              h(
                "dd",
                null,
                h("a", { href: routeHash("deliveries", d.mergedInto), translate: "no" }, d.mergedInto),
              ),
            ]
          : null,
      ),
    ),
    carried.length > 0 ? carriedList(d, carried) : null,
    h("section", { class: "card" }, h("h2", null, t("delivery.attempts")), attemptsTable(d)),
    h(
      "section",
      { class: "card" },
      h("h2", null, t("delivery.message")),
      d.message
        ? [
            h("div", { class: "chat compact" }, h("div", { class: "chat-body" }, bubble)),
            h(
              "details",
              null,
              h("summary", null, t("delivery.json")),
              h("pre", { class: "json", translate: "no" }, JSON.stringify(d.message, null, 2)),
            ),
          ]
        : h(
            "p",
            { class: "muted" },
            d.waiting ? `${waitingText(d.waiting, d.type)}.` : t("delivery.notComposed"),
          ),
    ),
  );
}
