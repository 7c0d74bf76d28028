/**
 * `.dingpipe.yml` checks of a WeCom group robot: `webhook:` (the full URL, or only its key). The
 * key is the robot's only credential, so it belongs in a CI secret.
 */
import type { CredentialCheck } from "../../config/credential-check.ts";
import { isLiteral, ref } from "../../config/interpolate.ts";
import { isDingpipeError } from "../../errors.ts";
import { WECOM_INFO } from "./info.ts";
import { normalizeWeComWebhook } from "./webhook.ts";

export const WECOM_CONFIG_KEYS = ["webhook", "rate_limit"] as const;

export function checkWeComConfig(check: CredentialCheck): void {
  const { name, raw, out, resolve, error, warning } = check;
  const w = raw.webhook;
  if (!raw.keys.has("webhook")) {
    error(
      raw.keyNode,
      `credential '${name}' (WeCom) has no webhook:`,
      `add \`webhook: ${ref("WECOM_WEBHOOK")}\` (the robot's webhook URL or key, kept in a CI secret)`,
    );
  }
  if (!w) return;
  if (isLiteral(w.value)) {
    warning(
      w.node,
      `the key is written literally in webhook of credential '${name}': use \${ENV}`,
      `keep the webhook in a CI secret, e.g. WECOM_WEBHOOK, and write \`webhook: ${ref("WECOM_WEBHOOK")}\``,
      w.value.includes("key=") ? { needle: "key=" } : {},
    );
  }
  const value = resolve(
    w,
    "webhook",
    "set $V in the environment (a CI secret holding the robot's webhook URL or key)",
  );
  if (value === undefined) return;
  let webhook: string;
  try {
    webhook = normalizeWeComWebhook(value);
  } catch (e) {
    if (!isDingpipeError(e)) throw e;
    error(w.node, `webhook of credential '${name}'${check.from(w)}: ${e.message}`, e.fix);
    return;
  }
  const url = new URL(webhook);
  if (
    !WECOM_INFO.hosts.includes(url.hostname) ||
    url.protocol !== "https:" ||
    url.pathname !== "/cgi-bin/webhook/send"
  ) {
    warning(
      w.node,
      `webhook of credential '${name}'${check.from(w)} is not a WeCom robot URL (${url.protocol}//${url.host}${url.pathname})`,
      `use ${WECOM_INFO.webhookExample} (an emulator's URL is fine for tests)`,
    );
  }
  out.webhook = webhook;
}
