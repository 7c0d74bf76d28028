/**
 * `.dingpipe.yml` checks of a Feishu / Lark custom bot only the file says: `webhook:` (the full URL: the hook
 * token is in its path, so it belongs in a CI secret) and `secret:` written literally, and a webhook on a host
 * that is not Feishu's or Lark's. What the API says too is in src/contract/credential-rules.ts.
 */
import type { CredentialCheck } from "../../config/credential-check.ts";
import { isLiteral, ref } from "../../config/interpolate.ts";
import { FEISHU_INFO } from "./info.ts";

export const FEISHU_CONFIG_KEYS = ["webhook", "secret", "keywords", "rate_limit"] as const;

export function checkFeishuConfig(check: CredentialCheck): void {
  const { name, raw, values, resolve, warning } = check;
  const { webhook: w, secret: s } = raw;
  if (w) {
    if (isLiteral(w.value) && w.value.includes("/hook/")) {
      warning(
        w.node,
        `the hook token is written literally in webhook of credential '${name}': use \${ENV}`,
        `keep the webhook in a CI secret, e.g. FEISHU_WEBHOOK, and write \`webhook: ${ref("FEISHU_WEBHOOK")}\``,
        { needle: "/hook/" },
      );
    }
    values.webhook = resolve(
      w,
      "webhook",
      "set $V in the environment (a CI secret holding the bot's webhook URL)",
    );
    const url = URL.parse(values.webhook?.trim() ?? "");
    if (url && (!FEISHU_INFO.hosts.includes(url.hostname) || url.protocol !== "https:")) {
      warning(
        w.node,
        `webhook of credential '${name}'${check.from(w)} is not a Feishu or Lark bot URL (${url.protocol}//${url.host})`,
        `use ${FEISHU_INFO.webhookExample} or its open.larksuite.com twin (an emulator's URL is fine for tests)`,
      );
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
    values.secret = resolve(
      s,
      "secret",
      "set $V in the environment (a CI secret holding the bot's signing secret), or remove secret: when the bot does not verify signatures",
    );
  }
}
