/**
 * `.dingpipe.yml` of a DingTalk app robot: `app_key:`, `app_secret:` (kept in a CI secret), `robot_code:`,
 * `conversation_id:` (the group's openConversationId) and, for the emulator or a relay, `base_url:`. Here
 * what only the file says (an app secret written literally, `${ENV}` resolution); what they need and the
 * endpoint URL they make (endpoint.ts) are src/contract/credential-rules.ts, said by the API too.
 */
import type { CredentialCheck } from "../../config/credential-check.ts";
import { isLiteral, ref } from "../../config/interpolate.ts";

export const DINGTALK_APP_CONFIG_KEYS = [
  "app_key",
  "app_secret",
  "robot_code",
  "conversation_id",
  "base_url",
  "rate_limit",
] as const;

const FIELDS = [
  ["app_key", "appKey", "DINGTALK_APP_KEY", "the app's AppKey (Client ID)"],
  ["app_secret", "appSecret", "DINGTALK_APP_SECRET", "the app's AppSecret, kept in a CI secret"],
  ["robot_code", "robotCode", "DINGTALK_ROBOT_CODE", "the app robot's RobotCode"],
  ["conversation_id", "conversationId", "DINGTALK_CONVERSATION_ID", "the group's openConversationId (cid…)"],
  ["base_url", "baseUrl", "", ""],
] as const;

export function checkDingTalkAppConfig(check: CredentialCheck): void {
  const { name, raw, values, resolve, warning } = check;
  for (const [key, field, env, what] of FIELDS) {
    const t = raw[field];
    if (!t) continue;
    if (key === "app_secret" && isLiteral(t.value)) {
      warning(
        t.node,
        `app_secret of credential '${name}' is written literally: use \${ENV}`,
        `keep it in a CI secret, e.g. ${env}, and write \`app_secret: ${ref(env)}\``,
      );
    }
    const unset = what
      ? `set $V in the environment (${what})`
      : "set $V in the environment, or remove base_url:";
    values[key] = resolve(t, key, unset);
  }
}
