/**
 * Validation of API bodies on the one declaration (src/contract/config.ts): a body's shape and each field's own
 * checks come from it, with the same words as in `.dingpipe.yml`; what only the API does is here as small pure
 * rules — a credential's name (a URL path segment), which fields each robot kind takes and what a new credential
 * needs, an `at` entry's form. Each function returns the normalized value or throws HttpError 400 "invalid" with
 * one detail per problem ({ path, message }), so a form can show every mistake at once.
 */
import { appEndpointUrl } from "../channels/dingtalk_app/endpoint.ts";
import { channelFor } from "../channels/index.ts";
import { type ChannelKind, DEFAULT_KIND, type KindInfo, kindInfo, kindOfWord } from "../channels/kinds.ts";
import { CredentialBodySchema, type CredentialBodyShape } from "../contract/api.ts";
import { NotificationSchema, type NotificationShape } from "../contract/config.ts";
import { asMeant, check } from "../contract/issues.ts";
import { isDingpipeError } from "../errors.ts";
import type { MessageLocale } from "../notify/i18n/index.ts";
import { parseLocale, parseTimeZone } from "../notify/i18n/names.ts";
import { isUserId } from "../notify/mentions.ts";
import {
  type ContentItem,
  DEFAULT_CONTENT,
  type MessageStyle,
  type NotificationRule,
} from "../notify/rule.ts";
import { type EventName, toEventName } from "../pipeline/status.ts";
import { badRequest } from "./errors.ts";
import { type BodyProblem, isObject, refuse } from "./refuse.ts";

type Obj = Record<string, unknown>;

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
const APP_NEEDS = ["appKey", "appSecret", "robotCode", "conversationId"] as const;

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

const str = (x: unknown): string | undefined => (typeof x === "string" ? x.trim() : undefined);
const strings = (x: unknown): string[] | undefined =>
  typeof x === "string" ? [x] : Array.isArray(x) && x.every((k) => typeof k === "string") ? x : undefined;

/** The credential's name: on create its rule (a URL path segment), on update the path's, unchanged. */
function nameProblems(b: Obj, mode: "create" | "update", pathName: string | undefined): BodyProblem[] {
  const name = b["name"];
  if (mode === "update")
    return name === undefined || name === pathName
      ? []
      : [{ path: "name", message: "cannot be changed (create a new credential instead)" }];
  if (name === undefined) return [{ path: "name", message: "is required" }];
  const problem = typeof name === "string" ? checkName(name, "credential") : undefined;
  return problem === undefined ? [] : [{ path: "name", message: problem, fix: `name it with ${NAME_RULE}` }];
}

/** The robot's kind: the one given (it cannot change on update), else the stored one, else DingTalk. */
function kindOf(
  b: Obj,
  storedKind: ChannelKind | undefined,
): { kind?: ChannelKind; problems: BodyProblem[] } {
  const word = b["type"];
  if (typeof word !== "string") return { problems: [] };
  const kind = kindOfWord(word);
  if (kind === undefined) return { problems: [] }; // the declaration says what it is not
  if (storedKind !== undefined && kind !== storedKind)
    return {
      problems: [
        {
          path: "type",
          message: `cannot be changed from ${storedKind} (create a new credential for a ${kind} robot)`,
        },
      ],
    };
  return { kind, problems: [] };
}

/** What a webhook robot takes: no app fields; a new one needs its webhook; its kind's secret and keywords. */
function webhookRobotProblems(b: Obj, kind: KindInfo, mode: "create" | "update"): BodyProblem[] {
  const out: BodyProblem[] = [];
  for (const key of APP_KEYS)
    if (b[key] !== undefined)
      out.push({
        path: key,
        message: `${kind.label} robots have no ${key} (it belongs to type dingtalk_app): remove it`,
      });
  if (mode === "create" && b["webhook"] === undefined) out.push({ path: "webhook", message: "is required" });
  const secret = str(b["secret"]);
  if (secret && !kind.signs)
    out.push({
      path: "secret",
      message: `${kind.label} robots do not sign: remove secret (the webhook is the only credential)`,
    });
  else if (secret && kind.kind === "dingtalk" && !secret.startsWith("SEC"))
    out.push({
      path: "secret",
      message: "is not a DingTalk signing secret: those start with SEC",
      fix: "copy the secret (SEC…) from the robot's security settings (加签 / Signature), or leave it out when the robot does not sign",
    });
  const keywords = strings(b["keywords"]);
  if (keywords && keywords.length > 0 && kind.keywords === undefined)
    out.push({ path: "keywords", message: `${kind.label} robots have no keywords: remove keywords` });
  else if (keywords && kind.keywords !== undefined && keywords.length > kind.keywords.max)
    out.push({
      path: "keywords",
      message: `${kind.label} robots take at most ${kind.keywords.max} keywords`,
    });
  return out;
}

/** What a DingTalk app robot takes: its app's fields instead of a webhook (a new one needs them all). */
function appRobotProblems(b: Obj, raw: Obj, mode: "create" | "update"): BodyProblem[] {
  const out: BodyProblem[] = [];
  for (const key of ["webhook", "secret", "keywords"] as const)
    if (b[key] !== undefined)
      out.push({
        path: key,
        message: `DingTalk app robots have no ${key}: give appKey, appSecret, robotCode and conversationId`,
        fix: "an app robot sends through the app's API: see docs/app-robot.md",
      });
  if (raw["appSecret"] === null)
    out.push({ path: "appSecret", message: "cannot be removed: an app robot needs its app's AppSecret" });
  for (const key of APP_NEEDS)
    if (mode === "create" && b[key] === undefined && raw[key] !== null)
      out.push({ path: key, message: "is required" });
  for (const key of ["appKey", "robotCode", "conversationId"] as const)
    if (/\s/.test(str(b[key]) ?? "")) out.push({ path: key, message: "must not contain spaces" });
  return out;
}

/** The webhook as its kind's channel writes it (a WeCom bare key becomes its URL), or why it is not one. */
function normalized(kind: ChannelKind, webhook: string): { webhook?: string; problem?: BodyProblem } {
  try {
    return { webhook: channelFor(kind).normalizeWebhook(webhook).trim() };
  } catch (e) {
    if (!isDingpipeError(e)) throw e;
    return { problem: { path: "webhook", message: e.message, fix: e.fix } };
  }
}

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
  if (!isObject(body)) throw badRequest("invalid credential: the body must be a JSON object");
  const b = asMeant(CredentialBodySchema, body) as Obj;
  const checked = check(CredentialBodySchema, b);
  const given = kindOf(b, storedKind);
  const kind = kindInfo(given.kind ?? storedKind ?? DEFAULT_KIND);
  const problems = [
    ...nameProblems(b, mode, pathName),
    ...(checked.ok ? [] : checked.problems),
    ...given.problems,
    ...(kind.kind === "dingtalk_app" ? appRobotProblems(b, body, mode) : webhookRobotProblems(b, kind, mode)),
  ];
  // A webhook is normalized by its kind's channel, unless the kind given is not one.
  const webhook = str(b["webhook"]);
  const typed = b["type"] === undefined || given.kind !== undefined;
  const hook = webhook && typed && kind.kind !== "dingtalk_app" ? normalized(kind.kind, webhook) : {};
  if (hook.problem) problems.push(hook.problem);
  refuse("credential", problems);
  const c = (checked as { value: CredentialBodyShape }).value;
  const out: CredentialBody = { name: mode === "create" ? c.name! : pathName! };
  if (given.kind !== undefined || kind.kind === "dingtalk_app") out.type = kind.kind;
  if (isObject(body["rateLimit"])) {
    const { messages, perSeconds } = c.rateLimit ?? {};
    out.rateLimit = {
      messages: messages ?? DEFAULT_RATE_LIMIT.messages,
      perSeconds: perSeconds ?? DEFAULT_RATE_LIMIT.perSeconds,
    };
  }
  if (kind.kind === "dingtalk_app") return withApp(out, c, mode);
  if (hook.webhook !== undefined) out.webhook = hook.webhook;
  if (body["secret"] === null) out.secret = null;
  else if (c.secret) out.secret = c.secret.trim();
  if (c.keywords !== undefined) out.keywords = c.keywords.map((k) => k.trim());
  return out;
}

/**
 * A DingTalk app robot: appKey, appSecret, robotCode, conversationId (the group's openConversationId)
 * and optional baseUrl instead of a webhook; the app secret is sealed as the credential's secret, and a
 * new one's webhook is their endpoint URL.
 */
function withApp(out: CredentialBody, c: CredentialBodyShape, mode: "create" | "update"): CredentialBody {
  const app: Partial<AppFields> = {};
  for (const key of ["appKey", "robotCode", "conversationId", "baseUrl"] as const)
    if (c[key] !== undefined) app[key] = c[key].trim();
  if (Object.keys(app).length > 0) out.app = app;
  if (c.appSecret !== undefined) out.secret = c.appSecret.trim();
  if (mode === "create") {
    try {
      out.webhook = appEndpointUrl(app as AppFields);
    } catch (e) {
      if (!isDingpipeError(e)) throw e;
      refuse("credential", [{ path: "baseUrl", message: e.message, fix: e.fix }]);
    }
  }
  return out;
}

// -------------------------------------------------------------- notifications

/** Fields of a notification the API shows that a body may carry back: ignored. */
const IGNORED_ON_INPUT = new Set(["id", "createdAt", "updatedAt"]);
const VAR_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const MOBILE = /^\+?[0-9][0-9 -]{4,19}$/;

/**
 * The service refuses an `at` entry no robot can mention (the file only warns, as a variable may hold it): each
 * is a mobile, a Feishu open_id, a ${VAR} reference or all.
 */
function atProblems(at: unknown, path: string): BodyProblem[] {
  const entries = typeof at === "string" ? [at] : Array.isArray(at) ? at : [];
  return entries.flatMap((entry, i) => {
    if (typeof entry !== "string") return []; // the declaration says what it is not
    const a = entry.trim();
    if (a.toLowerCase() === "all" || VAR_REF.test(a) || MOBILE.test(a) || isUserId(a)) return [];
    return [
      {
        path: `${path}at[${i}]`,
        message: `'${a}' is not a mobile number, a Feishu open_id (ou_…), a \${VAR} reference or 'all'`,
      },
    ];
  });
}

const unique = <T>(list: T[]): T[] => [...new Set(list)];

/**
 * Validates a notification rule (paths after `path`, e.g. "notification."); `credentialExists` is checked by
 * the caller (422 when missing). Events are stored canonical, words as the file would read them.
 */
export function validateNotification(body: unknown, path = ""): NotificationRule {
  if (!isObject(body)) throw badRequest("invalid notification: the body must be a JSON object");
  const fields = Object.fromEntries(Object.entries(body).filter(([k]) => !IGNORED_ON_INPUT.has(k)));
  const meant = asMeant(NotificationSchema, fields) as Obj;
  const checked = check(NotificationSchema, meant, path);
  refuse("notification", [...(checked.ok ? [] : checked.problems), ...atProblems(meant["at"], path)]);
  const n = (checked as { value: NotificationShape }).value;
  const rule: NotificationRule = {
    credential: n.credential.trim(),
    events: unique(n.events.map((e) => toEventName(e) as EventName)),
    content:
      n.content === undefined
        ? [...DEFAULT_CONTENT]
        : unique(n.content.map((c) => c.trim().toLowerCase() as ContentItem)),
  };
  if (n.name !== undefined && n.name.trim() !== "") rule.name = n.name.trim();
  if (n.enabled === false) rule.enabled = false;
  if (n.pipelines !== undefined) rule.pipelines = n.pipelines.map((p) => p.trim());
  if (n.tasks !== undefined) rule.tasks = n.tasks.map((t) => t.trim());
  if (n.custom !== undefined && n.custom.trim() !== "") rule.custom = n.custom;
  const at = (n.at ?? []).map((a) => a.trim());
  if (at.length > 0) rule.at = at.map((a) => (a.toLowerCase() === "all" ? "all" : a));
  if (n.style !== undefined) rule.style = n.style.trim().toLowerCase() as MessageStyle;
  const locale = n.locale === undefined ? undefined : parseLocale(n.locale);
  if (locale?.ok) rule.locale = locale.value as MessageLocale;
  const timezone = n.timezone === undefined ? undefined : parseTimeZone(n.timezone);
  if (timezone?.ok) rule.timezone = timezone.value;
  return rule;
}

export { validateEvent } from "./validate-event.ts";
