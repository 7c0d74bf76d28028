/**
 * Rows → records, shared by both dialects. Both store the same columns (snake_case), times as epoch
 * milliseconds (BIGINT) and documents as JSON (TEXT on SQLite, JSONB on PostgreSQL); PostgreSQL's
 * driver hands BIGINT back as a string and JSONB already parsed, so every reader accepts both.
 */
import { type ChannelKind, DEFAULT_KIND, isChannelKind } from "../channels/kinds.ts";
import type { DueDelivery, LaneState } from "../delivery/delivery-store.ts";
import { DingpipeError } from "../errors.ts";
import type { Transition } from "../pipeline/status.ts";
import { textKey } from "../runs/key.ts";
import type {
  ApiTokenRecord,
  CredentialRecord,
  DeliveryAttempt,
  DeliveryRecord,
  DeliveryState,
  EventFilter,
  EventInput,
  EventRecord,
  NotificationRecord,
  RunRecord,
  TaskOutcomeRecord,
  TokenSource,
} from "./store.ts";

export type Row = Record<string, unknown>;

export const DELIVERY_STATES: readonly DeliveryState[] = ["pending", "sending", "sent", "merged", "dead"];

export function emptyCounts(): Record<DeliveryState, number> {
  return { pending: 0, sending: 0, sent: 0, merged: 0, dead: 0 };
}

export function num(value: unknown): number {
  return typeof value === "number" ? value : Number(value);
}

/** A due time read from a row (epoch ms), undefined when the column is null (nothing due). */
export function dueAt(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : num(value);
}

/** A card's due time read from a row: as dueAt, and never before `now` (a card waits for no past time). */
export function cardDueAt(value: unknown, now: number): number | undefined {
  const at = dueAt(value);
  return at === undefined ? undefined : Math.max(now, at);
}

/**
 * IdleLook's one statement from each dialect's three (events waiting, the next lane due, the next card due:
 * hasUnexpanded's, nextWakeAt's and nextCardAt's), read back by idleLookOf.
 */
export function idleLookStatement(unexpanded: string, nextWake: string, nextCard: string): string {
  return `SELECT EXISTS (${unexpanded}) AS waiting, (${nextWake}) AS wake, (${nextCard}) AS card`;
}

/** IdleLook.idleLook from its row: the earlier of the two due times, each as nextWakeAt and nextCardAt give it. */
export function idleLookOf(
  row: Record<string, unknown> | undefined,
  now: number,
): { waiting: boolean; next: number | undefined } {
  const a = dueAt(row?.["wake"]);
  const b = cardDueAt(row?.["card"], now);
  const waiting = row?.["waiting"];
  return {
    waiting: waiting === true || waiting === 1 || waiting === "1",
    next: a === undefined ? b : b === undefined ? a : Math.min(a, b),
  };
}

export function iso(ms: unknown): string {
  return new Date(num(ms)).toISOString();
}

export function optIso(ms: unknown): string | undefined {
  return ms === null || ms === undefined ? undefined : iso(ms);
}

/**
 * Record ids, the same on both dialects: 1 to 18 decimal digits (every such number fits a 64-bit
 * integer, so a lookup is exact or finds nothing — never another row, never an error). Anything
 * else is no id: the lookup answers "not found".
 */
export function idParam(id: string): string | undefined {
  return /^\d{1,18}$/.test(id) ? id : undefined;
}

/**
 * A value for a plain text column copied from untrusted input (a pipeline or task name, a rejected
 * hook's excerpt). PostgreSQL's text cannot hold U+0000, so on both dialects it becomes U+FFFD; the
 * event itself is stored whole (as JSON text, where it is the escape \u0000). A lone surrogate becomes
 * U+FFFD too, as the column's UTF-8 stores it: the same rule as run and outcome keys (textKey).
 */
export const textColumn: (value: string) => string = textKey;

export function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/**
 * Whether a delivery's stored attempts (its `attempts` column) hold this attempt: the same start and
 * duration. A request's start is stamped after its beginSend, while its worker holds the lane; another
 * worker's request on the same deliveries can begin only once that lease is over, so it cannot share it.
 */
export function holdsAttempt(attempts: unknown, attempt: DeliveryAttempt): boolean {
  const list = json<DeliveryAttempt[] | null>(attempts) ?? [];
  return list.some((a) => a.at === attempt.at && a.durationMs === attempt.durationMs);
}

function opt<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

/** A stored kind this version does not know reads as DingTalk's, the kind before there were kinds. */
function kindOf(value: unknown): ChannelKind {
  return isChannelKind(value) ? value : DEFAULT_KIND;
}

export function toCredential(r: Row): CredentialRecord {
  return {
    name: String(r["name"]),
    kind: kindOf(r["kind"]),
    sealed: String(r["sealed"]),
    hint: String(r["hint"]),
    hasSecret: Boolean(r["has_secret"]),
    keywords: json<string[]>(r["keywords"]),
    rateLimit: { messages: num(r["rate_messages"]), perSeconds: num(r["rate_per_seconds"]) },
    ...(r["robot_key"] === null || r["robot_key"] === undefined ? {} : { robotKey: String(r["robot_key"]) }),
    createdAt: iso(r["created_at"]),
    updatedAt: iso(r["updated_at"]),
  };
}

/** The lane of a credential: its robot's key, or its own name while it has none. */
export function laneOf(credential: { name: string; robotKey?: string }): string {
  return credential.robotKey ?? credential.name;
}

export function toNotification(r: Row): NotificationRecord {
  return {
    ...json<NotificationRecord>(r["rule"]),
    id: String(r["id"]),
    createdAt: iso(r["created_at"]),
    updatedAt: iso(r["updated_at"]),
  };
}

export function toApiToken(r: Row): ApiTokenRecord {
  const token: ApiTokenRecord = {
    id: String(r["id"]),
    name: String(r["name"]),
    hash: String(r["hash"]),
    source: String(r["source"] ?? "legacy") as TokenSource,
    createdAt: iso(r["created_at"]),
  };
  const hint = opt(r["hint"]);
  if (hint !== undefined) token.hint = String(hint);
  const lastUsed = optIso(r["last_used_at"]);
  if (lastUsed !== undefined) token.lastUsedAt = lastUsed;
  const revoked = optIso(r["revoked_at"]);
  if (revoked !== undefined) token.revokedAt = revoked;
  return token;
}

export function toEvent(r: Row): EventRecord {
  const record: EventRecord = {
    id: String(r["id"]),
    source: String(r["source"]),
    event: json(r["event"]),
    receivedAt: iso(r["received_at"]),
    expanded: Boolean(r["expanded"]),
  };
  if (r["dedup_key"] !== null && r["dedup_key"] !== undefined) record.dedupKey = String(r["dedup_key"]);
  if (typeof r["transition"] === "string") record.transition = r["transition"] as Transition;
  return record;
}

export function toRun(r: Row): RunRecord {
  return { key: String(r["run_key"]), state: json(r["state"]) };
}

export function toTaskOutcome(r: Row): TaskOutcomeRecord {
  const record: TaskOutcomeRecord = {
    key: String(r["outcome_key"]),
    outcome: String(r["outcome"]) as TaskOutcomeRecord["outcome"],
    pipeline: String(r["pipeline"]),
    task: String(r["task"]),
    repo: String(r["repo"]),
    branch: String(r["branch"]),
    eventId: String(r["event_id"]),
    updatedAt: iso(r["updated_at"]),
  };
  if (r["run_number"] !== null && r["run_number"] !== undefined) record.runNumber = num(r["run_number"]);
  return record;
}

export function toDelivery(r: Row): DeliveryRecord {
  const record: DeliveryRecord = {
    id: String(r["id"]),
    eventId: String(r["event_id"]),
    notificationId: String(r["notification_id"]),
    credential: String(r["credential"]),
    pipeline: String(r["pipeline"]),
    task: String(r["task"]),
    eventStatus: String(r["event_status"]),
    state: String(r["state"]) as DeliveryState,
    attempts: json(r["attempts"]) ?? [],
    runAt: iso(r["run_at"]),
    createdAt: iso(r["created_at"]),
  };
  const message = opt(r["message"]);
  if (message !== undefined) record.message = json(message);
  const lastError = opt(r["last_error"]);
  if (lastError !== undefined) record.lastError = String(lastError);
  const fix = opt(r["fix"]);
  if (fix !== undefined) record.fix = String(fix);
  const mergedInto = opt(r["merged_into"]);
  if (mergedInto !== undefined) record.mergedInto = String(mergedInto);
  const sentAt = optIso(r["sent_at"]);
  if (sentAt !== undefined) record.sentAt = sentAt;
  return record;
}

/** A due delivery joined with its event (columns: the delivery's, plus event + received_at). */
export function toDue(r: Row): DueDelivery {
  return {
    id: String(r["id"]),
    credential: String(r["credential"]),
    eventId: String(r["event_id"]),
    notificationId: String(r["notification_id"]),
    rule: json(r["rule"]),
    event: json(r["event"]),
    receivedAt: iso(r["received_at"]),
    tries: num(r["tries"]),
    ...(typeof r["transition"] === "string" ? { transition: r["transition"] as Transition } : {}),
  };
}

/** A lanes row → LaneState. */
export function toLaneState(r: Row): LaneState {
  const state: LaneState = { pausedUntil: num(r["paused_until"]), notBefore: num(r["not_before"]) };
  const reason = opt(r["pause_reason"]);
  if (reason !== undefined) state.pauseReason = String(reason);
  const lease = num(r["lease_until"] ?? 0);
  if (lease > 0) state.leaseUntil = lease;
  const sent = opt(r["last_sent_at"]);
  if (sent !== undefined) state.lastSentAt = num(sent);
  const error = opt(r["last_error"]);
  if (error !== undefined) {
    state.lastError = String(error);
    const at = opt(r["last_error_at"]);
    if (at !== undefined) state.lastErrorAt = num(at);
  }
  return state;
}

/** List cursors (deliveries, events): opaque to callers, the last id seen underneath. */
export function encodeCursor(id: string): string {
  return Buffer.from(`d:${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString();
  const id = Number(text.slice(2));
  if (!text.startsWith("d:") || !Number.isSafeInteger(id)) {
    throw new DingpipeError("bad_cursor", "The page cursor is not one this server gave out.", {
      fix: "Pass the `next` value of the previous page unchanged, or omit the cursor to start over.",
    });
  }
  return id;
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 50;
  return Math.min(500, Math.max(1, Math.floor(limit)));
}

/** Conflict error for createCredential with an existing name. */
export function conflict(what: string): DingpipeError {
  return new DingpipeError("conflict", `${what} already exists.`, {
    fix: "Choose another name, or update the existing one instead.",
  });
}

/** Bucketed timeline, filled with empty buckets from `since` to `now` (at most 2,000 buckets). */
export function fillTimeline(
  sinceMs: number,
  nowMs: number,
  bucketSeconds: number,
  rows: Row[],
): Array<{ start: string; counts: Record<DeliveryState, number> }> {
  const bucketMs = Math.max(1, Math.floor(bucketSeconds)) * 1000;
  const count = Math.min(2000, Math.max(1, Math.floor((nowMs - sinceMs) / bucketMs) + 1));
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: new Date(sinceMs + i * bucketMs).toISOString(),
    counts: emptyCounts(),
  }));
  for (const r of rows) {
    const bucket = buckets[Math.floor(num(r["bucket"]))];
    const state = String(r["state"]) as DeliveryState;
    if (bucket && state in bucket.counts) bucket.counts[state] += num(r["n"]);
  }
  return buckets;
}

/**
 * The WHERE clauses of an event list (`?` placeholders, in order with `params`). Times are ISO strings the
 * API has validated; an unreadable one here matches nothing rather than everything.
 */
/**
 * A pipeline filter as SQL: the exact name, or — when it holds `*` or `?` — a glob with the rules' meaning
 * (notify/rules.ts: `*` any run, `?` one character, the whole name, case-sensitive). SQLite's GLOB has that
 * meaning once `[` is made literal; PostgreSQL's LIKE does with `%`, `_` and `\` escaped.
 */
export function pipelineClause(
  dialect: "sqlite" | "postgres",
  pattern: string,
): { clause: string; value: string } {
  if (!/[*?]/.test(pattern)) return { clause: "pipeline = ?", value: pattern };
  if (dialect === "sqlite") return { clause: "pipeline GLOB ?", value: pattern.replace(/\[/g, "[[]") };
  const like = Array.from(pattern, (c) =>
    c === "*" ? "%" : c === "?" ? "_" : c === "%" || c === "_" || c === "\\" ? `\\${c}` : c,
  ).join("");
  return { clause: "pipeline LIKE ?", value: like };
}

export function eventClauses(
  filter: EventFilter,
  dialect: "sqlite" | "postgres",
): { clauses: string[]; params: Array<string | number> } {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const add = (clause: string, value: string | number) => {
    clauses.push(clause);
    params.push(value);
  };
  if (filter.source !== undefined) add("source = ?", textColumn(filter.source));
  if (filter.pipeline !== undefined) {
    const { clause, value } = pipelineClause(dialect, textColumn(filter.pipeline));
    add(clause, value);
  }
  if (filter.status !== undefined) add("status = ?", textColumn(filter.status));
  if (filter.since !== undefined) add("received_at >= ?", timeParam(filter.since, Number.MAX_SAFE_INTEGER));
  if (filter.until !== undefined) add("received_at < ?", timeParam(filter.until, 0));
  if (filter.cursor !== undefined) add("id < ?", decodeCursor(filter.cursor));
  return { clauses, params };
}

function timeParam(value: string, otherwise: number): number {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : otherwise;
}

/** The columns an event row keeps beside its JSON, for the trail's filters. */
/** The event's dedup key as stored (see textColumn), or undefined. */
export function dedupKeyOf(input: EventInput): string | undefined {
  return input.dedupKey === undefined ? undefined : textColumn(input.dedupKey);
}

export function eventColumns(input: EventInput): { pipeline: string; status: string } {
  return { pipeline: textColumn(input.event.pipeline.name), status: textColumn(input.event.task.status) };
}
