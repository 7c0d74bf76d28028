/**
 * `.dingpipe.yml` checks of a DingTalk webhook robot: `webhook:` (the full URL) or `token:` (the
 * access_token alone, with `base_url:` for a relay or the emulator), and its `SEC…` secret.
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
  const { name, raw, out: c, resolve, error, warning } = check;
  const { webhook: w, token: t, secret: s, baseUrl: b } = raw;

  if (!raw.keys.has("webhook") && !raw.keys.has("token")) {
    error(
      raw.keyNode,
      `credential '${name}' has neither webhook: nor token:`,
      `add \`webhook: ${ref("DINGTALK_WEBHOOK")}\` (the robot's full webhook URL, kept in a CI secret)`,
    );
  }
  if (w && t) {
    error(
      t.node,
      `credential '${name}' has both webhook: and token:`,
      "keep one: webhook: (the full URL) or token: (the access_token alone)",
    );
  }

  // webhook
  if (w) {
    const literalToken = /access_token=(?!\$\{)[^&\s]/.test(w.value);
    if (literalToken) {
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
    if (value !== undefined) {
      const where = check.from(w);
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        error(
          w.node,
          `webhook of credential '${name}'${where} is not a URL`,
          `use the robot's webhook: ${ROBOT_URL}`,
        );
      }
      if (url && url.protocol !== "https:" && url.protocol !== "http:") {
        error(w.node, `webhook of credential '${name}'${where} is not an http(s) URL`, `use ${ROBOT_URL}`);
      } else if (url) {
        if (!url.searchParams.get("access_token")) {
          error(
            w.node,
            `webhook of credential '${name}'${where} has no access_token`,
            `copy the whole webhook from the robot's settings: ${ROBOT_URL}`,
          );
        } else if (
          url.hostname !== DINGTALK_HOST ||
          url.pathname !== "/robot/send" ||
          url.protocol !== "https:"
        ) {
          warning(
            w.node,
            `webhook of credential '${name}'${where} is not a DingTalk robot URL (${url.protocol}//${url.host}${url.pathname})`,
            `use ${ROBOT_URL}; for a relay or the emulator write token: with base_url:`,
          );
        }
        if (url.searchParams.has("sign") || url.searchParams.has("timestamp")) {
          warning(
            w.node,
            `webhook of credential '${name}'${where} already carries timestamp/sign`,
            "remove them: dingpipe signs every request with the secret",
          );
        }
        c.webhook = value;
      }
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
      let ok = false;
      try {
        const u = new URL(value);
        ok = u.protocol === "http:" || u.protocol === "https:";
      } catch {}
      if (ok) c.baseUrl = value;
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
    const value = resolve(
      s,
      "secret",
      "set $V in the environment (a CI secret holding the robot's SEC… secret), or remove secret: when the robot does not sign",
    );
    if (value !== undefined) {
      if (!value.startsWith("SEC")) {
        warning(
          s.node,
          `secret of credential '${name}' does not start with SEC`,
          "copy the signing secret (SEC…) from the robot's security settings (加签)",
        );
      }
      c.secret = value;
    }
  }
}
