/**
 * `.dingpipe.yml` checks of a WeCom group robot only the file says: `webhook:` (the full URL, or only its key)
 * is the robot's only credential, so it belongs in a CI secret, and on another host it is not WeCom's. What
 * the API says too (the webhook's form, the keys it takes) is in src/contract/credential-rules.ts.
 */
import type { CredentialCheck } from "../../config/credential-check.ts";
import { isLiteral, ref } from "../../config/interpolate.ts";
import { WECOM_INFO } from "./info.ts";

export const WECOM_CONFIG_KEYS = ["webhook", "rate_limit"] as const;

export function checkWeComConfig(check: CredentialCheck): void {
  const { name, raw, values, resolve, warning } = check;
  const w = raw.webhook;
  if (!w) return;
  if (isLiteral(w.value)) {
    warning(
      w.node,
      `the key is written literally in webhook of credential '${name}': use \${ENV}`,
      `keep the webhook in a CI secret, e.g. WECOM_WEBHOOK, and write \`webhook: ${ref("WECOM_WEBHOOK")}\``,
      w.value.includes("key=") ? { needle: "key=" } : {},
    );
  }
  values.webhook = resolve(
    w,
    "webhook",
    "set $V in the environment (a CI secret holding the robot's webhook URL or key)",
  );
  const url = URL.parse(values.webhook?.trim() ?? "");
  if (
    url &&
    (!WECOM_INFO.hosts.includes(url.hostname) ||
      url.protocol !== "https:" ||
      url.pathname !== "/cgi-bin/webhook/send")
  ) {
    warning(
      w.node,
      `webhook of credential '${name}'${check.from(w)} is not a WeCom robot URL (${url.protocol}//${url.host}${url.pathname})`,
      `use ${WECOM_INFO.webhookExample} (an emulator's URL is fine for tests)`,
    );
  }
}
