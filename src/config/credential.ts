/**
 * One credential (a group robot): its `type:` (dingtalk by default), `${ENV}` interpolation of its
 * fields, the keys its kind takes, its keywords and rate — and the kind's own checks of its webhook
 * and secret, which live with the kind (src/channels/<kind>/config.ts). Every diagnostic carries
 * the credential's name, so a caller can still use the notifications of the other robots. Secret
 * values never appear in a message.
 */
import { channelFor } from "../channels/index.ts";
import { type ChannelKind, DEFAULT_KIND, kindOfWord } from "../channels/kinds.ts";
import type { Credential } from "../notify/rule.ts";
import type { CredentialCheck } from "./credential-check.ts";
import type { Report } from "./diagnostic.ts";
import { bareVariable, interpolate, isLiteral, ref } from "./interpolate.ts";
import type { RawCredential, Text } from "./shape.ts";

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

  // type: which robot, and so which keys and checks apply
  // A type the declaration refused was reported with its did-you-mean; the kind's checks would only guess.
  if (raw.keys.has("type") && !raw.type) return undefined;
  const type = raw.type;
  const kind: ChannelKind = type ? kindOfWord(type.value)! : DEFAULT_KIND;
  const channel = channelFor(kind);
  const info = channel.info;
  // Without type: the credential reads as it always did (a DingTalk robot, no kind field).
  const c: Credential = type ? { name, kind } : { name };
  for (const key of raw.keys) {
    if (key === "type" || channel.configKeys.includes(key)) continue;
    const node = raw.keyNodes.get(key) ?? raw.keyNode;
    error(
      node,
      `credential '${name}' is a ${info.label} robot, which has no ${key}:`,
      `remove ${key}: (a ${info.label} robot takes ${channel.configKeys.join(", ")})`,
    );
  }
  const check: CredentialCheck = {
    name,
    raw,
    out: c,
    resolve,
    from: (t) => (isLiteral(t.value) ? "" : ` (from ${interpolate(t.value, {}).references.join(", ")})`),
    error: (place, message, fix, options) => error(place, message, fix, options),
    warning: (place, message, fix, options) => warning(place, message, fix, options),
    keyNode: raw.keyNode,
  };
  channel.checkConfig(check);

  // keywords
  if (raw.keywords && info.keywords !== undefined) {
    const words: string[] = [];
    for (const item of raw.keywords.items) {
      const v = resolve(item, "a keyword", "set $V in the environment, or write the keyword itself");
      if (v !== undefined) words.push(v);
    }
    const max = info.keywords?.max ?? 0;
    if (raw.keywords.items.length > max) {
      warning(
        raw.keywords.node,
        `credential '${name}' has ${raw.keywords.items.length} keywords; a ${info.label} robot takes at most ${max}`,
        "list only the keywords set in the robot's security settings",
      );
    }
    if (words.length > 0) c.keywords = words;
  }

  // rate_limit
  if (raw.rateLimit) {
    const messages = raw.rateLimit.messages?.value ?? info.defaultRate.messages;
    const perSeconds = raw.rateLimit.perSeconds?.value ?? info.defaultRate.perSeconds;
    const max = info.maxRate;
    if (messages / perSeconds > max.messages / max.perSeconds) {
      const minute = max.perSeconds === 60 ? "a minute" : `per ${max.perSeconds} s`;
      warning(
        raw.rateLimit.node,
        `rate_limit of credential '${name}' allows more than ${info.label}'s ${max.messages} messages ${minute}`,
        `${info.throttleNote} above that: keep messages/per_seconds at most ${max.messages}/${max.perSeconds}`,
      );
    }
    c.rateLimit = { messages, perSeconds };
  }

  return report.errorCount === before ? c : undefined;
}
