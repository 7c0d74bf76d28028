/**
 * `.dingpipe.yml` checks of a DingTalk app robot: `app_key:`, `app_secret:` (kept in a CI secret),
 * `robot_code:`, `conversation_id:` (the group's openConversationId) and, for the emulator or a relay,
 * `base_url:`. They become the credential's endpoint URL (endpoint.ts) and its secret.
 */
import type { CheckText, CredentialCheck } from "../../config/credential-check.ts";
import { isLiteral, ref } from "../../config/interpolate.ts";
import { isDingpipeError } from "../../errors.ts";
import { appEndpointUrl } from "./endpoint.ts";

export const DINGTALK_APP_CONFIG_KEYS = [
  "app_key",
  "app_secret",
  "robot_code",
  "conversation_id",
  "base_url",
  "rate_limit",
] as const;

const REQUIRED = [
  ["app_key", "appKey", "DINGTALK_APP_KEY", "the app's AppKey (Client ID)"],
  ["app_secret", "appSecret", "DINGTALK_APP_SECRET", "the app's AppSecret, kept in a CI secret"],
  ["robot_code", "robotCode", "DINGTALK_ROBOT_CODE", "the app robot's RobotCode"],
  ["conversation_id", "conversationId", "DINGTALK_CONVERSATION_ID", "the group's openConversationId (cid…)"],
] as const;

export function checkDingTalkAppConfig(check: CredentialCheck): void {
  const { name, raw, out, resolve, error, warning } = check;
  const values: Record<string, string> = {};
  for (const [key, field, env, what] of REQUIRED) {
    const t = raw[field] as CheckText | undefined;
    if (!raw.keys.has(key)) {
      error(
        raw.keyNode,
        `credential '${name}' (DingTalk app robot) has no ${key}:`,
        `add \`${key}: ${ref(env)}\` (${what})`,
      );
      continue;
    }
    if (!t) continue;
    if (key === "app_secret" && isLiteral(t.value)) {
      warning(
        t.node,
        `app_secret of credential '${name}' is written literally: use \${ENV}`,
        `keep it in a CI secret, e.g. ${env}, and write \`app_secret: ${ref(env)}\``,
      );
    }
    const value = resolve(t, key, `set $V in the environment (${what})`);
    if (value !== undefined) values[key] = value.trim();
  }
  let base: string | undefined;
  if (raw.baseUrl) base = resolve(raw.baseUrl, "base_url", "set $V in the environment, or remove base_url:");
  if (values["app_key"] && values["robot_code"] && values["conversation_id"]) {
    try {
      out.webhook = appEndpointUrl({
        appKey: values["app_key"],
        robotCode: values["robot_code"],
        conversationId: values["conversation_id"],
        baseUrl: base,
      });
    } catch (e) {
      if (!isDingpipeError(e)) throw e;
      error(raw.baseUrl?.node ?? raw.keyNode, `credential '${name}': ${e.message}`, e.fix);
    }
  }
  if (values["app_secret"]) out.secret = values["app_secret"];
}
