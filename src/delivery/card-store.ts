/**
 * The storage operations of run cards (`style: run_card`), implemented by both dialects
 * (src/store/sqlite/cards.ts, src/store/postgres/cards.ts) and covered by one contract
 * (src/store/cards.contract.ts).
 *
 * A CARD ROW is one card: one pipeline run shown in one group (its id, `cardBizId`, is derived from
 * the run's key and the credential). Expansion upserts it in the same transaction as the run state:
 * a matching run_card rule creates it, and every later event of the run raises `wanted` to the run's
 * version, so a row never lags the state it must show. A worker CLAIMS a due row (shown < wanted, its
 * time come, no live lease) with a lease, which serializes the requests of one card; it draws the card
 * from the run state as it is then (every change since is coalesced into that one request) and
 * FINISHES the row with what the card now shows. Times are epoch milliseconds.
 */
import type { MessageLocale } from "../notify/i18n/index.ts";
import type { CardRow } from "../runs/coalesce.ts";
import type { RunState } from "../runs/state.ts";

export type CardState = "pending" | "dead";

export interface CardRecord {
  cardBizId: string;
  /** The notification that created the card (the first to match the run). */
  notificationId: string;
  /** The credential (a dingtalk_app robot) whose group shows the card. */
  credential: string;
  runKey: string;
  /** The newest run version the card must show. */
  wanted: number;
  /** The run version the card shows (0 = none yet). */
  shown: number;
  /** DingTalk accepted the card (a send was answered). */
  created: boolean;
  /** A send left without an answer (timeout, crash): the next attempt sends again, then updates. */
  sendUncertain: boolean;
  state: CardState;
  /** Failed requests since the card last changed. */
  tries: number;
  /** When it may be tried next. */
  runAt: number;
  lastError?: string;
  fix?: string;
  createdAt: number;
  updatedAt: number;
  /** When the card last changed in the group (a request answered). */
  sentAt?: number;
}

/** A claimed card row with the run state as it is now (undefined when the run was pruned). */
export interface DueCard extends CardRecord {
  run: RunState | undefined;
  /** The language of the card's words: its notification's (absent: the default, zh-CN). */
  locale?: MessageLocale;
}

/** How a card request ended, as the row records it (the lease is given back). */
export interface FinishCard {
  cardBizId: string;
  owner: string;
  now: number;
  /** The row's coalescing fields after the request (src/runs/coalesce.ts afterCardRequest). */
  row: Pick<CardRow, "created" | "sendUncertain" | "shown">;
  state: CardState;
  tries: number;
  runAt: number;
  /** Set when the card changed in the group. */
  sentAt?: number;
  lastError?: string;
  fix?: string;
}

export interface CardStore {
  /** Claims the oldest due card row (pending, shown < wanted, run_at ≤ now, no live lease). */
  claimCard(options: { owner: string; now: number; leaseMs: number }): Promise<DueCard | undefined>;
  /**
   * Before a send (not an update): marks the row `sendUncertain`, durably, while `owner` holds it;
   * false when the lease was lost (then nothing is sent).
   */
  beginCardSend(cardBizId: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /**
   * Records a request's outcome and gives the lease back. `wanted` is never touched here: an event
   * expanded meanwhile keeps the row due.
   */
  finishCard(finish: FinishCard): Promise<void>;
  /** The earliest time a card row may become due, or undefined when none waits. */
  nextCardAt(now: number): Promise<number | undefined>;
  /** One card row (the API, tests). */
  getCard(cardBizId: string): Promise<CardRecord | undefined>;
  /** The card rows of a run, oldest first. */
  runCards(runKey: string): Promise<CardRecord[]>;
  /** Card rows, most recently changed first (the API: dead cards and why). */
  listCards(filter: CardFilter): Promise<CardRecord[]>;
  /**
   * A dead card tried again now (pending, tries 0); false when the row is not dead (or does not exist).
   */
  retryCard(cardBizId: string, now: number): Promise<boolean>;
}

/**
 * The idle poll's one question, asked once a poll by an idle service, for weeks: whether events wait for
 * expansion (DeliveryStore.hasUnexpanded; another process may have accepted them) and when a lane or a
 * card is next due (the earlier of DeliveryStore.nextWakeAt and CardStore.nextCardAt, undefined when
 * neither has one), answered by one statement. On PostgreSQL one round trip instead of three: each
 * poll's driver work fills an idle service's young generation and makes the poll's functions hot
 * enough for V8's optimizing compilers, whose code is then paged in.
 */
export interface IdleLook {
  idleLook(now: number): Promise<{ waiting: boolean; next: number | undefined }>;
}

export interface CardFilter {
  state?: CardState;
  credential?: string;
  /** Default 50, at most 500. */
  limit?: number;
}
