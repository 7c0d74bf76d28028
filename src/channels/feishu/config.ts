/**
 * `.dingpipe.yml` checks of a Feishu / Lark custom bot: `webhook:` (the full URL: the hook token is
 * in its path, so it belongs in a CI secret) and, when the bot verifies signatures, `secret:`.
 */
import type { CredentialCheck } from "../../config/credential-check.ts";
import { isLiteral, ref } from "../../config/interpolate.ts";
import { isDingpipeError } from "../../errors.ts";
import { FEISHU_INFO } from "./info.ts";
import { parseFeishuWebhook } from "./webhook.ts";

export const FEISHU_CONFIG_KEYS = ["webhook", "secret", "keywords", "rate_limit"] as const;

export function checkFeishuConfig(check: CredentialCheck): void {
  const { name, raw, out, resolve, error, warning } = check;
  const { webhook: w, secret: s } = raw;
  if (!raw.keys.has("webhook")) {
    error(
      raw.keyNode,
      `credential '${name}' (Feishu) has no webhook:`,
      `add \`webhook: ${ref("FEISHU_WEBHOOK")}\` (the bot's webhook URL, kept in a CI secret)`,
    );
  }
  if (w) {
    if (isLiteral(w.value) && w.value.includes("/hook/")) {
      warning(
        w.node,
        `the hook token is written literally in webhook of credential '${name}': use \${ENV}`,
        `keep the webhook in a CI secret, e.g. FEISHU_WEBHOOK, and write \`webhook: ${ref("FEISHU_WEBHOOK")}\``,
        { needle: "/hook/" },
      );
    }
    const value = resolve(
      w,
      "webhook",
      "set $V in the environment (a CI secret holding the bot's webhook URL)",
    );
    if (value !== undefined) {
      try {
        const { url } = parseFeishuWebhook(value);
        if (!FEISHU_INFO.hosts.includes(url.hostname) || url.protocol !== "https:") {
          warning(
            w.node,
            `webhook of credential '${name}'${check.from(w)} is not a Feishu or Lark bot URL (${url.protocol}//${url.host})`,
            `use ${FEISHU_INFO.webhookExample} or its open.larksuite.com twin (an emulator's URL is fine for tests)`,
          );
        }
        out.webhook = value.trim();
      } catch (e) {
        if (!isDingpipeError(e)) throw e;
        error(w.node, `webhook of credential '${name}'${check.from(w)}: ${e.message}`, e.fix);
      }
    }
  }
  if (s) {
    if (isLiteral(s.value)) {
      warning(
        s.node,
        `secret of credential '${name}' is written literally: use \${ENV}`,
        `keep it in a CI secret, e.g. FEISHU_SECRET, and write \`secret: ${ref("FEISHU_SECRET")}\``,
      );
    }
    const value = resolve(
      s,
      "secret",
      "set $V in the environment (a CI secret holding the bot's signing secret), or remove secret: when the bot does not verify signatures",
    );
    if (value !== undefined) out.secret = value.trim();
  }
}
