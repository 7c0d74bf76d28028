/**
 * Validation of API bodies: credentials, notification rules and PipelineEvents. Each function returns the
 * normalized value or throws HttpError 400 "invalid" with one detail per problem ({ path, message }), so a
 * form can show every mistake at once. Event aliases are accepted and stored canonical.
 */
import { appEndpointUrl } from "../channels/dingtalk_app/endpoint.ts";
import { channelFor } from "../channels/index.ts";
import { CHANNEL_KINDS, type ChannelKind, DEFAULT_KIND, isChannelKind, kindInfo } from "../channels/kinds.ts";
import { STYLES as CONFIG_STYLES, NOTIFICATION_KEYS } from "../config/keys.ts";
import { isDingpipeError } from "../errors.ts";
import type { MessageLocale } from "../notify/i18n/index.ts";
import { LOCALE_FIX, type Parsed, parseLocale, parseTimeZone, TIMEZONE_FIX } from "../notify/i18n/names.ts";
import { isUserId } from "../notify/mentions.ts";
import {
  CONTENT_ITEMS,
  type ContentItem,
  DEFAULT_CONTENT,
  type MessageStyle,
  type NotificationRule,
} from "../notify/rule.ts";
import {
  EVENT_NAMES,
  type EventName,
  editDistance,
  suggestEventName,
  toEventName,
} from "../pipeline/status.ts";
import { badRequest, type ErrorDetail } from "./errors.ts";

type Obj = Record<string, unknown>;

class Problems {
  readonly list: ErrorDetail[] = [];
  /** The first problem's fix, when it has one beyond its message. */
  fix: string | undefined;
  add(path: string, message: string, fix?: string): void {
    this.list.push({ path, message });
    if (fix !== undefined && this.fix === undefined) this.fix = fix;
  }
  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    const first = this.list[0]!;
    const more = this.list.length > 1 ? ` (and ${this.list.length - 1} more)` : "";
    throw badRequest(
      `invalid ${what}: ${first.path ? `${first.path}: ` : ""}${first.message}${more}`,
      this.list,
      this.fix,
    );
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function unknownKeys(p: Problems, value: Obj, allowed: readonly string[], prefix = ""): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const close = allowed.find((a) => editDistance(a.toLowerCase(), key.toLowerCase()) <= 2);
    p.add(prefix + key, `unknown field '${key}'${close ? ` — did you mean '${close}'?` : ""}`);
  }
}

function str(
  p: Problems,
  value: unknown,
  path: string,
  opts: { required?: boolean; max?: number } = {},
): string | undefined {
  if (value === undefined || value === null) {
    if (opts.required) p.add(path, "is required");
    return undefined;
  }
  if (typeof value !== "string") {
    p.add(path, "must be a string");
    return undefined;
  }
  if (opts.required && value.trim() === "") {
    p.add(path, "must not be empty");
    return undefined;
  }
  if (opts.max !== undefined && value.length > opts.max) {
    p.add(path, `must be at most ${opts.max} characters`);
    return undefined;
  }
  return value;
}

function strList(p: Problems, value: unknown, path: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list)) {
    p.add(path, "must be a list of strings");
    return undefined;
  }
  const out: string[] = [];
  list.forEach((v, i) => {
    if (typeof v !== "string" || v.trim() === "") p.add(`${path}[${i}]`, "must be a non-empty string");
    else out.push(v.trim());
  });
  return out;
}

// ---------------------------------------------------------------- credentials

export interface CredentialBody {
  name: string;
  /** The robot's kind; absent on create = dingtalk, on update = the stored one (it cannot change). */
  type?: ChannelKind;
  /** Absent on update = keep the stored one. Normalized by the kind's channel when the kind is known. */
  webhook?: string;
  /** undefined = keep (update) / none (create); null = remove. */
  secret?: string | null;
  keywords?: string[];
  rateLimit?: { messages: number; perSeconds: number };
  /**
   * A DingTalk app robot's fields given (its app secret is `secret`): on create all of appKey, robotCode
   * and conversationId, and `webhook` is their endpoint URL; on update the ones to change.
   */
  app?: Partial<AppFields>;
}

/** The non-secret fields of a DingTalk app robot (type dingtalk_app). */
export interface AppFields {
  appKey: string;
  robotCode: string;
  conversationId: string;
  baseUrl: string;
}

const APP_KEYS = ["appKey", "appSecret", "robotCode", "conversationId", "baseUrl"] as const;
const CREDENTIAL_KEYS = ["name", "type", "webhook", "secret", "keywords", "rateLimit", ...APP_KEYS] as const;

/** The rule for names (credentials, tokens), as the API and the console state it. */
export const NAME_RULE =
  "1 to 64 letters (of any script), digits, '.', '_' or '-', not only dots (e.g. ci-group, 运维群)";
const NAME = /^[\p{L}\p{M}\p{N}._-]{1,64}$/u;

/**
 * Why `name` cannot name a credential or a token (undefined when it can): it becomes a URL path
 * segment (`/api/credentials/{name}`), so it must survive one — `.` and `..` never do.
 */
export function checkName(name: string, what: string): string | undefined {
  if (name.trim() === "") return "must not be empty";
  if (!NAME.test(name) || /^\.+$/.test(name))
    return `'${name.slice(0, 64)}' is not a ${what} name: use ${NAME_RULE}`;
  if (what === "token" && name.startsWith("admin-env"))
    return "'admin-env…' is kept for DINGPIPE_ADMIN_TOKEN's token";
  return undefined;
}
export const DEFAULT_RATE_LIMIT = { messages: 20, perSeconds: 60 };

/**
 * `mode: "create"` requires name and webhook; "update" takes the name from the path and the kind from
 * the stored credential (`storedKind`). The webhook is normalized by the kind's channel (a WeCom bare
 * key becomes its URL); fields the kind does not have (a WeCom secret) are refused.
 */
export function validateCredential(
  body: unknown,
  mode: "create" | "update",
  pathName?: string,
  storedKind?: ChannelKind,
): CredentialBody {
  const p = new Problems();
  if (!isObj(body)) throw badRequest("invalid credential: the body must be a JSON object");
  unknownKeys(p, body, CREDENTIAL_KEYS);
  let name: string | undefined;
  if (mode === "create") {
    name = str(p, body["name"], "name", { required: true });
    const problem = name === undefined ? undefined : checkName(name, "credential");
    if (problem !== undefined) p.add("name", problem, `name it with ${NAME_RULE}`);
  } else {
    name = pathName;
    if (body["name"] !== undefined && body["name"] !== pathName)
      p.add("name", "cannot be changed (create a new credential instead)");
  }
  let type: ChannelKind | undefined;
  const rawType = body["type"];
  if (rawType !== undefined && rawType !== null) {
    if (!isChannelKind(rawType)) {
      const close = CHANNEL_KINDS.find(
        (k) => typeof rawType === "string" && editDistance(k, rawType.toLowerCase()) <= 2,
      );
      p.add(
        "type",
        `must be one of ${CHANNEL_KINDS.join(", ")}${close ? ` — did you mean '${close}'?` : ""}`,
      );
    } else if (storedKind !== undefined && rawType !== storedKind) {
      p.add("type", `cannot be changed from ${storedKind} (create a new credential for a ${rawType} robot)`);
    } else type = rawType;
  }
  const kind = kindInfo(type ?? storedKind ?? DEFAULT_KIND);
  if (kind.kind === "dingtalk_app") {
    const out = validateAppCredential(p, body, mode, name);
    p.throwIfAny("credential");
    return out;
  }
  for (const key of APP_KEYS) {
    if (body[key] !== undefined)
      p.add(key, `${kind.label} robots have no ${key} (it belongs to type dingtalk_app): remove it`);
  }
  let webhook = str(p, body["webhook"], "webhook", { required: mode === "create", max: 2048 });
  if (webhook !== undefined && (rawType === undefined || rawType === null || type !== undefined)) {
    try {
      webhook = channelFor(kind.kind).normalizeWebhook(webhook);
    } catch (e) {
      if (!isDingpipeError(e)) throw e;
      p.add("webhook", e.message, e.fix);
    }
  }
  let secret: string | null | undefined;
  if (body["secret"] === null) secret = null;
  else secret = str(p, body["secret"], "secret", { max: 512 });
  if (typeof secret === "string" && secret.trim() === "")
    p.add("secret", "must not be empty (use null to remove it)");
  else if (typeof secret === "string" && !kind.signs)
    p.add("secret", `${kind.label} robots do not sign: remove secret (the webhook is the only credential)`);
  else if (typeof secret === "string" && kind.kind === "dingtalk" && !secret.trim().startsWith("SEC"))
    p.add(
      "secret",
      "is not a DingTalk signing secret: those start with SEC",
      "copy the secret (SEC…) from the robot's security settings (加签 / Signature), or leave it out when the robot does not sign",
    );
  const keywords = strList(p, body["keywords"], "keywords");
  if (keywords && kind.keywords === undefined && keywords.length > 0)
    p.add("keywords", `${kind.label} robots have no keywords: remove keywords`);
  if (keywords && kind.keywords !== undefined && keywords.length > kind.keywords.max)
    p.add("keywords", `${kind.label} robots take at most ${kind.keywords.max} keywords`);
  let rateLimit: CredentialBody["rateLimit"];
  const rl = body["rateLimit"];
  if (rl !== undefined && rl !== null) {
    if (!isObj(rl)) p.add("rateLimit", "must be an object { messages, perSeconds }");
    else {
      unknownKeys(p, rl, ["messages", "perSeconds"], "rateLimit.");
      const messages = rl["messages"] ?? DEFAULT_RATE_LIMIT.messages;
      const perSeconds = rl["perSeconds"] ?? DEFAULT_RATE_LIMIT.perSeconds;
      if (!Number.isInteger(messages) || (messages as number) < 1 || (messages as number) > 10_000)
        p.add("rateLimit.messages", "must be a whole number from 1 to 10000");
      if (!Number.isInteger(perSeconds) || (perSeconds as number) < 1 || (perSeconds as number) > 86_400)
        p.add("rateLimit.perSeconds", "must be a whole number of seconds from 1 to 86400");
      rateLimit = { messages: messages as number, perSeconds: perSeconds as number };
    }
  }
  p.throwIfAny("credential");
  const out: CredentialBody = { name: name! };
  if (type !== undefined) out.type = type;
  if (webhook !== undefined) out.webhook = webhook.trim();
  if (secret !== undefined) out.secret = secret === null ? null : secret.trim();
  if (keywords !== undefined) out.keywords = keywords;
  if (rateLimit !== undefined) out.rateLimit = rateLimit;
  return out;
}

/**
 * A DingTalk app robot: appKey, appSecret, robotCode, conversationId (the group's openConversationId)
 * and optional baseUrl instead of a webhook; the app secret is sealed as the credential's secret.
 */
function validateAppCredential(
  p: Problems,
  body: Obj,
  mode: "create" | "update",
  name: string | undefined,
): CredentialBody {
  const required = mode === "create";
  for (const key of ["webhook", "secret", "keywords"] as const) {
    if (body[key] !== undefined && body[key] !== null) {
      p.add(
        key,
        `DingTalk app robots have no ${key}: give appKey, appSecret, robotCode and conversationId`,
        "an app robot sends through the app's API: see docs/app-robot.md",
      );
    }
  }
  const app: Partial<AppFields> = {};
  for (const key of ["appKey", "robotCode", "conversationId"] as const) {
    const v = str(p, body[key], key, { required, max: 200 });
    if (v === undefined) continue;
    if (/\s/.test(v.trim())) p.add(key, "must not contain spaces");
    else if (v.trim() === "") p.add(key, "must not be empty");
    else app[key] = v.trim();
  }
  const base = str(p, body["baseUrl"], "baseUrl", { max: 2048 });
  if (base !== undefined && base.trim() !== "") app.baseUrl = base.trim();
  let secret: string | undefined;
  if (body["appSecret"] === null)
    p.add("appSecret", "cannot be removed: an app robot needs its app's AppSecret");
  else {
    secret = str(p, body["appSecret"], "appSecret", { required, max: 512 });
    if (secret !== undefined && secret.trim() === "") p.add("appSecret", "must not be empty");
  }
  let rateLimit: CredentialBody["rateLimit"];
  const rl = body["rateLimit"];
  if (rl !== undefined && rl !== null) rateLimit = rateLimitOf(p, rl);
  const out: CredentialBody = { name: name!, type: "dingtalk_app" };
  if (Object.keys(app).length > 0) out.app = app;
  if (secret !== undefined) out.secret = secret.trim();
  if (rateLimit !== undefined) out.rateLimit = rateLimit;
  if (mode === "create" && app.appKey && app.robotCode && app.conversationId) {
    try {
      out.webhook = appEndpointUrl({
        ...app,
        appKey: app.appKey,
        robotCode: app.robotCode,
        conversationId: app.conversationId,
      });
    } catch (e) {
      if (!isDingpipeError(e)) throw e;
      p.add("baseUrl", e.message, e.fix);
    }
  }
  return out;
}

function rateLimitOf(p: Problems, rl: unknown): CredentialBody["rateLimit"] {
  if (!isObj(rl)) {
    p.add("rateLimit", "must be an object { messages, perSeconds }");
    return undefined;
  }
  unknownKeys(p, rl, ["messages", "perSeconds"], "rateLimit.");
  const messages = rl["messages"] ?? DEFAULT_RATE_LIMIT.messages;
  const perSeconds = rl["perSeconds"] ?? DEFAULT_RATE_LIMIT.perSeconds;
  if (!Number.isInteger(messages) || (messages as number) < 1 || (messages as number) > 10_000)
    p.add("rateLimit.messages", "must be a whole number from 1 to 10000");
  if (!Number.isInteger(perSeconds) || (perSeconds as number) < 1 || (perSeconds as number) > 86_400)
    p.add("rateLimit.perSeconds", "must be a whole number of seconds from 1 to 86400");
  return { messages: messages as number, perSeconds: perSeconds as number };
}

// -------------------------------------------------------------- notifications

// The fields and styles of a `.dingpipe.yml` notification, shared with the config loader.
const IGNORED_ON_INPUT = ["id", "createdAt", "updatedAt"];
const STYLES: readonly MessageStyle[] = CONFIG_STYLES;

function eventList(p: Problems, value: unknown, path: string): EventName[] {
  const words = strList(p, value, path);
  if (words === undefined) {
    p.add(path, `is required: one or more of ${EVENT_NAMES.join(", ")}`);
    return [];
  }
  if (words.length === 0) p.add(path, `must name at least one event (${EVENT_NAMES.join(", ")})`);
  const out: EventName[] = [];
  words.forEach((w, i) => {
    const s = toEventName(w);
    if (s === undefined) {
      const hint = suggestEventName(w);
      p.add(
        `${path}[${i}]`,
        `unknown event '${w}'${hint ? ` — did you mean '${hint}'?` : ""} (events: ${EVENT_NAMES.join(", ")})`,
      );
    } else if (!out.includes(s)) out.push(s);
  });
  return out;
}

/** Validates a notification rule; `credentialExists` is checked by the caller (422 when missing). */
export function validateNotification(body: unknown, path = ""): NotificationRule {
  const p = new Problems();
  if (!isObj(body)) throw badRequest("invalid notification: the body must be a JSON object");
  const fields: Obj = {};
  for (const [k, v] of Object.entries(body)) if (!IGNORED_ON_INPUT.includes(k)) fields[k] = v;
  unknownKeys(p, fields, NOTIFICATION_KEYS, path);
  const name = str(p, fields["name"], `${path}name`, { max: 100 });
  const enabled = fields["enabled"];
  if (enabled !== undefined && enabled !== null && typeof enabled !== "boolean") {
    p.add(`${path}enabled`, "must be true or false");
  }
  const credential = str(p, fields["credential"], `${path}credential`, { required: true, max: 64 });
  const pipelines = strList(p, fields["pipelines"], `${path}pipelines`);
  const tasks = strList(p, fields["tasks"], `${path}tasks`);
  const events = eventList(p, fields["events"], `${path}events`);
  let content: ContentItem[] = [...DEFAULT_CONTENT];
  const items = strList(p, fields["content"], `${path}content`);
  if (items !== undefined) {
    content = [];
    items.forEach((item, i) => {
      const known = (CONTENT_ITEMS as readonly string[]).includes(item);
      if (!known) {
        const close = CONTENT_ITEMS.find((c) => editDistance(c, item.toLowerCase()) <= 2);
        p.add(
          `${path}content[${i}]`,
          `unknown content item '${item}'${close ? ` — did you mean '${close}'?` : ""}`,
        );
      } else if (!content.includes(item as ContentItem)) content.push(item as ContentItem);
    });
  }
  const custom = str(p, fields["custom"], `${path}custom`, { max: 20_000 });
  const at = strList(p, fields["at"], `${path}at`);
  at?.forEach((a, i) => {
    if (
      a.toLowerCase() === "all" ||
      /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(a) ||
      /^\+?[0-9][0-9 -]{4,19}$/.test(a) ||
      isUserId(a)
    )
      return;
    p.add(
      `${path}at[${i}]`,
      `'${a}' is not a mobile number, a Feishu open_id (ou_…), a \${VAR} reference or 'all'`,
    );
  });
  const style = fields["style"];
  if (style !== undefined && style !== null && !STYLES.includes(style as MessageStyle)) {
    p.add(`${path}style`, `must be one of ${STYLES.join(", ")}`);
  }
  const locale = wordingField(p, fields["locale"], `${path}locale`, parseLocale, LOCALE_FIX);
  const timezone = wordingField(p, fields["timezone"], `${path}timezone`, parseTimeZone, TIMEZONE_FIX);
  p.throwIfAny("notification");
  const rule: NotificationRule = { credential: credential!.trim(), events, content };
  if (name !== undefined && name.trim() !== "") rule.name = name.trim();
  if (enabled === false) rule.enabled = false;
  if (pipelines !== undefined && pipelines.length > 0) rule.pipelines = pipelines;
  if (tasks !== undefined && tasks.length > 0) rule.tasks = tasks;
  if (custom !== undefined && custom.trim() !== "") rule.custom = custom;
  if (at !== undefined && at.length > 0) rule.at = at.map((a) => (a.toLowerCase() === "all" ? "all" : a));
  if (style !== undefined && style !== null) rule.style = style as MessageStyle;
  if (locale !== undefined) rule.locale = locale as MessageLocale;
  if (timezone !== undefined) rule.timezone = timezone;
  return rule;
}

/** `locale` / `timezone` of a notification: absent or null = the default; else a name it knows, canonical. */
function wordingField<T extends string>(
  p: Problems,
  value: unknown,
  path: string,
  parse: (word: string) => Parsed<T>,
  fix: string,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    p.add(path, "must be a string");
    return undefined;
  }
  const parsed = parse(value);
  if (parsed.ok) return parsed.value;
  p.add(path, `${parsed.message} (${fix})`);
  return undefined;
}

export { validateEvent } from "./validate-event.ts";
