/**
 * One credential (a group robot): its `type:` (dingtalk by default), `${ENV}` interpolation of its
 * fields, the keys its kind takes, its keywords and rate — and the kind's own checks of its webhook
 * and secret, which live with the kind (src/channels/<kind>/config.ts). Every diagnostic carries
 * the credential's name, so a caller can still use the notifications of the other robots. Secret
 * values never appear in a message.
 */
import { channelFor } from "../channels/index.ts";
import { type ChannelKind, DEFAULT_KIND, kindOfWord } from "../channels/kinds.ts";
import { apiName, fileWords, robotRules } from "../contract/credential-rules.ts";
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
    if (r.malformed !== undefined) {
      error(
        t.node,
        `${field} of credential '${name}' has a malformed reference '${r.malformed}'`,
        `write ${ref("NAME")} with a name of letters, digits and _ (not starting with a digit)`,
        { needle: "$" + "{" },
      );
    }
    const missing = [...r.unset.map((v) => [v, "not set"]), ...r.empty.map((v) => [v, "empty"])];
    for (const [v, how] of missing)
      error(
        t.node,
        `${v} is referenced but ${how} (${field} of credential '${name}')`,
        unsetFix.replace("$V", v!),
        { needle: `\${${v}` },
      );
    if (r.malformed !== undefined || missing.length > 0) return undefined;
    if (r.value.trim() !== "") return r.value;
    error(t.node, `${field} of credential '${name}' is empty`, "give it a value or remove the key");
    return undefined;
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
  const from = (t: { value: string } | undefined) =>
    t === undefined || isLiteral(t.value) ? "" : ` (from ${interpolate(t.value, {}).references.join(", ")})`;
  const check: CredentialCheck = {
    name,
    raw,
    out: c,
    values: {},
    resolve,
    from,
    error,
    warning,
    keyNode: raw.keyNode,
  };
  channel.checkConfig(check);
  if (raw.keywords && info.keywords !== undefined) {
    const words = raw.keywords.items.map((item) =>
      resolve(item, "a keyword", "set $V in the environment, or write the keyword itself"),
    );
    if (words.some((w) => w !== undefined)) c.keywords = words.filter((w) => w !== undefined);
  }

  // The rules the API says too (src/contract/credential-rules.ts), at the field's key or value.
  const values = { ...check.values, keywords: raw.keywords?.items.map((i) => i.value) };
  const checked = robotRules(kind, values, { written: raw.keys, needs: true, where: "file" });
  for (const f of checked.findings) {
    const key = String(f.keys[0]);
    const value = key === "keywords" ? raw.keywords : raw[apiName(key) as "webhook"];
    const node = f.atKey ? (raw.keyNodes.get(key) ?? raw.keyNode) : (value?.node ?? raw.keyNode);
    const text = value && "value" in value ? value : undefined;
    report[f.severity](node, fileWords(f, name, f.atKey ? "" : from(text)), f.fix, opts);
  }
  if (checked.webhook !== undefined) c.webhook = checked.webhook;
  if (checked.secret !== undefined) c.secret = checked.secret;

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
