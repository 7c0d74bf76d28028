/** The shapes the service's JSON API answers with, as the console sees them. */
import type { ChannelKind } from "../../src/channels/kinds.ts";
import type { NotificationRule } from "../../src/notify/rule.ts";
import type { RobotView, Waiting } from "../../src/server/robots.ts";
import type {
  DeliveryState,
  EventRecord,
  Page,
  DeliveryRecord as StoredDelivery,
} from "../../src/store/store.ts";

export type { DeliveryState, EventRecord, Page, RobotView };

/**
 * A delivery as the API shows it: with the kind of robot its message was written for; a pending one
 * its robot holds back says until when.
 */
export interface DeliveryRecord extends StoredDelivery {
  type?: ChannelKind;
  waiting?: Waiting;
}

/** One condition of a notification checked against an event (GET /api/events/{id}). */
export interface RuleCheckView {
  field: "status" | "pipeline" | "task" | "enabled";
  ok: boolean;
  reason: string;
}

/** How one notification stands to an event. */
export interface NotificationVerdictView {
  id: string;
  credential: string;
  matched: boolean;
  checks: RuleCheckView[];
  why: string[];
  changedSince: boolean;
  deliveryId?: string;
}

/** GET /api/events/{id}: the event, each notification's verdict, and the deliveries it made. */
export interface EventDetail extends EventRecord {
  note?: string;
  notifications: NotificationVerdictView[];
  deliveries: DeliveryRecord[];
}

/** A robot as the API shows it: never its webhook or secret, only a hint. */
export interface CredentialView {
  name: string;
  type: ChannelKind;
  hint: string;
  hasSecret: boolean;
  keywords: string[];
  rateLimit: { messages: number; perSeconds: number };
  /** The state of the robot behind it (shared by every credential holding its webhook). */
  robot?: RobotView;
  /** The list only: this credential's deliveries waiting to go (pending or being sent). */
  waiting?: number;
  /** The list only: other credentials sending to the same robot (they share its rate limit). */
  sharedWith?: string[];
  /** After a create or an edit: e.g. shared_robot, another credential already holds this webhook. */
  warnings?: SaveWarning[];
  createdAt: string;
  updatedAt: string;
}

/** What the service says about a saved robot or notification that is worth knowing (saved all the same). */
export interface SaveWarning {
  code: string;
  path: string;
  message: string;
  fix: string;
}

export interface NotificationView extends NotificationRule {
  id: string;
  /** After a create or an edit: robot_fit, an @ entry its robot cannot mention. */
  warnings?: SaveWarning[];
  createdAt?: string;
  updatedAt?: string;
}

export interface TestResult {
  ok: boolean;
  errcode?: number;
  errmsg?: string;
  code?: string;
  fix?: string;
  durationMs: number;
}

export interface PreviewResult {
  type: ChannelKind;
  message: object;
  messageType: string;
  bytes: number;
  maxBytes: number;
  truncated: boolean;
  unknownVariables: string[];
  unmentionable: string[];
  mentionNote: string;
}

export interface Variable {
  name: string;
  description: string;
  /** The CI platforms that set it (absent: one of dingpipe's own). */
  ci?: string[];
}

export interface TimelineBucket {
  start: string;
  counts: Record<DeliveryState, number>;
}

export const DELIVERY_STATES: readonly DeliveryState[] = ["pending", "sending", "sent", "merged", "dead"];

/** An API token as the API shows it: never the token itself, only its first characters. */
export interface TokenView {
  name: string;
  /** env: DINGPIPE_ADMIN_TOKEN; generated: printed on first start; created: through the API or `dingpipe token`. */
  source: string;
  hint?: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}
