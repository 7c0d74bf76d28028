/**
 * Validation of API bodies on the one declaration (src/contract/config.ts): a body's shape and each field's own
 * checks come from it, with the same words as in `.dingpipe.yml`; what only the API does is here as small pure
 * rules — a credential's name (a URL path segment), which fields each robot kind takes and what a new credential
 * needs, an `at` entry's form. Each function returns the normalized value or throws HttpError 400 "invalid" with
 * one detail per problem ({ path, message }), so a form can show every mistake at once.
 */
import { type ChannelKind, DEFAULT_KIND, kindInfo, kindOfWord } from "../channels/kinds.ts";
import { CredentialBodySchema, type CredentialBodyShape } from "../contract/api.ts";
import { CredentialFieldSchemas, NotificationSchema } from "../contract/config.ts";
import { apiName, type RobotValues, robotRules } from "../contract/credential-rules.ts";
import { asMeant, check } from "../contract/issues.ts";
import { isMentionEntry } from "../notify/mentions.ts";
import type { NotificationRule } from "../notify/rule.ts";
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

/** The credential's name: on create its rule (a URL path segment), on update the path's, unchanged. */
function nameProblems(name: unknown, mode: "create" | "update", pathName: string | undefined): BodyProblem[] {
  if (mode === "update")
    return name === undefined || name === pathName
      ? []
      : [{ path: "name", message: "cannot be changed (create a new credential instead)" }];
  if (name === undefined) return [{ path: "name", message: "is required" }];
  const problem = typeof name === "string" ? checkName(name, "credential") : undefined;
  return problem === undefined ? [] : [{ path: "name", message: problem, fix: `name it with ${NAME_RULE}` }];
}

const strings = (x: unknown): string[] | undefined =>
  typeof x === "string" ? [x] : Array.isArray(x) && x.every((k) => typeof k === "string") ? x : undefined;

/** The robot's kind given, unless it is none (the declaration says so) or not the stored one (it cannot change). */
function kindOf(
  word: unknown,
  stored: ChannelKind | undefined,
): { kind?: ChannelKind; problems: BodyProblem[] } {
  const kind = typeof word === "string" ? kindOfWord(word) : undefined;
  if (kind === undefined) return { problems: [] };
  if (stored === undefined || kind === stored) return { kind, problems: [] };
  const message = `cannot be changed from ${stored} (create a new credential for a ${kind} robot)`;
  return { problems: [{ path: "type", message }] };
}

/**
 * The kind's rules (src/contract/credential-rules.ts, as `.dingpipe.yml` says them), every finding refused: a
 * stored credential must work as stored, where a file's run may still send with a warning. An app robot's
 * AppSecret cannot be removed (null).
 */
function robotProblems(b: Obj, raw: Obj, kind: ChannelKind, mode: "create" | "update") {
  const values: RobotValues = {};
  const written = new Set<string>();
  for (const key of Object.keys(CredentialFieldSchemas) as (keyof RobotValues)[]) {
    const value = b[apiName(key)];
    if (value !== undefined) written.add(key);
    if (key === "keywords") values.keywords = strings(value);
    else if (typeof value === "string") values[key] = value;
  }
  const checked = robotRules(kind, values, { written, needs: mode === "create", where: "api" });
  const problems: BodyProblem[] = checked.findings.map((f) => ({
    path: apiName(String(f.keys[0])),
    message: f.message,
    fix: f.fix,
  }));
  if (kind === "dingtalk_app" && raw["appSecret"] === null)
    problems.push({
      path: "appSecret",
      message: "cannot be removed: an app robot needs its app's AppSecret",
    });
  return { problems, webhook: checked.webhook };
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
  /** On update, the stored rate limit: the half of one a body does not give is kept from it. */
  storedRate?: { messages: number; perSeconds: number },
): CredentialBody {
  if (!isObject(body)) throw badRequest("invalid credential: the body must be a JSON object");
  const b = asMeant(CredentialBodySchema, body) as Obj;
  const checked = check(CredentialBodySchema, b);
  const given = kindOf(b["type"], storedKind);
  const kind = given.kind ?? storedKind ?? DEFAULT_KIND;
  // A kind given that is not one was refused with its did-you-mean: its rules would only guess.
  const typed = b["type"] === undefined || given.kind !== undefined;
  const robot = typed ? robotProblems(b, body, kind, mode) : { problems: [], webhook: undefined };
  const problems = [
    ...nameProblems(b["name"], mode, pathName),
    ...(checked.ok ? [] : checked.problems),
    ...given.problems,
    ...robot.problems,
  ];
  refuse("credential", problems);
  const c = (checked as { value: CredentialBodyShape }).value;
  const out: CredentialBody = { name: mode === "create" ? c.name! : pathName! };
  if (given.kind !== undefined || kind === "dingtalk_app") out.type = kind;
  if (isObject(body["rateLimit"])) {
    // What is not given is kept as stored on update; on create it is the kind's default, as in the file
    // (src/config/credential.ts).
    const { messages, perSeconds } = c.rateLimit ?? {};
    const fallback = storedRate ?? kindInfo(kind).defaultRate;
    out.rateLimit = {
      messages: messages ?? fallback.messages,
      perSeconds: perSeconds ?? fallback.perSeconds,
    };
  }
  if (kind === "dingtalk_app") return withApp(out, c, mode === "create" ? robot.webhook : undefined);
  if (robot.webhook !== undefined) out.webhook = robot.webhook;
  if (body["secret"] === null) out.secret = null;
  else if (c.secret) out.secret = c.secret.trim();
  if (c.keywords !== undefined) out.keywords = c.keywords.map((k) => k.trim());
  return out;
}

/**
 * A DingTalk app robot: appKey, appSecret, robotCode, conversationId (the group's openConversationId) and
 * optional baseUrl instead of a webhook; the app secret is sealed as the credential's secret, and a new one's
 * webhook is their endpoint URL (made by the kind's rules).
 */
function withApp(out: CredentialBody, c: CredentialBodyShape, endpoint: string | undefined): CredentialBody {
  const app: Partial<AppFields> = {};
  for (const key of ["appKey", "robotCode", "conversationId", "baseUrl"] as const)
    if (c[key] !== undefined) app[key] = c[key].trim();
  if (Object.keys(app).length > 0) out.app = app;
  if (c.appSecret !== undefined) out.secret = c.appSecret.trim();
  if (endpoint !== undefined) out.webhook = endpoint;
  return out;
}

// -------------------------------------------------------------- notifications

/** Fields of a notification the API shows that a body may carry back: ignored. */
const IGNORED_ON_INPUT = new Set(["id", "createdAt", "updatedAt"]);

/**
 * The service refuses an `at` entry no robot can mention (the file only warns, as a variable may hold it): each
 * is a mobile, a Feishu open_id, a ${VAR} reference or all.
 */
function atProblems(at: unknown, path: string): BodyProblem[] {
  const entries = typeof at === "string" ? [at] : Array.isArray(at) ? at : [];
  return entries.flatMap((entry, i) => {
    if (typeof entry !== "string") return []; // the declaration says what it is not
    const a = entry.trim();
    if (isMentionEntry(a)) return [];
    return [
      {
        path: `${path}at[${i}]`,
        message: `'${a}' is not a mobile number, a Feishu open_id (ou_…), a \${VAR} reference or 'all'`,
      },
    ];
  });
}

/**
 * Validates a notification rule (paths after `path`, e.g. "notification."); `credentialExists` is checked by
 * the caller (422 when missing). The declaration reads it as the engine keeps it, as the file's is.
 */
export function validateNotification(body: unknown, path = ""): NotificationRule {
  if (!isObject(body)) throw badRequest("invalid notification: the body must be a JSON object");
  const fields = Object.fromEntries(Object.entries(body).filter(([k]) => !IGNORED_ON_INPUT.has(k)));
  const meant = asMeant(NotificationSchema, fields) as Obj;
  const checked = check(NotificationSchema, meant, path);
  refuse("notification", [...(checked.ok ? [] : checked.problems), ...atProblems(meant["at"], path)]);
  return (checked as { value: NotificationRule }).value;
}

export { validateEvent } from "./validate-event.ts";
