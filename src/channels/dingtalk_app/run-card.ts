/**
 * A run card as this kind sends it: the StandardCard of src/runs/standard-card.ts, measured like a
 * rendered message. `eventRunCard` draws the card of a run known from one event only — what a pipeline
 * step (which keeps no run state) and the console's preview can show: the run's header and that event's task.
 */
import type { MessageLocale } from "../../notify/i18n/index.ts";
import type { PipelineEvent } from "../../pipeline/event.ts";
import { type RunCard, runCard } from "../../runs/card.ts";
import { renderStandardCard } from "../../runs/standard-card.ts";
import { applyEvent, newRun, runKeyOf } from "../../runs/state.ts";
import type { Rendered } from "../channel.ts";

export function renderRunCard(card: RunCard): Rendered {
  const body = renderStandardCard(card);
  const bytes = Buffer.byteLength(JSON.stringify(body), "utf8");
  return { body, type: "StandardCard", bytes, maxBytes: bytes, truncated: false, unmentionable: [] };
}

/**
 * The card of `event`'s run as that event alone shows it, worded in `locale` (the notification's), or
 * undefined when the event names no run.
 */
export function eventRunCard(
  source: string,
  event: PipelineEvent,
  scope: string,
  locale?: MessageLocale,
  now = new Date(),
): { cardBizId: string; rendered: Rendered } | undefined {
  const key = runKeyOf(source, event);
  if (key === undefined) return undefined;
  const at = now.toISOString();
  const fresh = newRun(source, event, at);
  const card = runCard(key, applyEvent(fresh, event, "event", at) ?? fresh, scope, locale);
  return { cardBizId: card.cardBizId, rendered: renderRunCard(card) };
}
