/**
 * A robot credential's own rules, worded once for each kind: which fields it takes and needs, a DingTalk
 * secret's SEC, the most keywords, the webhook as its kind's channel writes it, an app robot's fields and
 * endpoint. `.dingpipe.yml` (src/config/credential.ts, after `${ENV}` resolution) and the API
 * (src/server/validate.ts) both present these findings: the file at the field's node ("secret of credential
 * 'ci'…"), the API as `{ path, message }` with the fix. Messages are relative to their field, as the
 * declaration's are ("is required"); a sentence of its own (a channel's "the WeCom webhook has no key
 * parameter") follows the field after a colon. Pure: plain values in, findings and normalized values out.
 *
 * Here rather than in each kind's folder: the API checks every kind through one table, and a new kind is one
 * row plus its channel's normalizer. What only the file says (a secret written literally, a host that is not
 * the kind's, DingTalk's token: and base_url:) stays with the kind (src/channels/<kind>/config.ts).
 */
import { appEndpointUrl } from "../channels/dingtalk_app/endpoint.ts";
import { channelFor } from "../channels/index.ts";
import { type ChannelKind, kindInfo } from "../channels/kinds.ts";
import { isDingpipeError } from "../errors.ts";
import { KIND_KEYS } from "./config.ts";
import type { Finding } from "./rules.ts";

type Field = "webhook" | "secret" | "base_url" | "app_key" | "app_secret" | "robot_code" | "conversation_id";
/** A credential's values by their `.dingpipe.yml` names, `${ENV}` resolved (undefined: absent or unresolved). */
export type RobotValues = { [K in Field]?: string | undefined } & {
  keywords?: readonly string[] | undefined;
};

/** A finding about a field that is written where it should not be, or missing: said at its key. */
export type RobotFinding = Finding & { atKey?: true };

/**
 * The keys a credential needs (every key of one of the sets), as the declaration has them for the JSON Schema
 * (`KIND_KEYS`, src/contract/config.ts); the keys it takes are its channel's.
 */
const NEEDS = (kind: ChannelKind): readonly (readonly string[])[] => KIND_KEYS[kind].needs;
/** Keys only the file has: DingTalk's token: and the base_url: that goes with it. */
const FILE_ONLY: Partial<Record<ChannelKind, readonly string[]>> = { dingtalk: ["token", "base_url"] };

/** What each needed field is, for "is required". */
const WHAT: Record<string, string> = {
  webhook: "the robot's webhook URL",
  token: "the access_token alone",
  app_key: "the app's AppKey (Client ID)",
  app_secret: "the app's AppSecret",
  robot_code: "the app robot's RobotCode",
  conversation_id: "the group's openConversationId (cid…)",
};

/** A field as the API body spells it: app_key → appKey. */
export const apiName = (key: string): string => key.replace(/_(.)/g, (_, c: string) => c.toUpperCase());

/** "DingTalk robot", "DingTalk app robot". */
export const robotOf = (kind: ChannelKind): string => {
  const label = kindInfo(kind).label;
  return label.endsWith("robot") ? label : `${label} robot`;
};

export interface RobotChecked {
  findings: RobotFinding[];
  /** The webhook as its kind writes it (a WeCom key as its URL; an app robot's endpoint URL). */
  webhook?: string;
  /** The secret sealed with it (an app robot's AppSecret). */
  secret?: string;
}

/**
 * The rules of `kind` on a credential's values. `written`: the keys given (file names, even when their value
 * could not be resolved); `needs`: whether missing keys are findings (the file and a new credential: yes; an
 * update keeps the stored ones). `where` spells the fields ("app_key:" in the file, "appKey" in the API).
 */
export function robotRules(
  kind: ChannelKind,
  values: RobotValues,
  options: { written: ReadonlySet<string>; needs: boolean; where: "file" | "api" },
): RobotChecked {
  const info = kindInfo(kind);
  const api = options.where === "api";
  const name = (key: string) => (api ? apiName(key) : `${key}:`);
  const takes = channelFor(kind).configKeys.filter(
    (k) => k !== "rate_limit" && !(api && FILE_ONLY[kind]?.includes(k)),
  );
  const out: RobotChecked = { findings: [] };
  const say = (f: RobotFinding) => out.findings.push(f);

  for (const key of options.written) {
    if (key === "type" || key === "rate_limit" || takes.includes(key)) continue;
    say({
      keys: [key],
      severity: "error",
      atKey: true,
      message: `is not taken by a ${robotOf(kind)}`,
      fix: `remove ${name(key)} (a ${robotOf(kind)} takes ${takes.map((k) => (api ? apiName(k) : k)).join(", ")}${api ? "" : ", rate_limit"})`,
    });
  }
  const needs = NEEDS(kind).filter((set) => set.every((k) => takes.includes(k)));
  if (options.needs && !needs.some((set) => set.every((k) => options.written.has(k)))) {
    // Only DingTalk has another way (token: instead of webhook:), and only in the file.
    const or = needs[1]?.[0];
    for (const key of needs[0]!.filter((k) => !options.written.has(k)))
      say({
        keys: [key],
        severity: "error",
        atKey: true,
        message: `is required${or ? ` (or ${name(or)})` : ""}`,
        fix: `${api ? "give" : "add"} ${name(key)} (${WHAT[key]})${or ? `, or ${name(or)} (${WHAT[or]})` : ""}`,
      });
  }

  const secret = values.secret?.trim();
  if (secret && kind === "dingtalk" && !secret.startsWith("SEC"))
    say({
      keys: ["secret"],
      severity: "warning",
      message: "is not a DingTalk signing secret: those start with SEC",
      fix: "copy the secret (SEC…) from the robot's security settings (加签 / Signature), or leave it out when the robot does not sign",
    });
  const max = info.keywords?.max;
  if (values.keywords && max !== undefined && values.keywords.length > max)
    say({
      keys: ["keywords"],
      severity: "warning",
      message: `are ${values.keywords.length}: a ${robotOf(kind)} takes at most ${max}`,
      fix: "list only the keywords set in the robot's security settings",
    });

  if (kind === "dingtalk_app") {
    appRules(values, out, name);
    if (values.app_secret?.trim()) out.secret = values.app_secret.trim();
    return out;
  }
  if (values.webhook !== undefined && takes.includes("webhook")) {
    try {
      out.webhook = channelFor(kind).normalizeWebhook(values.webhook).trim();
    } catch (e) {
      if (!isDingpipeError(e)) throw e;
      say({ keys: ["webhook"], severity: "error", message: e.message, fix: e.fix ?? "" });
    }
  }
  if (secret && info.signs) out.secret = secret;
  return out;
}

/** An app robot's fields: no spaces, and with a base URL they make its endpoint URL. */
function appRules(values: RobotValues, out: RobotChecked, name: (key: string) => string): void {
  const fields = ["app_key", "robot_code", "conversation_id"] as const;
  let whole = true;
  for (const key of fields) {
    const value = values[key]?.trim();
    if (!value) whole = false;
    else if (/\s/.test(value)) {
      whole = false;
      out.findings.push({
        keys: [key],
        severity: "error",
        message: "must not contain spaces",
        fix: `copy ${WHAT[key]} again, without spaces`,
      });
    }
  }
  if (!whole) return;
  try {
    out.webhook = appEndpointUrl({
      appKey: values.app_key!,
      robotCode: values.robot_code!,
      conversationId: values.conversation_id!,
      baseUrl: values.base_url,
    });
  } catch (e) {
    if (!isDingpipeError(e)) throw e;
    // "baseUrl is not a URL": the field its message starts with, and the rest relative to it.
    const [, field = "baseUrl", rest = e.message] = /^(\w+) (.*)$/.exec(e.message) ?? [];
    const key = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out.findings.push({
      keys: [key],
      severity: "error",
      message: rest,
      fix: (e.fix ?? "").replaceAll(field, name(key).replace(/:$/, "")),
    });
  }
}

/** A finding as the file says it: "secret of credential 'ci' (from DINGTALK_SECRET) is not…". */
export function fileWords(f: Finding, credential: string, from = ""): string {
  const sentence = /^the /.test(f.message);
  return `${String(f.keys[0])} of credential '${credential}'${from}${sentence ? ": " : " "}${f.message}`;
}
