/** One delivery: the exact message sent (rendered and as JSON), DingTalk's answers per attempt, retry. */
import { renderMessage } from "../../../src/dingtalk/render.ts";
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { routeHash } from "../router.ts";
import type { DeliveryRecord } from "../types.ts";
import { busy, errorBox, formatClock, formatTime, page, stateBadge, statusRegion } from "../ui.ts";
import type { ViewContext } from "./robots.ts";

const POLL_MS = 2_000;

function attemptsTable(d: DeliveryRecord): HTMLElement {
  if (d.attempts.length === 0) return h("p", { class: "muted" }, "No attempt yet.");
  return h(
    "table",
    { class: "attempts" },
    h("caption", { class: "visually-hidden" }, "Attempts"),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ["#", "At", "Duration", "DingTalk's answer", "Error"].map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h(
      "tbody",
      null,
      d.attempts.map((a, i) =>
        h(
          "tr",
          null,
          h("td", { "data-label": "#" }, String(i + 1)),
          h("td", { "data-label": "At" }, formatTime(a.at)),
          h("td", { "data-label": "Duration" }, `${a.durationMs} ms`),
          h(
            "td",
            { "data-label": "DingTalk's answer" },
            a.errcode !== undefined
              ? [h("code", null, `errcode ${a.errcode}`), a.errmsg ? ` ${a.errmsg}` : ""]
              : "—",
          ),
          h("td", { "data-label": "Error" }, a.error ?? "—"),
        ),
      ),
    ),
  );
}

/** "Waiting for the robot until 14:05 (DingTalk throttled it: …)", in the reader's time zone. */
function waitingText(w: NonNullable<DeliveryRecord["waiting"]>): string {
  return `Waiting for the robot until ${formatClock(w.until)} (${w.why})`;
}

export async function deliveryView(ctx: ViewContext, id: string): Promise<HTMLElement> {
  let d: DeliveryRecord;
  try {
    d = await api.delivery(id);
  } catch (e) {
    return page("Delivery", errorBox(e), h("a", { href: "#/deliveries" }, "Back to deliveries"));
  }
  const status = statusRegion();
  if (ctx.flash) status.textContent = ctx.flash;
  const errors = h("div");
  let retry: HTMLButtonElement | null = null;
  if (d.state === "dead" || d.state === "sent") {
    const button = h("button", { type: "button", id: "retry" }, d.state === "dead" ? "Retry" : "Send again");
    button.addEventListener("click", async () => {
      try {
        await busy(button, () => api.retryDelivery(d.id));
        ctx.navigate(routeHash("deliveries", d.id), "Queued again: it will be sent shortly.");
      } catch (e) {
        errors.replaceChildren(errorBox(e));
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
          if (now.state !== d.state) ctx.navigate(hash, `Status is now ${now.state}.`);
          else setTimeout(poll, POLL_MS);
        },
        () => setTimeout(poll, POLL_MS * 2),
      );
    };
    setTimeout(poll, POLL_MS);
  }
  const bubble = h("div", { class: "bubble" });
  if (d.message) bubble.innerHTML = renderMessage(d.message);
  return page(
    `Delivery ${d.id}`,
    h("p", null, h("a", { href: "#/deliveries" }, "← All deliveries")),
    status,
    h(
      "section",
      { class: "card" },
      h("div", { class: "row" }, h("h2", null, "Status ", stateBadge(d.state)), retry),
      errors,
      d.lastError
        ? h(
            "div",
            { class: "error", role: "note" },
            h("p", { class: "error-message" }, d.lastError),
            d.fix ? h("p", { class: "error-fix" }, h("strong", null, "Fix: "), d.fix) : null,
          )
        : null,
      h(
        "dl",
        { class: "facts" },
        h("dt", null, "Pipeline"),
        h("dd", null, d.pipeline),
        h("dt", null, "Task"),
        h("dd", null, d.task),
        h("dt", null, "Event"),
        h("dd", null, d.eventStatus),
        h("dt", null, "Robot"),
        h("dd", null, d.credential),
        h("dt", null, "Created"),
        h("dd", null, formatTime(d.createdAt)),
        h("dt", null, d.sentAt ? "Sent" : "Due"),
        h("dd", null, d.waiting ? waitingText(d.waiting) : formatTime(d.sentAt ?? d.runAt)),
        d.mergedInto
          ? [
              h("dt", null, "Merged into"),
              h("dd", null, h("a", { href: routeHash("deliveries", d.mergedInto) }, d.mergedInto)),
            ]
          : null,
      ),
    ),
    h("section", { class: "card" }, h("h2", null, "Attempts"), attemptsTable(d)),
    h(
      "section",
      { class: "card" },
      h("h2", null, "Message"),
      d.message
        ? [
            h("div", { class: "chat compact" }, h("div", { class: "chat-body" }, bubble)),
            h(
              "details",
              null,
              h("summary", null, "Exact JSON sent"),
              h("pre", { class: "json" }, JSON.stringify(d.message, null, 2)),
            ),
          ]
        : h("p", { class: "muted" }, d.waiting ? `${waitingText(d.waiting)}.` : "Not composed yet."),
    ),
  );
}
