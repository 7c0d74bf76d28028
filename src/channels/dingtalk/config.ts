/**
 * `.dingpipe.yml` checks of a DingTalk webhook robot only the file says: `webhook:` (the full URL) or `token:`
 * (the access_token alone, with `base_url:` for a relay or the emulator), secrets written literally, a webhook
 * that is not DingTalk's. What the API says too (the `SEC…` secret, the webhook's access_token, what a
 * credential needs) is in src/contract/credential-rules.ts.
 */
import type { CredentialCheck } from "../../config/credential-check.ts";
import { isLiteral, ref } from "../../config/interpolate.ts";

const DINGTALK_HOST = "oapi.dingtalk.com";
const ROBOT_URL = "https://oapi.dingtalk.com/robot/send?access_token=…";

export const DINGTALK_CONFIG_KEYS = [
  "webhook",
  "token",
  "secret",
  "keywords",
  "base_url",
  "rate_limit",
] as const;

export function checkDingTalkConfig(check: CredentialCheck): void {
  const { name, raw, out: c, values, resolve, error, warning } = check;
  const { webhook: w, token: t, secret: s, baseUrl: b } = raw;

  if (w && t) {
    error(
      t.node,
      `credential '${name}' has both webhook: and token:`,
      "keep one: webhook: (the full URL) or token: (the access_token alone)",
    );
  }

  // webhook
  if (w) {
    if (/access_token=(?!\$\{)[^&\s]/.test(w.value)) {
      warning(
        w.node,
        `the access token is written literally in webhook of credential '${name}': use \${ENV}`,
        `keep the webhook in a CI secret, e.g. DINGTALK_WEBHOOK, and write \`webhook: ${ref("DINGTALK_WEBHOOK")}\``,
        { needle: "access_token=" },
      );
    }
    const value = resolve(
      w,
      "webhook",
      "set $V in the environment (a CI secret holding the robot's webhook URL)",
    );
    const url = value === undefined ? undefined : URL.parse(value.trim());
    const where = `webhook of credential '${name}'${check.from(w)}`;
    // The file's webhook is a URL: the access_token alone is written as token:.
    if (value !== undefined && !url) {
      error(
        w.node,
        `${where} is not a URL`,
        `use the robot's webhook: ${ROBOT_URL}, or token: for the access_token alone`,
      );
    } else if (url && url.protocol !== "https:" && url.protocol !== "http:") {
      error(w.node, `${where} is not an http(s) URL`, `use ${ROBOT_URL}`);
    } else if (url) {
      if (
        url.searchParams.get("access_token") &&
        (url.hostname !== DINGTALK_HOST || url.pathname !== "/robot/send" || url.protocol !== "https:")
      ) {
        warning(
          w.node,
          `${where} is not a DingTalk robot URL (${url.protocol}//${url.host}${url.pathname})`,
          `use ${ROBOT_URL}; for a relay or the emulator write token: with base_url:`,
        );
      }
      if (url.searchParams.has("sign") || url.searchParams.has("timestamp")) {
        warning(
          w.node,
          `${where} already carries timestamp/sign`,
          "remove them: dingpipe signs every request with the secret",
        );
      }
      values.webhook = value;
    }
  }

  // token
  if (t) {
    if (isLiteral(t.value)) {
      warning(
        t.node,
        `the access token is written literally in token of credential '${name}': use \${ENV}`,
        `keep it in a CI secret, e.g. DINGTALK_TOKEN, and write \`token: ${ref("DINGTALK_TOKEN")}\``,
      );
    }
    const value = resolve(
      t,
      "token",
      "set $V in the environment (a CI secret holding the robot's access_token)",
    );
    if (value !== undefined) {
      if (/:\/\/|access_token=/.test(value)) {
        error(
          t.node,
          `token of credential '${name}' holds a URL`,
          "write the full URL as webhook:, or only the access_token value as token:",
        );
      } else if (/\s/.test(value)) {
        error(t.node, `token of credential '${name}' contains spaces`, "copy the access_token value alone");
      } else c.token = value;
    }
  }

  // base_url
  if (b) {
    if (w) {
      error(
        b.node,
        `base_url of credential '${name}' goes with token:, not webhook:`,
        "remove base_url (the webhook is the whole URL), or write token: instead of webhook:",
      );
    }
    const value = resolve(b, "base_url", "set $V in the environment, or remove base_url:");
    if (value !== undefined) {
      const u = URL.parse(value);
      if (u?.protocol === "http:" || u?.protocol === "https:") c.baseUrl = value;
      else
        error(
          b.node,
          `base_url of credential '${name}' is not an http(s) URL`,
          "write e.g. http://127.0.0.1:8080",
        );
    }
  }

  // secret
  if (s) {
    if (isLiteral(s.value)) {
      warning(
        s.node,
        `secret of credential '${name}' is written literally: use \${ENV}`,
        `keep it in a CI secret, e.g. DINGTALK_SECRET, and write \`secret: ${ref("DINGTALK_SECRET")}\``,
      );
    }
    values.secret = resolve(
      s,
      "secret",
      "set $V in the environment (a CI secret holding the robot's SEC… secret), or remove secret: when the robot does not sign",
    );
  }
}
