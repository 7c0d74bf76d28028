/**
 * Card updates, coalesced and ordered — the pure rule the durable "card update" row follows (one row
 * per card, upserted whenever the run changes; docs/architecture.md "Run cards"):
 *
 * - only the latest state matters: a row remembers the newest run version it must show (`wanted`), and
 *   the card is drawn from the run state as it is when the request leaves, so ten changes while a
 *   request is in flight become one update;
 * - ordered: versions only grow — a version at or below what the card already shows (`shown`) is never
 *   sent, so a slow retry cannot put an older state over a newer one;
 * - the first request sends the card, every later one updates it; when a send's outcome is unknown (no
 *   answer, a crash) the next attempt sends again — DingTalk takes the cardBizId as the card's idempotent
 *   id, so that adds no second card but may keep the first send's data — and counts as showing nothing,
 *   so an update follows at once.
 */

export interface CardRow {
  /** DingTalk accepted the card (a send answered). */
  created: boolean;
  /** A send was made whose answer never came (network error, timeout, crash while sending). */
  sendUncertain: boolean;
  /** The run version the card shows (0 = nothing yet). */
  shown: number;
  /** The newest run version the card must show. */
  wanted: number;
}

export type CardAction =
  | { kind: "none" }
  /**
   * `confirm`: a send whose outcome is unknown was made before, so this one may be answered by the first
   * send's card (the cardBizId is idempotent): an update follows to be sure of the data.
   */
  | { kind: "send"; version: number; confirm: boolean }
  | { kind: "update"; version: number };

export function newCardRow(version: number): CardRow {
  return { created: false, sendUncertain: false, shown: 0, wanted: version };
}

/** The row after the run changed to `version` (upserts never lower `wanted`). */
export function wantVersion(row: CardRow, version: number): CardRow {
  return version > row.wanted ? { ...row, wanted: version } : row;
}

/** What to do now, drawing the card from the run at `runVersion` (its current state). */
export function planCardRequest(row: CardRow, runVersion: number): CardAction {
  const version = Math.max(row.wanted, runVersion);
  if (version <= row.shown) return { kind: "none" };
  if (!row.created) return { kind: "send", version, confirm: row.sendUncertain };
  return { kind: "update", version };
}

/** How a request ended, as the card row needs it. */
export type CardOutcome =
  /** DingTalk accepted it. */
  | "ok"
  /** No answer (network error, timeout): it may or may not have arrived. */
  | "unknown"
  /** DingTalk refused it and a retry may help (busy, QPS): it did not arrive. */
  | "refused_retryable"
  /** An update of a card DingTalk does not know: send it afresh. */
  | "card_not_found";

/** The row after a request of `action` ended with `outcome`. Permanent refusals are the caller's dead letter. */
export function afterCardRequest(row: CardRow, action: CardAction, outcome: CardOutcome): CardRow {
  if (action.kind === "none") return row;
  const sending = action.kind === "send";
  switch (outcome) {
    case "ok":
      if (sending && action.confirm) return { ...row, created: true, sendUncertain: false };
      return { ...row, created: true, sendUncertain: false, shown: Math.max(row.shown, action.version) };
    case "unknown":
      return sending ? { ...row, sendUncertain: true } : row;
    case "refused_retryable":
      return row;
    case "card_not_found":
      return { ...row, created: false, sendUncertain: false, shown: 0 };
  }
}
