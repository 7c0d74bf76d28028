/**
 * Run card rows as both dialects read and write them (src/delivery/card-store.ts): the row → record
 * mapping and which rule and event make a card. Pure.
 */
import type { CardRecord, CardState, DueCard, FinishCard } from "../delivery/card-store.ts";
import { isMessageLocale } from "../notify/i18n/index.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { cardBizIdFor } from "../runs/card.ts";
import { runKeyOf } from "../runs/state.ts";
import { json, num, type Row } from "./rows.ts";
import type { NotificationRecord } from "./store.ts";

/** The card row a matching rule wants for an event, or undefined when it is a message (no run_card, no run). */
export function cardFor(
  source: string,
  event: PipelineEvent,
  rule: NotificationRecord,
  robot: string,
): { cardBizId: string; runKey: string } | undefined {
  if (rule.style !== "run_card") return undefined;
  const runKey = runKeyOf(source, event);
  if (runKey === undefined) return undefined;
  // One card per run and group: `robot` is the credential's robot key (app, robot code and group,
  // hashed), so two credentials on one group keep one card; the credential's name before it has one.
  return { cardBizId: cardBizIdFor(runKey, robot), runKey };
}

export function toCard(r: Row): CardRecord {
  const card: CardRecord = {
    cardBizId: String(r["card_biz_id"]),
    notificationId: String(r["notification_id"]),
    credential: String(r["credential"]),
    runKey: String(r["run_key"]),
    wanted: num(r["wanted_version"]),
    shown: num(r["shown_version"]),
    created: Boolean(num(r["created"])),
    sendUncertain: Boolean(num(r["send_uncertain"])),
    state: String(r["state"]) as CardState,
    tries: num(r["tries"]),
    runAt: num(r["run_at"]),
    createdAt: num(r["created_at"]),
    updatedAt: num(r["updated_at"]),
  };
  if (r["last_error"] !== null && r["last_error"] !== undefined) card.lastError = String(r["last_error"]);
  if (r["fix"] !== null && r["fix"] !== undefined) card.fix = String(r["fix"]);
  if (r["sent_at"] !== null && r["sent_at"] !== undefined) card.sentAt = num(r["sent_at"]);
  return card;
}

/**
 * The values of both dialects' finishCard UPDATE, in its parameter order: created, send_uncertain,
 * shown_version, state, tries, run_at, last_error, fix, sent_at, updated_at, then the WHERE's
 * card_biz_id and lease_owner.
 */
export function finishCardValues(f: FinishCard): Array<string | number | null> {
  return [
    f.row.created ? 1 : 0,
    f.row.sendUncertain ? 1 : 0,
    f.row.shown,
    f.state,
    f.tries,
    f.runAt,
    f.lastError ?? null,
    f.fix ?? null,
    f.sentAt ?? null,
    f.now,
    f.cardBizId,
    f.owner,
  ];
}

/**
 * What a claimed card takes from its notification (the stored rule, JSON; null when it was deleted):
 * the language of the card's words.
 */
export function cardNotification(rule: unknown): Pick<DueCard, "locale"> {
  if (rule === null || rule === undefined) return {};
  const r = json<{ locale?: unknown }>(rule);
  return isMessageLocale(r.locale) ? { locale: r.locale } : {};
}

/** The notifications whose cards follow their runs: every one not switched off (`enabled: false`). */
export function liveNotifications(rules: readonly NotificationRecord[]): string[] {
  return rules.filter((r) => r.enabled !== false).map((r) => r.id);
}
