/**
 * One credential (a DingTalk group robot): `${ENV}` interpolation of its fields and the checks
 * that need its values. Every diagnostic carries the credential's name, so a caller can still
 * use the notifications of the other robots. Secret values never appear in a message.
 */
import type { Credential } from "../notify/rule.ts";
import type { Report } from "./diagnostic.ts";
import { bareVariable, interpolate, isLiteral, ref } from "./interpolate.ts";
import type { RawCredential, Text } from "./shape.ts";

const DINGTALK_HOST = "oapi.dingtalk.com";
const ROBOT_URL = "https://oapi.dingtalk.com/robot/send?access_token=…";
/** DingTalk's limit per robot: 20 messages a minute. */
const MAX_RATE = 20 / 60;
const MAX_KEYWORDS = 10;

type Env = Record<string, string | undefined>;

/** The credential with its `${ENV}` references resolved, or undefined when it has an error. */
export function checkCredential(raw: RawCredential, env: Env, report: Report): Credential | undefined {
  const name = raw.name;
  const opts = { credential: name };
  const before = report.errorCount;
  const error: Report["error"] = (place, message, fix, options) =>
    report.error(place, message, fix, { ...options, ...opts });
  const warning: Report["warning"] = (place, message, fix, options) =>
    report.warning(place, message, fix, { ...options, ...opts });

  /** Interpolates one field; undefined (after reporting) when a reference cannot be resolved. */
  const resolve = (t: Text | undefined, field: string, unsetFix: string): string | undefined => {
    if (!t) return undefined;
    const bare = bareVariable(t.value);
    if (bare) {
      error(
        t.node,
        `${field} of credential '${name}' is '$${bare}': only \${${bare}} is expanded`,
        `write \${${bare}}`,
      );
      return undefined;
    }
    const r = interpolate(t.value, env);
    let ok = true;
    if (r.malformed !== undefined) {
      error(
        t.node,
        `${field} of credential '${name}' has a malformed reference '${r.malformed}'`,
        `write ${ref("NAME")} with a name of letters, digits and _ (not starting with a digit)`,
        { needle: "$" + "{" },
      );
      ok = false;
    }
    for (const v of r.unset) {
      error(
        t.node,
        `${v} is referenced but not set (${field} of credential '${name}')`,
        unsetFix.replace("$V", v),
        {
          needle: `\${${v}`,
        },
      );
      ok = false;
    }
    for (const v of r.empty) {
      error(
        t.node,
        `${v} is referenced but empty (${field} of credential '${name}')`,
        unsetFix.replace("$V", v),
        {
          needle: `\${${v}`,
        },
      );
      ok = false;
    }
    if (ok && r.value.trim() === "") {
      error(t.node, `${field} of credential '${name}' is empty`, "give it a value or remove the key");
      ok = false;
    }
    return ok ? r.value : undefined;
  };

  const c: Credential = { name };
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
      const where = isLiteral(w.value) ? "" : ` (from ${interpolate(w.value, {}).references.join(", ")})`;
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

  // keywords
  if (raw.keywords) {
    const words: string[] = [];
    for (const item of raw.keywords.items) {
      const v = resolve(item, "a keyword", "set $V in the environment, or write the keyword itself");
      if (v !== undefined) words.push(v);
    }
    if (raw.keywords.items.length > MAX_KEYWORDS) {
      warning(
        raw.keywords.node,
        `credential '${name}' has ${raw.keywords.items.length} keywords; a DingTalk robot takes at most ${MAX_KEYWORDS}`,
        "list only the keywords set in the robot's security settings",
      );
    }
    if (words.length > 0) c.keywords = words;
  }

  // rate_limit
  if (raw.rateLimit) {
    const messages = raw.rateLimit.messages?.value ?? 20;
    const perSeconds = raw.rateLimit.perSeconds?.value ?? 60;
    if (messages / perSeconds > MAX_RATE) {
      warning(
        raw.rateLimit.node,
        `rate_limit of credential '${name}' allows more than DingTalk's 20 messages a minute`,
        "DingTalk silences a robot for 10 minutes above that: keep messages/per_seconds at most 20/60",
      );
    }
    c.rateLimit = { messages, perSeconds };
  }

  return report.errorCount === before ? c : undefined;
}
